import { createHmac } from 'node:crypto';
import { isStorableText, type AccessLevel } from '@vitrina/protocol';
import { safeEqual, type Shop } from '../shops/index.js';

/** What a shopper's token grants: one shop, one e-mail's orders (or one order), until `exp`. */
export interface ServiceGrant {
  shopId: string;
  /** Lower-cased e-mail of the customer. */
  email: string;
  level: AccessLevel;
  /** Set at the `order` level: the only order the token reads. */
  orderId?: string;
  /** Seconds since the epoch. */
  exp: number;
}

export const TOKEN_TTL_SECONDS = 30 * 60;
export const LINK_TTL_SECONDS = 30 * 24 * 3600;

// A token and a link are signed for different purposes, so that one can never
// be replayed as the other.
type Purpose = 'service-token' | 'service-link';

function sign(secret: string, purpose: Purpose, payload: string): string {
  return createHmac('sha256', secret).update(`${purpose}.${payload}`).digest('base64url');
}

function encode(shop: Pick<Shop, 'id' | 'signing_secret'>, purpose: Purpose, grant: Omit<ServiceGrant, 'shopId'>): string {
  const body = { s: shop.id, e: grant.email, l: grant.level, x: grant.exp, ...(grant.orderId ? { o: grant.orderId } : {}) };
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(shop.signing_secret, purpose, payload)}`;
}

/**
 * The shop id a token or link claims to be for, read before its signature is
 * checked (to find the secret); none for one no shop id can be (a NUL), which
 * would fail the shop's lookup.
 */
export function readUnverifiedShopId(token: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { s?: unknown };
    return typeof payload.s === 'string' && isStorableText(payload.s) ? payload.s : undefined;
  } catch {
    return undefined;
  }
}

function decode(shop: Pick<Shop, 'id' | 'signing_secret'>, purpose: Purpose, token: string, now: number): ServiceGrant | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  if (!safeEqual(sign(shop.signing_secret, purpose, payload), signature)) return undefined;
  let body: { s?: string; e?: string; l?: AccessLevel; x?: number; o?: string };
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (body.s !== shop.id || typeof body.e !== 'string' || typeof body.x !== 'number' || !body.l) return undefined;
  if (body.x * 1000 <= now) return undefined;
  return { shopId: body.s, email: body.e, level: body.l, exp: body.x, ...(body.o ? { orderId: body.o } : {}) };
}

/**
 * A short-lived bearer token for the widget.
 * @example signServiceToken(shop, { email: 'anna@example.com', level: 'customer' }) // => 'eyJzIjoiZGVtbyIs...Q.9yq...'
 */
export function signServiceToken(shop: Pick<Shop, 'id' | 'signing_secret'>, grant: { email: string; level: AccessLevel; orderId?: string }, now = Date.now()): { token: string; exp: number } {
  const exp = Math.floor(now / 1000) + TOKEN_TTL_SECONDS;
  return { token: encode(shop, 'service-token', { ...grant, exp }), exp };
}

export function verifyServiceToken(shop: Pick<Shop, 'id' | 'signing_secret'>, token: string, now = Date.now()): ServiceGrant | undefined {
  return decode(shop, 'service-token', token, now);
}

/**
 * The proof put in links of notification e-mails: whoever opens it reads the
 * mailbox, so it grants the `verified` level.
 */
export function signServiceLink(shop: Pick<Shop, 'id' | 'signing_secret'>, email: string, now = Date.now()): string {
  return encode(shop, 'service-link', { email: email.toLowerCase(), level: 'verified', exp: Math.floor(now / 1000) + LINK_TTL_SECONDS });
}

export function verifyServiceLink(shop: Pick<Shop, 'id' | 'signing_secret'>, link: string, now = Date.now()): ServiceGrant | undefined {
  return decode(shop, 'service-link', link, now);
}
