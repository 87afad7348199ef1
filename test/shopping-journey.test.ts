import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltSdk } from './support/built-sdk.js';
import { launchShopper, type Shopper } from './support/chromium.js';
import { countByName, findStoredEvents, readAnonymousId, recordSentMessageIds, waitForStoredEvents } from './support/stored-events.js';
import { startVitrina, type VitrinaUnderTest } from './support/vitrina-server.js';

let vitrina: VitrinaUnderTest;
let shopper: Shopper;

beforeAll(async () => {
  requireBuiltSdk();
  vitrina = await startVitrina();
  shopper = await launchShopper();
});
afterAll(async () => {
  await shopper?.close();
  await vitrina?.destroy();
});

async function acceptConsent(page: Page) {
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('dialog', { name: 'Privacy choices' }).waitFor({ state: 'detached' });
}

describe('a shopper on the demo storefront', () => {
  it('browses, searches, views, adds to cart and orders, then closes the tab: every event is stored exactly once', async () => {
    const page = await shopper.context.newPage();
    const sent = recordSentMessageIds(page);
    const missing: string[] = [];
    page.on('response', (r) => r.status() === 404 && missing.push(r.url()));

    // Home: consent, then a personal showcase rendered by the sdk.
    await page.goto(vitrina.url + '/');
    await acceptConsent(page);
    const showcase = page.locator('[data-vitrina="showcase"] .vitrina-item');
    await showcase.first().waitFor();
    expect(await showcase.count()).toBeGreaterThan(0);
    expect(await page.locator('[data-vitrina="showcase"] .vitrina-reason').first().textContent()).not.toBe('');

    // Search, with its result count.
    await page.getByRole('searchbox', { name: 'Search products' }).fill('espresso');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/search\.html\?q=espresso/);
    await page.locator('[data-search-results] li').first().waitFor();
    const results = await page.locator('[data-search-results] li').count();

    // A product page, then add two to the cart.
    await page.locator('[data-search-results] li a').first().click();
    await page.waitForURL(/product\.html\?id=p-\d{4}/);
    const productId = new URL(page.url()).searchParams.get('id')!;
    await page.locator('[data-product] h1').waitFor();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('Added 2 to your cart.').waitFor();

    // The cart, then checkout with an e-mail.
    await page.getByRole('link', { name: /Cart \(2\)/ }).click();
    await page.waitForURL(/cart\.html/);
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.waitForURL(/checkout\.html/);
    await page.getByLabel('E-mail').fill('Ada.Lovelace@example.com');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Street').fill('12 Linden Street');
    await page.getByLabel('Postal code').fill('10115');
    await page.getByLabel('City').fill('Berlin');
    const anonymousId = await readAnonymousId(page);
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
    const orderId = await page.locator('[data-order-done]').getAttribute('data-order-id');
    // The form is gone once the order is placed: it cannot be placed twice.
    expect(await page.locator('[data-checkout-form]').isVisible()).toBe(false);
    expect(await page.locator('[data-checkout-form] button[type="submit"]').isDisabled()).toBe(true);
    // Every page's files were there (the favicon too).
    expect(missing).toEqual([]);

    // Closing the tab at once: the order is still queued, the page-hide flush must deliver it.
    await page.close();

    const stored = await waitForStoredEvents(vitrina, anonymousId, (events) => events.some((e) => e.event === 'Order Completed'));
    // Give a late duplicate (a retry, a second flush) time to show up before counting.
    await new Promise((r) => setTimeout(r, 1500));
    const final = await findStoredEvents(vitrina, anonymousId);
    expect(final.length).toBe(stored.length);

    expect(countByName(final)).toMatchObject({
      page: 5,
      'Products Searched': 1,
      'Product Viewed': 1,
      'Product Added': 1,
      'Cart Viewed': 1,
      'Checkout Started': 1,
      identify: 1,
      'Order Completed': 1,
    });
    // Exactly once: each stored under its own message id once, no event made twice, and
    // everything seen leaving the browser is stored (requests sent while the tab closes are not all observable).
    expect(new Set(final.map((e) => e.message_id)).size).toBe(final.length);
    const contents = final.map((e) => JSON.stringify([e.type, e.event, e.context.page?.url, e.properties, e.traits]));
    expect(new Set(contents).size).toBe(final.length);
    expect([...sent].filter((id) => !final.some((e) => e.message_id === id))).toEqual([]);

    const byName = (name: string) => final.find((e) => e.event === name || e.type === name)!;
    expect(byName('Products Searched').properties).toEqual({ query: 'espresso', results });
    expect(byName('Product Added').properties).toMatchObject({ product_id: productId, quantity: 2 });
    expect(byName('Order Completed')).toMatchObject({
      user_id: 'ada.lovelace@example.com',
      properties: { order_id: orderId, email: 'Ada.Lovelace@example.com', currency: 'EUR', products: [expect.objectContaining({ product_id: productId, quantity: 2 })] },
    });
    expect(byName('identify').traits).toMatchObject({ email: 'Ada.Lovelace@example.com', firstName: 'Ada' });
    expect(final.map((e) => e.context.page.path)).toContain('/product.html');
    expect(new Set(final.map((e) => e.context.sessionId)).size).toBe(1);
  });

  it('shows cross-sell on the product page when the server offers it', async () => {
    const page = await shopper.context.newPage();
    await page.goto(vitrina.url + '/product.html?id=p-0001');
    const slot = page.locator('[data-vitrina="cross-sell"]');
    await expect.poll(() => slot.getAttribute('data-vitrina-state'), { timeout: 15_000 }).toMatch(/ready|empty/);
    const res = await fetch(`${vitrina.url}/v1/recommendations/cross-sell?writeKey=wk_demo&products=p-0001&limit=4`);
    if (res.status === 200 && (await res.json()).items.length > 0) {
      expect(await slot.getAttribute('data-vitrina-state')).toBe('ready');
      expect(await slot.locator('.vitrina-item').count()).toBeGreaterThan(0);
      // Cross-sell never offers the product itself.
      expect(await slot.locator('a[href="/product.html?id=p-0001"]').count()).toBe(0);
    }
    await page.close();
  });

  it('tracks a click on a recommended product with its recommendation id', async () => {
    const page = await shopper.context.newPage();
    await page.goto(vitrina.url + '/');
    const first = page.locator('[data-vitrina="showcase"] .vitrina-item a').first();
    await first.waitFor();
    const href = await first.getAttribute('href');
    await first.click();
    await page.waitForURL(/product\.html/);
    const anonymousId = await readAnonymousId(page);
    const events = await waitForStoredEvents(vitrina, anonymousId, (all) => all.some((e) => e.event === 'Product Clicked'));
    const click = events.find((e) => e.event === 'Product Clicked')!;
    expect(click.properties).toMatchObject({ list_id: 'showcase', position: 1, url: href });
    expect(click.properties.recommendation_id).toEqual(expect.any(String));
    await page.close();
  });

  it('reaches the service center from every page, where the widget loads with the shop key', async () => {
    const page = await shopper.context.newPage();
    await page.goto(vitrina.url + '/cart.html');
    await page.getByRole('link', { name: 'Service center' }).click();
    await page.waitForURL(/service\.html/);
    await expect.poll(() => page.evaluate(() => Boolean(customElements.get('vitrina-service-center')))).toBe(true);
    await expect.poll(() => page.locator('vitrina-service-center').getAttribute('write-key')).toBe('wk_demo');
    await page.close();
  });
});
