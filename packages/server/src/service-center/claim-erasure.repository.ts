import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Claims filed with these e-mails (lowercased) or on these orders, with their histories; photos as base64. */
export async function exportClaims(db: Db, shopId: string, who: { emails: string[]; orderIds: string[] }) {
  const claims = await claimsOf(db, shopId, who).selectAll().orderBy('created_at').execute();
  if (claims.length === 0) return [];
  const events = await db.selectFrom('service_claim_events').selectAll().where('shop_id', '=', shopId).where('claim_id', 'in', claims.map((c) => c.id)).orderBy('seq').execute();
  return claims.map(({ shop_id: _s, photo, ...c }) => ({
    ...c,
    photo: photo ? Buffer.from(photo).toString('base64') : null,
    history: events.filter((e) => e.claim_id === c.id).map(({ shop_id: _x, claim_id: _y, ...e }) => e),
  }));
}

function claimsOf(db: Db, shopId: string, who: { emails: string[]; orderIds: string[] }) {
  return db
    .selectFrom('service_claims')
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb(sql`lower(email)`, '=', sql<string>`any(${who.emails}::text[])`), eb('order_id', '=', sql<string>`any(${who.orderIds}::text[])`)]));
}

/**
 * Deletes the claims (their histories and photos with them) and the lookup
 * attempts counted against these orders and client addresses. Returns the
 * deleted claims' ids, whose e-mails the outbox then drops.
 */
export async function deleteClaimsOf(db: Db, shopId: string, who: { emails: string[]; orderIds: string[]; ips: string[] }) {
  const ids = (await claimsOf(db, shopId, who).select('id').execute()).map((c) => c.id);
  const history = ids.length ? await db.deleteFrom('service_claim_events').where('shop_id', '=', shopId).where('claim_id', 'in', ids).executeTakeFirst() : undefined;
  const claims = ids.length ? await db.deleteFrom('service_claims').where('shop_id', '=', shopId).where('id', 'in', ids).executeTakeFirst() : undefined;
  // Attempts name orders lower-cased, and an order from one address as `address order` (see lookup-attempts.repository.ts).
  const orders = who.orderIds.map((o) => o.toLowerCase());
  const attempts = await sql`delete from service_lookup_attempts where shop_id = ${shopId} and (
    (scope = 'order' and subject = any(${orders}::text[])) or (scope = 'ip' and subject = any(${who.ips}::text[]))
    or (scope = 'order_client' and (split_part(subject, ' ', 1) = any(${who.ips}::text[]) or substr(subject, strpos(subject, ' ') + 1) = any(${orders}::text[]))))`.execute(db);
  return {
    claimIds: ids,
    rows: {
      service_claims: Number(claims?.numDeletedRows ?? 0),
      service_claim_events: Number(history?.numDeletedRows ?? 0),
      service_lookup_attempts: Number(attempts.numAffectedRows ?? 0),
    },
  };
}
