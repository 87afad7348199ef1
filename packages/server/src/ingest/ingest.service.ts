import { eventSchema, ingestLimits, type BatchEnvelope, type BatchResponse, type VitrinaEvent } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { correctTimestamp } from './clock.js';
import { claimMessageIds, insertEvents, insertFailedEvents } from './events.repository.js';
import type { NewEvent } from './events.table.js';
import { updateProfilesForEvents, type LandedEvent } from '../profiles/profiles.service.js';

export type FailureReason = 'invalid_event' | 'event_too_large';

/**
 * Stores a batch exactly once: each valid event is claimed by its message id
 * and stored in the same transaction; an event seen before is counted as a
 * duplicate; an invalid one is kept in failed_events with its reason.
 * A resolved promise means everything is committed.
 * @example await ingestBatch(db, 'shop_1', { batch: [{ type: 'page', messageId: 'm1', anonymousId: 'a1' }] })
 * // => { accepted: 1, duplicates: 0, rejected: 0, failures: [] }
 */
export async function ingestBatch(db: Db, shopId: string, envelope: BatchEnvelope, receivedAt = new Date()): Promise<BatchResponse> {
  const failures: BatchResponse['failures'] = [];
  const valid: VitrinaEvent[] = [];
  const seenInBatch = new Set<string>();
  let duplicates = 0;

  envelope.batch.forEach((raw, index) => {
    const messageId = typeof (raw as { messageId?: unknown })?.messageId === 'string' ? (raw as { messageId: string }).messageId : undefined;
    if (JSON.stringify(raw).length > ingestLimits.maxEventBytes) {
      failures.push({ index, messageId, reason: 'event_too_large', message: `An event may hold at most ${ingestLimits.maxEventBytes} bytes.` });
      return;
    }
    const parsed = eventSchema.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
      failures.push({ index, messageId, reason: 'invalid_event', message });
      return;
    }
    if (seenInBatch.has(parsed.data.messageId)) duplicates++;
    else {
      seenInBatch.add(parsed.data.messageId);
      valid.push(parsed.data);
    }
  });

  const rows = valid.map((e) => toRow(shopId, e, envelope, receivedAt));
  const accepted = await db.transaction().execute(async (tx) => {
    const fresh = await claimMessageIds(tx, shopId, rows.map((r) => r.message_id), receivedAt);
    const stored = rows.filter((r) => fresh.has(r.message_id));
    await insertEvents(tx, stored);
    await updateProfilesForEvents(tx, shopId, stored.map(toLandedEvent));
    await insertFailedEvents(
      tx,
      failures.map((f) => ({ shop_id: shopId, reason: f.reason, message: f.message, payload: { event: envelope.batch[f.index] ?? null }, received_at: receivedAt })),
    );
    return fresh.size;
  });
  duplicates += rows.length - accepted;
  return { accepted, duplicates, rejected: failures.length, failures };
}

function toRow(shopId: string, e: VitrinaEvent, envelope: BatchEnvelope, receivedAt: Date): NewEvent {
  const { timestamp, future } = correctTimestamp(receivedAt, envelope.sentAt, e.originalTimestamp ?? e.timestamp);
  const context = { ...envelope.context, ...e.context, ...(future ? { vitrina_flags: ['future_timestamp'] } : {}) };
  return {
    shop_id: shopId,
    message_id: e.messageId,
    type: e.type,
    event: e.type === 'track' ? e.event : e.type === 'page' || e.type === 'screen' ? (e.name ?? null) : null,
    anonymous_id: e.anonymousId ?? null,
    user_id: e.userId ?? null,
    timestamp,
    received_at: receivedAt,
    sent_at: envelope.sentAt ? new Date(envelope.sentAt) : null,
    // jsonb values go to the driver as objects: pg and PGlite both serialize them.
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
