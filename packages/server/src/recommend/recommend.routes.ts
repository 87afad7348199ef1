import { recommendationQuerySchema } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { parseOrThrow } from '../http/errors.js';
import { lookupPath, passToErrorHandler, queryOf, sendJson, type PlainHandler } from '../http/plain-route.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { verifyCustomerSignature } from '../shops/index.js';
import type { ModelStore } from './model-store.js';
import { recommend, type RecommendKind } from './recommend.service.js';

const publicKinds: RecommendKind[] = ['showcase', 'cross-sell', 'reorder', 'up-sell'];

/**
 * `GET /v1/recommendations/{showcase|cross-sell|reorder|up-sell}`: public, by
 * write key, for the page's own visitor. A customer id counts only with the
 * shop's signature of it; otherwise only the anonymous id's own history is used,
 * so a page cannot read another customer's purchases by guessing an id.
 *
 * Served on every storefront page view, so, like ingest, a plain handler
 * served ahead of express (see http/plain-route.ts); refused requests go to
 * the app's error handler as on every other route.
 * @example servePlainFirst([recommendRoutes(db, store)], app, logger) // GET /v1/recommendations/showcase?writeKey=wk&anonymousId=a1 => 200 {"kind":"showcase","items":[...]}
 */
export function recommendRoutes(db: Db, store: ModelStore): PlainHandler {
  const routes = new Map(publicKinds.map((kind) => [`/v1/recommendations/${kind}`, kind]));
  return function serveRecommendations(req, res, next) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const kind = lookupPath(routes, req.url ?? '');
    if (!kind) return next();
    (async () => {
      const shop = await requireShopByWriteKey(db, req);
      const q = parseOrThrow(recommendationQuerySchema, queryOf(req), 'query');
      const verified = q.userId !== undefined && verifyCustomerSignature(shop, q.userId, q.signature);
      const result = await recommend(
        db,
        store,
        shop.id,
        kind,
        { anonymousId: q.anonymousId, customerId: verified ? q.userId : undefined, region: q.region },
        { limit: q.limit, products: q.products, defaultRegion: shop.settings.defaultRegion },
      );
      sendJson(res, 200, result, { 'Cache-Control': 'private, no-store' });
    })().catch((err: unknown) => passToErrorHandler(res, next, err));
  };
}
