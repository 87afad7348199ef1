import { eventSchema, type BatchEnvelope, type BatchResponse, type VitrinaEvent } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { sendTogether } from '../db/pipelined-transaction.js';
import { lockProfilesForEventsQuery, readLockedProfiles, updateProfilesForEvents, type LandedEvent } from '../profiles/index.js';
import { correctTimestamp, storableSentAt } from './clock.js';
import { checkEventShape } from './event-shape.js';
import { claimAndInsertEventsQueries, eventKey, insertFailedEvents, storedKeys } from './events.repository.js';
import type { NewEvent } from './events.table.js';
import { toFailedEventPayload } from './failed-event-payload.js';
import { findNonFiniteNumbers } from './out-of-range-numbers.js';
import { hasUnstorableChars, toStorableJson, toStorableString } from './storable-text.js';

export type FailureReason = 'invalid_event' | 'invalid_characters' | 'event_too_large' | 'too_many_properties' | 'too_deep' | 'string_too_long';

/** A batch checked and turned into rows, not yet stored. */
export interface PreparedBatch {
  shopId: string;
  rows: NewEvent[];
  failures: BatchResponse['failures'];
  /** The raw events of the failures, by index, for the failed-events table. */
  rawFailures: unknown[];
  duplicatesInBatch: number;
  receivedAt: Date;
}

/**
 * Checks each event of a batch (shape limits, then its zod schema) and turns
 * the valid ones into rows with server-corrected timestamps. A bad event
 * becomes a failure with a reason; it does not spoil the batch.
 * Characters Postgres cannot store (NUL, lone surrogates) fail the event as
 * `invalid_characters` when they are in a top-level field (an id, the type,
 * the event name: changing those would change what the event means or break
 * de-duplication), and are removed from properties, context and traits.
 * `storableText` says the caller knows no string holds such a character
 * (`jsonMayHoldUnstorableChars` of the request body), which skips the search.
 * @example prepareBatch('shop_1', { batch: [{ type: 'page', messageId: 'm1', anonymousId: 'a1' }] }, new Date())
 * // => { rows: [{ message_id: 'm1', type: 'page', ... }], failures: [], ... }
 */
export function prepareBatch(shopId: string, envelope: BatchEnvelope, receivedAt: Date, opts: { storableText?: boolean; finiteNumbers?: boolean } = {}): PreparedBatch {
  const storable = opts.storableText ? <T>(v: T) => v : toStorableJson;
  const failures: BatchResponse['failures'] = [];
  const rawFailures: unknown[] = [];
  const rows: NewEvent[] = [];
  const seen = new Set<string>();
  let duplicatesInBatch = 0;
  const clean: BatchEnvelope = envelope.context ? { ...envelope, context: storable(envelope.context) } : envelope;
  // What every row of the batch shares: one Date, which also lets the rows travel grouped by batch.
  const sentAt = storableSentAt(envelope.sentAt);
  const sentAtMs = envelope.sentAt ? Date.parse(envelope.sentAt) : NaN;
  // What the server changed in every event of the batch, recorded in each event's context.
  const batchFlags: string[] = envelope.sentAt && sentAt === null ? ['unstorable_sent_at'] : [];
  envelope.batch.forEach((raw, index) => {
    const messageId = typeof (raw as { messageId?: unknown })?.messageId === 'string' ? (raw as { messageId: string }).messageId : undefined;
    const shape = checkEventShape(raw);
    if (shape) {
      failures.push({ index, messageId, reason: shape.problem, message: shape.message });
      rawFailures.push(raw);
      return;
    }
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
      failures.push({ index, messageId, reason: 'invalid_event', message });
      rawFailures.push(raw);
      return;
    }
    const badField = opts.storableText ? undefined : Object.entries(parsed.data).find(([, v]) => typeof v === 'string' && hasUnstorableChars(v));
    if (badField) {
      failures.push({ index, messageId, reason: 'invalid_characters', message: `${badField[0]}: must not contain NUL characters or lone surrogates` });
      rawFailures.push(raw);
      return;
    }
    if (seen.has(parsed.data.messageId)) duplicatesInBatch++;
    else {
      seen.add(parsed.data.messageId);
      // Numbers beyond a double arrive as Infinity and would be stored as null: say so in the event.
      const overflowed = opts.finiteNumbers ? [] : findNonFiniteNumbers(parsed.data as Record<string, unknown>, ['properties', 'context', 'traits']);
      const changes = overflowed.length ? { flags: [...batchFlags, 'number_out_of_range'], replaced: overflowed } : batchFlags.length ? { flags: batchFlags } : undefined;
      rows.push(toRow(shopId, storable(parsed.data), clean, receivedAt, sentAt, sentAtMs, changes));
    }
  });
  return { shopId, rows, failures, rawFailures, duplicatesInBatch, receivedAt };
}

/**
 * Stores prepared batches (of one or many shops) in the caller's transaction:
 * each event is claimed by (shop, message id) and stored only if new; failures
 * go to failed_events; profiles and orders follow the new events.
 * Returns, for each batch, how many of its events were new. With
 * `duplicatesPossible` false, an event stored before fails the transaction
 * instead (see `claimAndInsertEventsQueries`): the cheaper claim, for callers
 * that try again with it true.
 */
