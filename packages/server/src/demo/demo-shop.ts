import { insertProducts } from '../catalog/index.js';
import { insertCustomers } from '../customers/index.js';
import type { Db } from '../db/database.js';
import { ingestBatch } from '../ingest/index.js';
import type { Logger } from '../logger.js';
import { recordOrders } from '../orders/index.js';
import { recordOrdersInProfiles } from '../profiles/index.js';
import { insertServicePoints } from '../service-points/index.js';
import { countShops, findShopById, createShop } from '../shops/index.js';
import { generateDemoProducts, generateDemoServicePoints } from './demo-catalog.js';
import { generateDemoShoppers } from './demo-shoppers.js';
import { createRandom } from './random.js';
import { ensureDemoMerchantUsers } from './demo-merchant-users.js';
import { seedDemoClaims } from './demo-claims.js';

export const DEMO_SHOP_ID = 'demo';
/** The demo shop's keys are fixed so that the demo page and docs can name them. Demo only. */
export const DEMO_WRITE_KEY = 'wk_demo';
export const DEMO_ADMIN_KEY = 'ak_demo_not_secret';

export interface DemoSeedResult {
  shopId: string;
  writeKey: string;
  adminKey: string;
  seeded: boolean;
  /** Whether the demo shop is in the database (now or from an earlier start); its keys mean nothing otherwise. */
  exists: boolean;
}

/**
 * On an empty database, creates the demo shop: 312 products, service points
 * and about 1,000 shoppers with their histories. Events go through the real
 * ingest path; orders through the orders repository.
 */
export async function seedDemoShopIfEmpty(db: Db, logger: Logger, now = new Date()): Promise<DemoSeedResult> {
  const result = { shopId: DEMO_SHOP_ID, writeKey: DEMO_WRITE_KEY, adminKey: DEMO_ADMIN_KEY };
  if ((await countShops(db)) > 0) {
    const exists = (await findShopById(db, DEMO_SHOP_ID)) !== undefined;
    if (exists) await ensureDemoMerchantUsers(db, DEMO_SHOP_ID);
    return { ...result, seeded: false, exists };
  }
  const started = Date.now();
  const rnd = createRandom(20261127);
  await createShop(db, { id: DEMO_SHOP_ID, name: 'Vitrina Demo Shop', writeKey: DEMO_WRITE_KEY, adminKey: DEMO_ADMIN_KEY, settings: { currency: 'EUR', defaultRegion: 'DE' } });
  const products = generateDemoProducts(DEMO_SHOP_ID, rnd, now);
  await insertProducts(db, products);
  await insertServicePoints(db, generateDemoServicePoints(DEMO_SHOP_ID));
  await ensureDemoMerchantUsers(db, DEMO_SHOP_ID);
  const history = generateDemoShoppers(DEMO_SHOP_ID, products, rnd, now);
  await insertCustomers(db, history.customers);
  // Through the orders domain, which also keeps each buyer's purchases for recommendations.
  const byOrder = <T extends { order_id: string }>(rows: T[]) => {
    const out = new Map<string, T[]>();
    for (const r of rows) out.set(r.order_id, [...(out.get(r.order_id) ?? []), r]);
    return out;
  };
  const itemsOf = byOrder(history.items);
  const timelineOf = byOrder(history.statusEvents);
  const orders = history.orders.map((order) => ({
    order,
    items: itemsOf.get(order.id) ?? [],
    timeline: (timelineOf.get(order.id) ?? []).sort((a, b) => a.seq - b.seq).map((e) => ({ status: e.status, at: e.at as Date, note: e.note ?? null })),
  }));
  await db.transaction().execute((tx) => recordOrders(tx, orders));
  await seedDemoClaims(db, DEMO_SHOP_ID, history.orders, history.items, now);
  for (let i = 0; i < history.events.length; i += 2000) {
    await ingestBatch(db, DEMO_SHOP_ID, { batch: history.events.slice(i, i + 2000) }, now);
  }
  // The seeded orders are the shop's own records, a trusted source: they count
  // in the profiles (orders, revenue, segment) and remember the last checkout.
  await recordOrdersInProfiles(
    db,
    DEMO_SHOP_ID,
    history.orders
      .filter((o) => o.status !== 'cancelled' && o.customer_id)
      .map((o) => ({
        orderId: o.id,
        customerId: o.customer_id!,
        total: o.total,
        placedAt: o.placed_at,
        region: o.shipping_address?.country ?? null,
        checkout: {
          ...(o.delivery_method ? { deliveryMethod: o.delivery_method } : {}),
          ...(o.payment_type ? { paymentType: o.payment_type } : {}),
          ...(o.shipping_address ? { address: o.shipping_address } : {}),
        },
      })),
  );
  logger.info('demo shop seeded', {
    products: products.length,
    shoppers: history.customers.length,
    orders: history.orders.length,
    events: history.events.length,
    ms: Date.now() - started,
  });
  return { ...result, seeded: true, exists: true };
}
