import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import type { RunningServer } from '../server.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { annaOrders, carolOrders, seedServiceShop, serviceClient, tokenFor } from './test-fixtures.js';

let sink: SmtpSink;
let server: RunningServer;
let shop: CreatedShop;
let otherShop: CreatedShop;
let client: ReturnType<typeof serviceClient>;
let annaToken: string;

function admin(method: string, path: string, body?: unknown, key = shop.admin_key) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ env: { SMTP_URL: sink.url } });
  shop = await seedServiceShop(server.database.db, 'Shop A', annaOrders);
  otherShop = await seedServiceShop(server.database.db, 'Shop B', carolOrders);
  client = serviceClient(server.url, shop.write_key, '192.0.2.20');
  annaToken = await tokenFor(client, '1001', 'anna.schmidt@example.com');
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

describe('staff: the customer by e-mail', () => {
  it('shows every purchase, serial number and claim of a customer found by e-mail', async () => {
    const claim = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 1, problem: 'Bluetooth keeps dropping out.' }));
    const res = await admin('GET', '/v1/admin/service/customers?email=ANNA.SCHMIDT@example.com');
    expect(res.status).toBe(200);
    const view = await readJson(res);
    expect(view.orders.map((o: { id: string }) => o.id).sort()).toEqual(['1001', '1002', '1003']);
    expect(view.serialNumbers.map((s: { serial: string }) => s.serial).sort()).toEqual(['SN-HP-1', 'SN-HP-2', 'SN-K-1', 'SN-K-2', 'SN-L-0', 'SN-L-1']);
    expect(view.claims.map((c: { id: string }) => c.id)).toEqual([claim.id]);
    expect(view.orders.find((o: { id: string }) => o.id === '1001')).toMatchObject({ paymentType: 'card', shippingAddress: { city: 'Munich' } });
  });

  it("does not show shop B's customer to shop A's staff", async () => {
    expect((await admin('GET', '/v1/admin/service/customers?email=carol@example.com')).status).toBe(404);
    expect((await admin('GET', '/v1/admin/service/customers?email=carol@example.com', undefined, otherShop.admin_key)).status).toBe(200);
  });

  it('answers without the admin key with 401', async () => {
    expect((await fetch(`${server.url}/v1/admin/service/customers?email=anna.schmidt@example.com`)).status).toBe(401);
  });
});

describe('staff: claim status', () => {
  it('records the new status in the history and tells the customer what was done', async () => {
    const { claims } = await readJson(await admin('GET', '/v1/admin/service/claims?status=submitted'));
    const id = claims[0].id as string;
    const preview = await readJson(await admin('POST', `/v1/admin/service/claims/${id}/preview`, { status: 'repaired', note: 'We replaced the Bluetooth module.' }));
    expect(preview.text).toContain('has been repaired under warranty');

    const res = await admin('PATCH', `/v1/admin/service/claims/${id}`, { status: 'repaired', note: 'We replaced the Bluetooth module.' });
    expect(res.status).toBe(200);
    const updated = await readJson(res);
    expect(updated).toMatchObject({ status: 'repaired', notified: true });
    expect(updated.history.map((h: { status: string }) => h.status)).toEqual(['submitted', 'repaired']);

    const mail = await sink.waitFor((m) => m.subject === `Your request ${id}: repaired`);
    expect(mail.to).toEqual(['anna.schmidt@example.com']);
    // The same message as previewed; its sign-in link is minted when it is sent, with its own
    // expiry time, so the two links differ when a second passed between preview and send.
    const withoutToken = (text: string) => text.replace(/vsc=[\w.-]+/, 'vsc=TOKEN');
    expect(mail.text).toMatch(/service\.html\?vsc=[\w-]+\.[\w-]+/);
    expect(withoutToken(mail.text)).toBe(withoutToken(preview.text));
    expect(mail.text).toContain('Your Sonora Wireless Headphones has been repaired under warranty at no cost to you. You can collect it from Munich Audio Service.');
    expect(mail.text).toContain('We replaced the Bluetooth module.');

    const shopperView = await readJson(await client.get(`/v1/service/claims/${id}`, annaToken));
    expect(shopperView.status).toBe('repaired');
  });

  it('answers an unknown status with 400 and a claim of another shop with 404', async () => {
    const { claims } = await readJson(await admin('GET', '/v1/admin/service/claims'));
    expect((await admin('PATCH', `/v1/admin/service/claims/${claims[0].id}`, { status: 'vanished' })).status).toBe(400);
    expect((await admin('PATCH', `/v1/admin/service/claims/${claims[0].id}`, { status: 'closed' }, otherShop.admin_key)).status).toBe(404);
  });
});

