import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import type { RunningServer } from '../server.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { annaOrders, seedServiceShop, serviceClient, tokenFor } from './test-fixtures.js';

let sink: SmtpSink;
let server: RunningServer;
let shop: CreatedShop;
let client: ReturnType<typeof serviceClient>;
let annaToken: string;

// A 1x1 PNG: the smallest real photo.
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Shop A Service <service@shop-a.test>' } });
  shop = await seedServiceShop(server.database.db, 'Shop A', annaOrders);
  client = serviceClient(server.url, shop.write_key, '192.0.2.10');
  annaToken = await tokenFor(client, '1001', 'anna.schmidt@example.com');
});
afterAll(async () => {
  await server?.close();
  await sink?.close();
});

describe('filing a warranty claim', () => {
  it('routes headphones bought in Munich to the nearest point that repairs headphones, and the SMTP sink receives both messages', async () => {
    const res = await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 1, problem: 'The left ear cup crackles and then goes silent.', photo: PIXEL });
    expect(res.status).toBe(201);
    const claim = await readJson(res);
    expect(claim).toMatchObject({ orderId: '1001', lineNo: 1, serialNumber: 'SN-HP-1', status: 'submitted', productName: 'Sonora Wireless Headphones' });
    expect(claim.id).toMatch(/^W-[0-9A-Z]{7}$/);
    expect(claim.point).toMatchObject({ id: 'sp-munich-audio', name: 'Munich Audio Service', hours: 'Mon-Fri 9-18' });
    expect(claim.point.distanceKm).toBeLessThan(5);
    expect(claim.point.mapUrl).toContain('openstreetmap.org');
    expect(claim.history).toEqual([expect.objectContaining({ status: 'submitted' })]);

    const request = await sink.waitFor((m) => m.to.includes('sp-munich-audio@points.test'));
    expect(request.subject).toBe(`Warranty service request ${claim.id}: Sonora Wireless Headphones`);
    expect(request.text).toContain('SN-HP-1');
    expect(request.text).toContain('The left ear cup crackles');
    expect(request.text).toContain('anna.schmidt@example.com');
    expect(request.from).toContain('service@shop-a.test');
    expect(request.attachments).toEqual([expect.objectContaining({ filename: `${claim.id}.png`, contentType: 'image/png' })]);

    const confirmation = await sink.waitFor((m) => m.to.includes('anna.schmidt@example.com') && m.subject.includes(claim.id));
    expect(confirmation.subject).toBe(`We have sent your Sonora Wireless Headphones request ${claim.id} to Munich Audio Service`);
    expect(confirmation.text).toContain('Munich Audio Service');
    expect(confirmation.text).toContain('Mon-Fri 9-18');
    expect(confirmation.text).toMatch(/\/service\.html\?vsc=/);
  });

  it('opens a verified session, with the delivery address, from the link in the confirmation e-mail', async () => {
    const confirmation = await sink.waitFor((m) => m.to.includes('anna.schmidt@example.com') && m.subject.startsWith('We have sent'));
    const link = decodeURIComponent(confirmation.text.match(/vsc=([^\s]+)/)![1]!);
    const res = await client.session(link);
    expect(res.status).toBe(200);
    const session = await readJson(res);
    expect(session.level).toBe('verified');
    const order = await readJson(await client.get('/v1/service/orders/1001', session.token));
    expect(order.shippingAddress).toMatchObject({ line1: '5 Linden Street', postalCode: '80331' });
    expect((await client.session(link.slice(0, -2) + 'xx')).status).toBe(401);
  });

  it('routes a kettle to the kitchen repair point in Munich, and to the nearer all-round hub when the shopper asks for service near Berlin', async () => {
    const munich = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 3, serialNumber: 'SN-K-1', problem: 'It no longer switches off when it boils.' }));
    expect(munich.point.id).toBe('sp-munich-kitchen');
    const lamp = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 4, problem: 'The lamp flickers all the time.', postalCode: '10115' }));
    // Only the Hamburg hub services lighting; from Berlin it is the nearest and only choice.
    expect(lamp.point.id).toBe('sp-hamburg-any');
    const berlin = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 3, serialNumber: 'SN-K-2', problem: 'The lid hinge broke off.', postalCode: '10115' }));
    // From Berlin, the Hamburg hub (repairs anything, ~255 km) beats the Munich kitchen point (~505 km).
    expect(berlin.point.id).toBe('sp-hamburg-any');
    expect(berlin.point.distanceKm).toBeGreaterThan(240);
    expect(berlin.point.distanceKm).toBeLessThan(270);
  });

  it('asks which serial number when an item has several, and refuses one that is not on the order', async () => {
    const missing = await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 3, problem: 'Both kettles leak at the base.' });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).error.code).toBe('serial_required');
    const wrong = await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 3, serialNumber: 'SN-NOT-MINE', problem: 'Both kettles leak at the base.' });
    expect((await readJson(wrong)).error.code).toBe('unknown_serial');
  });

  it('refuses a second open claim for the same item and names the first', async () => {
    const res = await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 1, problem: 'Still crackling, filing again.' });
    expect(res.status).toBe(409);
    expect((await readJson(res)).error).toMatchObject({ code: 'claim_exists', claimId: expect.stringMatching(/^W-/) });
  });

  it('refuses items out of warranty, without warranty, or not yet delivered, saying which', async () => {
    const expired = await client.post('/v1/service/claims', annaToken, { orderId: '1003', lineNo: 1, problem: 'The switch is broken now.' });
    expect(expired.status).toBe(422);
    expect((await readJson(expired)).error).toMatchObject({ code: 'not_under_warranty', warranty: 'expired' });
    const none = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 2, problem: 'The tea tastes of nothing.' }));
    expect(none.error).toMatchObject({ code: 'not_under_warranty', warranty: 'none' });
    const pending = await readJson(await client.post('/v1/service/claims', annaToken, { orderId: '1002', lineNo: 1, problem: 'It has not arrived yet.' }));
    expect(pending.error).toMatchObject({ code: 'not_under_warranty', warranty: 'pending' });
  });

  it("refuses a claim on another customer's order as if it did not exist", async () => {
    const res = await client.post('/v1/service/claims', annaToken, { orderId: '1004', lineNo: 1, problem: 'Not my order, trying anyway.' });
    expect(res.status).toBe(404);
    expect((await readJson(res)).error.code).toBe('order_not_found');
  });

  it('answers a too-short description with 400 naming the field', async () => {
    const res = await client.post('/v1/service/claims', annaToken, { orderId: '1001', lineNo: 4, problem: 'broken' });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.issues[0].path).toBe('problem');
  });

  it('lists the shopper\'s claims with their points and history', async () => {
    const { claims } = await readJson(await client.get('/v1/service/claims', annaToken));
    expect(claims.length).toBe(4);
    for (const c of claims) expect(c.history[0].status).toBe('submitted');
    const one = await readJson(await client.get(`/v1/service/claims/${claims[0].id}`, annaToken));
    expect(one.id).toBe(claims[0].id);
  });
});
