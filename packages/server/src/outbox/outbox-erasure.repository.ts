import { sql } from 'kysely';
import type { Db } from '../db/database.js';

const about = (emails: string[], refs: string[]) =>
  sql<boolean>`(lower(to_address) = any(${emails}::text[]) or ref = any(${refs}::text[]))`;

/** E-mails sent to these addresses (lowercased) or about these records (`claim:ID`, `order:ID`), for an export. */
export async function listOutboxMessagesAbout(db: Db, shopId: string, emails: string[], refs: string[]) {
  const { rows } = await sql<{ kind: string; to_address: string; subject: string; body_text: string; status: string; created_at: Date; sent_at: Date | null }>`
    select kind, to_address, subject, body_text, status, created_at, sent_at from outbox_messages
    where shop_id = ${shopId} and ${about(emails, refs)} order by id`.execute(db);
  return rows;
}

/** Deletes them, pending ones too: a message to an erased customer must not go out after the erasure. */
export async function deleteOutboxMessagesAbout(db: Db, shopId: string, emails: string[], refs: string[]): Promise<number> {
  const r = await sql`delete from outbox_messages where shop_id = ${shopId} and ${about(emails, refs)}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
