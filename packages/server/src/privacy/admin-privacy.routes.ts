import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import type { ScoreSettings } from '../profiles/scores.js';
import { listAuditEntries } from './audit.repository.js';
import { eraseCustomer, liftSuppression } from './erase-customer.service.js';
import { eraseShop } from './erase-shop.service.js';
import { exportCustomer } from './export-customer.service.js';
import { customerSelectorSchema } from './customer-selector.schema.js';
import type { CustomerSelector } from './identifiers.js';

const shopDeletion = z.object({ confirm: z.string() }).strict();

/**
 * Customer data rights and shop deletion (admin key as Bearer; mounted under
 * the one `/v1/admin` authentication):
 * `POST /v1/admin/customers/erase`, `GET /v1/admin/customers/export?email=…`,
 * `DELETE /v1/admin/suppressions`, `GET /v1/admin/privacy/audit`,
 * `DELETE /v1/admin/shop` with `{ "confirm": "<shop id>" }`.
 */
export function adminPrivacyRoutes(db: Db): Router {
  const router = Router();

  router.post('/v1/admin/customers/erase', async function postErase(req, res) {
    const who: CustomerSelector = parseOrThrow(customerSelectorSchema, req.body ?? {}, 'request body');
    res.json(await eraseCustomer(db, adminShop(res).id, who, 'admin-api'));
  });

  router.get('/v1/admin/customers/export', async function getExport(req, res) {
    const shop = adminShop(res);
    const who: CustomerSelector = parseOrThrow(customerSelectorSchema, req.query, 'query');
    const doc = await exportCustomer(db, shop.id, who, shop.settings as ScoreSettings, 'admin-api');
    res.setHeader('Content-Disposition', 'attachment; filename="customer-export.json"');
    res.json(doc);
  });

  router.delete('/v1/admin/suppressions', async function deleteSuppression(req, res) {
    const who: CustomerSelector = parseOrThrow(customerSelectorSchema, req.body ?? {}, 'request body');
    res.json({ lifted: await liftSuppression(db, adminShop(res).id, who, 'admin-api') });
  });

  router.get('/v1/admin/privacy/audit', async function getAudit(_req, res) {
    res.json({ entries: await listAuditEntries(db, adminShop(res).id) });
  });

  router.delete('/v1/admin/shop', async function deleteShop(req, res) {
    const shop = adminShop(res);
    const { confirm } = parseOrThrow(shopDeletion, req.body ?? {}, 'request body');
    if (confirm !== shop.id) throw new HttpError(400, 'confirmation_mismatch', `Deleting the shop erases all of its data; send { "confirm": "${shop.id}" } to confirm.`);
    const result = await eraseShop(db, shop.id, 'admin-api');
    if (!result.ok) throw new HttpError(404, result.code, 'The shop no longer exists.');
    res.json({ deleted: shop.id, rows: result.rows });
  });
  return router;
}
