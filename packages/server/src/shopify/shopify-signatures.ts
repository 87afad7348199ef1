import { createHmac, timingSafeEqual } from 'node:crypto';

// The three ways Shopify signs what it sends an app, all HMAC-SHA256 with the
// app's client secret. Each compares in constant time.

const hmac = (secret: string, message: string | Buffer) => createHmac('sha256', secret).update(message).digest();

function equalDigest(expected: Buffer, given: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(expected, given);
}

/**
 * A webhook's `X-Shopify-Hmac-Sha256`: the base64 HMAC-SHA256 of the raw body
 * bytes. The body must be the bytes as received: parsed and serialized again,
 * it no longer matches.
 * @example verifyWebhookHmac('secret', rawBody, req.get('x-shopify-hmac-sha256')) // => true
 */
export function verifyWebhookHmac(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !/^[A-Za-z0-9+/]+={0,2}$/.test(header.trim())) return false;
  return equalDigest(hmac(secret, rawBody), Buffer.from(header.trim(), 'base64'));
}

/** What a local peer sends as `X-Shopify-Hmac-Sha256` for these bytes. */
export function webhookHmac(secret: string, rawBody: Buffer | string): string {
  return hmac(secret, rawBody).toString('base64');
}

/** Sorts by the bytes of the UTF-8 text (not `localeCompare`, which orders `-` and `_`, `Z` and `a` otherwise). */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * The message of an OAuth redirect's `hmac` (install, callback): every query
 * parameter but `hmac` (and `signature`), sorted by key, form-encoded as
 * `key=value` pairs joined by `&`. For the values Shopify sends (`code`,
 * `shop`, `state`, `timestamp`) the encoding changes nothing and this is
 * Shopify's documented message; `host` is base64, whose `=` padding is
 * encoded as `%3D`, as @shopify/shopify-api signs it.
 * @example oauthQueryMessage(new URLSearchParams('shop=a.myshopify.com&code=c&timestamp=1&hmac=x')) // => 'code=c&shop=a.myshopify.com&timestamp=1'
 */
export function oauthQueryMessage(query: URLSearchParams): string {
  const pairs: [string, string][] = [];
  for (const [k, v] of query) if (k !== 'hmac' && k !== 'signature') pairs.push([k, v]);
  pairs.sort((a, b) => byteOrder(a[0], b[0]) || byteOrder(a[1], b[1]));
  return new URLSearchParams(pairs).toString();
}

/** True when the query's hex `hmac` matches its other parameters. */
export function verifyOAuthQuery(secret: string, query: URLSearchParams): boolean {
  const given = query.get('hmac') ?? '';
  if (!/^[0-9a-f]{64}$/i.test(given) || query.getAll('hmac').length !== 1) return false;
  return equalDigest(hmac(secret, oauthQueryMessage(query)), Buffer.from(given, 'hex'));
}

/** The hex `hmac` a local peer puts on an OAuth redirect. */
export function oauthQueryHmac(secret: string, query: URLSearchParams): string {
  return hmac(secret, oauthQueryMessage(query)).toString('hex');
}

/**
 * The message of an app proxy request's `signature`: every parameter but
 * `signature` as `key=value`, a repeated key's values joined by commas in the
 * order sent, the pairs sorted by byte order and concatenated with no
 * separator. (@shopify/shopify-api 13 sorts with `localeCompare`, which
 * rejects valid requests with mixed-case keys or `-` beside `_`.)
 * @example appProxyMessage(new URLSearchParams('extra=1&extra=2&shop=s.myshopify.com&timestamp=1'))
 * // => 'extra=1,2shop=s.myshopify.comtimestamp=1'
 */
export function appProxyMessage(query: URLSearchParams): string {
  const values = new Map<string, string[]>();
  for (const [k, v] of query) {
    if (k === 'signature') continue;
    values.set(k, [...(values.get(k) ?? []), v]);
  }
  return [...values].map(([k, vs]) => `${k}=${vs.join(',')}`).sort(byteOrder).join('');
}

/** The hex `signature` a local peer (or Shopify) puts on an app proxy request. */
export function appProxySignature(secret: string, query: URLSearchParams): string {
  return hmac(secret, appProxyMessage(query)).toString('hex');
}

export type AppProxyCheck = { ok: true } | { ok: false; code: 'bad_signature' | 'stale' };

/** How old a proxied request may be: Shopify signs it as it forwards it. */
export const APP_PROXY_MAX_AGE_SECONDS = 5 * 60;

/**
 * Checks an app proxy request's `signature` and that its `timestamp` is at
 * most five minutes old (a minute ahead is allowed for clock skew).
 * @example verifyAppProxyQuery('hush', new URLSearchParams(query), Date.now()) // => { ok: true }
 */
export function verifyAppProxyQuery(secret: string, query: URLSearchParams, now: number): AppProxyCheck {
  const given = query.getAll('signature');
  if (given.length !== 1 || !/^[0-9a-f]{64}$/i.test(given[0]!)) return { ok: false, code: 'bad_signature' };
  if (!equalDigest(hmac(secret, appProxyMessage(query)), Buffer.from(given[0]!, 'hex'))) return { ok: false, code: 'bad_signature' };
  const timestamp = Number(query.get('timestamp'));
  const age = now / 1000 - timestamp;
  if (!Number.isFinite(timestamp) || age > APP_PROXY_MAX_AGE_SECONDS || age < -60) return { ok: false, code: 'stale' };
  return { ok: true };
}
