import type { Db } from '../db/database.js';
import { countRecentLookupAttempts, deleteLookupAttempt, deleteLookupAttemptsOlderThan, insertLookupAttempt, type AttemptScope } from './lookup-attempts.repository.js';

/**
 * Guessing is limited per client address, never per order alone: a limit on
 * an order that refused everyone would let a stranger lock its owner out.
 * - 20 lookups per address per hour, whatever they look up;
 * - 5 failed verifications per order per address per 15 minutes;
 * - past 50 failures on one order from all addresses in 15 minutes the order
 *   is under attack, and each address gets 2 failures on it instead of 5.
 * An owner who has not guessed wrong on their own order is never refused.
 */
export const lookupLimits = {
  ip: { max: 20, windowSeconds: 3600 },
  orderClient: { max: 5, windowSeconds: 15 * 60 },
  order: { max: 50, windowSeconds: 15 * 60 },
  underAttack: { orderClientMax: 2 },
} as const;

export type Reservation = { ok: true; release(): Promise<void> } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one lookup from the client address's hourly allowance.
 * @example const r = await reserveLookup(db, 'demo', '203.0.113.9'); if (!r.ok) answer429(r.retryAfterSeconds)
 */
export async function reserveLookup(db: Db, shopId: string, ip: string): Promise<Reservation> {
  const slot = await takeSlot(db, shopId, 'ip', ip, lookupLimits.ip.windowSeconds);
  if (slot.count <= lookupLimits.ip.max) return { ok: true, release: slot.free };
  await slot.free();
  return { ok: false, retryAfterSeconds: slot.retryAfterSeconds };
}

/**
 * Takes one verification of an order (lower-cased number) by a client
 * address, counted as a failure until `release()` (it succeeded). Counted
 * for the order from this address and from all addresses; the second count
 * only lowers this address's allowance when the order is under attack.
 * @example const r = await reserveVerification(db, 'demo', '100234', '203.0.113.9'); if (r.ok && verified) await r.release()
 */
export async function reserveVerification(db: Db, shopId: string, orderKey: string, ip: string): Promise<Reservation> {
  const mine = await takeSlot(db, shopId, 'order_client', `${ip} ${orderKey}`, lookupLimits.orderClient.windowSeconds);
  const all = await takeSlot(db, shopId, 'order', orderKey, lookupLimits.order.windowSeconds);
  const release = async () => {
    await mine.free();
    await all.free();
  };
  const allowed = all.count > lookupLimits.order.max ? lookupLimits.underAttack.orderClientMax : lookupLimits.orderClient.max;
  if (mine.count <= allowed) return { ok: true, release };
  await release();
  return { ok: false, retryAfterSeconds: mine.retryAfterSeconds };
}

/**
 * One attempt of a sliding-window count kept in Postgres, so that every
 * server process counts the same attempts. The attempt is written first and
 * counted after: of any number of concurrent requests, only the first `max`
 * to commit see a count within a limit, so limits hold under races too. A
 * refused attempt is freed (not kept): a block ends one window after the
 * attempts that filled it, which `retryAfterSeconds` tells.
 */
async function takeSlot(db: Db, shopId: string, scope: AttemptScope, subject: string, windowSeconds: number) {
  const id = await insertLookupAttempt(db, shopId, scope, subject);
  const { count, oldest } = await countRecentLookupAttempts(db, shopId, scope, subject, windowSeconds);
  // Now and then, forget attempts no window can see any more.
  if (Math.random() < 0.01) await deleteLookupAttemptsOlderThan(db, 2 * 3600);
  const retryAfterSeconds = oldest ? Math.max(1, Math.ceil((oldest.getTime() + windowSeconds * 1000 - Date.now()) / 1000)) : windowSeconds;
  return { count, retryAfterSeconds, free: () => deleteLookupAttempt(db, shopId, scope, subject, id) };
}
