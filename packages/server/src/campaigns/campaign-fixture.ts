import type { Db } from '../db/database.js';
import { ensureEventPartitions } from '../ingest/event-partitions.js';

const DAY = 86_400_000;

/**
 * The audience tests' shop: five shoppers whose answers to every condition
 * are known (see audience.test.ts), written straight into the tables the
 * ingest and order paths keep.
 */
export async function seedAudienceFixture(db: Db, shopId: string, now: Date): Promise<void> {
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  await ensureEventPartitions(db, now);
  await ensureEventPartitions(db, ago(120));
  await db
    .insertInto('products')
    .values([
      { shop_id: shopId, id: 'p1', name: 'House blend', category: 'Coffee', brand: 'Acme', price: 12, consumable: true, repurchase_days: 30, url: '/p/p1' },
      { shop_id: shopId, id: 'p2', name: 'Green tea', category: 'Tea', brand: 'Leaf', price: 8, url: '/p/p2' },
      { shop_id: shopId, id: 'p3', name: 'Espresso beans', category: 'Coffee', brand: 'Bean', price: 15, url: '/p/p3' },
    ])
    .execute();
  const profile = (id: string, p: Partial<{ customer_id: string; email: string; region: string; orders: number; revenue: number; last: Date; consent: boolean }>) => ({
    shop_id: shopId,
    id,
    customer_id: p.customer_id ?? null,
    email: p.email ?? null,
    first_name: id.toUpperCase(),
    last_name: null,
    region: p.region ?? null,
    first_seen_at: ago(200),
    last_seen_at: now,
    orders: p.orders ?? 0,
    revenue: p.revenue ?? 0,
    first_order_at: p.last ?? null,
    last_order_at: p.last ?? null,
    affinity_at: null,
    checkout: null,
    consent: JSON.stringify(p.consent === undefined ? {} : { marketing: p.consent }),
  });
  await db
    .insertInto('profiles')
    .values([
      profile('a', { customer_id: 'a', email: 'a@example.com', region: 'DE', orders: 5, revenue: 600, last: ago(10), consent: true }),
      profile('b', { customer_id: 'b', email: 'b@example.com', region: 'RU', orders: 1, revenue: 50, last: ago(100), consent: true }),
      profile('c', { customer_id: 'c', email: 'c@example.com', region: 'DE', consent: false }),
      profile('anon:d1', { consent: true }),
      profile('e', { customer_id: 'e', email: 'E@Example.com', region: 'FR', orders: 1, revenue: 20, last: ago(5), consent: true }),
    ])
    .execute();
  await db.insertInto('profile_identities').values({ shop_id: shopId, kind: 'anonymous', value: 'd1', profile_id: 'anon:d1' }).execute();
  const orders: [string, string, string, number][] = [
    ['o-a1', 'a', 'p1', 40],
    ['o-a2', 'a', 'p1', 10],
    ['o-b1', 'b', 'p2', 100],
    ['o-e1', 'e', 'p1', 5],
  ];
  for (const [orderId, profileId, productId, days] of orders) {
    await db.insertInto('orders').values({ shop_id: shopId, id: orderId, customer_id: profileId, anonymous_id: null, email: null, status: 'paid', placed_at: ago(days), total: 12, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: null, carrier: null, tracking_number: null, delivered_at: null, source: 'import' }).execute();
    await db.insertInto('order_items').values({ shop_id: shopId, order_id: orderId, line_no: 1, product_id: productId, name: productId, quantity: 1, unit_price: 12, serial_numbers: [] }).execute();
    await db.insertInto('profile_orders').values({ shop_id: shopId, order_id: orderId, profile_id: profileId, total: 12, placed_at: ago(days) }).execute();
  }
  const view = (id: string, who: { user_id?: string; anonymous_id?: string }, productId: string, category: string, brand: string, locale: string | null, days: number) => ({
    shop_id: shopId,
    message_id: id,
    type: 'track',
    event: 'Product Viewed',
    anonymous_id: who.anonymous_id ?? null,
    user_id: who.user_id ?? null,
    timestamp: ago(days),
    received_at: ago(days),
    sent_at: null,
    properties: JSON.stringify({ product_id: productId, category, brand }),
    context: JSON.stringify(locale ? { locale } : {}),
    traits: JSON.stringify({}),
  });
  await db
    .insertInto('events')
    .values([
      view('v1', { user_id: 'b' }, 'p1', 'Coffee', 'Acme', 'ru-RU', 3),
      view('v2', { user_id: 'c' }, 'p3', 'Coffee', 'Bean', 'en-US', 2),
      view('v3', { anonymous_id: 'd1' }, 'p1', 'Coffee', 'Acme', null, 1),
      view('v4', { user_id: 'a' }, 'p2', 'Tea', 'Leaf', 'de-DE', 60),
    ])
    .execute();
}
