import { storableText } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import type { ModelStore } from './model-store.js';
import { rebuildShopModels } from './model-builder.service.js';
import { deleteRule, findLatestModelRun, insertRule, listRules } from './recommend.repository.js';
import { measureRecommendationPerformance } from './performance.service.js';
import { recommend } from './recommend.service.js';
import { rulePlacements, ruleActions, ruleTargets } from './recommend.table.js';

const previewQuery = z.object({
  kind: z.enum(['showcase', 'reorder', 'gifts']).default('showcase'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  region: z.string().regex(/^[A-Z]{2}$/).optional(),
});
const crossSellQuery = z.object({
  products: storableText.min(1).max(4000).transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean)),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  region: z.string().regex(/^[A-Z]{2}$/).optional(),
});
const ruleBody = z
  .object({
    action: z.enum(ruleActions),
    target: z.enum(ruleTargets),
    value: storableText.min(1).max(200),
    weight: z.number().min(-0.99).max(100).default(1),
    placement: z.enum(rulePlacements).default('all'),
    /** ISO date or instant; a bare date is midnight UTC. */
    startsAt: z.coerce.date().nullable().optional(),
    endsAt: z.coerce.date().nullable().optional(),
  })
  .refine((r) => !r.startsAt || !r.endsAt || r.startsAt < r.endsAt, { message: 'endsAt must be after startsAt', path: ['endsAt'] });

/** Merchant previews of what a shopper sees, the merchant's rules, and the models' schedule. */
export function adminRecommendRoutes(db: Db, store: ModelStore, schedule: { intervalMinutes: number }): Router {
  const router = Router();

  router.get('/v1/admin/customers/:id/recommendations', async function previewForCustomer(req, res) {
    const shop = adminShop(res);
    const q = parseOrThrow(previewQuery, req.query, 'query');
    res.json(await recommend(db, store, shop.id, q.kind, { customerId: idParam(req), region: q.region }, { limit: q.limit, defaultRegion: shop.settings.defaultRegion }));
  });

  router.get('/v1/admin/recommendations/cross-sell', async function previewCrossSell(req, res) {
    const shop = adminShop(res);
    const q = parseOrThrow(crossSellQuery, req.query, 'query');
    res.json(await recommend(db, store, shop.id, 'cross-sell', { region: q.region }, { limit: q.limit, products: q.products, defaultRegion: shop.settings.defaultRegion }));
  });

  router.get('/v1/admin/recommendations/rules', async function getRules(_req, res) {
    res.json({ rules: await listRules(db, adminShop(res).id) });
  });
  router.post('/v1/admin/recommendations/rules', async function postRule(req, res) {
    const shop = adminShop(res);
    const { startsAt, endsAt, ...body } = parseOrThrow(ruleBody, req.body, 'rule');
    const rule = await insertRule(db, { shop_id: shop.id, ...body, starts_at: startsAt ?? null, ends_at: endsAt ?? null });
    store.invalidate(shop.id);
    res.status(201).json(rule);
  });
  router.delete('/v1/admin/recommendations/rules/:id', async function removeRule(req, res) {
    const shop = adminShop(res);
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || !(await deleteRule(db, shop.id, id))) throw new HttpError(404, 'not_found', 'No such rule.');
    store.invalidate(shop.id);
    res.status(204).end();
  });

  router.get('/v1/admin/recommendations/performance', async function getPerformance(req, res) {
    const { days } = parseOrThrow(z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }), req.query, 'query');
    res.json({ days, ...(await measureRecommendationPerformance(db, adminShop(res).id, days)) });
  });

  router.get('/v1/admin/recommendations/models', async function getModels(_req, res) {
    const run = await findLatestModelRun(db, adminShop(res).id);
    res.json({
      lastRun: run ?? null,
      intervalMinutes: schedule.intervalMinutes,
      nextRunAfter: run ? new Date(run.finished_at.getTime() + schedule.intervalMinutes * 60_000).toISOString() : null,
    });
  });
  router.post('/v1/admin/recommendations/models/rebuild', async function postRebuild(_req, res) {
    const shop = adminShop(res);
    const result = await rebuildShopModels(db, shop.id, { trigger: 'admin' });
    store.invalidate(shop.id);
    res.json(result);
  });
  return router;
}
