import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { DEFAULT_FAILED_EVENT_RETENTION_DAYS } from '../ingest/index.js';
import type { ScoreSettings } from '../profiles/index.js';
import { updateShopSettings, type ShopSettings } from '../shops/index.js';
import { listAuditEntries } from './audit.repository.js';
import { eraseCustomer, liftSuppression } from './erase-customer.service.js';
import { eraseShop } from './erase-shop.service.js';
import { exportCustomer } from './export-customer.service.js';
import { customerExportZip } from './customer-export-csv.js';
import { customerSelectorSchema } from './customer-selector.schema.js';
import type { CustomerSelector } from './identifiers.js';

const shopDeletion = z.object({ confirm: z.string() }).strict();
// `format=zip`: CSV files of each kind of record, with the JSON document beside them.
const exportQuery = z.object({ format: z.enum(['json', 'zip']).default('json') }).passthrough();
// null: keep events until erased (raw events), back to the 30-day default (failed events).
const retention = z
  .object({ eventRetentionDays: z.number().int().min(1).max(3650).nullable(), failedEventRetentionDays: z.number().int().min(1).max(3650).nullable() })
  .partial()
  .strict();
const retentionOf = (settings: ShopSettings) => ({
  eventRetentionDays: settings.eventRetentionDays ?? null,
  failedEventRetentionDays: settings.failedEventRetentionDays ?? DEFAULT_FAILED_EVENT_RETENTION_DAYS,
});

/**
 * Customer data rights and shop deletion (admin key as Bearer; mounted under
 * the one `/v1/admin` authentication):
 * `POST /v1/admin/customers/erase`, `GET /v1/admin/customers/export?email=…[&format=zip]`,
 * `DELETE /v1/admin/suppressions`, `GET /v1/admin/privacy/audit`,
 * `GET|PUT /v1/admin/privacy/retention` (days raw and failed events are kept,
 * applied by the event-maintenance job), `DELETE /v1/admin/shop` with
 * `{ "confirm": "<shop id>" }`.
 */
export function adminPrivacyRoutes(db: Db): Router {
  const router = Router();

  router.post('/v1/admin/customers/erase', async function postErase(req, res) {
    const who: CustomerSelector = parseOrThrow(customerSelectorSchema, req.body ?? {}, 'request body');
    res.json(await eraseCustomer(db, adminShop(res).id, who, 'admin-api'));
  });

  router.get('/v1/admin/customers/export', async function getExport(req, res) {
    const shop = adminShop(res);
    const { format, ...selector } = parseOrThrow(exportQuery, req.query, 'query');
    const who: CustomerSelector = parseOrThrow(customerSelectorSchema, selector, 'query');
    const doc = await exportCustomer(db, shop.id, who, shop.settings as ScoreSettings, 'admin-api');
    if (format === 'zip') {
      res.setHeader('Content-Disposition', 'attachment; filename="customer-export.zip"');
      return res.type('application/zip').send(customerExportZip(doc));
    }
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

  router.get('/v1/admin/privacy/retention', function getRetention(_req, res) {
    res.json(retentionOf(adminShop(res).settings));
  });

  router.put('/v1/admin/privacy/retention', async function putRetention(req, res) {
    const patch = parseOrThrow(retention, req.body ?? {}, 'request body');
    const shop = await updateShopSettings(db, adminShop(res).id, patch);
    if (!shop) throw new HttpError(404, 'shop_not_found', 'The shop no longer exists.');
    res.json(retentionOf(shop.settings));
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
