import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/database.js';
import { readCookies, findMerchantPrincipal, SESSION_COOKIE, type MerchantPrincipal, type MerchantRole, mayAccess } from '../merchant-users/index.js';
import { safeEqual, findShopById, findShopForAdminKey, type Shop } from '../shops/index.js';
import { sendError } from './errors.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Admin routes take the shop's secret admin key as a Bearer token (scripts),
 * or a merchant's panel session cookie; the shop is then `adminShop(res)` and
 * the role `adminRole(res)` (the admin key acts as an owner). A write through
 * a session needs the session's CSRF token in `X-CSRF-Token`; the admin key,
 * which no browser sends by itself, needs none. Staff reach only what
 * merchant-users/role-access.ts lets them.
 * @example router.use('/v1/admin', requireAdmin(db))
 */
export function requireAdmin(db: Db): RequestHandler {
  return async function requireAdminKeyOrSession(req, res, next) {
    const header = req.headers.authorization ?? '';
    const path = req.baseUrl + req.path;
    if (header) {
      const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!key) return sendError(res, 401, 'missing_admin_key', 'Send the admin key as "Authorization: Bearer <key>".');
      const shop = await findShopForAdminKey(db, key);
      if (!shop) return sendError(res, 401, 'invalid_admin_key', 'The admin key is not valid.');
      res.locals.shop = shop;
      res.locals.role = 'owner' satisfies MerchantRole;
      return next();
    }
    const cookie = readCookies(req.headers.cookie)[SESSION_COOKIE];
    if (!cookie) return sendError(res, 401, 'missing_admin_key', 'Send the admin key as "Authorization: Bearer <key>", or sign in to the panel.');
    const principal = await findMerchantPrincipal(db, cookie);
    const shop = principal && (await findShopById(db, principal.shopId));
    if (!principal || !shop) return sendError(res, 401, 'session_expired', 'The session has ended: sign in again.');
    if (!safeMethods.has(req.method) && !safeEqual(String(req.headers['x-csrf-token'] ?? ''), principal.csrfToken)) {
      return sendError(res, 403, 'csrf_token_invalid', 'A change through a panel session needs the session\'s X-CSRF-Token header.');
    }
    if (!mayAccess(principal.role, req.method, path)) return sendError(res, 403, 'forbidden_for_role', `A ${principal.role} user may not ${req.method} ${path}.`);
    res.locals.shop = shop;
    res.locals.role = principal.role;
    res.locals.merchant = principal;
    next();
  };
}

/** The shop authenticated by `requireAdmin`. */
export function adminShop(res: Response): Shop {
  const shop = res.locals.shop as Shop | undefined;
  if (!shop) throw new Error('adminShop() used on a route without requireAdmin()');
  return shop;
}

/** The role of whoever `requireAdmin` let in (`owner` for the admin key). */
export function adminRole(res: Response): MerchantRole {
  return (res.locals.role as MerchantRole | undefined) ?? 'owner';
}

/** Who `requireAdmin` let in, when it was a panel session (undefined for the admin key). */
export function adminMerchant(res: Response): MerchantPrincipal | undefined {
  return res.locals.merchant as MerchantPrincipal | undefined;
}

/** Who did it, for audit entries: the user's e-mail, or `admin_key`. */
export function adminActor(res: Response): string {
  return adminMerchant(res)?.email ?? 'admin_key';
}
