import type { Db } from '../db/database.js';
import { listShopperEvents, type ShopperEvent } from '../ingest/index.js';
import { listCustomerOrders, type CustomerOrder } from '../orders/index.js';
import { findScoredProfile, listProfileIdentities, listProfileMerges, listScoredCustomers, type ScoredProfile, type ScoreSettings } from '../profiles/index.js';
import * as repo from './customers.repository.js';
import type { Customer, CustomerContact } from './customers.table.js';

/**
 * The contact fields of the shop's records of these customers, to fill their
 * profiles; ids the shop has no record of are absent.
 * @example await listCustomerContactsByIds(db, 'demo', ['c-00001', 'c-nobody'])
 * // => [{ id: 'c-00001', email: 'anna.schmidt.1@example.com', first_name: 'Anna', last_name: 'Schmidt', region: 'DE' }]
 */
export function listCustomerContactsByIds(db: Db, shopId: string, ids: string[]): Promise<CustomerContact[]> {
  return repo.listCustomerContactsByIds(db, shopId, ids);
}

/**
 * The shop's record of a customer by e-mail (case-insensitive); undefined when it has none.
 * @example await findCustomerByEmail(db, 'demo', 'Anna.Schmidt.1@example.com')
 * // => { shop_id: 'demo', id: 'c-00001', email: 'anna.schmidt.1@example.com', first_name: 'Anna', city: 'Berlin', ... }
 */
export function findCustomerByEmail(db: Db, shopId: string, email: string): Promise<Customer | undefined> {
  return repo.findCustomerByEmail(db, shopId, email);
}

/** A customer as the admin panel lists them. */
export function toCustomerSummary(p: ScoredProfile) {
  return {
    id: p.id,
    email: p.email,
    firstName: p.first_name,
    lastName: p.last_name,
    region: p.region,
    orders: p.orders,
    revenue: Number(p.revenue),
    averageOrderValue: p.orders > 0 ? Math.round((Number(p.revenue) / p.orders) * 100) / 100 : 0,
    firstSeenAt: p.first_seen_at,
    lastSeenAt: p.last_seen_at,
    lastOrderAt: p.last_order_at,
    segment: p.segment,
    rfm: { recency: p.rfm_recency, frequency: p.rfm_frequency, monetary: p.rfm_monetary },
    loyaltyDiscountDue: p.loyalty_due,
  };
}

/**
 * Customers for the admin list: known shoppers, most valuable first.
 * @example await listCustomers(db, 'shop_1', { segment: 'at_risk', limit: 50, offset: 0 }, {})
 * // => [{ id: 'c-00042', segment: 'at_risk', orders: 4, revenue: 312.5, ... }]
 */
export async function listCustomers(db: Db, shopId: string, opts: { segment?: string | undefined; q?: string | undefined; limit: number; offset: number }, settings: ScoreSettings) {
  return (await listScoredCustomers(db, shopId, opts, settings)).map(toCustomerSummary);
}

export type CustomerDetail =
  | { found: false }
  | {
      found: true;
      customer: ReturnType<typeof toCustomerSummary> & Record<string, unknown>;
      identities: unknown[];
      merges: unknown[];
      orders: CustomerOrder[];
      timeline: ShopperEvent[];
    };

/**
 * The whole relationship with one customer: profile, devices (anonymous ids),
 * merges, orders with lines, and the latest events from all their devices.
 */
export async function getCustomerDetail(db: Db, shopId: string, id: string, settings: ScoreSettings): Promise<CustomerDetail> {
  const p = await findScoredProfile(db, shopId, id, settings);
  if (!p) return { found: false };
  const identities = await listProfileIdentities(db, shopId, id);
  const anonymousIds = identities.map((i) => i.value);
  const [merges, orders, timeline] = await Promise.all([
    listProfileMerges(db, shopId, id),
    p.customer_id ? listCustomerOrders(db, shopId, p.customer_id) : Promise.resolve([]),
    listShopperEvents(db, shopId, { userId: p.customer_id, anonymousIds }, 200),
  ]);
  return {
    found: true,
    customer: {
      ...toCustomerSummary(p),
      // Orders a storefront reported but the shop has not confirmed: shown apart, not counted above.
      unverifiedOrders: countUnverified(orders),
      counters: {
        sessions: p.sessions,
        visitDays: p.visit_days,
        pageViews: p.page_views,
        productViews: p.product_views,
        searches: p.searches,
        zeroResultSearches: p.zero_result_searches,
        cartAdds: p.cart_adds,
      },
      affinities: { categories: topScores(p.category_affinity), brands: topScores(p.brand_affinity), asOf: p.affinity_at },
      checkout: p.checkout,
      consent: p.consent,
    },
    identities: identities.map((i) => ({ kind: i.kind, value: i.value, linkedAt: i.linked_at })),
    merges: merges.map((m) => ({ from: m.from_profile_id, reason: m.reason, at: m.merged_at })),
    orders,
    timeline,
  };
}

/** The customer's orders that only a storefront event reported: how many, and their total (summed as the profile's revenue is). */
function countUnverified(orders: CustomerOrder[]): { count: number; revenue: number } {
  const unverified = orders.filter((o) => !o.verified);
  return { count: unverified.length, revenue: Math.round(unverified.reduce((sum, o) => sum + o.total, 0) * 100) / 100 };
}

function topScores(scores: Record<string, number>) {
  return Object.entries(scores ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, score]) => ({ name, score: Math.round(score * 100) / 100 }));
}
