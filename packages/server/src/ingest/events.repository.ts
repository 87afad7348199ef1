import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { writeAtCommit } from '../db/pipelined-transaction.js';
import { PREPARED_MARKER } from '../db/prepared-statements.js';
import type { FailedEventsTable, NewEvent } from './events.table.js';
import type { CompiledQuery, Insertable } from 'kysely';
import { shopSaltJoin, shopSaltJoinColumn, unsuppressedEventSql } from '../privacy/index.js';

/**
 * The statements that claim each event's (shop, message id) and store the
 * events whose claim is new, one statement per 5,000 rows. Each row travels
 * as one element of a JSON array (`[message id, type, event, anonymous id,
 * user id, timestamp ms, batch number, properties, context, traits]`), and
 * what a batch's rows share (shop, received and sent times) once per batch:
 * one native JSON.stringify builds it, where arrays of bound values cost
 * the server an escaped string per value. Each returns the row
 * numbers (from 1) of its events stored; `storedKeys` reads them. Rows must
 * not repeat a key.
 *
 * Without `duplicatesPossible`, the claim is a plain insert, a fifth cheaper
 * than `on conflict do nothing` (whose speculative insertion costs about
 * 0.7 ms per 300 events): an event stored before then fails the statement
 * with a unique violation of `event_ids_pkey` (`isDuplicateClaim`), and the
 * caller stores the batches again with `duplicatesPossible`. As it claims
 * every row (but those an erasure suppressed) or fails, its events are stored without joining the claims back
 * (another 6% of the statement). Postgres may run the events insert before
 * the claim, so a group that fails this way may have inserted its events
 * before rolling back: wasted work, only on the rare group that meets a
 * stored event, and then for a minute no group claims this way.
 */
export function claimAndInsertEventsQueries(db: Db, rows: NewEvent[], duplicatesPossible = true): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += claimChunk) {
    const part = rows.slice(i, i + claimChunk);
    // A batch's rows come one after another and share their shop and Date objects.
    const shops: string[] = [];
    const received: string[] = [];
    const sent: (string | null)[] = [];
    let last: NewEvent | undefined;
    const documents = JSON.stringify(
      part.map((r) => {
        if (!last || r.shop_id !== last.shop_id || r.received_at !== last.received_at || r.sent_at !== last.sent_at) {
          shops.push(r.shop_id);
          received.push(isoTime(r.received_at)!);
          sent.push(isoTime(r.sent_at));
          last = r;
        }
        return [r.message_id, r.type, r.event ?? null, r.anonymous_id ?? null, r.user_id ?? null, epochMs(r.timestamp), shops.length, r.properties ?? {}, r.context ?? {}, r.traits ?? {}];
      }),
    );
    queries.push(sql`${sql.raw(PREPARED_MARKER)}
      with input as (
        select d.n, b.shop_id, d.doc ->> 0 as message_id, d.doc ->> 1 as type, d.doc ->> 2 as event,
               d.doc ->> 3 as anonymous_id, d.doc ->> 4 as user_id, to_timestamp((d.doc ->> 5)::float8 / 1000) as ts,
               b.received_at, b.sent_at,
               d.doc -> 7 as properties, d.doc -> 8 as context, d.doc -> 9 as traits
        from jsonb_array_elements(${documents}::jsonb) with ordinality as d(doc, n)
        join (
          -- The salt by a join, once per batch: as a scalar subquery Postgres folded it into the
          -- outer join and ran it once per event (five times for a shop with suppressions).
          select u.*, ${shopSaltJoinColumn} as salt
          from unnest(${shops}::text[], ${received}::timestamptz[], ${sent}::timestamptz[]) with ordinality as u(shop_id, received_at, sent_at, batch)
          ${shopSaltJoin(sql`u.shop_id`)}
          -- A shop deleted while another process still had its write key cached gets no rows (once per batch, not per event).
          where exists (select 1 from shops s where s.id = u.shop_id)
        ) b on b.batch = (d.doc ->> 6)::int
        -- Events carrying an erased customer's identifiers are not stored (privacy/identifiers.ts).
        where ${unsuppressedEventSql({ shopId: sql`b.shop_id`, salt: sql`b.salt`, anonymousId: sql`d.doc ->> 3`, userId: sql`d.doc ->> 4`, traits: sql`d.doc -> 9`, properties: sql`d.doc -> 7` })}
      ), claimed as (
        insert into event_ids (shop_id, message_id, received_at)
        select shop_id, message_id, received_at from input
        ${duplicatesPossible ? sql`on conflict do nothing returning shop_id, message_id` : sql``}
      ), stored as (
        insert into events (shop_id, message_id, type, event, anonymous_id, user_id, timestamp, received_at, sent_at, properties, context, traits)
        select i.shop_id, i.message_id, i.type, i.event, i.anonymous_id, i.user_id, i.ts, i.received_at, i.sent_at, i.properties, i.context, i.traits
        from input i ${duplicatesPossible ? sql`join claimed c on c.shop_id = i.shop_id and c.message_id = i.message_id` : sql``}
      )
      -- One row: the stored rows' numbers, or null when all were (the usual case, sent back cheaply;
      -- a plain claim stores all it was given but suppressed ones, or fails).
      select ${
        duplicatesPossible
          ? sql`case when (select count(*) from claimed) < ${part.length}
               then (select coalesce(array_agg(i.n::int), '{}') from input i join claimed c on c.shop_id = i.shop_id and c.message_id = i.message_id) end`
          : sql`case when (select count(*) from input) < ${part.length} then (select coalesce(array_agg(i.n::int), '{}') from input i) end`
      } as numbers
    `.compile(db));
  }
  return queries;
}

