import { Router } from 'express';
import { findCustomerById } from '../customers/index.js';
import type { Db } from '../db/database.js';
import { sendError } from '../http/errors.js';
import { listScoredCustomers, type ScoreSettings } from '../profiles/index.js';
import { signCustomerId, findShopById } from '../shops/index.js';
import { DEMO_SHOP_ID } from './demo-shop.js';

/** A demo shopper worth signing in as: a long history in a segment of its own. */
export interface DemoShopperToTry {
  customerId: string;
  firstName: string | null;
  segment: string;
  orders: number;
  lastOrderAt: Date | null;
}

// One or two of each, so that the greeting, showcase and reorder differ from one to the next.
const segmentsToTry = [
  ['champions', 2],
  ['loyal', 2],
  ['at_risk', 1],
  ['promising', 1],
] as const;

/**
 * The demo shoppers with the richest histories, found in the data rather than
 * named in advance: the highest-revenue customers of a few RFM segments.
 * @example await listDemoShoppersToTry(db) // => [{ customerId: 'c-00317', firstName: 'Lena', segment: 'champions', orders: 14, ... }, ...]
 */
export async function listDemoShoppersToTry(db: Db): Promise<DemoShopperToTry[]> {
  const shop = await findShopById(db, DEMO_SHOP_ID);
  if (!shop) return [];
  const found = await Promise.all(
    segmentsToTry.map(([segment, limit]) => listScoredCustomers(db, DEMO_SHOP_ID, { segment, limit, offset: 0 }, shop.settings as ScoreSettings)),
  );
  return found.flat().map((p) => ({ customerId: p.customer_id!, firstName: p.first_name, segment: p.segment, orders: p.orders, lastOrderAt: p.last_order_at }));
}

/**
 * `GET /demo/sign-in?customerId=c-00042`: the demo shop's stand-in for a
 * shop's own login. A real shop's backend signs the id of the customer who
 * logged in (HMAC-SHA256 with the shop's signing secret) and puts it in the
 * page for `Vitrina.identify(id, traits, { signature })`; the demo storefront
 * has no backend of its own, so the demo server does it, for demo shoppers only.
 * `GET /demo/shoppers`: the shoppers the sign-in page suggests.
 */
export function demoSignInRoutes(db: Db): Router {
  const router = Router();
  router.get('/demo/sign-in', async function getDemoSignIn(req, res) {
    const customerId = typeof req.query.customerId === 'string' ? req.query.customerId : '';
    const shop = await findShopById(db, DEMO_SHOP_ID);
    const customer = shop && /^c-\d{5}$/.test(customerId) ? await findCustomerById(db, DEMO_SHOP_ID, customerId) : undefined;
    if (!shop || !customer) return sendError(res, 404, 'not_found', 'No demo shopper has this customer id.');
    res.json({ customerId, signature: signCustomerId(shop, customerId), firstName: customer.first_name, email: customer.email });
  });
  router.get('/demo/shoppers', async function getDemoShoppers(_req, res) {
    res.json({ shoppers: await listDemoShoppersToTry(db) });
  });
  return router;
}
