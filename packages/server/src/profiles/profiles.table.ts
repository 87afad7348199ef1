import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Decayed interest scores by category or brand name. */
export type Affinities = Record<string, number>;

export interface CheckoutDetails {
  deliveryMethod?: string;
  paymentType?: string;
  address?: { name?: string; line1?: string; city?: string; postalCode?: string; country?: string };
  at?: string;
}

/** What a shopper did with a product: viewed it, added it to the cart, clicked it in a recommendation. */
export type RecentProductKind = 'viewed' | 'added' | 'clicked';
/**
 * One product interaction as the profile keeps it: kind, product id, when
 * (epoch ms), and the device (anonymous id) it happened on, so that a device
 * can be shown its own history without its customer's.
 */
export type RecentProduct = [kind: RecentProductKind, productId: string, at: number, device: string | null];

/** What the shopper agreed to, by purpose, with when it last changed. */
export type ConsentState = Record<string, boolean | string>;

export interface ProfilesTable {
  shop_id: string;
  /** The customer id, or `anon:<anonymous id>` while the shopper is unknown. */
  id: string;
  customer_id: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  region: string | null;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  sessions: Generated<number>;
  visit_days: Generated<number>;
  page_views: Generated<number>;
  product_views: Generated<number>;
  searches: Generated<number>;
  zero_result_searches: Generated<number>;
  cart_adds: Generated<number>;
  orders: Generated<number>;
  revenue: Generated<number>;
  first_order_at: Date | null;
  last_order_at: Date | null;
  category_affinity: ColumnType<Affinities, Affinities | string | undefined, Affinities | string>;
  brand_affinity: ColumnType<Affinities, Affinities | string | undefined, Affinities | string>;
  affinity_at: Date | null;
  checkout: ColumnType<CheckoutDetails | null, CheckoutDetails | string | null | undefined, CheckoutDetails | string | null>;
  consent: ColumnType<ConsentState, ConsentState | string | undefined, ConsentState | string>;
  /** The latest product interactions, newest first, at most `RECENT_PRODUCTS_KEPT`. */
  recent_products: ColumnType<RecentProduct[], RecentProduct[] | string | undefined, RecentProduct[] | string>;
  updated_at: Generated<Date>;
}
export type Profile = Selectable<ProfilesTable>;
export type NewProfile = Insertable<ProfilesTable>;

export interface ProfileIdentitiesTable {
  shop_id: string;
  kind: 'anonymous';
  value: string;
  profile_id: string;
  linked_at: Generated<Date>;
}

export interface ProfileMergesTable {
  shop_id: string;
  from_profile_id: string;
  into_profile_id: string;
  reason: string;
  merged_at: Generated<Date>;
}

export interface ProfileOrdersTable {
  shop_id: string;
  order_id: string;
  profile_id: string;
  total: number;
  placed_at: Date;
}

export const ANON_PREFIX = 'anon:';
export const anonymousProfileId = (anonymousId: string) => ANON_PREFIX + anonymousId;
export const isAnonymousProfileId = (id: string) => id.startsWith(ANON_PREFIX);
