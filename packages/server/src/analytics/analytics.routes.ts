import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { parseOrThrow } from '../http/errors.js';
import { getAcquisition, getOverview, getSiteAnalytics } from './analytics.service.js';
import { periodFromQuery } from './period.js';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar day');
const periodQuery = z
  .object({ from: day.optional(), to: day.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, 'from must not be after to')
  .transform((q) => periodFromQuery(q))
  .refine((p) => p.to.getTime() - p.from.getTime() <= 400 * 86_400_000, 'a period is at most 400 days');

/**
 * The analytics behind the panel's Overview, Acquisition and Site pages
 * (owners only), each over `?from=YYYY-MM-DD&to=YYYY-MM-DD` (both days
 * included, UTC; default the last 30 days):
 * `GET /v1/admin/analytics/overview`, `/acquisition`, `/site`.
 */
export function adminAnalyticsRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/admin/analytics/overview', async function getOverviewReport(req, res) {
    res.json(await getOverview(db, adminShop(res).id, parseOrThrow(periodQuery, req.query, 'query')));
  });
  router.get('/v1/admin/analytics/acquisition', async function getAcquisitionReport(req, res) {
    res.json(await getAcquisition(db, adminShop(res).id, parseOrThrow(periodQuery, req.query, 'query')));
  });
  router.get('/v1/admin/analytics/site', async function getSiteReport(req, res) {
    res.json(await getSiteAnalytics(db, adminShop(res).id, parseOrThrow(periodQuery, req.query, 'query')));
  });
  return router;
}
