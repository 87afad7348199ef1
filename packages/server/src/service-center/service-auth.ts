import type { RequestHandler, Response } from 'express';
import type { Db } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { findShopById, type Shop } from '../shops/index.js';
import { readUnverifiedShopId, verifyServiceToken, type ServiceGrant } from './service-token.js';

/**
 * Routes for a verified shopper take the token from the lookup as a Bearer
 * token; its shop and grant are then `serviceGrant(res)`. A token that is
 * forged, expired or for a shop that is gone is a 401: the widget asks again.
 * @example router.get('/v1/service/orders', requireServiceToken(db), handler)
 */
export function requireServiceToken(db: Db): RequestHandler {
  return async function requireShopperToken(req, res, next) {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!token) throw new HttpError(401, 'missing_token', 'Look up an order first; then send its token as "Authorization: Bearer <token>".');
    const shopId = readUnverifiedShopId(token);
    const shop = shopId ? await findShopById(db, shopId) : undefined;
    const grant = shop ? verifyServiceToken(shop, token) : undefined;
    if (!shop || !grant) throw new HttpError(401, 'invalid_token', 'The session has expired or is not valid; look up the order again.');
    res.locals.serviceShop = shop;
    res.locals.serviceGrant = grant;
    next();
  };
}

export function serviceGrant(res: Response): { shop: Shop; grant: ServiceGrant } {
  const shop = res.locals.serviceShop as Shop | undefined;
  const grant = res.locals.serviceGrant as ServiceGrant | undefined;
  if (!shop || !grant) throw new Error('serviceGrant() used on a route without requireServiceToken()');
  return { shop, grant };
}
