import type { RecommendationResponse, RecommendedItem } from '@vitrina/protocol';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { findCustomerById, selectCustomerRegion } from '../customers/index.js';
import { sql, type CompiledQuery, type InferResult } from 'kysely';
import { queryTemplate } from '../db/query-template.js';
import type { Db } from '../db/database.js';
import { ownRegion, selectRecentProducts, toProductInteractions, type RecentProduct } from '../profiles/index.js';
import { selectBuyerPurchases, toPurchaseLines, findOrderRecipients, type BuyerLine } from '../orders/index.js';
import type { ModelStore } from './model-store.js';
import { rankCrossSell } from './rank-cross-sell.js';
import { rankGifts } from './rank-gifts.js';
import { rankReorder } from './rank-reorder.js';
import { rankShowcase } from './rank-showcase.js';
import { rankUpSell } from './rank-up-sell.js';
import type { Shopper } from './shopper.js';

/** Who is asking: a page's anonymous visitor, a verified customer, or both. */
export interface Visitor {
  anonymousId?: string | undefined;
  /** Only a verified customer id (signed by the shop, or given by staff). */
  customerId?: string | undefined;
  region?: string | undefined;
}

const RECENT_INTERACTIONS = 30;

/**
 * Reads what a shopper did, live: their purchases, their latest product
 * interactions (kept in their profile rows as events land) and their region,
 * in one round trip to the database (each domain supplies its own query;
 * they travel together). `interactions: false` skips what reorder never reads.
 */
export async function loadShopper(db: Db, shopId: string, visitor: Visitor, now = new Date(), opts: { interactions?: boolean } = {}): Promise<Shopper> {
  if (!visitor.customerId && !visitor.anonymousId) return { purchases: [], interactions: [], region: visitor.region, now };
  const args = { shopId, customerId: visitor.customerId, anonymousId: visitor.anonymousId };
  const query = shopperQuery(db, opts.interactions !== false)(args);
  // The hottest query of the server: built once, prepared once per connection.
  const row = (await db.executeQuery(query)).rows[0]!;
  // JSON loses the tuple types of the stored lines and interactions.
  const profileRows = row.profiles as { id: string; recentProducts: RecentProduct[]; region: string | null }[];
  const who = { customerId: visitor.customerId, anonymousId: visitor.anonymousId };
  return {
    purchases: toPurchaseLines(row.purchases as { lines: BuyerLine[] }[], visitor.customerId ?? visitor.anonymousId!, now),
    interactions: toProductInteractions(profileRows, who, now, RECENT_INTERACTIONS),
    region: visitor.region ?? row.region ?? ownRegion(profileRows, who),
    now,
  };
}

type ShopperArgs = { shopId: string; customerId: string | undefined; anonymousId: string | undefined };

/** One round trip for a shopper: purchases (orders), recent interactions (profiles), region (the shop's customer record). */
function buildShopperQuery(db: Db, a: ShopperArgs, withInteractions: boolean) {
  const who = { customerId: a.customerId, anonymousId: a.anonymousId };
  return db.selectNoFrom(() => [
    jsonArrayFrom(selectBuyerPurchases(db, a.shopId, who)).as('purchases'),
    withInteractions
      ? jsonArrayFrom(selectRecentProducts(db, a.shopId, who)).as('profiles')
      : sql<{ id: string; recentProducts: RecentProduct[]; region: string | null }[]>`'[]'::json`.as('profiles'),
    a.customerId ? selectCustomerRegion(db, a.shopId, a.customerId).as('region') : sql<string | null>`null`.as('region'),
  ]);
}

type ShopperQuery = (a: ShopperArgs) => CompiledQuery<InferResult<ReturnType<typeof buildShopperQuery>>[number]>;
const shopperQueries = new WeakMap<Db, { withInteractions: ShopperQuery; purchasesOnly: ShopperQuery }>();

/** The shopper query of a database, built once per shape. */
function shopperQuery(db: Db, withInteractions: boolean): ShopperQuery {
  let q = shopperQueries.get(db);
  if (!q) {
    q = {
      withInteractions: queryTemplate((a: ShopperArgs) => buildShopperQuery(db, a, true)),
      purchasesOnly: queryTemplate((a: ShopperArgs) => buildShopperQuery(db, a, false)),
    };
    shopperQueries.set(db, q);
  }
  return withInteractions ? q.withInteractions : q.purchasesOnly;
}

export type RecommendKind = 'showcase' | 'cross-sell' | 'reorder' | 'up-sell' | 'gifts';

/**
 * Recommendations of one kind for a visitor, through the same rankers the
 * offline evaluation measures.
 * @example await recommend(db, store, 'demo', 'cross-sell', { anonymousId: 'a1' }, { limit: 4, products: ['p-0001'] })
 * // => { kind: 'cross-sell', items: [{ productId: 'p-0017', reason: { code: 'bought_together', ... } }, ...] }
 */
export async function recommend(
  db: Db,
  store: ModelStore,
  shopId: string,
  kind: RecommendKind,
  visitor: Visitor,
  opts: { limit: number; products?: string[]; defaultRegion?: string | undefined },
): Promise<{ kind: RecommendKind; items: RecommendedItem[] }> {
  const model = await store.get(shopId);
  const products = opts.products ?? [];
  if (kind === 'cross-sell') {
    return { kind, items: rankCrossSell(model, products, { limit: opts.limit, region: visitor.region ?? opts.defaultRegion }) };
  }
  if (kind === 'gifts') {
    if (!visitor.customerId) return { kind, items: [] };
    const [orders, customer] = await Promise.all([
      findOrderRecipients(db, shopId, visitor.customerId),
      findCustomerById(db, shopId, visitor.customerId),
    ]);
    const customerName = customer ? [customer.first_name, customer.last_name].filter(Boolean).join(' ') : undefined;
    return { kind, items: rankGifts(model, { customerName, orders }, { limit: opts.limit, region: visitor.region ?? customer?.region ?? opts.defaultRegion }) };
  }
  const shopper = await loadShopper(db, shopId, visitor, new Date(), { interactions: kind !== 'reorder' });
  shopper.region ??= opts.defaultRegion;
  if (kind === 'reorder') return { kind, items: rankReorder(model, shopper, { limit: opts.limit }) };
  if (kind === 'up-sell') return { kind, items: products[0] ? rankUpSell(model, products[0], shopper, { limit: opts.limit }) : [] };
  return { kind, items: rankShowcase(model, shopper, { limit: opts.limit }) };
}

export type { RecommendationResponse };
