import { Router } from 'express';
import type { ShopifyConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { appProxyRoutes } from './app-proxy.routes.js';
import { installRoutes } from './install.routes.js';
import { webhookRoutes } from './webhooks.routes.js';

/**
 * Everything under `/shopify`: the install, the webhooks and the app proxy.
 * Mounted before any JSON parser (the webhooks read their raw bytes), and
 * only when the app is configured: otherwise `/shopify/*` is the 404 of any
 * unknown path.
 */
export function shopifyRoutes(db: Db, opts: { config: ShopifyConfig; secretKey: Buffer; logger: Logger }): Router {
  const router = Router();
  router.use(webhookRoutes(db, { apiSecret: opts.config.apiSecret, logger: opts.logger }));
  router.use(installRoutes(db, opts));
  router.use(appProxyRoutes(db, { config: opts.config }));
  return router;
}
