import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltSdk } from './support/built-sdk.js';
import { launchShopper, type Shopper } from './support/chromium.js';
import { startStaticShop, type StaticShop } from './support/static-shop.js';
import { countByName, findStoredEvents, readAnonymousId, waitForStoredEvents } from './support/stored-events.js';
import { startVitrina, type VitrinaUnderTest } from './support/vitrina-server.js';

let vitrina: VitrinaUnderTest;
let shop: StaticShop;
let shopper: Shopper;

beforeAll(async () => {
  requireBuiltSdk();
  vitrina = await startVitrina();
  // The shop has its own origin, so its pages keep loading while Vitrina is down.
  shop = await startStaticShop(vitrina.url);
  shopper = await launchShopper();
});
afterAll(async () => {
  await shopper?.close();
  await shop?.close();
  await vitrina?.destroy();
});

describe('a Vitrina outage while a shopper browses', () => {
  it('loses nothing: events wait in the browser across pages and arrive once the server is back', async () => {
    const page = await shopper.context.newPage();
    await page.goto(shop.url + '/');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.locator('[data-vitrina="showcase"] .vitrina-item').first().waitFor();
    await page.goto(shop.url + '/product.html?id=p-0005');
    await page.locator('[data-product] h1').waitFor();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const anonymousId = await readAnonymousId(page);
    await waitForStoredEvents(vitrina, anonymousId, (events) => events.some((e) => e.event === 'Product Added'));

    await vitrina.stop();
    await page.goto(shop.url + '/search.html?q=kettle');
    await page.getByText('0 products').waitFor();
    await page.goto(shop.url + '/cart.html');
    await page.locator('[data-cart-lines] table').waitFor();
    await page.goto(shop.url + '/product.html?id=p-0007');
    await page.getByText('This product does not exist.').waitFor();
    // What the outage left waiting in this browser: three page views, the search and the cart view.
    await expect
      .poll(() => page.evaluate(() => (JSON.parse(localStorage.getItem('vitrina.q') ?? '[]') as unknown[]).length), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5);
    // Let the page's retries fail a few times.
    await page.waitForTimeout(3000);

    await vitrina.start();
    const stored = await waitForStoredEvents(vitrina, anonymousId, (events) => countByName(events).page === 5, 60_000);
    await page.waitForTimeout(1500);
    const final = await findStoredEvents(vitrina, anonymousId);
    expect(final.length).toBe(stored.length);

    expect(countByName(final)).toMatchObject({ page: 5, 'Product Viewed': 1, 'Product Added': 1, 'Products Searched': 1, 'Cart Viewed': 1 });
    expect(final.find((e) => e.event === 'Products Searched')!.properties).toEqual({ query: 'kettle', results: 0 });
    expect(final.filter((e) => e.type === 'page').map((e) => e.properties.path + e.properties.search)).toEqual([
      '/',
      '/product.html?id=p-0005',
      '/search.html?q=kettle',
      '/cart.html',
      '/product.html?id=p-0007',
    ]);
    const contents = final.map((e) => JSON.stringify([e.type, e.event, e.context.page?.url, e.properties]));
    expect(new Set(contents).size).toBe(final.length);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('vitrina.q'))).toBe('[]');
    await page.close();
  });
});

describe('an automated browser', () => {
  it('is not counted as a shopper: it sends no events', async () => {
    const bot = await launchShopper({ asBot: true });
    try {
      const page = await bot.context.newPage();
      let batches = 0;
      page.on('request', (req) => void (req.url().endsWith('/v1/batch') && batches++));
      await page.goto(shop.url + '/');
      await page.getByRole('button', { name: 'Accept' }).click();
      await page.locator('[data-vitrina="showcase"] .vitrina-item').first().waitFor();
      await page.goto(shop.url + '/product.html?id=p-0005');
      await page.locator('[data-product] h1').waitFor();
      await page.waitForTimeout(1500);
      expect(await page.evaluate(() => navigator.webdriver)).toBe(true);
      expect(batches).toBe(0);
    } finally {
      await bot.close();
    }
  });
});
