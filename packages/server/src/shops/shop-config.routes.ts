import { consentModes, type ShopConfig } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { requireAllowedOrigin } from '../ingest/index.js';
import { updateShopSettings } from './shops.repository.js';
import type { ShopSettings } from './shops.table.js';

const consentBody = z.object({ consentMode: z.enum(consentModes) }).strict();

/** `https://shop.example` or `http://localhost:8080`: a scheme, a host, maybe a port; no path. */
const origin = z
  .string()
  .trim()
  .max(200)
  .transform((s, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(s);
    } catch {
      url = undefined;
    }
    // URL keeps a trailing slash as the path "/": the same origin, written the way browsers do not send it.
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || `${url.origin}/` !== url.href.replace(/\/?$/, '/') || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'an origin: https://host or https://host:port, without a path' });
      return z.NEVER;
    }
    return url.origin;
  });
const originsBody = z.object({ origins: z.array(origin).max(50) }).strict();

/** The shop's configuration as the storefront sees it. */
export function shopConfigOf(settings: ShopSettings): ShopConfig {
  return { consent: settings.consentMode ?? 'opt-in' };
}

/**
 * `GET /v1/config?writeKey=` (public, cached five minutes: it names no
 * shopper), which the SDK reads before tracking unless the page sets its
 * consent mode itself; `GET|PUT /v1/admin/settings/consent` and
 * `GET|PUT /v1/admin/settings/allowed-origins` (the storefront origins that
 * may call the public API; none listed lets any) for the merchant.
 * @example GET /v1/config?writeKey=wk_demo // => { consent: 'opt-in' }
 */
export function shopConfigRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/config', async function getConfig(req, res) {
    const shop = await requireShopByWriteKey(db, req);
    requireAllowedOrigin(req, shop);
    res.set('Cache-Control', 'public, max-age=300');
    res.json(shopConfigOf(shop.settings));
  });

  router.get('/v1/admin/settings/consent', function getConsent(_req, res) {
    res.json({ consentMode: shopConfigOf(adminShop(res).settings).consent });
  });

  router.put('/v1/admin/settings/consent', async function putConsent(req, res) {
    const { consentMode } = parseOrThrow(consentBody, req.body ?? {}, 'request body');
    const shop = await updateShopSettings(db, adminShop(res).id, { consentMode });
    if (!shop) throw new HttpError(404, 'shop_not_found', 'The shop no longer exists.');
    res.json({ consentMode: shopConfigOf(shop.settings).consent });
  });

  router.get('/v1/admin/settings/allowed-origins', function getAllowedOrigins(_req, res) {
    res.json({ origins: adminShop(res).settings.allowedOrigins ?? [] });
  });

  router.put('/v1/admin/settings/allowed-origins', async function putAllowedOrigins(req, res) {
    const { origins } = parseOrThrow(originsBody, req.body ?? {}, 'request body');
    const unique = [...new Set(origins)];
    // An empty list is no list: every origin may call again (the key is removed, not stored empty).
    const shop = await updateShopSettings(db, adminShop(res).id, { allowedOrigins: unique.length ? unique : null });
    if (!shop) throw new HttpError(404, 'shop_not_found', 'The shop no longer exists.');
    res.json({ origins: shop.settings.allowedOrigins ?? [] });
  });
  return router;
}
