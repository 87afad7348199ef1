import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import { enqueueMessage } from '../outbox/outbox.service.js';
import type { RunningServer } from '../server.js';
import { createShop, findShopById, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { verifyCampaignLink } from './campaign-links.js';
import { seedSendFixture, type SendFixtureShopper } from './campaign-send-fixture.js';
import { isHeldOut } from './holdout.js';

// A campaign to 500 fixture shoppers through the running server, its job
// runner and a real SMTP conversation with the local sink; every message is
// parsed from its raw bytes with mailparser.

const PUBLIC = 'https://crm.vitrina.test';
let sink: SmtpSink;
let s: RunningServer;
let shop: CreatedShop;
let secret: string;
let shoppers: SendFixtureShopper[];
const profileIdOf = new Map<string, string>();

const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
  fetch(`${s.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${shop.admin_key}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
/** A link of the e-mail, on the test server instead of the public origin it names. */
const local = (url: string) => url.replace(PUBLIC, s.url);

async function sendAndWait(campaignId: string): Promise<void> {
  expect((await admin(`/v1/admin/campaigns/${campaignId}/send`, { method: 'POST' })).status).toBe(200);
  await waitUntil(async () => (await readJson(await admin(`/v1/admin/campaigns/${campaignId}`))).status === 'sent', 120_000);
}

async function messagesOf(campaignId: string): Promise<ParsedMail[]> {
  const raw = sink.messages.filter((m) => m.headers['x-vitrina-campaign'] === campaignId).map((m) => m.raw!);
  return Promise.all(raw.map((r) => simpleParser(r)));
}

const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0]! : m.to!).value[0]!.address!.toLowerCase();
const header = (m: ParsedMail, name: string) => m.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
const unsubscribeUrl = (m: ParsedMail) => /^<([^>]+)>$/.exec(header(m, 'list-unsubscribe') ?? '')?.[1];
const clickLinks = (m: ParsedMail) => [...new Set([...String(m.html).matchAll(/href="([^"]+\/v1\/campaigns\/click\/[^"]+)"/g)].map((x) => x[1]!.replace(/&amp;/g, '&')))];
const tokenOf = (url: string) => url.split('/').pop()!;

let first: { id: string; messages: ParsedMail[] };

beforeAll(async () => {
  sink = await startSmtpSink({ keep: 10_000, keepRaw: true });
  s = await startTestServer({ env: { SMTP_URL: sink.url, VITRINA_PUBLIC_URL: PUBLIC } });
  shop = await createShop(s.database.db, { name: 'Campaign shop' });
  secret = (await findShopById(s.database.db, shop.shop_id))!.signing_secret;
  shoppers = await seedSendFixture(s.database.db, shop.shop_id, { eligible: 500, capped: 30 });
  const { rows } = await sql<{ id: string; customer_id: string }>`select id, customer_id from profiles where shop_id = ${shop.shop_id} and customer_id is not null`.execute(s.database.db);
  for (const r of rows) profileIdOf.set(r.customer_id, r.id);
  expect((await admin('/v1/admin/campaign-settings', { method: 'PUT', body: { ratePerSecond: 2000, concurrency: 8 } })).status).toBe(200);
}, 180_000);
afterAll(async () => {
  await s?.close();
  await sink?.close();
});

describe('a campaign to 500 fixture shoppers', () => {
  it('counts the audience live: 530 consenting, of whom 500 may be mailed', async () => {
    const res = await admin('/v1/admin/segments', { method: 'POST', body: { name: 'Everyone who agreed', definition: { type: 'marketing_consent', value: true } } });
    expect(res.status).toBe(201);
    const segment = await readJson(res);
    const got = await readJson(await admin(`/v1/admin/segments/${segment.id}`));
    expect(got.count).toEqual({ total: 530, mailable: 500 });
    const page = await readJson(await admin(`/v1/admin/segments/${segment.id}/members?limit=200`));
    expect(page.members).toHaveLength(200);
    expect(page.next).toBe(page.members[199].profileId);

    const created = await admin('/v1/admin/campaigns', { method: 'POST', body: { name: 'December picks', segmentId: segment.id, subject: 'Picked for you', intro: 'A few things we think you will like.', holdoutPercent: 10, productCount: 3 } });
    expect(created.status).toBe(201);
    first = { id: (await readJson(created)).id, messages: [] };
  });

  it('arrives once at each eligible shopper who is not held out or over the frequency cap, and at nobody else', async () => {
    const previewed = shoppers.find((x) => x.kind === 'eligible' && !isHeldOut(first.id, profileIdOf.get(x.customerId)!, 10))!;
    const preview = await readJson(await admin(`/v1/admin/campaigns/${first.id}/preview/${profileIdOf.get(previewed.customerId)}`));
    expect(preview).toMatchObject({ ok: true, group: 'treated', status: 'not_planned' });

    await sendAndWait(first.id);
    first.messages = await messagesOf(first.id);
    const expected = shoppers.filter((x) => x.kind === 'eligible' && !isHeldOut(first.id, profileIdOf.get(x.customerId)!, 10)).map((x) => x.email!);
    const heldOut = shoppers.filter((x) => (x.kind === 'eligible' || x.kind === 'capped') && isHeldOut(first.id, profileIdOf.get(x.customerId)!, 10));
    expect(heldOut.length).toBeGreaterThan(20);
    expect(heldOut.length).toBeLessThan(85);
    const received = first.messages.map(toOf);
    expect(received.length).toBe(new Set(received).size);
    expect(received.sort()).toEqual(expected.sort());

    // The preview is the e-mail that went out.
    const sent = first.messages.find((m) => toOf(m) === previewed.email)!;
    expect(sent.text?.trimEnd()).toBe(preview.email.text);
    expect(sent.subject).toBe('Picked for you');

    const report = await readJson(await admin(`/v1/admin/campaigns/${first.id}/report`));
    expect(report.counts).toMatchObject({ sent: expected.length, heldOut: heldOut.length, capped: shoppers.filter((x) => x.kind === 'capped').length - heldOut.filter((x) => x.kind === 'capped').length, pending: 0, unknown: 0, failed: 0 });
    expect(report.opensApproximate).toBe(true);
  });

  it("gives each message that recipient's own products and reasons, RFC 8058 headers and signed links with UTM parameters", async () => {
    const byEmail = new Map(shoppers.map((x) => [x.email, x]));
    for (const m of first.messages) {
      const who = byEmail.get(toOf(m))!;
      const profileId = profileIdOf.get(who.customerId)!;
      // Their own: the product they viewed, with the reason, and their name.
      expect(m.text, who.email!).toContain(`${who.viewedName} — `);
      expect(m.text).toContain('Why: You looked at this recently');
      expect(m.text).toContain(`Hello ${who.firstName},`);
      expect(String(m.html)).toContain(who.viewedName);

      const unsubscribe = unsubscribeUrl(m)!;
      expect(unsubscribe.startsWith(`${PUBLIC}/v1/campaigns/unsubscribe/`)).toBe(true);
      expect(header(m, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(verifyCampaignLink(secret, 'unsubscribe', tokenOf(unsubscribe))).toEqual({ s: shop.shop_id, c: first.id, p: profileId });
      expect(String(m.html)).toContain(unsubscribe);
      expect(m.text).toContain(unsubscribe);

      const links = clickLinks(m);
      expect(links).toHaveLength(3);
      for (const link of links) {
        expect(link.startsWith(`${PUBLIC}/v1/campaigns/click/`)).toBe(true);
        const claims = verifyCampaignLink(secret, 'click', tokenOf(link))!;
        expect(claims).toMatchObject({ s: shop.shop_id, c: first.id, p: profileId });
        const target = new URL(claims.u!);
        expect(target.origin).toBe('https://shop.example');
        expect(Object.fromEntries(target.searchParams)).toEqual({ utm_source: 'vitrina', utm_medium: 'email', utm_campaign: first.id });
        // A token of one purpose is not good for another.
        expect(verifyCampaignLink(secret, 'unsubscribe', tokenOf(link))).toBeUndefined();
      }
    }
    // Not one list for everybody: the eight categories' shoppers got different products.
    expect(new Set(first.messages.map((m) => clickLinks(m).map((l) => verifyCampaignLink(secret, 'click', tokenOf(l))!.u).join(' '))).size).toBeGreaterThan(8);
  });

  it('holds the frequency cap: no address got more than 2 marketing e-mails in 7 days', async () => {
    const { rows } = await sql<{ email: string; n: number }>`select email, count(*)::int as n from campaign_recipients
      where shop_id = ${shop.shop_id} and status in ('sent', 'sending', 'unknown') and sent_at > now() - interval '7 days' group by email order by n desc limit 1`.execute(s.database.db);
    expect(rows[0]!.n).toBe(2);
    const capped = new Set(shoppers.filter((x) => x.kind === 'capped').map((x) => x.email));
    expect(first.messages.filter((m) => capped.has(toOf(m)))).toEqual([]);
  });

  it('redirects a signed click to the product page with its UTM parameters, and answers a forged one 404 without a redirect', async () => {
    const m = first.messages[0]!;
    const link = clickLinks(m)[0]!;
    const res = await fetch(local(link), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location')!);
    expect(target.searchParams.get('utm_campaign')).toBe(first.id);
    const profileId = profileIdOf.get(shoppers.find((x) => x.email === toOf(m))!.customerId)!;
    const { rows } = await sql<{ clicked_at: Date | null }>`select clicked_at from campaign_recipients where shop_id = ${shop.shop_id} and campaign_id = ${first.id} and profile_id = ${profileId}`.execute(s.database.db);
    expect(rows[0]!.clicked_at).not.toBeNull();

    // The same signature over another destination.
    const [payload, signature] = tokenOf(link).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const evil = Buffer.from(JSON.stringify({ ...claims, u: 'https://evil.example/login' })).toString('base64url');
    for (const bad of [`${evil}.${signature}`, `${payload}.${'A'.repeat(signature!.length)}`, 'not-a-token', `${payload}`]) {
      const r = await fetch(`${s.url}/v1/campaigns/click/${bad}`, { redirect: 'manual' });
      expect(r.status, bad).toBe(404);
      expect(r.headers.get('location')).toBeNull();
      expect(await r.text()).toContain('This link is not valid');
    }
  });

  it('unsubscribes by a one-click POST (no cookie, 200, no redirect, idempotent); a GET only asks; no further campaign reaches the address, service e-mail still does', async () => {
    const [a, b] = first.messages;
    const aEmail = toOf(a!);
    const url = local(unsubscribeUrl(a!)!);
    const unsubscribed = async (email: string) => (await sql<{ n: number }>`select count(*)::int as n from marketing_unsubscribes where shop_id = ${shop.shop_id} and email = ${email}`.execute(s.database.db)).rows[0]!.n;

    const page = await fetch(url, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain('Unsubscribe</button>');
    expect(html).not.toContain(aEmail);
    expect(await unsubscribed(aEmail)).toBe(0);

    for (let k = 0; k < 2; k++) {
      const res = await fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('You are unsubscribed');
    }
    expect(await unsubscribed(aEmail)).toBe(1);
    expect((await fetch(`${url.slice(0, -3)}xyz`, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(404);

    // A second campaign, with the cap raised so that only the unsubscribe can stop it.
    expect((await admin('/v1/admin/campaign-settings', { method: 'PUT', body: { frequencyCap: 10 } })).status).toBe(200);
    const segment = (await readJson(await admin('/v1/admin/segments'))).segments[0];
    const second = await readJson(await admin('/v1/admin/campaigns', { method: 'POST', body: { name: 'Second', segmentId: segment.id, subject: 'More for you', holdoutPercent: 0, productCount: 2 } }));
    await sendAndWait(second.id);
    const received = new Set((await messagesOf(second.id)).map(toOf));
    expect(received.has(aEmail)).toBe(false);
    expect(received.has(toOf(b!))).toBe(true);
    expect(received.size).toBe(499);
    const report = await readJson(await admin(`/v1/admin/campaigns/${first.id}/report`));
    expect(report.counts.unsubscribed).toBe(1);

    await enqueueMessage(s.database.db, { shopId: shop.shop_id, kind: 'order_status', to: aEmail, subject: 'Your order has shipped', text: 'On its way.' });
    const service = await sink.waitFor((m) => m.to.includes(aEmail) && m.subject === 'Your order has shipped', 30_000);
    expect(service.headers['list-unsubscribe']).toBeUndefined();
  });
});