/**
 * An event's time as epoch milliseconds: exact through `to_timestamp` for
 * the times an event may have (corrected to no later than just after it was
 * received). A date JavaScript cannot represent is refused as `toISOString`
 * refuses it (a RangeError: unstorable data).
 */
function epochMs(d: Date | string | null | undefined): number | null {
  if (d == null) return null;
  const ms = d instanceof Date ? d.getTime() : Date.parse(d);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid time value: ${String(d)}`);
  return ms;
}

/** A batch's received or sent time, exact whatever the year (the client's sent time is kept as sent). */
function isoTime(d: Date | string | null | undefined): string | null {
  if (d == null) return null;
  return d instanceof Date ? d.toISOString() : d;
}

const claimChunk = 5000;

/** An event's identity for de-duplication: `shop\0message`. */
export function eventKey(r: NewEvent): string {
  return `${r.shop_id}\u0000${r.message_id}`;
}

/**
 * The keys (`eventKey`, in the order of the rows) of the events the
 * statements of `claimAndInsertEventsQueries` stored, from their results;
 * null when they stored every row (the usual case).
 */
export function storedKeys(keys: string[], results: unknown[][]): Set<string> | null {
  const perChunk = results.map((result) => (result[0] as { numbers: number[] | null }).numbers);
  if (perChunk.every((numbers) => numbers === null)) return null;
  const stored = new Set<string>();
  perChunk.forEach((numbers, chunk) => {
    const part = keys.slice(chunk * claimChunk, (chunk + 1) * claimChunk);
    if (numbers === null) for (const k of part) stored.add(k);
    else for (const n of numbers) stored.add(part[n - 1]!);
  });
  return stored;
}

/** True for the error of a claim without `duplicatesPossible` that met an event stored before. */
export function isDuplicateClaim(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | undefined;
  return e?.code === '23505' && (e.constraint === 'event_ids_pkey' || String(e.message).includes('"event_ids_pkey"'));
}

export async function insertFailedEvents(db: Db, rows: Insertable<FailedEventsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await writeAtCommit(db, db.insertInto('failed_events').values(rows).compile());
}

export async function countEventsForShop(db: Db, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A shop's failed events, newest first. */
export async function listFailedEvents(db: Db, shopId: string, opts: { limit: number; reason?: string | undefined }) {
  let q = db.selectFrom('failed_events').selectAll().where('shop_id', '=', shopId);
  if (opts.reason) q = q.where('reason', '=', opts.reason);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}
