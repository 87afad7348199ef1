import type { Affinities, ConsentState, Profile, RecentProduct, RecentProductKind } from './profiles.table.js';

/** A stored event, as the profile sees it. */
export interface ProfileEvent {
  type: string;
  event: string | null;
  timestamp: Date;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  traits: Record<string, unknown>;
  /** The device (anonymous id) it came from, when it says. */
  anonymousId?: string | null;
}

/** A profile held in memory while a batch of events is applied to it. */
export type ProfileState = Omit<Profile, 'updated_at'>;

const SESSION_GAP_MS = 30 * 60_000;
/** Interest halves every 30 days without new signals. */
export const AFFINITY_HALF_LIFE_DAYS = 30;
const MAX_AFFINITY_KEYS = 20;
const weights = { view: 1, cart: 3, order: 5 } as const;
/** Product interactions a profile keeps for recommendations (newest first). */
export const RECENT_PRODUCTS_KEPT = 30;
const recentKinds: Record<string, RecentProductKind> = { 'Product Viewed': 'viewed', 'Product Added': 'added', 'Product Clicked': 'clicked' };

/** A trimmed string cut to `max` characters without splitting a surrogate pair (a lone half is not storable in jsonb). */
const str = (v: unknown, max = 200) => (typeof v === 'string' && v.trim() ? cut(v.trim(), max) : undefined);
const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, /[\uD800-\uDBFF]/.test(s[max - 1]!) ? max - 1 : max));
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined);

export function emptyProfile(shopId: string, id: string, customerId: string | null): ProfileState {
  return {
    shop_id: shopId,
    id,
    customer_id: customerId,
    email: null,
    first_name: null,
    last_name: null,
    region: null,
    first_seen_at: null,
    last_seen_at: null,
    sessions: 0,
    visit_days: 0,
    page_views: 0,
    product_views: 0,
    searches: 0,
    zero_result_searches: 0,
    cart_adds: 0,
    orders: 0,
    revenue: 0,
    first_order_at: null,
    last_order_at: null,
    category_affinity: {},
    brand_affinity: {},
    affinity_at: null,
    checkout: null,
    consent: {},
    recent_products: [],
  };
}

/**
 * Applies one event to a profile: activity counters, sessions (a new one
 * after 30 minutes of silence), identity traits, consent and affinities.
 * Events come unsigned from browsers, so they never write what a verified
 * page is given or what discounts follow (docs/profiles.md, "Trust"): no
 * checkout prefill, no e-mail, no order counters (`applyOrder`, called only
 * for the importer's and the shop's own orders); a name only where the
 * profile has none.
 * @example applyEvent(p, { type: 'track', event: 'Product Viewed', properties: { category: 'Lighting' }, ... }) // p.product_views + 1
 */
export function applyEvent(p: ProfileState, e: ProfileEvent): void {
  const t = e.timestamp;
  if (!p.last_seen_at || t.getTime() - p.last_seen_at.getTime() > SESSION_GAP_MS) p.sessions++;
  if (!p.last_seen_at || dayOf(t) !== dayOf(p.last_seen_at)) p.visit_days++;
  if (!p.first_seen_at || t < p.first_seen_at) p.first_seen_at = t;
  if (!p.last_seen_at || t > p.last_seen_at) p.last_seen_at = t;

  const country = str(readPath(e.context, ['location', 'country']), 2) ?? undefined;
  if (country && /^[A-Za-z]{2}$/.test(country)) p.region = country.toUpperCase();

  const props = e.properties;
  if (e.type === 'track' && e.event && recentKinds[e.event]) noteRecentProduct(p, recentKinds[e.event]!, props.product_id, t, e.anonymousId ?? null);
  if (e.type === 'page' || e.type === 'screen') p.page_views++;
  else if (e.type === 'identify') applyTraits(p, e.traits);
  else if (e.type === 'track') {
    switch (e.event) {
      case 'Product Viewed':
        p.product_views++;
        addAffinity(p, t, props, weights.view);
        break;
      case 'Products Searched':
        p.searches++;
        if (num(props.results) === 0 || num(props.result_count) === 0 || num(props.results_count) === 0) p.zero_result_searches++;
        break;
      case 'Product Added':
        p.cart_adds++;
        addAffinity(p, t, props, weights.cart);
        break;
      case 'Order Completed': {
        const products = Array.isArray(props.products) ? (props.products as Record<string, unknown>[]) : [];
        for (const line of products) if (line && typeof line === 'object') addAffinity(p, t, line, weights.order);
        break;
      }
      case 'Consent Updated':
        applyConsent(p, props, t);
        break;
    }
  }
  const consent = e.context.consent;
  if (consent && typeof consent === 'object') applyConsent(p, consent as Record<string, unknown>, t);
  if (e.type !== 'identify' && e.traits && Object.keys(e.traits).length) applyTraits(p, e.traits);
}

