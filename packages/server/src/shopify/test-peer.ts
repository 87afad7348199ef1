import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appProxySignature, oauthQueryHmac, webhookHmac } from './shopify-signatures.js';

// A local stand-in for Shopify in tests: it signs webhook deliveries, OAuth
// redirects and app proxy requests with the same algorithms Shopify uses, and
// serves the token endpoint. Nothing here is a mock of Vitrina's own code.

export const TEST_API_KEY = 'vitrina-test-client-id';
export const TEST_API_SECRET = 'shpss_test_secret_0123456789abcdef';
export const TEST_APP_URL = 'https://vitrina.test';

/** Server environment for a configured Shopify app (a fresh VITRINA_SECRET_KEY each time). */
export function shopifyTestEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    VITRINA_SECRET_KEY: randomBytes(32).toString('base64'),
    VITRINA_PUBLIC_URL: TEST_APP_URL,
    ...extra,
  };
}

export interface Delivery {
  headers: Record<string, string>;
  /** The raw bytes Shopify sends (and signs). */
  body: string;
}

/**
 * A webhook delivery as Shopify builds it: the JSON body, its base64
 * HMAC-SHA256 with the app secret, and Shopify's headers. Retries of one event
 * keep its event id and webhook id (pass the same `eventId`).
 */
export function signedDelivery(opts: { topic: string; domain: string; body: unknown; eventId?: string; triggeredAt?: Date; secret?: string; apiVersion?: string }): Delivery {
  const body = JSON.stringify(opts.body);
  const eventId = opts.eventId ?? randomUUID();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': opts.topic,
      'x-shopify-hmac-sha256': webhookHmac(opts.secret ?? TEST_API_SECRET, body),
      'x-shopify-shop-domain': opts.domain,
      'x-shopify-event-id': eventId,
      'x-shopify-webhook-id': `wh-${eventId}`,
      'x-shopify-triggered-at': (opts.triggeredAt ?? new Date()).toISOString(),
      'x-shopify-api-version': opts.apiVersion ?? '2026-10',
    },
  };
}

export function deliver(serverUrl: string, d: Delivery): Promise<Response> {
  return fetch(`${serverUrl}/shopify/webhooks`, { method: 'POST', headers: d.headers, body: d.body });
}

/** A signed app proxy URL on this server, as Shopify forwards a storefront's `/apps/vitrina/...`. */
export function signedProxyUrl(serverUrl: string, path: string, params: [string, string][], secret = TEST_API_SECRET): string {
  const q = new URLSearchParams(params);
  q.append('signature', appProxySignature(secret, q));
  return `${serverUrl}/shopify/proxy${path}?${q}`;
}

