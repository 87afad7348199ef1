import type { Db } from '../db/database.js';
import { countRecentLookupAttempts, deleteLookupAttempt, deleteLookupAttemptsOlderThan, insertLookupAttempt, type AttemptScope } from './lookup-attempts.repository.js';

/** 20 lookups per IP per hour; 5 failed verifications per order per 15 minutes. */
export const lookupLimits = {
  ip: { max: 20, windowSeconds: 3600 },
  order: { max: 5, windowSeconds: 15 * 60 },
} as const;

export type Reservation = { ok: true; release(): Promise<void> } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one slot of a sliding-window limit kept in Postgres, so that every
 * server process counts the same attempts. The attempt is written first and
 * counted after: of any number of concurrent requests, only the first `max`
 * to commit see a count within the limit, so the limit holds under races too.
 * `release()` gives the slot back (a verification that succeeded is not a failure).
 * @example const r = await reserveAttempt(db, 'demo', 'order', '100234'); if (!r.ok) answer429(r.retryAfterSeconds)
 */
export async function reserveAttempt(db: Db, shopId: string, scope: AttemptScope, subject: string): Promise<Reservation> {
  const { max, windowSeconds } = lookupLimits[scope];
  const id = await insertLookupAttempt(db, shopId, scope, subject);
  const { count, oldest } = await countRecentLookupAttempts(db, shopId, scope, subject, windowSeconds);
  // Now and then, forget attempts no window can see any more.
  if (Math.random() < 0.01) await deleteLookupAttemptsOlderThan(db, 2 * 3600);
  if (count > max) {
    // A refused attempt is not kept: the block ends one window after the attempts that filled it.
    await deleteLookupAttempt(db, shopId, scope, subject, id);
    const retryAfterSeconds = oldest ? Math.max(1, Math.ceil((oldest.getTime() + windowSeconds * 1000 - Date.now()) / 1000)) : windowSeconds;
    return { ok: false, retryAfterSeconds };
  }
  return { ok: true, release: () => deleteLookupAttempt(db, shopId, scope, subject, id) };
}