/** Counts one order in the profile (its caller makes sure it is counted once). */
export function applyOrder(p: ProfileState, order: { total: number; placedAt: Date }): void {
  p.orders++;
  p.revenue = Math.round((Number(p.revenue) + order.total) * 100) / 100;
  if (!p.first_order_at || order.placedAt < p.first_order_at) p.first_order_at = order.placedAt;
  if (!p.last_order_at || order.placedAt > p.last_order_at) p.last_order_at = order.placedAt;
}

/**
 * Folds an anonymous profile into a customer's (an unsigned identify, login
 * or alias): activity sums, extremes, decayed affinities. Orders, revenue,
 * e-mail and checkout are not carried: an anonymous profile holds them from
 * no trusted source, and the link itself is unsigned.
 */
export function mergeInto(target: ProfileState, source: ProfileState): void {
  for (const k of ['sessions', 'visit_days', 'page_views', 'product_views', 'searches', 'zero_result_searches', 'cart_adds'] as const) {
    target[k] += source[k];
  }
  target.first_seen_at = minDate(target.first_seen_at, source.first_seen_at);
  target.last_seen_at = maxDate(target.last_seen_at, source.last_seen_at);
  target.first_name ??= source.first_name;
  target.last_name ??= source.last_name;
  target.region ??= source.region;
  const at = maxDate(target.affinity_at, source.affinity_at);
  if (at) {
    target.category_affinity = addScores(decay(target.category_affinity, target.affinity_at, at), decay(source.category_affinity, source.affinity_at, at));
    target.brand_affinity = addScores(decay(target.brand_affinity, target.affinity_at, at), decay(source.brand_affinity, source.affinity_at, at));
    target.affinity_at = at;
  }
  target.consent = { ...source.consent, ...target.consent };
  target.recent_products = newestFirst([...target.recent_products, ...source.recent_products]);
}

/** Keeps a product interaction in the profile's recent list, in time order (late events slot in), bounded. */
function noteRecentProduct(p: ProfileState, kind: RecentProductKind, productId: unknown, t: Date, device: string | null) {
  const id = typeof productId === 'number' && Number.isFinite(productId) ? String(productId) : (str(productId) ?? '');
  if (!id) return;
  const list = p.recent_products;
  const at = t.getTime();
  // The list is newest first and events mostly arrive in order: the common case is a prepend.
  // A late event goes in after every entry as new as it, in place.
  const entry: RecentProduct = [kind, id, at, device];
  if (list.length === 0 || list[0]![2] <= at) list.unshift(entry);
  else {
    let i = 1;
    while (i < list.length && list[i]![2] >= at) i++;
    if (i >= RECENT_PRODUCTS_KEPT) return;
    list.splice(i, 0, entry);
  }
  if (list.length > RECENT_PRODUCTS_KEPT) list.length = RECENT_PRODUCTS_KEPT;
}

function newestFirst(list: RecentProduct[]): RecentProduct[] {
  return list.sort((a, b) => b[2] - a[2]).slice(0, RECENT_PRODUCTS_KEPT);
}

