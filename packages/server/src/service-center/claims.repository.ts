import type { ClaimStatus } from '@vitrina/protocol';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { NewServiceClaim, ServiceClaim, ServiceClaimEvent } from './service-center.table.js';

/** Claim columns without the photo, which is read only on its own route. */
const claimColumns = [
  'shop_id', 'id', 'order_id', 'line_no', 'product_id', 'product_name', 'serial_number', 'email', 'customer_name', 'problem',
  'photo_type', 'service_point_id', 'distance_km', 'status', 'locale', 'created_at', 'updated_at',
] as const;
export type ClaimRow = Omit<ServiceClaim, 'photo'>;

export const closedClaimStatuses: ClaimStatus[] = ['repaired', 'replaced', 'rejected', 'closed'];

export async function insertClaim(db: Db, claim: NewServiceClaim): Promise<void> {
  await db.insertInto('service_claims').values(claim).execute();
}

export async function appendClaimEvent(db: Db, e: { shopId: string; claimId: string; status: ClaimStatus; note: string | null; actor: ServiceClaimEvent['actor'] }): Promise<void> {
  await db
    .insertInto('service_claim_events')
    .values((eb) => ({
      shop_id: e.shopId,
      claim_id: e.claimId,
      seq: eb
        .selectFrom('service_claim_events')
        .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
        .where('shop_id', '=', e.shopId)
        .where('claim_id', '=', e.claimId),
      status: e.status,
      note: e.note,
      actor: e.actor,
    }))
    .execute();
}

export async function findClaim(db: Db, shopId: string, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom('service_claims').select(claimColumns).where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

/** The claim row locked until the transaction ends. */
export async function findClaimForUpdate(db: Db, shopId: string, id: string): Promise<ClaimRow | undefined> {
  return db.selectFrom('service_claims').select(claimColumns).where('shop_id', '=', shopId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findClaimPhoto(db: Db, shopId: string, id: string): Promise<{ photo: Buffer; type: string } | undefined> {
  const row = await db.selectFrom('service_claims').select(['photo', 'photo_type']).where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return row?.photo && row.photo_type ? { photo: Buffer.from(row.photo), type: row.photo_type } : undefined;
}

export async function listClaimsByEmail(db: Db, shopId: string, email: string): Promise<ClaimRow[]> {
  return db
    .selectFrom('service_claims')
    .select(claimColumns)
    .where('shop_id', '=', shopId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .orderBy('created_at', 'desc')
    .execute();
}

export async function listClaims(db: Db, shopId: string, filter: { status?: ClaimStatus; limit: number }): Promise<ClaimRow[]> {
  let q = db.selectFrom('service_claims').select(claimColumns).where('shop_id', '=', shopId);
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.orderBy('created_at', 'desc').limit(filter.limit).execute();
}

/** An open claim on the same order line and serial number, if any. */
export async function findOpenClaimForLine(db: Db, shopId: string, orderId: string, lineNo: number, serial: string | null): Promise<ClaimRow | undefined> {
  let q = db
    .selectFrom('service_claims')
    .select(claimColumns)
    .where('shop_id', '=', shopId)
    .where('order_id', '=', orderId)
    .where('line_no', '=', lineNo)
    .where('status', 'not in', closedClaimStatuses);
  q = serial === null ? q.where('serial_number', 'is', null) : q.where('serial_number', '=', serial);
  return q.executeTakeFirst();
}

export async function listClaimEvents(db: Db, shopId: string, claimIds: string[]): Promise<ServiceClaimEvent[]> {
  if (claimIds.length === 0) return [];
  return db.selectFrom('service_claim_events').selectAll().where('shop_id', '=', shopId).where('claim_id', 'in', claimIds).orderBy('claim_id').orderBy('seq').execute();
}

export async function updateClaimStatus(db: Db, shopId: string, id: string, status: ClaimStatus): Promise<void> {
  await db.updateTable('service_claims').set({ status, updated_at: new Date() }).where('shop_id', '=', shopId).where('id', '=', id).execute();
}
