import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { annaOrders, seedServiceShop, serviceClient, tokenFor } from '../service-center/test-fixtures.js';
import { signCustomerId } from '../shops/customer-signature.js';
import { findShopById } from '../shops/shops.repository.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';

// Postgres can neither store nor compare text holding U+0000: a query with one
// fails, and an unchecked id became a 500. Every route that takes an id or a
// text from outside must refuse it at the edge with a 4xx and the error body.
// Lone UTF-16 surrogates compare fine (they reach Postgres as U+FFFD) but
// must not be a 500 either.

let server: RunningServer;
let shop: CreatedShop;
let signingSecret: string;
let token: string;
let claimId: string;

beforeAll(async () => {
  server = await startTestServer();
  shop = await seedServiceShop(server.database.db, 'Unstorable', annaOrders);
  signingSecret = (await findShopById(server.database.db, shop.shop_id))!.signing_secret;
  const client = serviceClient(server.url, shop.write_key, '203.0.113.200');
  token = await tokenFor(client, '1001', 'anna.schmidt@example.com');
  const claim = await client.post('/v1/service/claims', token, { orderId: '1001', lineNo: 1, problem: 'The left ear cup crackles.' });
  claimId = ((await claim.json()) as { id: string }).id;
});
afterAll(() => server?.close());

type Auth = 'write' | 'basic' | 'admin' | 'token' | 'forged-token' | 'none';
interface Probe {
  method: string;
  path: string;
  auth: Auth;
  body?: Record<string, unknown>;
}
/** A bad character as it arrives in a URL (percent-encoded) and in a JSON body. */
interface Bad {
  name: string;
  url: string;
  text: string;
}

const nul: Bad = { name: 'NUL', url: '%00', text: '\u0000' };
// %ED%A0%80 is U+D800 as (invalid) UTF-8: URL decoding makes it U+FFFD or refuses it.
const surrogate: Bad = { name: 'a lone surrogate', url: '%ED%A0%80', text: '\ud800' };

const b64url = (s: string) => Buffer.from(s).toString('base64url');

