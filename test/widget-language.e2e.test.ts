import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchShopper, type Shopper } from './support/chromium.js';
import { requireBuiltWidget, startServiceCenterDemo, type ServiceCenterDemo } from './service-center/service-center-demo.js';

// Screenshots, kept as artifacts (test-results/ is git-ignored).
const shots = fileURLToPath(new URL('../test-results/widget-language/', import.meta.url));

let demo: ServiceCenterDemo;
let shopper: Shopper;
let page: Page;

beforeAll(async () => {
  requireBuiltWidget();
  await mkdir(shots, { recursive: true });
  demo = await startServiceCenterDemo();
  // A shopper whose browser asks for Russian first, on the demo's pages, which are lang="en".
  shopper = await launchShopper({ locale: 'ru-RU' });
  page = await shopper.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
});
afterAll(async () => {
  await shopper?.close();
  await demo?.destroy();
});

describe("the service-center widget's language in the demo storefront", () => {
  it("speaks the browser's language over the page's, switches language in place from the demo's switch, and remembers the choice", async () => {
    const [order] = await demo.query<{ id: string; email: string }>(
      `select id, email from orders where shop_id = 'demo' and status = 'delivered' order by placed_at desc limit 1`,
    );
    await page.goto(`${demo.url}/service.html`);
    const decline = page.getByRole('button', { name: 'Decline' });
    if (await decline.isVisible().catch(() => false)) await decline.click();
    expect(await page.evaluate(() => [document.documentElement.lang, navigator.languages[0]])).toEqual(['en', 'ru-RU']);
    const widget = page.locator('vitrina-service-center');
    const h2 = () => widget.locator('h2').textContent();
    await expect.poll(h2).toBe('Найти заказ');
    await page.waitForSelector('vitrina-service-center[write-key]', { state: 'attached' });
    await widget.screenshot({ path: `${shots}1-browser-russian.png` });

    // Signed in on an order, in Russian.
    await widget.getByLabel('Номер заказа').fill(order!.id);
    await widget.getByRole('textbox', { name: 'E-mail' }).fill(order!.email);
    await widget.getByRole('button', { name: 'Найти заказ' }).click();
    await expect.poll(h2).toBe('Ваши заказы');
    await widget.getByRole('button', { name: new RegExp(`Заказ ${order!.id}`) }).click();
    await expect.poll(h2).toMatch(new RegExp(`^Заказ ${order!.id} Доставлен$`));

    // The demo's switch: English at once, on the same screen, still signed in, no reload.
    const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
    await page.getByLabel('Service center language').selectOption('en');
    await expect.poll(h2).toBe(`Order ${order!.id} Delivered`);
    expect(await widget.locator('header b').textContent()).toBe('Service center');
    expect(await widget.locator('.tl [aria-current=step]').textContent()).toMatch(/^Delivered · \d{1,2} \w{3} \d{4}$/);
    expect(await widget.getByRole('button', { name: 'My orders' }).count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
    await page.screenshot({ path: `${shots}2-switched-to-english.png`, fullPage: true });

    // A script on the page can do the same through the attribute.
    await widget.evaluate((el) => el.setAttribute('lang', 'ru'));
    await expect.poll(h2).toBe(`Заказ ${order!.id} Доставлен`);
    await widget.evaluate((el) => el.setAttribute('lang', 'en'));
    await expect.poll(h2).toBe(`Order ${order!.id} Delivered`);

    // The choice outlives a reload; "your browser's language" gives the browser back its say.
    await page.reload();
    await expect.poll(h2).toBe('Find your order');
    expect(await page.getByLabel('Service center language').inputValue()).toBe('en');
    await widget.getByLabel('Order number').fill('12345');
    await page.getByLabel('Service center language').selectOption('');
    await expect.poll(h2).toBe('Найти заказ');
    expect(await widget.getByLabel('Номер заказа').inputValue()).toBe('12345');
    await page.screenshot({ path: `${shots}3-back-to-browser-language.png`, fullPage: true });
  });
});
