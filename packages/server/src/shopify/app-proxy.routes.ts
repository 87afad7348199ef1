import { Router, type Request, type Response } from 'express';
import type { ShopifyConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { sendError } from '../http/errors.js';
import { findShopById } from '../shops/index.js';
import { proxyServiceAnswer } from './app-proxy.service.js';
import { shopDomainFrom } from './install.service.js';
import { verifyAppProxyQuery } from './shopify-signatures.js';
import { findShopifyShopByDomain } from './shopify-shops.repository.js';

/**
 * `GET /shopify/proxy/*`, the target of the storefront's `/apps/vitrina/*`:
 * Shopify forwards the shopper's request with `shop`, `logged_in_customer_id`,
 * `path_prefix` and `timestamp`, signed (`signature`). A bad signature or a
 * request older than five minutes is 401; then the service center's answer
 * for that visitor (app-proxy.service.ts). Never cached: it is personal.
 */
export function appProxyRoutes(db: Db, opts: { config: ShopifyConfig; now?: () => number }): Router {
  const router = Router();
  const now = opts.now ?? Date.now;
  router.get(['/shopify/proxy', '/shopify/proxy/*rest'], async function proxyRequest(req: Request, res: Response) {
    res.set('Cache-Control', 'no-store, private');
    // The query exactly as sent: repeated keys keep every value, in order.
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const check = verifyAppProxyQuery(opts.config.apiSecret, query, now());
    if (!check.ok) {
      return check.code === 'stale'
        ? sendError(res, 401, 'stale_request', 'The proxied request is older than five minutes.')
        : sendError(res, 401, 'invalid_signature', 'The proxied request is not signed by Shopify.');
    }
    const domain = shopDomainFrom(query.get('shop'));
    const link = domain ? await findShopifyShopByDomain(db, domain) : undefined;
    const shop = link?.status === 'active' ? await findShopById(db, link.shop_id) : undefined;
    if (!shop) return sendError(res, 404, 'shop_not_found', 'Vitrina is not installed on this shop.');
    const customerId = query.get('logged_in_customer_id')?.trim() || undefined;
    res.json(await proxyServiceAnswer(db, shop, customerId, opts.config.appUrl));
  });
  return router;
}
