import { Router, type Request, type Response } from 'express';
import type { ShopifyConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { sendError } from '../http/errors.js';
import type { Logger } from '../logger.js';
import { authorizeUrl, completeInstall, embeddedAppUrl, exchangeCode, newNonce, shopDomainFrom, signInstallState, verifyInstallState } from './install.service.js';
import { verifyOAuthQuery } from './shopify-signatures.js';

const NONCE_COOKIE = 'vitrina_shopify_nonce';

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** The query exactly as sent, every repeated key kept (express's parsed `req.query` merges them). */
const rawQuery = (req: Request) => new URLSearchParams(req.originalUrl.split('?')[1] ?? '');

/**
 * The install: `GET /shopify/auth?shop=x.myshopify.com` sends the merchant to
 * Shopify's authorize page with a signed state whose nonce is also set in a
 * cookie; `GET /shopify/auth/callback` checks the query's HMAC, the state and
 * the nonce, exchanges the code for expiring offline tokens, creates (or, on
 * a reinstall, reactivates) the Vitrina shop, and sends the merchant to the
 * app in their Shopify admin.
 */
export function installRoutes(db: Db, opts: { config: ShopifyConfig; secretKey: Buffer; logger: Logger }): Router {
  const { config, secretKey, logger } = opts;
  const router = Router();
  const secure = config.appUrl.startsWith('https://');

  router.get('/shopify/auth', function beginInstall(req: Request, res: Response) {
    const shop = shopDomainFrom(rawQuery(req).get('shop'));
    if (!shop) return sendError(res, 400, 'invalid_shop', 'Send the shop as ?shop=your-store.myshopify.com.');
    const nonce = newNonce();
    // Lax: the cookie comes back on Shopify's top-level redirect to the callback.
    res.cookie(NONCE_COOKIE, nonce, { httpOnly: true, secure, sameSite: 'lax', path: '/shopify/auth', maxAge: 10 * 60 * 1000 });
    res.set('Cache-Control', 'no-store');
    res.redirect(302, authorizeUrl(config, shop, signInstallState(config.apiSecret, shop, nonce)));
  });

  router.get('/shopify/auth/callback', async function finishInstall(req: Request, res: Response) {
    const query = rawQuery(req);
    res.set('Cache-Control', 'no-store');
    if (!verifyOAuthQuery(config.apiSecret, query)) return sendError(res, 401, 'invalid_hmac', 'The callback is not signed by Shopify.');
    const shop = shopDomainFrom(query.get('shop'));
    const code = query.get('code');
    if (!shop || !code || code.length > 500) return sendError(res, 400, 'invalid_callback', 'The callback has no valid shop or code.');
    if (!verifyInstallState(config.apiSecret, query.get('state') ?? '', shop, readCookie(req, NONCE_COOKIE))) {
      return sendError(res, 403, 'invalid_state', 'This install link has expired or was started in another browser; start the install again.');
    }
    res.clearCookie(NONCE_COOKIE, { path: '/shopify/auth' });
    const exchanged = await exchangeCode(config, shop, code, logger);
    if (!exchanged.ok) return sendError(res, 502, exchanged.code, 'Shopify did not grant an access token; start the install again.');
    const installed = await completeInstall(db, secretKey, shop, exchanged.tokens);
    logger.info('shopify app installed', { shop, shopId: installed.shopId, created: installed.created });
    res.redirect(302, embeddedAppUrl(config, shop, query.get('host') ?? undefined));
  });
  return router;
}