/** Every route that hands an id or a text from the request to Postgres, with `b` placed in it. */
function probes(b: Bad): Probe[] {
  const wk = () => `writeKey=${shop.write_key}`;
  const signedId = `c${b.text}1`;
  const signed = () => `userId=c${b.url}1&signature=${signCustomerId({ signing_secret: signingSecret }, signedId)}`;
  const problem = 'The right ear cup is silent.';
  return [
    // Public, by write key.
    { method: 'GET', path: `/v1/profile?${wk()}&anonymousId=a${b.url}`, auth: 'none' },
    { method: 'GET', path: `/v1/profile?${wk()}&${signed()}`, auth: 'none' },
    { method: 'GET', path: `/v1/profile?writeKey=wk${b.url}`, auth: 'none' },
    { method: 'GET', path: `/v1/profile?anonymousId=a1`, auth: 'basic' },
    ...['showcase', 'cross-sell', 'reorder', 'up-sell'].flatMap((kind): Probe[] => [
      { method: 'GET', path: `/v1/recommendations/${kind}?${wk()}&anonymousId=a${b.url}`, auth: 'none' },
      { method: 'GET', path: `/v1/recommendations/${kind}?${wk()}&${signed()}`, auth: 'none' },
      { method: 'GET', path: `/v1/recommendations/${kind}?${wk()}&anonymousId=a1&products=p-hp,p${b.url}`, auth: 'none' },
      { method: 'GET', path: `/v1/recommendations/${kind}?writeKey=wk${b.url}`, auth: 'none' },
      { method: 'GET', path: `/v1/recommendations/${kind}?anonymousId=a1`, auth: 'basic' },
    ]),
    { method: 'GET', path: `/v1/products?${wk()}&ids=p-hp,p${b.url}`, auth: 'none' },
    { method: 'GET', path: `/v1/products?${wk()}&q=tea${b.url}`, auth: 'none' },
    { method: 'GET', path: `/v1/products?${wk()}&category=Tea${b.url}`, auth: 'none' },
    { method: 'POST', path: '/v1/service/lookup', auth: 'write', body: { orderNumber: `10${b.text}01`, email: 'anna.schmidt@example.com' } },
    { method: 'POST', path: '/v1/service/lookup', auth: 'write', body: { orderNumber: '1001', email: `anna.schmidt${b.text}@example.com` } },
    { method: 'POST', path: '/v1/service/lookup', auth: 'write', body: { orderNumber: '1001', postalCode: `80${b.text}331` } },
    { method: 'POST', path: '/v1/service/lookup', auth: 'none', body: { writeKey: `wk${b.text}`, orderNumber: '1001', email: 'anna.schmidt@example.com' } },
    { method: 'POST', path: '/v1/service/session', auth: 'none', body: { link: `${b64url(JSON.stringify({ s: `shop${b.text}` }))}.signature` } },
    // Shopper, by widget token.
    { method: 'GET', path: `/v1/service/orders/10${b.url}01`, auth: 'token' },
    { method: 'GET', path: `/v1/service/orders/10${b.url}01/warranty`, auth: 'token' },
    { method: 'GET', path: `/v1/service/claims/W-${b.url}`, auth: 'token' },
    { method: 'GET', path: '/v1/service/orders', auth: 'forged-token' },
    { method: 'POST', path: '/v1/service/claims', auth: 'token', body: { orderId: `10${b.text}01`, lineNo: 1, problem } },
    { method: 'POST', path: '/v1/service/claims', auth: 'token', body: { orderId: '1001', lineNo: 3, serialNumber: `SN-K-${b.text}`, problem } },
    { method: 'POST', path: '/v1/service/claims', auth: 'token', body: { orderId: '1001', lineNo: 4, problem: `${problem}${b.text}` } },
    { method: 'POST', path: '/v1/service/claims', auth: 'token', body: { orderId: '1001', lineNo: 4, problem, postalCode: `80${b.text}331` } },
    // Staff, by admin key.
    { method: 'GET', path: `/v1/admin/customers/c${b.url}1`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/customers?q=anna${b.url}`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/customers/c${b.url}1/recommendations`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/recommendations/cross-sell?products=p-hp,p${b.url}`, auth: 'admin' },
    { method: 'POST', path: '/v1/admin/recommendations/rules', auth: 'admin', body: { action: 'boost', target: 'brand', value: `Sonora${b.text}` } },
    { method: 'DELETE', path: `/v1/admin/recommendations/rules/1${b.url}`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/failed-events?reason=x${b.url}`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/service/customers?email=anna${b.url}@example.com`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/service/claims/W-${b.url}`, auth: 'admin' },
    { method: 'GET', path: `/v1/admin/service/claims/W-${b.url}/photo`, auth: 'admin' },
    { method: 'POST', path: `/v1/admin/service/claims/W-${b.url}/preview`, auth: 'admin', body: { status: 'accepted' } },
    { method: 'PATCH', path: `/v1/admin/service/claims/W-${b.url}`, auth: 'admin', body: { status: 'accepted', notify: false } },
    { method: 'POST', path: `/v1/admin/service/claims/${claimId}/preview`, auth: 'admin', body: { status: 'accepted', note: `ok${b.text}` } },
    { method: 'PATCH', path: `/v1/admin/service/claims/${claimId}`, auth: 'admin', body: { status: 'accepted', note: `ok${b.text}`, notify: false } },
    { method: 'PUT', path: '/v1/admin/service/templates/claim_status/en', auth: 'admin', body: { subject: `Hi${b.text}`, body: 'Your claim {{claimId}}' } },
    { method: 'PUT', path: `/v1/admin/service/templates/claim_status${b.url}/en`, auth: 'admin', body: { subject: 'Hi', body: 'Hi' } },
    { method: 'DELETE', path: `/v1/admin/service/templates/claim_status/en${b.url}`, auth: 'admin' },
    { method: 'PUT', path: '/v1/admin/service/settings', auth: 'admin', body: { mailFrom: `service${b.text}@shop.test` } },
    { method: 'GET', path: `/v1/admin/service-points/sp${b.url}`, auth: 'admin' },
    { method: 'PUT', path: `/v1/admin/service-points/sp${b.url}`, auth: 'admin', body: servicePoint('ignored', 'Point') },
    { method: 'DELETE', path: `/v1/admin/service-points/sp${b.url}`, auth: 'admin' },
    { method: 'POST', path: '/v1/admin/service-points', auth: 'admin', body: servicePoint(`sp-new-${b.name.length}`, `Point${b.text}`) },
    { method: 'PUT', path: '/v1/admin/service-points/sp-hamburg-any', auth: 'admin', body: servicePoint('sp-hamburg-any', 'Hamburg', `Hamburg${b.text}`) },
    { method: 'POST', path: `/v1/admin/orders/10${b.url}01/status`, auth: 'admin', body: { status: 'delivered', notify: false } },
    { method: 'POST', path: '/v1/admin/orders/1002/status', auth: 'admin', body: { status: 'delivered', note: `left${b.text}`, notify: false } },
    { method: 'POST', path: '/v1/admin/orders/1002/status', auth: 'admin', body: { status: 'delivered', carrier: `DHL${b.text}`, notify: false } },
  ];
}

