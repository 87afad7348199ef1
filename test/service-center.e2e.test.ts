import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostalCentroid } from '../packages/server/src/service-center/postal-centroids.js';
import { launchShopper, type Shopper } from './support/chromium.js';
import { requireBuiltWidget, startServiceCenterDemo, type ServiceCenterDemo } from './service-center/service-center-demo.js';

// Screenshots of every screen, kept as artifacts (test-results/ is git-ignored).
const shots = fileURLToPath(new URL('../test-results/service-center/', import.meta.url));

let demo: ServiceCenterDemo;
let shopper: Shopper;
let page: Page;

interface DemoLine {
  order_id: string;
  email: string;
  postal: string;
  country: string;
  line_no: number;
  name: string;
  category: string;
  brand: string;
  serial: string;
}

// A 1x1 PNG, as the shopper's photo of the fault.
const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(b.lat - a.lat) / 2) ** 2 + Math.cos(r(a.lat)) * Math.cos(r(b.lat)) * Math.sin(r(b.lon - a.lon) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

beforeAll(async () => {
  requireBuiltWidget();
  await mkdir(shots, { recursive: true });
  demo = await startServiceCenterDemo();
  shopper = await launchShopper();
  page = await shopper.context.newPage();
  await page.setViewportSize({ width: 1100, height: 900 });
});
afterAll(async () => {
  await shopper?.close();
  await demo?.destroy();
});

describe('service center in the demo storefront', () => {
  it('looks up a demo order, shows its timeline and warranty, files a claim, and shows the chosen point and the confirmation', async () => {
    // A delivered demo order with an electronics item under warranty.
    const [line] = await demo.query<DemoLine>(`
      select o.id as order_id, o.email, o.shipping_address->>'postalCode' as postal, o.shipping_address->>'country' as country,
             i.line_no, i.name, p.category, p.brand, i.serial_numbers[1] as serial
        from orders o
        join order_items i on i.shop_id = o.shop_id and i.order_id = o.id
        join products p on p.shop_id = i.shop_id and p.id = i.product_id
       where o.shop_id = 'demo' and o.status = 'delivered' and o.delivered_at > now() - interval '18 months'
         and p.category in ('Headphones', 'Speakers', 'Kitchen Appliances') and cardinality(i.serial_numbers) = 1
       order by o.placed_at desc, i.line_no limit 1`);
    expect(line).toBeDefined();

    // The storefront's header links the service center.
    await page.goto(`${demo.url}/`);
    await page.getByRole('link', { name: 'Service center' }).first().click();
    await page.waitForURL(/\/service\.html$/);
    const decline = page.getByRole('button', { name: 'Decline' });
    if (await decline.isVisible().catch(() => false)) await decline.click();
    const widget = page.locator('vitrina-service-center');
    // Text inside the shadow root, which the host's textContent does not include.
    const shadowText = () => widget.evaluate((el) => el.shadowRoot?.textContent ?? '');
    await page.waitForSelector('vitrina-service-center[write-key]', { state: 'attached' });
    await expect.poll(() => widget.getByRole('heading', { name: 'Find your order' }).isVisible()).toBe(true);
    await widget.screenshot({ path: `${shots}1-lookup.png` });

    // Look up: order number and e-mail.
    await widget.getByLabel('Order number').fill(line!.order_id);
    await widget.getByRole('textbox', { name: 'E-mail' }).fill(line!.email);
    await widget.getByRole('button', { name: 'Find order' }).click();
    await widget.getByRole('heading', { name: 'Your orders' }).waitFor();
    await widget.screenshot({ path: `${shots}2-orders.png` });

    // The order: timeline at "Delivered", the item's serial number and warranty end.
    await widget.getByRole('button', { name: new RegExp(`Order ${line!.order_id}`) }).click();
    await widget.getByRole('heading', { name: new RegExp(`Order ${line!.order_id}`) }).waitFor();
    await expect.poll(() => widget.locator('.tl [aria-current=step]').textContent()).toMatch(/^Delivered/);
    const item = widget.locator('li.card', { hasText: line!.name });
    await expect.poll(() => item.textContent()).toContain(`Serial number: ${line!.serial}`);
    expect(await item.textContent()).toMatch(/Warranty until \d{1,2} \w{3} \d{4}/);
    await widget.screenshot({ path: `${shots}3-order-timeline-warranty.png` });

    // The claim: problem and photo.
    await item.getByRole('button', { name: 'Request warranty service' }).click();
    await widget.getByRole('heading', { name: 'Warranty service' }).waitFor();
    await widget.getByLabel('What is wrong?').fill('It switches itself off after a minute of use.');
    await widget.getByLabel('Photo (optional)').setInputFiles({ name: 'fault.png', mimeType: 'image/png', buffer: photo });
    await widget.screenshot({ path: `${shots}4-claim-form.png` });
    await widget.getByRole('button', { name: 'Send request' }).click();

    // The confirmation names the nearest point that services this category.
    const done = widget.getByRole('heading', { name: /^Request W-\w+ sent$/ });
    await done.waitFor();
    const claimId = (await done.textContent())!.match(/W-\w+/)![0];
    const points = await demo.query<{ id: string; name: string; lat: number; lon: number; hours: string; email: string; categories: string[]; brands: string[] }>(
      `select id, name, lat, lon, hours, email, categories, brands from service_points where shop_id = 'demo'`,
    );
    const origin = findPostalCentroid(line!.postal, line!.country)!;
    const eligible = points.filter((p) => (p.categories.length === 0 || p.categories.includes(line!.category)) && (p.brands.length === 0 || p.brands.includes(line!.brand)));
    const nearest = eligible.sort((a, b) => km(origin, a) - km(origin, b))[0]!;
    const text = await shadowText();
    expect(text).toContain(nearest.name);
    expect(text).toContain(`Opening hours: ${nearest.hours}`);
    expect(await widget.getByRole('link', { name: 'Open map' }).getAttribute('href')).toMatch(/^https:\/\/www\.openstreetmap\.org\/\?mlat=/);
    expect(text).toContain('A confirmation with these details is on its way to your e-mail.');
    await widget.screenshot({ path: `${shots}5-claim-confirmation.png` });
    const [stored] = await demo.query<{ service_point_id: string; status: string }>(`select service_point_id, status from service_claims where shop_id = 'demo' and id = $1`, [claimId]);
    expect(stored).toEqual({ service_point_id: nearest.id, status: 'submitted' });

    // Both e-mails went out over SMTP: the request to the point, the confirmation to the shopper.
    const request = await demo.sink.waitFor((m) => m.to.includes(nearest.email) && m.subject.includes(claimId));
    expect(request.text).toContain(line!.serial);
    expect(request.attachments).toHaveLength(1);
    const confirmation = await demo.sink.waitFor((m) => m.to.includes(line!.email.toLowerCase()) && m.subject.includes(claimId));
    expect(confirmation.text).toContain(nearest.name);

    // Staff mark it repaired; the shopper sees it in the list of requests.
    const patched = await fetch(`${demo.url}/v1/admin/service/claims/${claimId}`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer ak_demo_not_secret', 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'repaired', note: 'Replaced the power board.' }),
    });
    expect(patched.status).toBe(200);
    await widget.getByRole('button', { name: 'My requests' }).first().click();
    await widget.getByRole('heading', { name: 'Your service requests' }).waitFor();
    await expect.poll(shadowText).toContain('Repaired');
    await widget.screenshot({ path: `${shots}6-claim-status.png` });
    await demo.sink.waitFor((m) => m.subject === `Your request ${claimId}: repaired`);

    // The same screens fit a phone.
    await page.setViewportSize({ width: 375, height: 740 });
    await widget.getByRole('button', { name: claimId }).click();
    await widget.getByRole('heading', { name: new RegExp(claimId) }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await widget.screenshot({ path: `${shots}7-phone-claim.png` });
  });

  it('says in words that nothing matched, on a wrong e-mail', async () => {
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${demo.url}/service.html`);
    await page.waitForSelector('vitrina-service-center[write-key]', { state: 'attached' });
    const widget = page.locator('vitrina-service-center');
    await widget.getByLabel('Order number').fill('100001');
    await widget.getByRole('textbox', { name: 'E-mail' }).fill('someone.else@example.com');
    await widget.getByRole('button', { name: 'Find order' }).click();
    await expect.poll(() => widget.getByRole('alert').textContent()).toContain('We could not find an order with that number');
    await widget.screenshot({ path: `${shots}8-not-found.png` });
  });
});
