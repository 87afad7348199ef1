import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchShopper, type Shopper } from './support/chromium.js';
import { startVitrina, type VitrinaUnderTest } from './support/vitrina-server.js';

// Consent in a real browser, with the built script-tag sdk on a shop of its own
// origin: what leaves the page and what is written to its storage.

let vitrina: VitrinaUnderTest;
let shopper: Shopper;
let shopPage: Server;
let shopUrl = '';
let writeKey = '';

beforeAll(async () => {
  vitrina = await startVitrina();
  // The demo shop, set to opt-in as every new shop is.
  const res = await vitrina.query<{ write_key: string }>(`select write_key from shops where id = 'demo'`);
  writeKey = res[0]!.write_key;
  await vitrina.query(`update shops set settings = settings || '{"consentMode":"opt-in"}' where id = 'demo'`);
  shopPage = createServer((req, res) => {
    const consent = new URL(req.url!, 'http://x').searchParams.get('consent');
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Shop</title><h1>Shop</h1>
      <script src="${vitrina.url}/sdk/vitrina.js" data-write-key="${writeKey}" ${consent ? `data-consent="${consent}"` : ''}></script>`);
  });
  await new Promise<void>((r) => shopPage.listen(0, '127.0.0.1', r));
  shopUrl = `http://localhost:${(shopPage.address() as { port: number }).port}`;
  shopper = await launchShopper();
}, 120_000);
afterAll(async () => {
  await shopper?.close();
  shopPage?.close();
  await vitrina?.destroy();
});

async function openShop(query: string) {
  const page = await shopper.context.newPage();
  const sent: string[] = [];
  page.on('request', (r) => r.url().startsWith(vitrina.url) && !r.url().includes('/sdk/') && sent.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.goto(`${shopUrl}/${query}`);
  await page.waitForFunction(() => typeof (window as { Vitrina?: { consent?: unknown } }).Vitrina?.consent === 'function');
  const storage = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vitrina.')).sort());
  const call = (js: string) => page.evaluate(js);
  return { page, sent, storage, call };
}

describe('consent in Chromium', () => {
  it('with data-consent="opt-in", sends nothing at all and stores nothing before consent', async () => {
    const { page, sent, storage, call } = await openShop('?consent=opt-in');
    await call(`Vitrina.productViewed({ product_id: 'p-1' }); Vitrina.flush()`);
    await page.waitForTimeout(1500);
    expect(sent).toEqual([]);
    expect(await storage()).toEqual([]);
    await page.close();
  });

  it("following the shop's opt-in setting, reads only its configuration; after consent it tracks; after revoking it sends nothing more and forgets the identifiers", async () => {
    const { page, sent, storage, call } = await openShop('');
    await call(`Vitrina.productViewed({ product_id: 'p-1' }); Vitrina.flush()`);
    await page.waitForTimeout(1500);
    expect(sent).toEqual(['GET /v1/config']);
    expect(await storage()).toEqual([]);

    await call(`Vitrina.consent({ analytics: true, personalization: true }); Vitrina.flush()`);
    await expect.poll(() => sent.filter((s) => s === 'POST /v1/batch').length, { timeout: 10_000 }).toBeGreaterThan(0);
    const anonymousId = await page.evaluate(() => JSON.parse(localStorage.getItem('vitrina.aid') ?? 'null'));
    expect(typeof anonymousId).toBe('string');
    await expect
      .poll(async () => (await vitrina.query<{ event: string }>(`select coalesce(event, type) as event from events where anonymous_id = $1 order by timestamp`, [anonymousId])).map((r) => r.event), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['Product Viewed', 'Consent Updated']));

    await call(`Vitrina.consent({ analytics: false, personalization: false })`);
    await page.waitForTimeout(500);
    const before = sent.length;
    await call(`Vitrina.productViewed({ product_id: 'p-2' }); Vitrina.track('After'); Vitrina.flush()`);
    await page.waitForTimeout(1500);
    expect(sent.length).toBe(before);
    expect(await storage()).toEqual(['vitrina.consent']);
    await page.close();
  });
});
