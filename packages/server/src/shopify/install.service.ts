import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ShopifyConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { safeEqual, createShop } from '../shops/index.js';
import { sealSecret } from './sealed-secret.js';
import { findShopifyShopByDomainForUpdate, insertShopifyShop, reactivateShopifyShop, type SealedTokens } from './shopify-shops.repository.js';

/**
 * A shop's myshopify.com domain, lower-cased, or undefined for anything else
 * (a custom domain, a path, another host): the install redirects there, so
 * only Shopify's own hosts are accepted.
 * @example shopDomainFrom('Lantern-Co.myshopify.com') // => 'lantern-co.myshopify.com'
 */
export function shopDomainFrom(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const domain = value.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/.test(domain) ? domain : undefined;
}

const STATE_TTL_SECONDS = 10 * 60;

/**
 * The `state` of an authorize redirect: the shop, a nonce (also set in a
 * cookie on the merchant's browser) and an expiry, signed with the app secret.
 * The callback accepts it only from the browser that holds the nonce, for the
 * shop it names, within ten minutes.
 */
export function signInstallState(secret: string, shop: string, nonce: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ s: shop, n: nonce, x: Math.floor(now / 1000) + STATE_TTL_SECONDS })).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(`shopify-state.${payload}`).digest('base64url')}`;
}

/** True when `state` was signed by this app, for `shop`, with this nonce, and has not expired. */
export function verifyInstallState(secret: string, state: string, shop: string, nonce: string | undefined, now = Date.now()): boolean {
  const [payload, mac, extra] = state.split('.');
  if (!payload || !mac || extra !== undefined || !nonce) return false;
  if (!safeEqual(createHmac('sha256', secret).update(`shopify-state.${payload}`).digest('base64url'), mac)) return false;
  try {
    const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { s?: unknown; n?: unknown; x?: unknown };
    return body.s === shop && typeof body.n === 'string' && safeEqual(body.n, nonce) && typeof body.x === 'number' && body.x * 1000 > now;
  } catch {
    return false;
  }
}

export const newNonce = () => randomBytes(18).toString('base64url');

/**
 * Where the merchant approves the app: Shopify's authorize page for an
 * offline token (no `grant_options[]=per-user`), with our scopes and callback.
 * @example authorizeUrl(config, 'x.myshopify.com', state) // => 'https://x.myshopify.com/admin/oauth/authorize?client_id=...&scope=read_orders%2C...&redirect_uri=...&state=...'
 */
export function authorizeUrl(config: ShopifyConfig, shop: string, state: string): string {
  const q = new URLSearchParams({ client_id: config.apiKey, scope: config.scopes.join(','), redirect_uri: `${config.appUrl}/shopify/auth/callback`, state });
  return `https://${shop}/admin/oauth/authorize?${q}`;
}

/**
 * Where the merchant lands after the install: the app inside their Shopify
 * admin. `host` (base64 of the admin's host and path, sent on the callback)
 * names it when it is one of Shopify's; else the shop's own admin URL.
 */
export function embeddedAppUrl(config: ShopifyConfig, shop: string, host: string | undefined): string {
  const decoded = host ? Buffer.from(host, 'base64').toString('utf8') : '';
  if (/^admin\.shopify\.com\/store\/[a-z0-9][a-z0-9-]*$/.test(decoded) || decoded === `${shop}/admin`) return `https://${decoded}/apps/${config.apiKey}`;
  return `https://${shop}/admin/apps/${config.apiKey}`;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(1000),
  scope: z.string().max(2000).default(''),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).max(1000).optional(),
  refresh_token_expires_in: z.number().int().positive().optional(),
});

export interface OfflineTokens {
  scopes: string;
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

export type TokenExchange = { ok: true; tokens: OfflineTokens } | { ok: false; code: 'token_exchange_failed'; status: number | null };

/**
 * Exchanges the callback's authorization code for an expiring offline token
 * (`expiring=1`: an access token for an hour and a refresh token), at
 * `https://{shop}/admin/oauth/access_token` (or the configured test peer).
 * @example await exchangeCode(config, 'x.myshopify.com', code) // => { ok: true, tokens: { accessToken: 'shpat_...', accessTokenExpiresAt: <in 1 h>, refreshToken: 'shprt_...', ... } }
 */
export async function exchangeCode(config: ShopifyConfig, shop: string, code: string, logger: Logger, now = Date.now()): Promise<TokenExchange> {
  const origin = config.adminOriginOverride ?? `https://${shop}`;
  let res: Response;
  try {
    res = await fetch(`${origin}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: config.apiKey, client_secret: config.apiSecret, code, expiring: 1 }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    logger.warn('shopify token exchange unreachable', { shop, err });
    return { ok: false, code: 'token_exchange_failed', status: null };
  }
  const parsed = tokenResponseSchema.safeParse(await res.json().catch(() => undefined));
  if (!res.ok || !parsed.success) {
    logger.warn('shopify token exchange refused', { shop, status: res.status });
    return { ok: false, code: 'token_exchange_failed', status: res.status };
  }
  const t = parsed.data;
  const at = (seconds: number | undefined) => (seconds ? new Date(now + seconds * 1000) : null);
  return {
    ok: true,
    tokens: { scopes: t.scope, accessToken: t.access_token, accessTokenExpiresAt: at(t.expires_in), refreshToken: t.refresh_token ?? null, refreshTokenExpiresAt: at(t.refresh_token_expires_in) },
  };
}

function sealTokens(key: Buffer, shopId: string, t: OfflineTokens): SealedTokens {
  return {
    scopes: t.scopes,
    accessToken: sealSecret(key, t.accessToken, `${shopId}:access_token`),
    accessTokenExpiresAt: t.accessTokenExpiresAt,
    refreshToken: t.refreshToken ? sealSecret(key, t.refreshToken, `${shopId}:refresh_token`) : null,
    refreshTokenExpiresAt: t.refreshTokenExpiresAt,
  };
}

/** Another install of the same new domain linked it first: start again and reactivate that one. */
class DomainTaken extends Error {}

/**
 * Links the install to a Vitrina shop: the domain's shop if it has one (a
 * reinstall after an uninstall reactivates it, with its data), else a new
 * shop (createShop: fresh write and admin keys) named after the domain.
 * Tokens are stored sealed.
 * @example await completeInstall(db, key, 'x.myshopify.com', tokens) // => { shopId: 'shop_8Kd2...', created: true }
 */
export async function completeInstall(db: Db, key: Buffer, domain: string, tokens: OfflineTokens): Promise<{ shopId: string; created: boolean }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (tx) => {
        const existing = await findShopifyShopByDomainForUpdate(tx, domain);
        if (existing) {
          await reactivateShopifyShop(tx, existing.shop_id, sealTokens(key, existing.shop_id, tokens));
          return { shopId: existing.shop_id, created: false };
        }
        const shop = await createShop(tx, { name: domain });
        if (!(await insertShopifyShop(tx, shop.shop_id, domain, sealTokens(key, shop.shop_id, tokens)))) throw new DomainTaken();
        return { shopId: shop.shop_id, created: true };
      });
    } catch (err) {
      if (!(err instanceof DomainTaken) || attempt > 0) throw err;
    }
  }
}
