import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** A customer's identifiers as the events know them (see privacy/customer-identity.ts). */
export interface EventOwner {
  anonymousIds: string[];
  userIds: string[];
  /** Lowercased. */
  emails: string[];
}

const ownedBy = (o: EventOwner) =>
  sql<boolean>`(anonymous_id = any(${o.anonymousIds}::text[]) or user_id = any(${o.userIds}::text[])
    or lower(traits ->> 'email') = any(${o.emails}::text[]) or lower(properties ->> 'email') = any(${o.emails}::text[]))`;

/** The devices, user ids, e-mails (lowercased) and client addresses seen in the owner's events. */
export async function findEventLinks(db: Db, shopId: string, o: EventOwner) {
  const { rows } = await sql<{ anonymous_id: string | null; user_id: string | null; ip: string | null; email: string | null }>`
    select distinct anonymous_id, user_id, context ->> 'ip' as ip, lower(coalesce(traits ->> 'email', properties ->> 'email')) as email
    from events where shop_id = ${shopId} and ${ownedBy(o)}`.execute(db);
  return rows;
}

/** Deletes the owner's events; their de-duplication ids stay (random message ids, so that a re-sent old batch is still a duplicate). */
export async function deleteEventsOf(db: Db, shopId: string, o: EventOwner): Promise<number> {
  const r = await sql`delete from events where shop_id = ${shopId} and ${ownedBy(o)}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The owner's events, oldest first. */
export async function listEventsOf(db: Db, shopId: string, o: EventOwner) {
  const { rows } = await sql<{
    message_id: string; type: string; event: string | null; anonymous_id: string | null; user_id: string | null;
    timestamp: Date; received_at: Date; properties: unknown; context: unknown; traits: unknown;
  }>`select message_id, type, event, anonymous_id, user_id, timestamp, received_at, properties, context, traits
     from events where shop_id = ${shopId} and ${ownedBy(o)} order by timestamp, message_id`.execute(db);
  return rows;
}

/**
 * Deletes failed events whose stored payload mentions any of `values` (as a
 * JSON string, case-insensitively): a rejected event is kept as sent, so its
 * identifiers may sit anywhere in it.
 */
export async function deleteFailedEventsMentioning(db: Db, shopId: string, values: string[]): Promise<number> {
  const needles = values.map((v) => JSON.stringify(v).toLowerCase());
  if (needles.length === 0) return 0;
  const r = await sql`delete from failed_events where shop_id = ${shopId} and exists (
    select 1 from unnest(${needles}::text[]) n where strpos(lower(payload::text), n) > 0)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

export async function listFailedEventsMentioning(db: Db, shopId: string, values: string[]) {
  const needles = values.map((v) => JSON.stringify(v).toLowerCase());
  if (needles.length === 0) return [];
  const { rows } = await sql<{ received_at: Date; reason: string; message: string; payload: unknown }>`
    select received_at, reason, message, payload from failed_events where shop_id = ${shopId} and exists (
      select 1 from unnest(${needles}::text[]) n where strpos(lower(payload::text), n) > 0) order by id`.execute(db);
  return rows;
}

/** Every event table's rows of a shop (they carry no foreign key to it: see the privacy migration). */
export async function deleteShopEvents(db: Db, shopId: string): Promise<Record<string, number>> {
  const count = async (q: Promise<{ numAffectedRows?: bigint }>) => Number((await q).numAffectedRows ?? 0);
  return {
    events: await count(sql`delete from events where shop_id = ${shopId}`.execute(db)),
    event_ids: await count(sql`delete from event_ids where shop_id = ${shopId}`.execute(db)),
    failed_events: await count(sql`delete from failed_events where shop_id = ${shopId}`.execute(db)),
  };
}
