import { storableText } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { parseOrThrow, sendError } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { listFailedEvents } from '../ingest/index.js';
import { segments, type ScoreSettings } from '../profiles/index.js';
import { getCustomerDetail, listCustomers } from './customers.service.js';

const listQuery = z.object({
  segment: z.enum(segments).optional(),
  q: storableText.trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const failedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  reason: storableText.max(50).optional(),
});

/**
 * The admin API over customers (admin key as Bearer):
 * `GET /v1/admin/customers?segment=&q=`, `GET /v1/admin/customers/{id}`,
 * `GET /v1/admin/failed-events`.
 */
export function adminCustomerRoutes(db: Db): Router {
  const router = Router();

  router.get('/v1/admin/customers', async function getCustomers(req, res) {
    const shop = adminShop(res);
    const q = parseOrThrow(listQuery, req.query, 'query');
    const customers = await listCustomers(db, shop.id, q, shop.settings as ScoreSettings);
    res.json({ customers, limit: q.limit, offset: q.offset });
  });

  router.get('/v1/admin/customers/:id', async function getCustomer(req, res) {
    const shop = adminShop(res);
    const id = idParam(req);
    const detail = await getCustomerDetail(db, shop.id, id, shop.settings as ScoreSettings);
    if (!detail.found) return sendError(res, 404, 'customer_not_found', `No customer ${id} in this shop.`);
    const { found: _f, ...body } = detail;
    res.json(body);
  });

  router.get('/v1/admin/failed-events', async function getFailedEvents(req, res) {
    const shop = adminShop(res);
    const q = parseOrThrow(failedQuery, req.query, 'query');
    const rows = await listFailedEvents(db, shop.id, q);
    res.json({ failedEvents: rows.map((r) => ({ id: r.id, receivedAt: r.received_at, reason: r.reason, message: r.message, payload: r.payload })) });
  });
  return router;
}
