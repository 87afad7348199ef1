import { recommendationQuerySchema } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { parseOrThrow } from '../http/errors.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { recommendShowcase } from './recommend.service.js';

const showcaseQuery = recommendationQuerySchema.extend({
  region: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code').optional(),
});

/** `GET /v1/recommendations/*`: public, by write key, for the page's own visitor. */
export function recommendRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/recommendations/showcase', async function getShowcase(req, res) {
    const shop = await requireShopByWriteKey(db, req);
    const query = parseOrThrow(showcaseQuery, req.query, 'query');
    const region = query.region ?? shop.settings.defaultRegion;
    res.json(await recommendShowcase(db, shop.id, { region, limit: query.limit }));
  });
  return router;
}
