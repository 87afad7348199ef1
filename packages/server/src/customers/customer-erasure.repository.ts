import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** The shop's customer records with these ids or e-mails (lowercased). */
export async function findCustomerRecords(db: Db, shopId: string, who: { customerIds: string[]; emails: string[] }) {
  if (who.customerIds.length === 0 && who.emails.length === 0) return [];
  return db
    .selectFrom('customers')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where((eb) => eb.or([eb('id', '=', sql<string>`any(${who.customerIds}::text[])`), eb(sql`lower(email)`, '=', sql<string>`any(${who.emails}::text[])`)]))
    .execute();
}

export async function deleteCustomerRecords(db: Db, shopId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return Number((await db.deleteFrom('customers').where('shop_id', '=', shopId).where('id', 'in', ids).executeTakeFirst()).numDeletedRows);
}