describe('staff: order status', () => {
  it('adds the status to the timeline with carrier, tracking number and expected day, and e-mails the shopper a signed link', async () => {
    expect((await admin('POST', '/v1/admin/orders/1002/status', { status: 'out_for_delivery', expectedOn: '2026-02-30' })).status).toBe(400);
    const res = await admin('POST', '/v1/admin/orders/1002/status', { status: 'out_for_delivery', carrier: 'DPD', trackingNumber: 'DPD-777', expectedOn: '2026-12-24' });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({ status: 'out_for_delivery', notified: true });
    const order = await readJson(await client.get('/v1/service/orders/1002', annaToken));
    expect(order).toMatchObject({ status: 'out_for_delivery', carrier: 'DPD', trackingNumber: 'DPD-777', expectedOn: '2026-12-24' });
    expect(order.timeline.at(-1).status).toBe('out_for_delivery');
    const mail = await sink.waitFor((m) => m.subject === 'Your order 1002: out for delivery');
    expect(mail.text).toContain('DPD-777');
    expect(mail.text).toMatch(/\?vsc=/);
  });

  it('starts the warranty when staff mark the order delivered', async () => {
    await admin('POST', '/v1/admin/orders/1002/status', { status: 'delivered', notify: false });
    const order = await readJson(await client.get('/v1/service/orders/1002', annaToken));
    expect(order.deliveredAt).not.toBeNull();
    // Once delivered, the expected day is history: the shopper sees the delivery instead.
    expect(order.expectedOn).toBeUndefined();
    expect(order.items[0].warranty.state).toBe('active');
  });

  it('answers an order of another shop with 404', async () => {
    expect((await admin('POST', '/v1/admin/orders/5001/status', { status: 'packed' })).status).toBe(404);
  });

  it('moves an order that came from a tracking event along without e-mailing the address its sender typed', async () => {
    const sent = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        writeKey: shop.write_key,
        batch: [{ type: 'track', event: 'Order Completed', messageId: 'evt-order-9001', anonymousId: 'dev-9001', properties: { order_id: 'E-9001', total: 10, email: 'stranger@example.com', products: [{ product_id: 'x', price: 10, quantity: 1 }] } }],
      }),
    });
    expect(sent.status).toBe(200);
    const res = await admin('POST', '/v1/admin/orders/E-9001/status', { status: 'shipped' });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toMatchObject({ status: 'shipped', notified: false });
    // The staff change is recorded; no message to the stranger was queued.
    const queued = await server.database.db.selectFrom('outbox_messages').select('to_address').where('shop_id', '=', shop.shop_id).execute();
    expect(queued.map((m) => m.to_address)).not.toContain('stranger@example.com');
  });
});

