import { createClaimSchema, serviceLookupSchema, serviceSessionSchema } from '@vitrina/protocol';
import express, { Router } from 'express';
import type { Db } from '../db/database.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { findClaim } from './claims.repository.js';
import { createClaim, listShopperClaims, toClaimViews } from './claims.service.js';
import { findShopById } from '../shops/index.js';
import type { PublicOrigin } from './public-origin.js';
import { requireServiceToken, serviceGrant } from './service-auth.js';
import { readUnverifiedShopId } from './service-token.js';
import { lookupOrder, openSessionFromLink, type LookupResult } from './shopper-access.service.js';
import { getShopperOrder, listShopperOrders } from './shopper-orders.service.js';

/** Every lookup answers no sooner than this, whatever the answer, so that a hit and a miss take the same time. */
export const LOOKUP_ANSWER_MS = 150;

const orderNotFound = () => new HttpError(404, 'order_not_found', 'We could not find an order with that number and e-mail or postal code.');

const claimErrors: Record<string, [number, string]> = {
  order_not_found: [404, 'We could not find that order.'],
  item_not_found: [404, 'That order has no such item.'],
  not_under_warranty: [422, 'This item is not under warranty.'],
  serial_required: [400, 'Choose which serial number the claim is for.'],
  unknown_serial: [400, 'That serial number does not belong to this item.'],
  claim_exists: [409, 'There is already an open request for this item.'],
  no_service_point: [422, 'No service point services this product yet; please contact the shop.'],
};

/**
 * The shopper's service center, `/v1/service/*`: look up an order (or open a
 * signed link) for a short-lived token, then read orders, timelines and
 * warranties and file claims with it.
 */
export function serviceCenterRoutes(db: Db, publicOrigin: PublicOrigin): Router {
  const router = Router();
  router.use('/v1/service', function noStore(_req, res, next) {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // text/plain too: a page may post without a preflight.
  router.use('/v1/service', express.json({ limit: '2mb', type: ['application/json', 'text/plain'] }));

  router.post('/v1/service/lookup', async function postLookup(req, res) {
    const started = Date.now();
    let result: LookupResult;
    try {
      const shop = await requireShopByWriteKey(db, req, req.body);
      const input = parseOrThrow(serviceLookupSchema, req.body, 'lookup');
      result = await lookupOrder(db, shop, input, req.ip ?? 'unknown');
    } finally {
      // Every answer waits, a refusal or an error thrown midway included:
      // how soon an answer comes must not tell how far the lookup got.
      const wait = LOOKUP_ANSWER_MS - (Date.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    if (result.ok) return void res.json(result.session);
    if (result.code === 'rate_limited') {
      throw new HttpError(429, 'rate_limited', 'Too many attempts. Please wait and try again later.', undefined, { 'Retry-After': String(result.retryAfterSeconds) });
    }
    throw orderNotFound();
  });

  // The signed link names its shop and proves itself: no write key needed, so
  // that a page can open it before it has configured the widget.
  router.post('/v1/service/session', async function postSession(req, res) {
    const { link } = parseOrThrow(serviceSessionSchema, req.body, 'session request');
    const shopId = readUnverifiedShopId(link);
    const shop = shopId ? await findShopById(db, shopId) : undefined;
    const session = shop && openSessionFromLink(shop, link);
    if (!session) throw new HttpError(401, 'invalid_link', 'This link has expired or is not valid; look up your order instead.');
    res.json(session);
  });

  router.use(['/v1/service/orders', '/v1/service/claims'], requireServiceToken(db));

  router.get('/v1/service/orders', async function getOrders(_req, res) {
    const { grant } = serviceGrant(res);
    res.json({ level: grant.level, orders: await listShopperOrders(db, grant) });
  });

  router.get('/v1/service/orders/:id', async function getOrder(req, res) {
    const order = await getShopperOrder(db, serviceGrant(res).grant, idParam(req));
    if (!order) throw orderNotFound();
    res.json(order);
  });

  router.get('/v1/service/orders/:id/warranty', async function getWarranty(req, res) {
    const order = await getShopperOrder(db, serviceGrant(res).grant, idParam(req));
    if (!order) throw orderNotFound();
    res.json({ orderId: order.id, items: order.items.map((i) => ({ lineNo: i.lineNo, name: i.name, serialNumbers: i.serialNumbers, warranty: i.warranty })) });
  });

  router.get('/v1/service/claims', async function getClaims(_req, res) {
    res.json({ claims: await listShopperClaims(db, serviceGrant(res).grant) });
  });

  router.get('/v1/service/claims/:id', async function getClaim(req, res) {
    const { grant } = serviceGrant(res);
    const claim = await findClaim(db, grant.shopId, idParam(req));
    if (!claim || claim.email.toLowerCase() !== grant.email || (grant.level === 'order' && claim.order_id !== grant.orderId)) {
      throw new HttpError(404, 'claim_not_found', 'We could not find that request.');
    }
    res.json((await toClaimViews(db, grant.shopId, [claim]))[0]);
  });

  router.post('/v1/service/claims', async function postClaim(req, res) {
    const { shop, grant } = serviceGrant(res);
    const input = parseOrThrow(createClaimSchema, req.body, 'claim');
    const result = await createClaim(db, shop, grant, input, publicOrigin());
    if (result.ok) return void res.status(201).json(result.claim);
    const [status, message] = claimErrors[result.code]!;
    const extra = result.code === 'claim_exists' ? { claimId: result.claimId } : result.code === 'not_under_warranty' ? { warranty: result.warranty } : {};
    res.status(status).json({ error: { code: result.code, message, ...extra } });
  });
  return router;
}
