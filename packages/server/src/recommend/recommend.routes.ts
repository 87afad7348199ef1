import { recommendationQuerySchema } from '@vitrina/protocol';
import { Router } from 'express';
import type { Db } from '../db/database.js';
import { parseOrThrow } from '../http/errors.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { verifyCustomerSignature } from '../shops/customer-signature.js';
import type { ModelStore } from './model-store.js';
import { recommend, type RecommendKind } from './recommend.service.js';

const publicKinds: RecommendKind[] = ['showcase', 'cross-sell', 'reorder', 'up-sell'];

/**
 * `GET /v1/recommendations/{showcase|cross-sell|reorder|up-sell}`: public, by
 * write key, for the page's own visitor. A customer id counts only with the
 * shop's signature of it; otherwise only the anonymous id's own history is used,
 * so a page cannot read another customer's purchases by guessing an id.
 */
export function recommendRoutes(db: Db, store: ModelStore): Router {
  const router = Router();
  for (const kind of publicKinds) {
    router.get(`/v1/recommendations/${kind}`, async function getRecommendations(req, res) {
      const shop = await requireShopByWriteKey(db, req);
      const q = parseOrThrow(recommendationQuerySchema, req.query, 'query');
      const verified = q.userId !== undefined && verifyCustomerSignature(shop, q.userId, q.signature);
      const result = await recommend(
        db,
        store,
        shop.id,
        kind,
        { anonymousId: q.anonymousId, customerId: verified ? q.userId : undefined, region: q.region },
        { limit: q.limit, products: q.products, defaultRegion: shop.settings.defaultRegion },
      );
      res.set('Cache-Control', 'private, no-store').json(result);
    });
  }
  return router;
}
