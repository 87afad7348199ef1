import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/database.js';
import { findShopForAdminKey } from '../shops/shops.service.js';
import type { Shop } from '../shops/shops.table.js';
import { sendError } from './errors.js';

/**
 * Admin routes take the shop's secret admin key as a Bearer token; the shop
 * it belongs to is then `adminShop(res)`.
 * @example router.use('/v1/admin', requireAdmin(db))
 */
export function requireAdmin(db: Db): RequestHandler {
  return async function requireAdminKey(req, res, next) {
    const header = req.headers.authorization ?? '';
    const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!key) return sendError(res, 401, 'missing_admin_key', 'Send the admin key as "Authorization: Bearer <key>".');
    const shop = await findShopForAdminKey(db, key);
    if (!shop) return sendError(res, 401, 'invalid_admin_key', 'The admin key is not valid.');
    res.locals.shop = shop;
    next();
  };
}

/** The shop authenticated by `requireAdmin`. */
export function adminShop(res: Response): Shop {
  const shop = res.locals.shop as Shop | undefined;
  if (!shop) throw new Error('adminShop() used on a route without requireAdmin()');
  return shop;
}