export async function storePreparedBatches(tx: Db, batches: PreparedBatch[], duplicatesPossible = true): Promise<number[]> {
  // Each event's key, made once. The same message id twice in one group (a retry racing its
  // original) is stored once and counted for the first batch that brought it.
  const unique = new Map<string, NewEvent>();
  const firstKeys = batches.map((b) => {
    const mine: string[] = [];
    for (const r of b.rows) {
      const key = eventKey(r);
      if (unique.has(key)) continue;
      unique.set(key, r);
      mine.push(key);
    }
    return mine;
  });
  const keys = [...unique.keys()];
  const rows = [...unique.values()];
  // The events' profiles are locked in the same round trip as the events are
  // stored, for all of them (a duplicate's profile is locked for nothing,
  // rarely), and for every shop of the group at once, in shop order.
  const shops = new Map<string, LandedEvent[]>();
  const landed = rows.map((r) => {
    const e = toLandedEvent(r);
    const list = shops.get(r.shop_id);
    if (list) list.push(e);
    else shops.set(r.shop_id, [e]);
    return e;
  });
  const shopIds = [...shops.keys()].sort();
  const claims = claimAndInsertEventsQueries(tx, rows, duplicatesPossible);
  const results = await sendTogether(tx, [...claims, ...shopIds.map((shopId) => lockProfilesForEventsQuery(tx, shopId, shops.get(shopId)!))]);
  const fresh = storedKeys(keys, results.slice(0, claims.length));

  const failed = batches.flatMap((b) =>
    b.failures.map((f, i) => ({
      shop_id: b.shopId,
      reason: f.reason,
      // A failed event may be failed for the very characters Postgres refuses, or for its depth: its record must store regardless.
      message: toStorableString(f.message),
      payload: JSON.stringify({ event: toFailedEventPayload(b.rawFailures[i] ?? null) }),
      received_at: b.receivedAt,
    })),
  );
  await insertFailedEvents(tx, failed);

  // Usually every event was new (`fresh` null): all of them update the profiles.
  let byShop = shops;
  if (fresh !== null) {
    byShop = new Map();
    rows.forEach((r, i) => {
      if (!fresh.has(keys[i]!)) return;
      const list = byShop.get(r.shop_id) ?? [];
      list.push(landed[i]!);
      byShop.set(r.shop_id, list);
    });
  }
  for (const [i, shopId] of shopIds.entries()) {
    const events = byShop.get(shopId);
    if (events) await updateProfilesForEvents(tx, shopId, events, readLockedProfiles(results[claims.length + i]!));
  }

  return firstKeys.map((mine) => (fresh === null ? mine.length : mine.filter((k) => fresh.has(k)).length));
}

/** The answer to one batch, once stored. */
export function batchResponse(b: PreparedBatch, accepted: number): BatchResponse {
  return { accepted, duplicates: b.duplicatesInBatch + b.rows.length - accepted, rejected: b.failures.length, failures: b.failures };
}

/**
 * Stores a batch exactly once, in its own transaction (the demo seed and
 * imports; the HTTP path groups concurrent batches through the group committer).
 * @example await ingestBatch(db, 'shop_1', { batch: [{ type: 'page', messageId: 'm1', anonymousId: 'a1' }] })
 * // => { accepted: 1, duplicates: 0, rejected: 0, failures: [] }
 */
export async function ingestBatch(db: Db, shopId: string, envelope: BatchEnvelope, receivedAt = new Date()): Promise<BatchResponse> {
  const prepared = prepareBatch(shopId, envelope, receivedAt);
  const [accepted] = await db.transaction().execute((tx) => storePreparedBatches(tx, [prepared]));
  return batchResponse(prepared, accepted!);
}

function toRow(
  shopId: string,
  e: VitrinaEvent,
  envelope: BatchEnvelope,
  receivedAt: Date,
  sentAt: Date | null,
  sentAtMs: number,
  changes?: { flags: string[]; replaced?: string[] },
): NewEvent {
  const { timestamp, flag } = correctTimestamp(receivedAt, sentAtMs, e.originalTimestamp ?? e.timestamp);
  const flags = flag ? [flag, ...(changes?.flags ?? [])] : changes?.flags;
  // Copied only when there is something to merge into it.
  const context =
    envelope.context || flags
      ? { ...envelope.context, ...e.context, ...(flags ? { vitrina_flags: flags } : {}), ...(changes?.replaced ? { vitrina_replaced_with_null: changes.replaced } : {}) }
      : (e.context ?? {});
  return {
    shop_id: shopId,
    message_id: e.messageId,
    type: e.type,
    event: e.type === 'track' ? e.event : e.type === 'page' || e.type === 'screen' ? (e.name ?? null) : null,
    anonymous_id: e.anonymousId ?? null,
    user_id: e.userId ?? null,
    timestamp,
    received_at: receivedAt,
    sent_at: sentAt,
    properties: e.type === 'alias' ? { previousId: e.previousId } : e.type === 'group' ? { groupId: e.groupId } : 'properties' in e ? (e.properties ?? {}) : {},
    context,
    traits: 'traits' in e ? (e.traits ?? {}) : {},
  };
}

/** A stored row as the profiles see it. */
export function toLandedEvent(r: NewEvent): LandedEvent {
  const properties = (r.properties ?? {}) as Record<string, unknown>;
  return {
    type: r.type,
    event: r.event ?? null,
    timestamp: r.timestamp as Date,
    anonymousId: r.anonymous_id ?? null,
    userId: r.user_id ?? null,
    previousId: r.type === 'alias' && typeof properties.previousId === 'string' ? properties.previousId : null,
    properties,
    context: (r.context ?? {}) as Record<string, unknown>,
    traits: (r.traits ?? {}) as Record<string, unknown>,
  };
}
