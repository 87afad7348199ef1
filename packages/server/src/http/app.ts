import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import type { DatabaseHandle } from '../db/database.js';
import { catalogRoutes } from '../catalog/index.js';
import { healthRoutes } from '../health/index.js';
import { ingestRoutes } from '../ingest/index.js';
import { adminCustomerRoutes } from '../customers/index.js';
import { adminJobRoutes } from '../jobs/index.js';
import { profileRoutes } from '../profiles/index.js';
import type { Logger } from '../logger.js';
import { adminRecommendRoutes, type ModelStore, recommendRoutes } from '../recommend/index.js';
import { demoRoutes, demoSignInRoutes, demoMailboxRoutes } from '../demo/index.js';
import type { SmtpSink } from '../mail/index.js';
import { orderStatusRoutes } from '../orders/index.js';
import { adminServiceRoutes, orderStatusNotifier, serviceCenterRoutes, type PublicOrigin } from '../service-center/index.js';
import { servicePointRoutes } from '../service-points/index.js';
import { adminPrivacyRoutes } from '../privacy/index.js';
import type { ShopifyConfig } from '../config.js';
import { adminShopifyRoutes, shopifyRoutes } from '../shopify/index.js';
import { merchantAuthRoutes, adminUserRoutes } from '../merchant-users/index.js';
import { adminAnalyticsRoutes } from '../analytics/index.js';
import { adminCampaignRoutes, campaignLinkRoutes } from '../campaigns/index.js';
import { adminPanelRoutes } from '../admin-panel/index.js';
import { requireAdmin } from './admin-auth.js';
import { shopConfigRoutes } from '../shops/index.js';
import { publicCors } from './cors.js';
import { errorHandler, sendError } from './errors.js';
import { rethrowPlainRouteErrors, servePlainFirst } from './plain-route.js';
import { adminOrderRoutes } from '../orders/admin-orders.routes.js';
import { shopWarranties } from '../service-center/order-warranty.service.js';
import { adminKeyRoutes } from '../shops/admin-keys.routes.js';

export interface AppDeps {
  database: DatabaseHandle;
  logger: Logger;
  /** Serve the demo storefront at `/` and its config. */
  demo: boolean;
  /** This server's configured public origin, the base of links in e-mails (never the request's Host). */
  publicOrigin: PublicOrigin;
  models: ModelStore;
  modelIntervalMinutes: number;
  /** The demo's local SMTP sink, shown at /demo/mailbox. */
  mailbox?: SmtpSink | undefined;
  /** Ingest transactions in flight at once on Postgres (config `ingestInFlight`; default 2). */
  ingestInFlight?: number | undefined;
  /** Which proxies' X-Forwarded-For to believe (config `trustProxy`; default none). */
  trustProxy?: false | number | string[] | undefined;
  /** The Shopify app and the key its tokens are sealed with; without it /shopify/* is a 404. */
  shopify?: { config: ShopifyConfig; secretKey: Buffer } | undefined;
}

// The static parts (sdk and widget bundles, demo storefront) live in the
// workspace; this file runs from src/ in tests and from a bundle in dist/.
function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}
const repoRoot = findRepoRoot();
const fromRoot = (p: string) => join(repoRoot, p);

/**
 * The whole HTTP surface of one Vitrina process, as the HTTP server's
 * listener. The two hottest public paths are served ahead of express (see
 * http/plain-route.ts): ingest, then the recommendations every storefront
 * page asks for; they answer through node's writeHead/end and set
 * publicCors's headers themselves. Everything else is the express app.
 */
export function createRequestListener(deps: AppDeps): RequestListener {
  const { database, logger, models, ingestInFlight } = deps;
  const plain = [
    ingestRoutes(database.db, { logger, kind: database.kind, transact: database.ingestTransaction, ...(ingestInFlight !== undefined ? { inFlight: ingestInFlight } : {}) }),
    recommendRoutes(database.db, models),
  ];
  return servePlainFirst(plain, createApp(deps), logger);
}

/** Every route but the plain ones of `createRequestListener`. */
export function createApp({ database, logger, demo, publicOrigin, models, modelIntervalMinutes, mailbox, shopify, trustProxy }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are personal or change by the second: an ETag (a hash of every body) buys nothing.
  app.set('etag', false);
  // req.ip from X-Forwarded-For only when the operator says which proxies send it (VITRINA_TRUST_PROXY).
  app.set('trust proxy', trustProxy ?? false);
  // Errors met by the plain routes served ahead of the app (see createRequestListener).
  app.use(rethrowPlainRouteErrors);
  app.use(healthRoutes(database));
  // Before any JSON parser: Shopify's webhooks are verified over their raw bytes.
  if (shopify) app.use(shopifyRoutes(database.db, { ...shopify, logger }));
  app.use('/v1', publicCors());
  app.use(profileRoutes(database.db));
  app.use(catalogRoutes(database.db));
  // The panel's sign-in; its session cookie is accepted by requireAdmin below.
  app.use(merchantAuthRoutes(database.db, { secureCookies: () => publicOrigin().startsWith('https:') }));
  // One authentication for every admin route, mounted before any of them: a new
  // route under /v1/admin cannot be left open by accident.
  app.use('/v1/admin', express.json({ limit: '1mb' }), requireAdmin(database.db));
  // After the admin check: it holds admin routes beside the public /v1/config.
  app.use(shopConfigRoutes(database.db));
  app.use(adminKeyRoutes(database.db));
  // Before the customers' routes: `/v1/admin/customers/export` is not a customer id.
  app.use(adminPrivacyRoutes(database.db));
  if (shopify) app.use(adminShopifyRoutes(database.db));
  app.use(adminCustomerRoutes(database.db));
  app.use(adminRecommendRoutes(database.db, models, { intervalMinutes: modelIntervalMinutes }));
  app.use(adminJobRoutes(database.db));
  app.use(adminAnalyticsRoutes(database.db));
  app.use(adminUserRoutes(database.db));
  app.use(adminCampaignRoutes({ db: database.db, models, publicOrigin }));
  app.use(serviceCenterRoutes(database.db, publicOrigin));
  app.use(adminServiceRoutes(database.db, publicOrigin));
  app.use(servicePointRoutes(database.db));
  // The links in campaign e-mails: unsubscribe (RFC 8058 one-click), tracked clicks, the open pixel.
  app.use(campaignLinkRoutes(database.db));
  // The orders domain tells its listeners of status changes; the service center e-mails the shopper.
  app.use(orderStatusRoutes(database.db, { listeners: [orderStatusNotifier(publicOrigin)] }));
  app.use(adminOrderRoutes(database.db, { listeners: [orderStatusNotifier(publicOrigin)], warranties: shopWarranties }));

  app.use('/sdk', express.static(fromRoot('packages/sdk/dist'), { maxAge: '5m' }));
  app.use(adminPanelRoutes(fromRoot('packages/admin/dist')));
  app.use('/widget', express.static(fromRoot('packages/widget/dist'), { maxAge: '5m' }));
  if (demo) {
    app.use(demoRoutes());
    app.use(demoSignInRoutes(database.db));
    if (mailbox) app.use(demoMailboxRoutes(mailbox));
    app.use(express.static(fromRoot('examples/storefront'), { extensions: ['html'] }));
  }

  app.use(function notFound(req, res) {
    sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}.`);
  });
  app.use(errorHandler(logger, { poolSaturated: () => database.poolSaturated() }));
  return app;
}
