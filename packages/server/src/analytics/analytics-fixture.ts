import type { Db } from '../db/database.js';
import { ingestBatch } from '../ingest/index.js';

type Ev = Record<string, unknown>;
let n = 0;
const at = (day: string, minute: number) => new Date(Date.parse(`${day}T10:00:00Z`) + minute * 60_000).toISOString();

/** A page view as the sdk sends it: the page and its referrer, the session, the landing URL's campaign. */
function page(visitor: string, sid: string | undefined, time: string, path: string, extra: { referrer?: string; campaign?: Ev; searchEngine?: Ev } = {}): Ev {
  const referrer = extra.referrer ?? '';
  return {
    type: 'page',
    messageId: `fx-${++n}`,
    anonymousId: visitor,
    timestamp: time,
    properties: { path, url: `https://shop.test${path}`, referrer },
    context: { page: { path, url: `https://shop.test${path}`, referrer }, ...(sid ? { sessionId: sid } : {}), ...(extra.campaign ? { campaign: extra.campaign } : {}), ...(extra.searchEngine ? { searchEngine: extra.searchEngine } : {}) },
  };
}
const track = (visitor: string, sid: string | undefined, time: string, event: string, properties: Ev): Ev => ({
  type: 'track', messageId: `fx-${++n}`, anonymousId: visitor, timestamp: time, event, properties, context: { page: { path: '/', url: 'https://shop.test/' }, ...(sid ? { sessionId: sid } : {}) },
});
const order = (visitor: string, sid: string | undefined, time: string, id: string, total: number, products: string[] = []) =>
  track(visitor, sid, time, 'Order Completed', { order_id: id, total, currency: 'EUR', products: products.map((p) => ({ product_id: p, quantity: 1 })) });

/**
 * Events whose right answers are known (see analytics.routes.test.ts): in
 * November 2026, 7 browsers in 9 sessions (one of each channel, two direct
 * sessions of one browser, two gap-made sessions of a server-sent browser),
 * 4 orders for 200.00; in October, 2 sessions and one order of 40.00.
 */
export async function seedAnalyticsFixture(db: Db, shopId: string): Promise<void> {
  const d = '2026-11-10';
  const batch: Ev[] = [
    // Direct, with a view, a cart add and an order of 100.
    page('v1', 's1', at(d, 0), '/'),
    track('v1', 's1', at(d, 1), 'Product Viewed', { product_id: 'p1', name: 'Kettle', category: 'Kitchen' }),
    track('v1', 's1', at(d, 2), 'Product Added', { product_id: 'p1', name: 'Kettle' }),
    order('v1', 's1', at(d, 3), 'o1', 100, ['p1']),
    // Organic search from Google.
    page('v2', 's2', at(d, 10), '/p/kettle', { referrer: 'https://www.google.com/', searchEngine: { engine: 'google' } }),
    track('v2', 's2', at(d, 11), 'Product Viewed', { product_id: 'p1', name: 'Kettle' }),
    // Paid search: a Google Ads click on the spring campaign, an order of 50.
    page('v3', 's3', at(d, 20), '/sale', { referrer: 'https://www.google.com/', campaign: { source: 'google', medium: 'cpc', name: 'spring', term: 'kettle', gclid: 'g1' }, searchEngine: { engine: 'google' } }),
    order('v3', 's3', at(d, 21), 'o2', 50),
    // E-mail, with a search that found nothing and one that found five.
    page('v4', 's4', at(d, 30), '/', { campaign: { source: 'newsletter', medium: 'email', name: 'nov-news' } }),
    track('v4', 's4', at(d, 31), 'Products Searched', { query: 'drone', results: 0 }),
    track('v4', 's4', at(d, 32), 'Products Searched', { query: 'tea', results: 5 }),
    // Social, searching for the same missing thing.
    page('v5', 's5', at(d, 40), '/', { referrer: 'https://www.facebook.com/' }),
    track('v5', 's5', at(d, 41), 'Products Searched', { query: 'Drone ', results: 0 }),
    // Referral from a blog, an order of 30 by a buyer who ordered in October.
    page('v6', 's6', at(d, 50), '/blog-landing', { referrer: 'https://blog.example.org/post' }),
    order('v6', 's6', at(d, 51), 'o3', 30),
    // v1 again, a second session arriving from the shop's own page (a self-referral: direct), an order of 20.
    page('v1', 's7', at('2026-11-20', 0), '/x2', { referrer: 'https://shop.test/x' }),
    order('v1', 's7', at('2026-11-20', 1), 'o4', 20),
    // A server-sent browser without session ids: 10 minutes apart is one session, 2 hours later another.
    page('v7', undefined, at('2026-11-25', 0), '/'),
    page('v7', undefined, at('2026-11-25', 10), '/'),
    page('v7', undefined, at('2026-11-25', 130), '/'),
    // October: v6's first order (40) and another direct browser.
    page('v6', 's0', at('2026-10-15', 0), '/'),
    order('v6', 's0', at('2026-10-15', 1), 'o0', 40),
    page('v8', 's8', at('2026-10-16', 0), '/'),
  ];
  await ingestBatch(db, shopId, { batch: batch as never });
}
