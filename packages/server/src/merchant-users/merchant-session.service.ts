import type { Db } from '../db/database.js';
import { hashKey } from '../shops/index.js';
import { deleteMerchantSession, findLiveMerchantSession } from './merchant-sessions.repository.js';
import type { MerchantRole } from './merchant-users.table.js';

export const SESSION_COOKIE = 'vitrina_session';

/** Who a session cookie signs in: a user of one shop, with their role and the session's CSRF token. */
export interface MerchantPrincipal {
  shopId: string;
  userId: string;
  email: string;
  role: MerchantRole;
  csrfToken: string;
  expiresAt: Date;
}

function splitCookie(value: string): { shopId: string; tokenHash: string } | undefined {
  const dot = value.lastIndexOf('.');
  if (dot < 1 || value.length > 200) return undefined;
  return { shopId: value.slice(0, dot), tokenHash: hashKey(value.slice(dot + 1)) };
}

/**
 * The signed-in user of a session cookie's value; undefined when it is unknown or expired.
 * @example await findMerchantPrincipal(db, 'demo.9fQ...') // => { shopId: 'demo', role: 'owner', email: 'owner@demo.vitrina.test', ... }
 */
export async function findMerchantPrincipal(db: Db, cookieValue: string | undefined, now = new Date()): Promise<MerchantPrincipal | undefined> {
  const parts = cookieValue ? splitCookie(cookieValue) : undefined;
  if (!parts) return undefined;
  const s = await findLiveMerchantSession(db, parts.shopId, parts.tokenHash, now);
  if (!s) return undefined;
  return { shopId: s.shop_id, userId: s.user_id, email: s.email, role: s.role, csrfToken: s.csrf_token, expiresAt: s.expires_at };
}

/** Ends the session a cookie names (a no-op for an unknown one). */
export async function signOut(db: Db, cookieValue: string | undefined): Promise<void> {
  const parts = cookieValue ? splitCookie(cookieValue) : undefined;
  if (parts) await deleteMerchantSession(db, parts.shopId, parts.tokenHash);
}
