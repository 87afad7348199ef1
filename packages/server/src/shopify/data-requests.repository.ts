import type { Db } from '../db/database.js';

export interface DataRequestRow {
  id: number;
  data_request_id: string | null;
  customer_id: string | null;
  email: string | null;
  requested_at: Date;
  document: unknown;
}

export async function insertDataRequest(
  db: Db,
  row: { shopId: string; dataRequestId: string | null; customerId: string | null; email: string | null; document: unknown },
): Promise<number> {
  const { id } = await db
    .insertInto('shopify_data_requests')
    .values({ shop_id: row.shopId, data_request_id: row.dataRequestId, customer_id: row.customerId, email: row.email, document: JSON.stringify(row.document) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** The shop's data requests, newest first, with their documents. */
export async function listDataRequests(db: Db, shopId: string, limit = 100): Promise<DataRequestRow[]> {
  const rows = await db
    .selectFrom('shopify_data_requests')
    .select(['id', 'data_request_id', 'customer_id', 'email', 'requested_at', 'document'])
    .where('shop_id', '=', shopId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Deletes one data request (the merchant has handed it over); false when there is none. */
export async function deleteDataRequest(db: Db, shopId: string, id: number): Promise<boolean> {
  const result = await db.deleteFrom('shopify_data_requests').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
