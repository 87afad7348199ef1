import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OWNER, DEMO_STAFF } from '../packages/server/src/demo/demo-merchant-users.js';
import { launchShopper, type Shopper } from './support/chromium.js';
import { startVitrina, type VitrinaUnderTest } from './support/vitrina-server.js';

// Screenshots of every page, kept as the run's artifacts (git-ignored; docs/images/admin holds the ones the docs show).
const shots = fileURLToPath(new URL('./artifacts/admin/', import.meta.url));
const built = fileURLToPath(new URL('../packages/admin/dist/admin.js', import.meta.url));

let vitrina: VitrinaUnderTest;
let browser: Shopper;
let page: Page;
const problems: string[] = [];

/** No serious or critical axe violation on the page as it is now. */
async function expectAccessible(name: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}
async function shoot(name: string) {
  await page.screenshot({ path: `${shots}${name}.png`, fullPage: true });
}
async function signIn(who: { email: string; password: string }) {
  await page.goto(`${vitrina.url}/admin/`);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
async function download(click: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFile((await file.path())!, 'utf8');
}
const metric = (label: string) => page.locator('.metric', { hasText: label }).locator('.metric-value').innerText();

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: build first (npx pnpm@12.4.2 --filter @vitrina/admin build).`);
  await mkdir(shots, { recursive: true });
  vitrina = await startVitrina();
  browser = await launchShopper();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  // Expected refusals: the signed-out session check and the wrong password (401), the browser's favicon, the staff probe of an owner route (403).
  page.on('console', (m) => {
    const said = `${m.text()} ${m.location().url ?? ''}`;
    if (m.type() === 'error' && !/favicon|401 \(Unauthorized\) .*\/admin\/api\/(session|login)|403 \(Forbidden\) .*\/v1\/admin\/analytics/.test(said)) problems.push(said);
  });
  page.on('pageerror', (e) => problems.push(e.message));
});
afterAll(async () => {
  await browser?.close();
  await vitrina?.destroy();
});

describe('the admin panel in Chromium against the demo', () => {
  it('serves the panel with a CSP that allows no inline script and no framing', async () => {
    const res = await fetch(`${vitrina.url}/admin/customers/c-00001`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('refuses a wrong password, then signs the owner in to the Overview', async () => {
    await signIn({ email: DEMO_OWNER.email, password: 'not-the-password' });
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('The e-mail or the password is wrong.');
    await shoot('sign-in');
    await expectAccessible('sign-in');
    await page.getByLabel('Password').fill(DEMO_OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.locator('.chart canvas').waitFor();
    expect(Number((await metric('Sessions')).replace(/\D/g, ''))).toBeGreaterThan(100);
    await shoot('overview');
    await expectAccessible('overview');
  });

  it('changes the period: the address, the numbers and the chart follow', async () => {
    const before = await metric('Sessions');
    await page.getByRole('combobox', { name: 'Period' }).selectOption('7');
    await expect.poll(() => page.url()).toMatch(/from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}/);
    await expect.poll(() => metric('Sessions')).not.toBe(before);
    await expect.poll(() => page.getByRole('region', { name: 'Daily figures' }).locator('tbody tr').count()).toBe(7);
    await page.getByLabel('Show').selectOption('revenue');
    await page.locator('.chart canvas').waitFor();
  });

  it('shows Acquisition by channel and campaign, and exports a table as CSV', async () => {
    await page.getByRole('link', { name: 'Acquisition' }).click();
    await page.getByRole('heading', { name: 'Sessions by channel' }).waitFor();
    for (const channel of ['Direct', 'Organic search', 'Paid search', 'Social', 'E-mail', 'Referral']) {
      await expect.poll(() => page.getByRole('cell', { name: channel, exact: true }).count()).toBeGreaterThan(0);
    }
    await expect.poll(() => page.getByRole('cell', { name: 'winter-sale' }).count()).toBe(1);
    const csv = await download(() => page.getByRole('button', { name: 'Export CSV: Sessions by channel' }).click());
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Channel,Sessions,Orders,Revenue,Conversion');
    expect(lines.length).toBe(7);
    await shoot('acquisition');
    await expectAccessible('acquisition');
  });

  it('shows the Site page with the searches that found nothing', async () => {
    await page.getByRole('link', { name: 'Site', exact: true }).click();
    const zero = page.getByRole('region', { name: 'Searches that found nothing' });
    await expect.poll(() => zero.getByRole('cell', { name: 'gaming chair' }).count()).toBe(1);
    await shoot('site');
    await expectAccessible('site');
  });

  it('shows recommendations per slot and per reason, and a new rule changes the shopper preview at once', async () => {
    // What the sdk sends when a slot is shown and an item clicked (packages/sdk/src/slots.ts), sent as a storefront would.
    const [{ write_key: writeKey }] = await vitrina.query<{ write_key: string }>("select write_key from shops where id = 'demo'");
    const [shopper] = await vitrina.query<{ id: string }>("select id from customers where shop_id = 'demo' order by id limit 1");
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const ev = (event: string, properties: Record<string, unknown>) => ({ type: 'track', event, messageId: randomUUID(), anonymousId: 'e2e-recs-browser', timestamp: at, properties });
    const batch = [
      ev('Product List Viewed', { list_id: 'showcase', products: [{ product_id: 'p-x', reason: 'trending', position: 1 }, { product_id: 'p-y', reason: 'e2e_because', position: 2 }] }),
      ev('Product Clicked', { list_id: 'showcase', product_id: 'p-y', recommendation_id: randomUUID(), reason: 'e2e_because', position: 2 }),
    ];
    expect((await fetch(`${vitrina.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey, batch }) })).status).toBe(200);
    await page.getByRole('link', { name: 'Recommendations' }).click();
    await page.getByRole('heading', { name: 'Recommendations', level: 1 }).waitFor();
    const reasons = page.getByRole('region', { name: 'By reason' });
    await expect.poll(() => reasons.getByRole('row', { name: /e2e_because/ }).innerText()).toMatch(/e2e_because\s+1\s+1\s+1\s+100%/);
    await page.getByRole('region', { name: 'By slot' }).getByRole('cell', { name: 'showcase', exact: true }).waitFor();
    // The preview of one customer's showcase, then a pin of its last item.
    const preview = page.getByRole('region', { name: 'What a shopper sees' });
    await preview.getByLabel('Customer id').fill(shopper!.id);
    await preview.getByRole('button', { name: 'Show the list' }).click();
    const items = preview.getByRole('list', { name: 'Recommended items' }).locator('li');
    await expect.poll(() => items.count()).toBeGreaterThan(2);
    const lastName = await items.last().locator('strong').innerText();
    expect(await items.first().locator('strong').innerText()).not.toBe(lastName);
    const [product] = await vitrina.query<{ id: string }>("select id from products where shop_id = 'demo' and name = $1 limit 1", [lastName]);
    const form = page.getByRole('form', { name: 'Add a rule' });
    await form.getByLabel('Product id, category, brand or tag').fill(product!.id);
    await form.getByLabel('Where').selectOption('showcase');
    await form.getByRole('button', { name: 'Add a rule' }).click();
    await page.getByRole('status').filter({ hasText: 'Rule added.' }).waitFor();
    await expect.poll(() => items.first().locator('strong').innerText()).toBe(lastName);
    expect(await items.first().innerText()).toContain('Featured by the shop');
    await page.getByRole('region', { name: 'Merchant rules' }).getByRole('cell', { name: `Product: ${product!.id}` }).waitFor();
    await shoot('recommendations');
    await expectAccessible('recommendations');
    await page.getByRole('button', { name: `Remove the rule pin product ${product!.id}` }).click();
    await expect.poll(() => items.first().locator('strong').innerText()).not.toBe(lastName);
    // A segment is previewed through its most valuable customer.
    await preview.getByRole('combobox', { name: /^For a segment/ }).selectOption('champions');
    await preview.getByRole('button', { name: 'Show the list' }).click();
    await preview.getByRole('status').filter({ hasText: 'the most valuable customer of this segment' }).waitFor();
    await expect.poll(() => items.count()).toBeGreaterThan(0);
  });

  it('lists customers by segment and search, opens one with orders and serials, and exports them', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Segment').selectOption('champions');
    await expect.poll(() => page.url()).toContain('segment=champions');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(3);
    expect(new Set(await page.locator('tbody tr td:nth-child(3)').allInnerTexts())).toEqual(new Set(['champions']));
    await shoot('customers');
    await expectAccessible('customers');
    const name = await page.locator('tbody tr a').first().innerText();
    await page.locator('tbody tr a').first().click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Orders' }).waitFor();
    expect(await page.getByRole('region', { name: 'Timeline' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await shoot('customer');
    await expectAccessible('customer');
    await page.getByRole('button', { name: 'Export data' }).click();
    await expect.poll(() => page.getByRole('alertdialog').isVisible()).toBe(true);
    const json = await download(() => page.getByRole('button', { name: 'Yes, continue' }).click());
    const doc = JSON.parse(json);
    expect(doc.orders.length).toBeGreaterThan(0);
    await page.getByRole('status').filter({ hasText: 'The export was downloaded.' }).waitFor();
  });

  it('erases a customer after a confirmation, and Cancel erases nothing', async () => {
    await page.goto(`${vitrina.url}/admin/customers?offset=50`);
    await page.locator('tbody tr a').last().click();
    await page.getByRole('button', { name: 'Erase customer' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    const email = (await page.locator('.facts dd').first().innerText()).trim();
    await page.getByRole('button', { name: 'Erase customer' }).click();
    await page.getByRole('button', { name: 'Yes, continue' }).click();
    await page.getByRole('status').filter({ hasText: 'The customer was erased.' }).waitFor();
    const rows = await vitrina.query<{ n: number }>('select count(*)::int as n from customers where shop_id = $1 and lower(email) = lower($2)', ['demo', email]);
    expect(rows[0]!.n).toBe(0);
  });

  it('shows the service queue by status and a claim in detail', async () => {
    await page.getByRole('link', { name: 'Service' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(5);
    await page.getByLabel('Status').selectOption('accepted');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Status').selectOption('');
    await shoot('service');
    await expectAccessible('service');
    await page.getByRole('link', { name: 'W-DEMO3' }).click();
    await page.getByRole('heading', { name: 'Claim W-DEMO3' }).waitFor();
    expect(await page.getByRole('region', { name: 'History' }).locator('tbody tr').count()).toBe(3);
    await shoot('claim');
    await expectAccessible('claim');
  });

  it('moves a claim on, and the shopper is e-mailed (the demo mailbox)', async () => {
    const [claim] = await vitrina.query<{ email: string }>("select email from service_claims where shop_id = 'demo' and id = 'W-DEMO3'");
    await page.getByLabel('New status').selectOption('repaired');
    await page.getByLabel('Note for the customer (optional)').fill('New battery fitted; it is on its way back to you.');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.getByRole('status').filter({ hasText: 'Status saved' }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'History' }).locator('tbody tr').count()).toBe(4);
    await expect
      .poll(async () => ((await (await fetch(`${vitrina.url}/demo/mailbox.json`)).json()) as { messages: { to: string[]; text: string }[] }).messages.some((m) => m.to.includes(claim!.email) && m.text.includes('New battery fitted')), { timeout: 30_000 })
      .toBe(true);
  });

  it('lists orders by status and search, opens one with serials and warranty, and sets its delivery status (the shopper is e-mailed)', async () => {
    const [picked] = await vitrina.query<{ id: string; email: string; serial: string }>(
      `select o.id, o.email, i.serial_numbers[1] as serial from orders o join order_items i on i.shop_id = o.shop_id and i.order_id = o.id
        join products p on p.shop_id = i.shop_id and p.id = i.product_id
        where o.shop_id = 'demo' and o.email is not null and p.warranty_months > 0 and cardinality(i.serial_numbers) > 0
        order by (o.status in ('placed', 'paid', 'packed')) desc, o.placed_at desc limit 1`,
    );
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByRole('heading', { name: 'Orders', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'Orders' }).locator('tbody tr').count()).toBe(50);
    const statusFilter = page.getByRole('combobox', { name: /^Status/ });
    await statusFilter.selectOption('delivered');
    await expect.poll(() => page.url()).toContain('status=delivered');
    await expect.poll(async () => new Set(await page.getByRole('region', { name: 'Orders' }).locator('tbody tr td:nth-child(3)').allInnerTexts())).toEqual(new Set(['Delivered']));
    await statusFilter.selectOption('');
    await expect.poll(() => page.getByRole('region', { name: 'Orders' }).locator('tbody tr').count()).toBe(50);
    await shoot('orders');
    await expectAccessible('orders');
    await page.getByLabel('Search by order number, e-mail, tracking number or customer id').fill(picked!.id);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Orders' }).locator('tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: picked!.id, exact: true }).click();
    await page.getByRole('heading', { name: `Order ${picked!.id}`, level: 1 }).waitFor();
    const lines = page.getByRole('region', { name: 'Lines' });
    await lines.getByRole('cell', { name: picked!.serial }).waitFor();
    expect(await lines.locator('tbody').innerText()).toMatch(/months/);
    await page.getByLabel('New status').selectOption('out_for_delivery');
    await page.getByLabel('Carrier (optional)').fill('DHL');
    await page.getByLabel('Tracking number (optional)').fill('JD0146000E2E');
    await page.getByLabel('Expected delivery (optional)').fill('2026-12-24');
    await page.getByLabel('Note for the customer (optional)').fill('The courier comes between 10 and 14.');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.getByRole('status').filter({ hasText: 'Status saved' }).waitFor();
    await page.getByRole('region', { name: 'History' }).getByRole('cell', { name: 'The courier comes between 10 and 14.' }).waitFor();
    expect(await page.locator('.facts').innerText()).toContain('DHL JD0146000E2E');
    await shoot('order');
    await expectAccessible('order');
    const rows = await vitrina.query<{ status: string; tracking_number: string; expected_delivery_on: string }>("select status, tracking_number, expected_delivery_on from orders where shop_id = 'demo' and id = $1", [picked!.id]);
    expect(rows[0]).toEqual({ status: 'out_for_delivery', tracking_number: 'JD0146000E2E', expected_delivery_on: '2026-12-24' });
    expect(await page.locator('.facts').innerText()).toContain('24 Dec 2026');
    await expect
      .poll(async () => ((await (await fetch(`${vitrina.url}/demo/mailbox.json`)).json()) as { messages: { to: string[]; text: string }[] }).messages.some((m) => m.to.includes(picked!.email) && m.text.includes('The courier comes between 10 and 14.')), { timeout: 30_000 })
      .toBe(true);
  });

  it('sets delivery statuses in bulk from a CSV file and names the lines it could not apply', async () => {
    const [a, b] = await vitrina.query<{ id: string }>("select id from orders where shop_id = 'demo' order by placed_at desc limit 2");
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByLabel('CSV file').setInputFiles({ name: 'statuses.csv', mimeType: 'text/csv', buffer: Buffer.from(`order,status,carrier,tracking_number\r\n${a!.id},shipped,DPD,E2E-1\r\n${b!.id},packed,,\r\nNO-SUCH-ORDER,shipped,,\r\n`) });
    await page.getByLabel('E-mail each customer').uncheck();
    await page.getByRole('button', { name: 'Apply the file' }).click();
    await page.getByRole('status').filter({ hasText: '2 of 3 orders updated' }).waitFor();
    await page.getByRole('region', { name: 'Lines not applied' }).getByRole('cell', { name: 'No such order in this shop' }).waitFor();
    const rows = await vitrina.query<{ id: string; status: string }>("select id, status from orders where shop_id = 'demo' and id = any($1) order by id", [[a!.id, b!.id]]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [a!.id]: 'shipped', [b!.id]: 'packed' });
  });

  it('saves the data retention in Settings and shows the jobs', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Keep raw events for (days; empty keeps them)').fill('400');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const rows = await vitrina.query<{ days: string }>("select settings->>'eventRetentionDays' as days from shops where id = 'demo'");
    expect(rows[0]!.days).toBe('400');
    await page.getByRole('cell', { name: 'event-maintenance' }).waitFor();
    // An owner adds a staff user, who can then sign in.
    await page.getByRole('region', { name: 'Panel users' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('E-mail').fill('new.staff@demo.vitrina.test');
    await form.getByLabel('Password (at least 10 characters)').fill('new-staff-password');
    await form.getByRole('button', { name: 'Add a user' }).click();
    await page.getByRole('cell', { name: 'new.staff@demo.vitrina.test', exact: true }).waitFor();
    const login = await fetch(`${vitrina.url}/admin/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'new.staff@demo.vitrina.test', password: 'new-staff-password' }) });
    expect(((await login.json()) as { user: { role: string } }).user.role).toBe('staff');
    await shoot('settings');
    await expectAccessible('settings');
  });

  it('rotates the write key with an overlap (old and new both accepted), and the admin key at once (the old one refused)', async () => {
    const [{ write_key: oldWriteKey }] = await vitrina.query<{ write_key: string }>("select write_key from shops where id = 'demo'");
    const keys = page.getByRole('region', { name: 'Keys', exact: true });
    await keys.getByText(oldWriteKey).waitFor();
    const form = page.getByRole('form', { name: 'Rotate key' });
    const rotate = async (kind: 'write' | 'admin', overlap: string) => {
      await form.getByRole('combobox', { name: /^Key/ }).selectOption(kind);
      await form.getByRole('combobox', { name: /^Old key keeps working/ }).selectOption(overlap);
      await form.getByRole('button', { name: 'Rotate key' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, continue' }).click();
      const shown = page.getByLabel('New key');
      await expect.poll(() => shown.inputValue()).toMatch(kind === 'write' ? /^wk_/ : /^ak_/);
      return shown.inputValue();
    };
    const track = (writeKey: string) =>
      fetch(`${vitrina.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey, batch: [{ type: 'track', event: 'Key Check', messageId: randomUUID(), anonymousId: 'e2e-keys', timestamp: new Date().toISOString() }] }) });
    const newWriteKey = await rotate('write', '24');
    await keys.getByText(newWriteKey, { exact: true }).waitFor();
    expect((await track(newWriteKey)).status).toBe(200);
    expect((await track(oldWriteKey)).status).toBe(200);
    const asAdmin = (key: string) => fetch(`${vitrina.url}/v1/admin/keys`, { headers: { authorization: `Bearer ${key}` } });
    const first = await rotate('admin', '0');
    expect((await asAdmin(first)).status).toBe(200);
    await form.getByRole('button', { name: 'Rotate key' }).waitFor();
    const second = await rotate('admin', '0');
    expect(second).not.toBe(first);
    expect((await asAdmin(first)).status).toBe(401);
    expect((await asAdmin(second)).status).toBe(200);
    const rotations = page.getByRole('region', { name: 'Key rotations' });
    await expect.poll(() => rotations.locator('tbody tr').count()).toBe(3);
    expect(await rotations.locator('tbody').innerText()).toContain(DEMO_OWNER.email);
    // Ending the write key's overlap early stops the old one.
    await page.getByRole('button', { name: 'Stop the old write keys now' }).click();
    await expect.poll(async () => (await track(oldWriteKey)).status).toBe(401);
    expect((await track(newWriteKey)).status).toBe(200);
    await shoot('settings-keys');
    await expectAccessible('settings-keys');
  });

  it('speaks Russian when asked, and keeps it', async () => {
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { name: 'Настройки' }).waitFor();
    await page.getByRole('link', { name: 'Обзор' }).click();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.locator('.chart canvas').waitFor();
    await shoot('overview-ru');
    await page.reload();
    await page.getByRole('heading', { name: 'Обзор' }).waitFor();
    await page.getByLabel('Язык').selectOption('en');
  });

  it('signs out, and staff see customers and the service queue but not an owner page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Vitrina' }).waitFor();
    await signIn(DEMO_STAFF);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Sections' }).innerText();
    expect(nav).toContain('Service');
    expect(nav).toContain('Orders');
    expect(nav).not.toContain('Overview');
    await page.goto(`${vitrina.url}/admin/settings`);
    await page.getByText('Your role (staff) cannot open this page.').waitFor();
    await shoot('staff-refused');
    await expectAccessible('staff-refused');
    // The server refuses it too, whatever the page shows.
    const status = await page.evaluate(async () => (await fetch('/v1/admin/analytics/overview')).status);
    expect(status).toBe(403);
  });

  it('met no script error and no CSP violation on the way', () => {
    expect(problems.join('\n'), problems.join('\n')).toBe('');
  });
});