export interface TokenPeer {
  url: string;
  /** Bodies the token endpoint received. */
  requests: Record<string, unknown>[];
  /** Issues a one-time authorization code for a shop (what Shopify puts on the callback). */
  issueCode(shop: string): string;
  /** Makes the next token request fail with this status. */
  failNext(status: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Shopify's token endpoint (`POST /admin/oauth/access_token`): checks the
 * client id and secret and a one-time code, and answers an expiring offline
 * token (an hour, with a refresh token valid 90 days) when asked `expiring=1`.
 */
export async function startTokenPeer(): Promise<TokenPeer> {
  const codes = new Map<string, string>();
  const requests: Record<string, unknown>[] = [];
  let failNext: number | undefined;
  const server: Server = createServer(async (req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/admin/oauth/access_token') return answer(404, { errors: 'Not Found' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return answer(400, { error: 'invalid_request' });
    }
    requests.push(body);
    if (failNext) {
      const status = failNext;
      failNext = undefined;
      return answer(status, { error: 'server_error' });
    }
    if (body.client_id !== TEST_API_KEY || body.client_secret !== TEST_API_SECRET) return answer(400, { error: 'invalid_client' });
    const shop = typeof body.code === 'string' ? codes.get(body.code) : undefined;
    if (!shop) return answer(400, { error: 'invalid_grant', error_description: 'authorization code was not found or was already used' });
    codes.delete(body.code as string);
    const expiring = body.expiring === 1 || body.expiring === '1';
    answer(200, {
      access_token: `shpat_${randomBytes(16).toString('hex')}`,
      scope: 'read_orders,read_products,read_customers,write_app_proxy',
      ...(expiring ? { expires_in: 3600, refresh_token: `shprt_${randomBytes(16).toString('hex')}`, refresh_token_expires_in: 90 * 86400 } : {}),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issueCode(shop) {
      const code = randomBytes(16).toString('hex');
      codes.set(code, shop);
      return code;
    },
    failNext(status) {
      failNext = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The callback query Shopify sends after the merchant approves: code, host, shop, state, timestamp and their hmac. */
export function signedCallbackQuery(opts: { shop: string; code: string; state: string; host?: string; secret?: string; timestamp?: number }): URLSearchParams {
  const q = new URLSearchParams({
    code: opts.code,
    host: opts.host ?? Buffer.from(`admin.shopify.com/store/${opts.shop.split('.')[0]}`).toString('base64'),
    shop: opts.shop,
    state: opts.state,
    timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  q.append('hmac', oauthQueryHmac(opts.secret ?? TEST_API_SECRET, q));
  return q;
}

/**
 * Installs the app on `shop` the way a merchant does: /shopify/auth, then
 * Shopify's redirect back to the callback with a code the peer will accept.
 * Returns the callback's answer.
 */
export async function installApp(serverUrl: string, peer: TokenPeer, shop: string): Promise<Response> {
  const begin = await fetch(`${serverUrl}/shopify/auth?shop=${shop}`, { redirect: 'manual' });
  if (begin.status !== 302) throw new Error(`install did not redirect: ${begin.status}`);
  const state = new URL(begin.headers.get('location')!).searchParams.get('state')!;
  const cookie = begin.headers.get('set-cookie')!.split(';')[0]!;
  const query = signedCallbackQuery({ shop, code: peer.issueCode(shop), state });
  return fetch(`${serverUrl}/shopify/auth/callback?${query}`, { redirect: 'manual', headers: { cookie } });
}

let orderSeq = 0;

/** An `orders/*` payload shaped as Shopify sends it (the fields Vitrina reads, and a few it does not). */
export function orderPayload(o: {
  id?: number;
  number?: number;
  customerId?: number | null;
  email?: string | null;
  updatedAt: Date;
  createdAt?: Date;
  financialStatus?: string;
  cancelledAt?: Date | null;
  lines?: { productId: number; title: string; quantity: number; price: string }[];
  fulfillments?: { createdAt: Date; trackingNumber?: string; company?: string; shipmentStatus?: string | null }[];
  address?: Record<string, string> | null;
  total?: string;
}): Record<string, unknown> {
  const n = o.number ?? 1000 + ++orderSeq;
  const lines = o.lines ?? [{ productId: 632910392, title: 'IPod Nano - 8GB', quantity: 1, price: '199.00' }];
  const createdAt = o.createdAt ?? new Date(o.updatedAt.getTime() - 60_000);
  return {
    id: o.id ?? 5_000_000_000_000 + n,
    admin_graphql_api_id: `gid://shopify/Order/${o.id ?? 5_000_000_000_000 + n}`,
    name: `#${n}`,
    order_number: n,
    email: o.email ?? null,
    contact_email: o.email ?? null,
    created_at: createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    processed_at: createdAt.toISOString(),
    cancelled_at: o.cancelledAt ? o.cancelledAt.toISOString() : null,
    financial_status: o.financialStatus ?? 'paid',
    fulfillment_status: o.fulfillments?.length ? 'fulfilled' : null,
    currency: 'USD',
    total_price: o.total ?? lines.reduce((s, l) => s + Number(l.price) * l.quantity, 0).toFixed(2),
    browser_ip: '198.51.100.7',
    customer: o.customerId ? { id: o.customerId, email: o.email ?? null, first_name: 'Ann', last_name: 'Quix', phone: null } : null,
    shipping_address:
      o.address === null ? null : { first_name: 'Ann', last_name: 'Quix', name: 'Ann Quix', address1: '12 Ossory Lane', city: 'Ottawa', zip: 'K1A 0B1', country: 'Canada', country_code: 'CA', phone: '+1 613 555 0100', ...o.address },
    line_items: lines.map((l, i) => ({ id: 9_000_000 + n * 10 + i, product_id: l.productId, variant_id: l.productId * 10, title: l.title, name: l.title, quantity: l.quantity, price: l.price, sku: `SKU-${l.productId}` })),
    fulfillments: (o.fulfillments ?? []).map((f, i) => ({
      id: 7_000_000 + n * 10 + i,
      status: 'success',
      created_at: f.createdAt.toISOString(),
      updated_at: f.createdAt.toISOString(),
      shipment_status: f.shipmentStatus ?? null,
      tracking_company: f.company ?? 'UPS',
      tracking_number: f.trackingNumber ?? `1Z${n}`,
    })),
    shipping_lines: [{ title: 'Standard Shipping' }],
    payment_gateway_names: ['shopify_payments'],
  };
}

/** A `products/*` payload shaped as Shopify sends it. */
export function productPayload(p: { id: number; title: string; updatedAt: Date; price?: string; status?: string; inventory?: number; vendor?: string; type?: string; tags?: string }): Record<string, unknown> {
  return {
    id: p.id,
    admin_graphql_api_id: `gid://shopify/Product/${p.id}`,
    title: p.title,
    body_html: '<p>It is good.</p>',
    vendor: p.vendor ?? 'Apple',
    product_type: p.type ?? 'Cult Products',
    handle: p.title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    status: p.status ?? 'active',
    tags: p.tags ?? 'Emotive, Flash Memory',
    created_at: new Date(p.updatedAt.getTime() - 86_400_000).toISOString(),
    updated_at: p.updatedAt.toISOString(),
    variants: [{ id: p.id * 10, price: p.price ?? '199.00', inventory_quantity: p.inventory ?? 10, inventory_management: 'shopify', inventory_policy: 'deny' }],
    image: { src: `https://cdn.shopify.com/s/files/${p.id}.jpg` },
  };
}