function servicePoint(id: string, name: string, city = 'Hamburg') {
  return { id, name, address: '1 Test Street', city, postalCode: '20095', lat: 53.55, lon: 10, email: 'point@points.test' };
}

function send(p: Probe, b: Bad): Promise<Response> {
  const headers: Record<string, string> = { 'x-forwarded-for': '203.0.113.201' };
  if (p.auth === 'admin') headers.authorization = `Bearer ${shop.admin_key}`;
  if (p.auth === 'token') headers.authorization = `Bearer ${token}`;
  if (p.auth === 'forged-token') headers.authorization = `Bearer ${b64url(JSON.stringify({ s: `shop${b.text}`, e: 'x@example.com', l: 'customer', x: 2e9 }))}.sig`;
  if (p.auth === 'basic') headers.authorization = `Basic ${Buffer.from(`wk${b.text}:`).toString('base64')}`;
  const body = p.body && (p.auth === 'write' ? { writeKey: shop.write_key, ...p.body } : p.body);
  if (body) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${p.path}`, { method: p.method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
}

describe.each([nul, surrogate])('$name in an id or a text', (b) => {
  it(`is answered with a 4xx error body on every route, never a 5xx${b === nul ? '' : ' (or taken as text)'}`, async () => {
    const answers: { route: string; status: number; body: unknown }[] = [];
    for (const p of probes(b)) {
      const res = await send(p, b);
      const text = await res.text();
      answers.push({ route: `${p.method} ${p.path}`, status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text.slice(0, 80) });
    }
    const listed = (as: typeof answers) => as.map((a) => `${a.status} ${a.route}`);
    expect(listed(answers.filter((a) => a.status >= 500))).toEqual([]);
    if (b === nul) {
      expect(listed(answers.filter((a) => a.status < 400))).toEqual([]);
      for (const a of answers) expect(a.body, a.route).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    }
  });

  it('leaves the server answering', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const client = serviceClient(server.url, shop.write_key, '203.0.113.202');
    expect((await client.lookup({ orderNumber: '1001', email: 'anna.schmidt@example.com' })).status).toBe(200);
    const res = await fetch(`${server.url}/v1/admin/customers?q=anna`, { headers: { authorization: `Bearer ${shop.admin_key}` } });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toHaveProperty('customers');
  });
});
