import { Router } from 'express';
import { findCustomerById } from '../customers/index.js';
import type { Db } from '../db/database.js';
import { sendError } from '../http/errors.js';
import { signCustomerId, findShopById } from '../shops/index.js';
import { DEMO_SHOP_ID } from './demo-shop.js';

/**
 * `GET /demo/sign-in?customerId=c-00042`: the demo shop's stand-in for a
 * shop's own login. A real shop's backend signs the id of the customer who
 * logged in (HMAC-SHA256 with the shop's signing secret) and puts it in the
 * page for `Vitrina.identify(id, traits, { signature })`; the demo storefront
 * has no backend of its own, so the demo server does it, for demo shoppers only.
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
  return router;
}
