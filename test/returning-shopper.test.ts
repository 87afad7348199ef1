import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltSdk } from './support/built-sdk.js';
import { launchShopper, type Shopper } from './support/chromium.js';
import { readAnonymousId, waitForStoredEvents } from './support/stored-events.js';
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

/** A seeded shopper who bought the same consumable more than once: a reorder candidate. */
async function findRegularCustomer(): Promise<{ id: string; first_name: string }> {
  const [row] = await vitrina.query<{ id: string; first_name: string }>(
    `select c.id, c.first_name
       from orders o
       join order_items i on i.shop_id = o.shop_id and i.order_id = o.id
       join products p on p.shop_id = i.shop_id and p.id = i.product_id
       join customers c on c.shop_id = o.shop_id and c.id = o.customer_id
      where o.shop_id = 'demo' and p.consumable and o.status <> 'cancelled'
      group by c.id, c.first_name, i.product_id
     having count(distinct o.id) >= 2
      order by c.id
      limit 1`,
  );
  if (!row) throw new Error('The demo seed has no shopper who bought a consumable twice.');
  return row;
}

describe('a returning shopper', () => {
  it('signs in with a signed customer id and is greeted by name, offered reorders and a prefilled checkout', async () => {
    const customer = await findRegularCustomer();
    const page = await shopper.context.newPage();
    await page.goto(vitrina.url + '/signin.html');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByLabel('Customer id').fill(customer.id);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(vitrina.url + '/');

    // The identify event carries the id; the signature stays in the browser for reads.
    const anonymousId = await readAnonymousId(page);
    const events = await waitForStoredEvents(vitrina, anonymousId, (all) => all.some((e) => e.type === 'identify'));
    expect(events.find((e) => e.type === 'identify')!.user_id).toBe(customer.id);

    const signature = await page.evaluate(() => JSON.parse(localStorage.getItem('vitrina.sig') ?? 'null'));
    expect(signature).toMatch(/^[0-9a-f]{64}$/);

    // Greeted by name: the profile is released for the signed id.

    await expect.poll(() => page.locator('h1').textContent()).toBe(`Welcome back, ${customer.first_name}!`);

    // Staples they buy again and again, each with its reason.
    const reorder = page.locator('[data-vitrina="reorder"]');
    await expect.poll(() => reorder.getAttribute('data-vitrina-state')).toBe('ready');
    expect(await reorder.locator('.vitrina-item').count()).toBeGreaterThan(0);
    expect(await reorder.locator('.vitrina-reason').first().textContent()).not.toBe('');

    // The checkout is prefilled from the shop's own record of their last order
    // (a trusted source): the seeded order history.
    const [last] = await vitrina.query<{ city: string; line1: string }>(
      `select shipping_address->>'city' as city, shipping_address->>'line1' as line1
         from orders where shop_id = 'demo' and customer_id = $1 and status <> 'cancelled' and source <> 'event'
        order by placed_at desc limit 1`,
      [customer.id],
    );
    await page.goto(vitrina.url + '/product.html?id=p-0003');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.goto(vitrina.url + '/checkout.html');
    await expect.poll(() => page.getByLabel('City').inputValue()).toBe(last!.city);
    expect(await page.getByLabel('Street').inputValue()).toBe(last!.line1);

    // An order placed in the browser is tracked (stored once, under the customer),
    // but a browser event is not trusted with the address the next checkout offers.
    await page.getByLabel('E-mail').fill('regular@example.com');
    await page.getByLabel('Name').fill(`${customer.first_name} Example`);
    await page.getByLabel('Street').fill('7 Oudegracht');
    await page.getByLabel('Postal code').fill('3511');
    await page.getByLabel('City').fill('Utrecht');
    await page.getByLabel('Country').selectOption('NL');
    await page.getByLabel('Delivery').selectOption('pickup');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
    const ordered = await waitForStoredEvents(vitrina, anonymousId, (all) => all.some((e) => e.event === 'Order Completed'));
    expect(ordered.find((e) => e.event === 'Order Completed')!.user_id).toBe(customer.id);
    await page.goto(vitrina.url + '/product.html?id=p-0004');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.goto(vitrina.url + '/checkout.html');
    await expect.poll(() => page.getByLabel('City').inputValue()).toBe(last!.city);
    await page.close();
  });

  it('is offered shoppers with a long history on the sign-in page, and one click signs in as one', async () => {
    const page = await shopper.context.newPage();
    await page.goto(vitrina.url + '/signin.html');
    const offers = page.locator('[data-shoppers] button');
    await expect.poll(() => offers.count()).toBeGreaterThanOrEqual(4);
    // Found in the data: every one offered is a seeded customer with trusted orders.
    const ids = (await offers.allInnerTexts()).map((t) => t.replace('Sign in as ', ''));
    const histories = await vitrina.query<{ customer_id: string; n: number }>(
      `select customer_id, count(*)::int as n from orders where shop_id = 'demo' and source <> 'event' and customer_id = any($1) group by customer_id`,
      [ids],
    );
    expect(histories.map((h) => h.customer_id).sort()).toEqual([...ids].sort());
    expect(histories.every((h) => h.n >= 1)).toBe(true);
    const [first] = await vitrina.query<{ first_name: string }>(`select first_name from customers where shop_id = 'demo' and id = $1`, [ids[0]]);
    await offers.first().click();
    await page.waitForURL(vitrina.url + '/');
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Welcome back, ${first!.first_name}!`);
    await page.close();
  });

  it('is refused a sign-in for an unknown customer id', async () => {
    const page = await shopper.context.newPage();
    await page.goto(vitrina.url + '/signin.html');
    await page.getByLabel('Customer id').fill('c-99999');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'No demo shopper has this customer id.' }).waitFor();
    await page.close();
  });
});
