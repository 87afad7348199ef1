import type { Db } from '../db/database.js';
import type { PrivacyAction } from './privacy.table.js';

/** Records a data-rights action: who asked, what, and how many rows each table lost or gave; never whom it was about. */
export async function insertAuditEntry(db: Db, entry: { shopId: string; actor: string; action: PrivacyAction; rows: Record<string, number> }): Promise<void> {
  await db.insertInto('privacy_audit').values({ shop_id: entry.shopId, actor: entry.actor, action: entry.action, rows: JSON.stringify(entry.rows) }).execute();
}

export async function listAuditEntries(db: Db, shopId: string, limit = 100) {
  return db.selectFrom('privacy_audit').select(['id', 'at', 'actor', 'action', 'rows']).where('shop_id', '=', shopId).orderBy('id', 'desc').limit(limit).execute();
}
