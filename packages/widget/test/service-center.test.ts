import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { annaOrders, seedServiceShop } from '../../server/src/service-center/test-fixtures.js';
import { signServiceLink } from '../../server/src/service-center/service-token.js';
import type { RunningServer } from '../../server/src/server.js';
import type { CreatedShop } from '../../server/src/shops/shops.service.js';
import { findShopById } from '../../server/src/shops/shops.repository.js';
import { startTestServer } from '../../server/src/test-support/test-database.js';
import '../src/index.js';
import { timelineSteps } from '../src/index.js';

// The widget talks to the real server on a real database: no fake API.
let server: RunningServer;
let shop: CreatedShop;
let ip = 0;

beforeAll(async () => {
  server = await startTestServer();
  shop = await seedServiceShop(server.database.db, 'Widget Test Shop', annaOrders);
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${server.url}/service-center.html`);
});
afterAll(() => server?.close());
afterEach(() => {
  document.body.replaceChildren();
  document.documentElement.lang = '';
});

function mount(attrs: Record<string, string> = {}): ShadowRoot {
  const el = document.createElement('vitrina-service-center');
  el.setAttribute('write-key', shop.write_key);
  el.setAttribute('endpoint', server.url);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.appendChild(el);
  return el.shadowRoot!;
}

async function until<T>(read: () => T | undefined | null | false, what: string, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const heading = (root: ShadowRoot) => root.querySelector('h2')?.textContent ?? '';
const byLabel = (root: ShadowRoot, text: string) => {
  const label = [...root.querySelectorAll('label[for]')].find((l) => l.textContent === text);
  return root.getElementById(label?.getAttribute('for') ?? '') as HTMLInputElement | null;
};
const button = (root: ShadowRoot, text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.includes(text)) as HTMLButtonElement | undefined;

async function lookUp(root: ShadowRoot, orderNumber: string, email: string) {
  await until(() => byLabel(root, 'Order number'), 'the lookup form');
  byLabel(root, 'Order number')!.value = orderNumber;
  byLabel(root, 'E-mail')!.value = email;
  root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
}

describe('<vitrina-service-center>', () => {
  it('shows a lookup form whose every field has a label, in its own shadow root', async () => {
    const root = mount();
    await until(() => heading(root) === 'Find your order', 'the lookup heading');
    for (const input of root.querySelectorAll('input:not([type=radio])')) {
      expect(root.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
    }
    expect(document.body.querySelector('input')).toBeNull();
  });

  it('speaks Russian when its lang says so, on a page in English', async () => {
    document.documentElement.lang = 'en';
    const root = mount({ lang: 'ru' });
    await until(() => heading(root) === 'Найти заказ', 'the Russian heading');
    expect(byLabel(root, 'Номер заказа')).not.toBeNull();
  });

  it("follows the page's lang when the browser's languages are none it speaks", async () => {
    Object.defineProperty(navigator, 'languages', { value: ['de-DE', 'fr'], configurable: true });
    try {
      document.documentElement.lang = 'ru';
      const root = mount();
      await until(() => heading(root) === 'Найти заказ', 'the Russian heading');
    } finally {
      delete (navigator as { languages?: unknown }).languages;
    }
    expect(navigator.languages).not.toContain('de-DE');
  });

  it('redraws the screen in the new language when lang changes, keeping what the shopper typed', async () => {
    const root = mount();
    const el = document.querySelector('vitrina-service-center')!;
    await until(() => heading(root) === 'Find your order', 'the English heading');
    byLabel(root, 'Order number')!.value = '1001';
    (root.querySelector('input[name=by][value=postalCode]') as HTMLInputElement).click();
    byLabel(root, 'Postal code')!.value = '10115';
    el.setAttribute('lang', 'ru');
    await until(() => heading(root) === 'Найти заказ', 'the Russian heading');
    expect(root.querySelector('header b')?.textContent).toBe('Сервисный центр');
    expect(root.querySelector('.w')?.getAttribute('lang')).toBe('ru');
    expect(byLabel(root, 'Номер заказа')!.value).toBe('1001');
    expect(byLabel(root, 'Почтовый индекс')!.value).toBe('10115');
    el.removeAttribute('lang');
    await until(() => heading(root) === 'Find your order', 'English again, the browser language');
  });

  it('says in words that nothing matched, in an alert, when the e-mail is wrong', async () => {
    const root = mount();
    await lookUp(root, '1001', `nobody${++ip}@example.com`);
    const alert = await until(() => root.querySelector('[role=alert]')?.textContent, 'the error');
    expect(alert).toBe('We could not find an order with that number and e-mail or postal code. Check both and try again.');
  });

  it('asks for the missing field without calling the server', async () => {
    const root = mount();
    await until(() => byLabel(root, 'Order number'), 'the form');
    byLabel(root, 'Order number')!.value = '1001';
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(root.querySelector('[role=alert]')?.textContent).toBe('Please check the highlighted fields.');
    expect(byLabel(root, 'E-mail')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('lists the orders, opens one with its timeline and warranty, files a claim and shows the chosen point', async () => {
    const root = mount();
    await lookUp(root, '1001', 'anna.schmidt@example.com');
    await until(() => heading(root) === 'Your orders', 'the orders');
    expect(root.querySelector('[role=status]')?.textContent).toBe('3 orders found');
    button(root, 'Order 1001')!.click();
    await until(() => heading(root).startsWith('Order 1001'), 'the order');
    expect(root.activeElement?.tagName).toBe('H2');
    const current = root.querySelector('.tl [aria-current=step]')?.textContent ?? '';
    expect(current.startsWith('Delivered')).toBe(true);
    const items = [...root.querySelectorAll('.card')].map((c) => c.textContent ?? '');
    expect(items[0]).toContain('Serial number: SN-HP-1');
    expect(items[0]).toMatch(/Warranty until \d+ \w+ \d{4}/);
    expect(items[1]).toContain('No warranty');

    button(root, 'Request warranty service')!.click();
    await until(() => heading(root) === 'Warranty service', 'the claim form');
    byLabel(root, 'What is wrong?')!.value = 'The right ear cup is silent.';
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await until(() => heading(root).startsWith('Request W-'), 'the confirmation');
    const text = root.textContent ?? '';
    expect(text).toContain('Munich Audio Service');
    expect(text).toContain('Opening hours: Mon-Fri 9-18');
    expect(root.querySelector('a[href^="https://www.openstreetmap.org/"]')?.getAttribute('rel')).toBe('noopener');
    expect(root.querySelector('[role=status]')?.textContent).toMatch(/^Request W-\w+ sent$/);

    button(root, 'My requests')!.click();
    await until(() => heading(root) === 'Your service requests', 'the claims');
    expect(root.textContent).toContain('Submitted');
  });

  it('refuses a description under 10 characters before sending', async () => {
    const root = mount();
    await lookUp(root, '1001', 'anna.schmidt@example.com');
    (await until(() => button(root, 'Order 1001'), 'the orders')).click();
    (await until(() => button(root, 'Request warranty service'), 'the claim button')).click();
    await until(() => heading(root) === 'Warranty service', 'the form');
    byLabel(root, 'What is wrong?')!.value = 'broken';
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(root.querySelector('[role=alert]')?.textContent).toBe('At least 10 characters.');
    expect(heading(root)).toBe('Warranty service');
  });

  it('signs in from a signed link in the address, then removes the link from it', async () => {
    const full = (await findShopById(server.database.db, shop.shop_id))!;
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${server.url}/service-center.html?vsc=${encodeURIComponent(signServiceLink(full, 'anna.schmidt@example.com'))}`);
    const root = mount();
    await until(() => heading(root) === 'Your orders', 'the orders');
    expect(location.search).toBe('');
  });

  it('shows the day staff expect an order to arrive, as that day wherever the shopper is', async () => {
    const set = await fetch(`${server.url}/v1/admin/orders/1002/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shop.admin_key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'shipped', expectedOn: '2026-12-24', notify: false }),
    });
    expect(set.status).toBe(201);
    const root = mount();
    await lookUp(root, '1002', 'anna.schmidt@example.com');
    await until(() => heading(root) === 'Your orders', 'the orders');
    button(root, 'Order 1002')!.click();
    await until(() => heading(root).startsWith('Order 1002'), 'the order');
    expect(root.querySelector('dl')?.textContent).toContain('Expected24 Dec 2026');
  });

  it('uses the write key a page sets after the element has started', async () => {
    const el = document.createElement('vitrina-service-center');
    el.setAttribute('endpoint', server.url);
    document.body.appendChild(el);
    el.setAttribute('write-key', shop.write_key);
    const root = el.shadowRoot!;
    await lookUp(root, '1002', 'anna.schmidt@example.com');
    await until(() => heading(root) === 'Your orders', 'the orders');
  });

  it('says the service cannot be reached, with a way to retry, when the server is down', async () => {
    const root = mount({ endpoint: 'http://127.0.0.1:9' });
    await lookUp(root, '1001', 'anna.schmidt@example.com');
    const alert = await until(() => root.querySelector('[role=alert]')?.textContent, 'the error');
    expect(alert).toBe('We could not reach the service. Check your connection and try again.');
    expect(button(root, 'Find order')!.disabled).toBe(false);
  });
});

describe('timeline steps', () => {
  it('shows a cancelled order as it happened, and a shipped one with the steps still ahead', () => {
    expect(timelineSteps({ status: 'cancelled', timeline: [{ status: 'placed', at: '2026-01-01', note: null }, { status: 'cancelled', at: '2026-01-02', note: null }] }).map((s) => s.status)).toEqual(['placed', 'cancelled']);
    const shipped = timelineSteps({ status: 'shipped', timeline: ['placed', 'paid', 'packed', 'shipped'].map((s) => ({ status: s as 'placed', at: '2026-01-01', note: null })) });
    expect(shipped.map((s) => [s.status, s.done, s.current])).toEqual([
      ['placed', true, false], ['paid', true, false], ['packed', true, false], ['shipped', true, true], ['out_for_delivery', false, false], ['delivered', false, false],
    ]);
  });
});