/** Traits of an unsigned event: anyone may send them for any customer id. */
function applyTraits(p: ProfileState, traits: Record<string, unknown>) {
  const name = str(traits.name);
  const first = str(traits.firstName) ?? str(traits.first_name) ?? (name ? name.split(/\s+/)[0] : undefined);
  const last = str(traits.lastName) ?? str(traits.last_name) ?? (name && name.includes(' ') ? name.split(/\s+/).slice(1).join(' ') : undefined);
  // A name fills a gap; it never replaces the one the shop's records or an earlier identify gave.
  if (first && !p.first_name) p.first_name = first;
  if (last && !p.last_name) p.last_name = last;
  const country = str(traits.country, 2) ?? str(readPath(traits, ['address', 'country']), 2);
  if (country && /^[A-Za-z]{2}$/.test(country)) p.region = country.toUpperCase();
  if (traits.consent && typeof traits.consent === 'object') applyConsent(p, traits.consent as Record<string, unknown>, undefined);
}

function applyConsent(p: ProfileState, values: Record<string, unknown>, at: Date | undefined) {
  const next: ConsentState = { ...p.consent };
  let changed = false;
  for (const [purpose, v] of Object.entries(values).slice(0, 20)) {
    if (typeof v === 'boolean') {
      next[purpose.slice(0, 50)] = v;
      changed = true;
    }
  }
  if (changed) p.consent = { ...next, ...(at ? { updatedAt: at.toISOString() } : {}) };
}

function addAffinity(p: ProfileState, t: Date, props: Record<string, unknown>, weight: number) {
  const category = str(props.category, 100);
  const brand = str(props.brand, 100);
  if (!category && !brand) return;
  // Scores are kept as of affinity_at. A signal within the hour after it is
  // added as is (the decay over an hour is 0.1%); a later one first moves
  // every score forward to its time; an earlier one counts decayed.
  let w = weight;
  if (!p.affinity_at) p.affinity_at = t;
  else if (t.getTime() > p.affinity_at.getTime() + 3_600_000) {
    p.category_affinity = decay(p.category_affinity, p.affinity_at, t);
    p.brand_affinity = decay(p.brand_affinity, p.affinity_at, t);
    p.affinity_at = t;
  } else if (t < p.affinity_at) {
    w = weight * Math.pow(0.5, (p.affinity_at.getTime() - t.getTime()) / (AFFINITY_HALF_LIFE_DAYS * 86_400_000));
  }
  if (category) p.category_affinity = addScore(p.category_affinity, category, w);
  if (brand) p.brand_affinity = addScore(p.brand_affinity, brand, w);
}

/** Scores as of `to`, halving every half-life since `from`. */
export function decay(scores: Affinities, from: Date | null, to: Date): Affinities {
  if (!from || from >= to) return scores;
  const f = Math.pow(0.5, (to.getTime() - from.getTime()) / (AFFINITY_HALF_LIFE_DAYS * 86_400_000));
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v * f]));
}

function addScore(a: Affinities, key: string, x: number): Affinities {
  // Own keys only: a category may be called "constructor".
  const known = Object.hasOwn(a, key);
  a[key] = Math.round(((known ? a[key]! : 0) + x) * 1000) / 1000;
  return known ? a : keepStrongest(a);
}

function keepStrongest(a: Affinities): Affinities {
  const entries = Object.entries(a);
  if (entries.length <= MAX_AFFINITY_KEYS) return a;
  return Object.fromEntries(entries.sort((x, y) => y[1] - x[1]).slice(0, MAX_AFFINITY_KEYS));
}

function addScores(a: Affinities, b: Affinities): Affinities {
  for (const [k, v] of Object.entries(b)) a[k] = Math.round(((Object.hasOwn(a, k) ? a[k]! : 0) + v) * 1000) / 1000;
  return keepStrongest(a);
}

function readPath(o: unknown, path: string[]): unknown {
  let cur = o;
  for (const k of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The UTC day, as a number of days since 1970. */
const dayOf = (d: Date) => Math.floor(d.getTime() / 86_400_000);
const minDate = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a < b ? a : b);
const maxDate = (a: Date | null, b: Date | null) => (!a ? b : !b ? a : a > b ? a : b);
