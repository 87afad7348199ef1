import type { Db } from '../db/database.js';
import { countLoginFailures, deleteLoginFailures } from './login-failures.repository.js';

// Wrong passwords are limited per (user, address): 5 in 15 minutes and that
// address may not try that user again until the oldest of them is 15 minutes
// old. A looser cap of 30 per user from all addresses stops a guesser with
// many addresses; it does not apply to a browser that has signed in as that
// user before (its device cookie, see device-cookie.ts), so a stranger who
// spends the cap cannot lock the owner out of their own shop. Such a browser's
// failures are counted as from one address of its own ('trusted-device'), not
// its IP: behind a proxy that Vitrina is not told to trust (VITRINA_TRUST_PROXY)
// every request has the proxy's address, and a stranger's five failures there
// must not stop the owner's browser.
export const LOGIN_WINDOW_MS = 15 * 60_000;
export const PAIR_LIMIT = 5;
export const ACCOUNT_LIMIT = 30;

export type LoginAllowance = { allowed: true; failuresFromAddress: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Whether this address may try a password for this user now.
 * @example await checkLoginAllowance(db, 'demo', 'u_1', '203.0.113.9', { trustedDevice: false, now: new Date() })
 * // => { allowed: false, retryAfterSeconds: 840 } after 5 wrong passwords from that address
 */
export async function checkLoginAllowance(db: Db, shopId: string, userId: string, address: string, opts: { trustedDevice: boolean; now: Date }): Promise<LoginAllowance> {
  const since = new Date(opts.now.getTime() - LOGIN_WINDOW_MS);
  // Old rows go as new ones are counted: the table holds at most one window per user.
  await deleteLoginFailures(db, shopId, userId, { before: since });
  const f = await countLoginFailures(db, shopId, userId, address, since);
  const until = (oldest: Date | null) => Math.max(1, Math.ceil(((oldest ? new Date(oldest).getTime() : opts.now.getTime()) + LOGIN_WINDOW_MS - opts.now.getTime()) / 1000));
  if (f.fromAddress >= PAIR_LIMIT) return { allowed: false, retryAfterSeconds: until(f.oldestFromAddress) };
  if (!opts.trustedDevice && f.total >= ACCOUNT_LIMIT) return { allowed: false, retryAfterSeconds: until(f.oldest) };
  return { allowed: true, failuresFromAddress: f.fromAddress };
}

/** How long to hold back the answer to a wrong password: 100 ms, doubling with each earlier failure from the address, at most 1.6 s. */
export function failureDelayMs(failuresFromAddress: number): number {
  return Math.min(1600, 100 * 2 ** failuresFromAddress);
}
