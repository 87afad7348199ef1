import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { hashKey, findShopById } from '../shops/index.js';
import { isDeviceOf, signDevice } from './device-cookie.js';
import { insertLoginFailure, deleteLoginFailures } from './login-failures.repository.js';
import { checkLoginAllowance, failureDelayMs } from './login-limits.js';
import { deleteExpiredMerchantSessions, insertMerchantSession } from './merchant-sessions.repository.js';
import { findMerchantUsersByEmail } from './merchant-users.repository.js';
import type { MerchantRole, MerchantUser } from './merchant-users.table.js';
import { decoyHash, verifyPassword } from './password-hash.js';

export const SESSION_TTL_MS = 12 * 3600_000;
/** The address a trusted browser's failures are counted under (see login-limits.ts). */
const TRUSTED_DEVICE = 'trusted-device';

export interface SignInRequest {
  email: string;
  password: string;
  /** Needed only when the e-mail and password are a user's in more than one shop. */
  shopId?: string | undefined;
  address: string;
  deviceCookie?: string | undefined;
  now?: Date;
}

export type SignInResult =
  | {
      ok: true;
      /** The session cookie's value: the shop id and a random token (only its hash is stored). */
      sessionCookie: string;
      deviceCookie: string;
      csrfToken: string;
      expiresAt: Date;
      user: { id: string; email: string; role: MerchantRole };
      shop: { id: string; name: string; currency: string };
    }
  | { ok: false; code: 'invalid_credentials'; delayMs: number }
  | { ok: false; code: 'too_many_attempts'; retryAfterSeconds: number }
  | { ok: false; code: 'shop_required'; shops: string[] };

/**
 * Checks an e-mail and password against the shop's users, within the sign-in
 * limits, and opens a session.
 * @example await signIn(db, { email: 'owner@demo.vitrina.test', password: 'demo-owner-password', address: '127.0.0.1' })
 * // => { ok: true, sessionCookie: 'demo.9fQ...', csrfToken: '...', user: { role: 'owner', ... }, shop: { id: 'demo', ... } }
 */
export async function signIn(db: Db, req: SignInRequest): Promise<SignInResult> {
  const now = req.now ?? new Date();
  const candidates = (await findMerchantUsersByEmail(db, req.email.trim())).filter((u) => !req.shopId || u.shop_id === req.shopId);
  if (candidates.length === 0) {
    await verifyPassword(req.password, decoyHash);
    return { ok: false, code: 'invalid_credentials', delayMs: failureDelayMs(0) };
  }
  const matched: MerchantUser[] = [];
  const failed: { user: MerchantUser; from: string; failures: number }[] = [];
  const fromOf = new Map<MerchantUser, string>();
  let retryAfterSeconds = Infinity;
  for (const user of candidates) {
    const shop = await findShopById(db, user.shop_id);
    if (!shop) continue;
    const trustedDevice = isDeviceOf(req.deviceCookie, shop.signing_secret, user.shop_id, user.id);
    // A browser that signed in as this user before is counted on its own, not by its address:
    // behind one proxy (or one office NAT) a stranger's failures must not stop it.
    const from = trustedDevice ? TRUSTED_DEVICE : req.address;
    const allowance = await checkLoginAllowance(db, user.shop_id, user.id, from, { trustedDevice, now });
    if (!allowance.allowed) {
      retryAfterSeconds = Math.min(retryAfterSeconds, allowance.retryAfterSeconds);
      continue;
    }
    fromOf.set(user, from);
    if (await verifyPassword(req.password, user.password_hash)) matched.push(user);
    else failed.push({ user, from, failures: allowance.failuresFromAddress });
  }
  if (matched.length > 1) return { ok: false, code: 'shop_required', shops: matched.map((u) => u.shop_id) };
  const user = matched[0];
  if (!user) {
    for (const f of failed) await insertLoginFailure(db, f.user.shop_id, f.user.id, f.from, now);
    if (failed.length === 0) return { ok: false, code: 'too_many_attempts', retryAfterSeconds };
    return { ok: false, code: 'invalid_credentials', delayMs: failureDelayMs(Math.max(...failed.map((f) => f.failures))) };
  }
  await deleteLoginFailures(db, user.shop_id, user.id, { address: fromOf.get(user) ?? req.address });
  return openSession(db, user, now);
}

async function openSession(db: Db, user: MerchantUser, now: Date): Promise<SignInResult> {
  const shop = (await findShopById(db, user.shop_id))!;
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deleteExpiredMerchantSessions(db, now);
  await insertMerchantSession(db, { shop_id: user.shop_id, token_hash: hashKey(token), user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt });
  return {
    ok: true,
    sessionCookie: `${user.shop_id}.${token}`,
    deviceCookie: signDevice(shop.signing_secret, user.shop_id, user.id),
    csrfToken,
    expiresAt,
    user: { id: user.id, email: user.email, role: user.role },
    shop: { id: shop.id, name: shop.name, currency: shop.settings?.currency ?? 'EUR' },
  };
}
