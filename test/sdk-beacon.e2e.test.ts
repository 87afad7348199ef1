import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchShopper, type Shopper } from './support/chromium.js';
import { readAnonymousId, waitForStoredEvents } from './support/stored-events.js';
import { startVitrina, type VitrinaUnderTest } from './support/vitrina-server.js';

// The built script-tag sdk in Chromium, on a shop of its own origin, where fetch is missing
// or refuses its POSTs: the events arrive by navigator.sendBeacon and land in Postgres once.

let vitrina: VitrinaUnderTest;
let shopper: Shopper;
let shopPage: Server;
let shopUrl = '';

// What the page does to fetch before the sdk loads.
const pageFetch: Record<string, string> = {
  // An old browser: no fetch at all.
  missing: 'delete window.fetch;',
  // A fetch that refuses every POST, as Chromium refuses a keepalive request past its quota; the switch puts it back.
  refusing: `const real = fetch; window.refuse = true;
    window.fetch = (url, init) => (window.refuse && init && init.method === 'POST' ? Promise.reject(new TypeError('Failed to fetch')) : real(url, init));`,
};

beforeAll(async () => {
  vitrina = await startVitrina();
  const [shop] = await vitrina.query<{ write_key: string }>(`select write_key from shops where id = 'demo'`);
  shopPage = createServer((req, res) => {
    const mode = new URL(req.url!, 'http://x').searchParams.get('fetch') ?? '';
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>Shop</title><h1>Shop</h1>
      <script>${pageFetch[mode] ?? ''}</script>
      <script src="${vitrina.url}/sdk/vitrina.js" data-write-key="${shop!.write_key}" data-consent="opt-out"></script>`);
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

async function openShop(mode: keyof typeof pageFetch) {
  const page = await shopper.context.newPage();
  const beacons: string[] = [];
  page.on('request', (r) => r.url().endsWith('/v1/batch') && r.resourceType() === 'ping' && beacons.push(r.postData() ?? ''));
  await page.goto(`${shopUrl}/?fetch=${mode}`);
  await page.waitForFunction(() => typeof (window as { Vitrina?: { track?: unknown } }).Vitrina?.track === 'function');
  const queued = () => page.evaluate(() => (JSON.parse(localStorage.getItem('vitrina.q') ?? '[]') as { event?: string }[]).map((e) => e.event ?? 'page'));
  return { page, beacons, queued };
}

const countIds = (events: { message_id: string }[]) => new Set(events.map((e) => e.message_id)).size === events.length;

describe('the sdk without a working fetch, in Chromium', () => {
  it('where fetch is missing, sends by sendBeacon, and the events are stored', async () => {
    const { page, beacons, queued } = await openShop('missing');
    expect(await page.evaluate(() => typeof window.fetch)).toBe('undefined');
    await page.evaluate(() => (window as any).Vitrina.track('Beacon Sent', { mode: 'missing' }));
    await page.evaluate(() => (window as any).Vitrina.flush());
    const anonymousId = await readAnonymousId(page);
    const events = await waitForStoredEvents(vitrina, anonymousId, (es) => es.some((e) => e.event === 'Beacon Sent'));
    expect(events.map((e) => e.type)).toContain('page');
    expect(beacons.length).toBeGreaterThan(0);
    // With no fetch there is no acknowledgement to wait for: a beacon the browser took is delivered.
    await expect.poll(queued).toEqual([]);
    await page.close();
  });

  it('where fetch refuses the POST on page hide, the beacon carries the events; they wait until a fetch is answered, and are stored once', async () => {
    const { page, beacons, queued } = await openShop('refusing');
    await page.evaluate(() => (window as any).Vitrina.track('Beacon Sent', { mode: 'refusing' }));
    // The page is being hidden: the sdk flushes at once.
    await page.evaluate(() => dispatchEvent(new Event('pagehide')));
    const anonymousId = await readAnonymousId(page);
    const refused = (es: { event: string | null; properties: Record<string, any> }[]) => es.filter((e) => e.event === 'Beacon Sent' && e.properties.mode === 'refusing');
    await waitForStoredEvents(vitrina, anonymousId, (es) => refused(es).length > 0);
    expect(beacons.some((b) => b.includes('Beacon Sent'))).toBe(true);
    expect(await queued()).toContain('Beacon Sent');
    // fetch works again: the waiting events go by fetch, and the server keeps each message id once.
    await page.evaluate(() => (((window as any).refuse = false), (window as any).Vitrina.flush()));
    await expect.poll(queued, { timeout: 15_000 }).toEqual([]);
    // (The first test's page shared this browser's storage, so its events carry the same anonymous id.)
    const events = await waitForStoredEvents(vitrina, anonymousId, (es) => refused(es).length > 0);
    expect(refused(events)).toHaveLength(1);
    expect(countIds(events)).toBe(true);
    await page.close();
  });
});
