import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { deleteDataRequest, listDataRequests } from './data-requests.repository.js';
import { findShopifyShopByShopId } from './shopify-shops.repository.js';
import { countInboxRows } from './webhook-inbox.repository.js';

const requestId = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/**
 * The merchant's view of the Shopify link (admin key as Bearer, under the one
 * `/v1/admin` authentication): `GET /v1/admin/shopify` (domain, status,
 * scopes, token expiry and the webhook inbox's counts; never a token),
 * `GET /v1/admin/shopify/data-requests` (the exports Shopify's
 * `customers/data_request` produced, to hand to the customer) and
 * `DELETE /v1/admin/shopify/data-requests/:id` once handed over.
 */
export function adminShopifyRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/admin/shopify', async function getShopifyLink(_req, res) {
    const shop = adminShop(res);
    const link = await findShopifyShopByShopId(db, shop.id);
    if (!link) throw new HttpError(404, 'not_installed', 'This shop was not installed from Shopify.');
    res.json({
      domain: link.myshopify_domain,
      status: link.status,
      installedAt: link.installed_at,
      uninstalledAt: link.uninstalled_at,
      scopes: link.scopes ? link.scopes.split(',') : [],
      accessTokenExpiresAt: link.access_token_expires_at,
      refreshTokenExpiresAt: link.refresh_token_expires_at,
      webhooks: await countInboxRows(db, shop.id),
    });
  });
  router.get('/v1/admin/shopify/data-requests', async function getDataRequests(_req, res) {
    res.json({ dataRequests: await listDataRequests(db, adminShop(res).id) });
  });
  router.delete('/v1/admin/shopify/data-requests/:id', async function removeDataRequest(req, res) {
    const { id } = parseOrThrow(requestId, req.params, 'path');
    if (!(await deleteDataRequest(db, adminShop(res).id, id))) throw new HttpError(404, 'not_found', 'No such data request.');
    res.status(204).end();
  });
  return router;
}