describe('staff: service points', () => {
  it('creates, lists, replaces and deletes a service point, and new claims route to it', async () => {
    const point = { id: 'sp-munich-new', name: 'Munich Lamp Clinic', address: '2 Lamp Lane', city: 'Munich', postalCode: '80331', lat: 48.137, lon: 11.575, hours: 'Sat 10-14', email: 'lamps@points.test', categories: ['Lighting'] };
    expect((await admin('POST', '/v1/admin/service-points', point)).status).toBe(201);
    expect((await admin('POST', '/v1/admin/service-points', point)).status).toBe(409);
    const claim = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 4, problem: 'The lamp head will not stay up.' }));
    expect(claim.point.id).toBe('sp-munich-new');
    const replaced = await readJson(await admin('PUT', '/v1/admin/service-points/sp-munich-new', { ...point, hours: 'Mon-Sat 10-18' }));
    expect(replaced.hours).toBe('Mon-Sat 10-18');
    const { servicePoints } = await readJson(await admin('GET', '/v1/admin/service-points'));
    expect(servicePoints.map((p: { id: string }) => p.id)).toContain('sp-munich-new');
    expect((await admin('DELETE', '/v1/admin/service-points/sp-munich-new')).status).toBe(204);
    expect((await admin('GET', '/v1/admin/service-points/sp-munich-new')).status).toBe(404);
  });

  it('answers a point without coordinates with 400 naming the field', async () => {
    const res = await admin('POST', '/v1/admin/service-points', { id: 'x', name: 'X', address: 'a', city: 'c', postalCode: '1', email: 'x@points.test' });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.issues.map((i: { path: string }) => i.path)).toContain('lat');
  });
});

describe('staff: templates and settings', () => {
  it("sends the shop's own confirmation once staff edit the template, and refuses unknown placeholders", async () => {
    const bad = await admin('PUT', '/v1/admin/service/templates/claim_confirmation/en', { subject: 'Hi {{firstName}}', body: 'x' });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.code).toBe('unknown_variables');
    const ok = await admin('PUT', '/v1/admin/service/templates/claim_confirmation/en', { subject: 'Ticket {{claimId}} is with {{pointName}}', body: 'Dear {{customerName}}, go to {{pointAddress}}, {{pointCity}}.' });
    expect(ok.status).toBe(200);
    const { templates } = await readJson(await admin('GET', '/v1/admin/service/templates'));
    expect(templates.find((t: { key: string; locale: string }) => t.key === 'claim_confirmation' && t.locale === 'en').isDefault).toBe(false);

    const bobClient = serviceClient(server.url, shop.write_key, '192.0.2.21');
    const bobToken = await tokenFor(bobClient, '1004', 'bob@example.com');
    const claim = await readJson(await bobClient.post('/v1/service/claims', bobToken, { orderId: '1004', lineNo: 1, problem: 'The battery lasts ten minutes.' }));
    expect(claim.point.id).toBe('sp-berlin-audio');
    const mail = await sink.waitFor((m) => m.to.includes('bob@example.com'));
    expect(mail.subject).toBe(`Ticket ${claim.id} is with Berlin Audio Service`);
    expect(mail.text).toBe('Dear Bob Weber, go to 1 Test Street, Berlin.');
  });

  it('sends the confirmation in Russian when the shopper uses the widget in Russian', async () => {
    const bobClient = serviceClient(server.url, otherShop.write_key, '192.0.2.22');
    const token = await tokenFor(bobClient, '1001', 'carol@example.com');
    const claim = await readJson(await bobClient.post('/v1/service/claims', token, { orderId: '1001', lineNo: 1, problem: 'Не работает левый наушник.', locale: 'ru' }));
    const mail = await sink.waitFor((m) => m.to.includes('carol@example.com') && m.subject.includes(claim.id));
    expect(mail.subject).toContain('передана в');
    expect(mail.text).toContain('Здравствуйте, Carol Jansen!');
  });

  it('counts the warranty from purchase when the shop says so', async () => {
    const put = await admin('PUT', '/v1/admin/service/settings', { warrantyStartsAt: 'purchase' });
    expect(await readJson(put)).toMatchObject({ warrantyStartsAt: 'purchase' });
    const order = await readJson(await client.get('/v1/service/orders/1001', annaToken));
    const placed = new Date(order.placedAt).toISOString().slice(0, 10);
    expect(order.items[0].warranty.startsOn).toBe(placed);
    await admin('PUT', '/v1/admin/service/settings', { warrantyStartsAt: 'delivery' });
  });
});
