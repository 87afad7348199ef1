import { sql, type RawBuilder } from 'kysely';
import { segmentExpression } from '../profiles/index.js';
import { shopSaltJoinColumn, suppressionHashSql } from '../privacy/index.js';
import type { SegmentCondition, SegmentDefinition } from './segment.schema.js';

type Item = { productId?: string | undefined; category?: string | undefined; brand?: string | undefined };

const since = (now: Date, days: number) => sql`${now}::timestamptz - make_interval(days => ${days}::int)`;

/** The shopper's events: their customer id's, or one of their devices'. */
const shopperEvents = sql`(e.shop_id = p.shop_id and (e.user_id = p.customer_id
  or e.anonymous_id in (select pi.value from profile_identities pi where pi.shop_id = p.shop_id and pi.profile_id = p.id)))`;

/** Their order lines (profile_orders ties orders to profiles, whichever way the order came in). */
function boughtSql(item: Item, now: Date, withinDays: number | undefined): RawBuilder<boolean> {
  const match = item.productId
    ? sql`oi.product_id = ${item.productId}`
    : sql`exists (select 1 from products pr where pr.shop_id = oi.shop_id and pr.id = oi.product_id and ${item.category ? sql`pr.category = ${item.category}` : sql`pr.brand = ${item.brand!}`})`;
  return sql<boolean>`exists (select 1 from profile_orders po join order_items oi on oi.shop_id = po.shop_id and oi.order_id = po.order_id
    where po.shop_id = p.shop_id and po.profile_id = p.id and ${match}
    ${withinDays === undefined ? sql`` : sql`and po.placed_at >= ${since(now, withinDays)}`})`;
}

function viewedSql(item: Item, now: Date, withinDays: number | undefined): RawBuilder<boolean> {
  const match = item.productId
    ? sql`e.properties ->> 'product_id' = ${item.productId}`
    : item.category
      ? sql`e.properties ->> 'category' = ${item.category}`
      : sql`e.properties ->> 'brand' = ${item.brand!}`;
  return sql<boolean>`exists (select 1 from events e where ${shopperEvents} and e.type = 'track' and e.event = 'Product Viewed' and ${match}
    ${withinDays === undefined ? sql`` : sql`and e.timestamp >= ${since(now, withinDays)}`})`;
}

/**
 * A product they rebuy is due: bought on two or more days, the last purchase
 * plus their mean interval; or bought once, a consumable, the last purchase
 * plus the product's repurchase days. Due when that date is at most
 * `withinDays` away (overdue counts). The reorder recommender ranks the same
 * products for the e-mail.
 */
function reorderDueSql(now: Date, withinDays: number): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from (
      select max(po.placed_at) as last_at, min(po.placed_at) as first_at, count(distinct date_trunc('day', po.placed_at)) as days,
             max(pr.repurchase_days) as repurchase_days, bool_or(pr.consumable) as consumable
        from profile_orders po join order_items oi on oi.shop_id = po.shop_id and oi.order_id = po.order_id
        left join products pr on pr.shop_id = oi.shop_id and pr.id = oi.product_id
       where po.shop_id = p.shop_id and po.profile_id = p.id
       group by oi.product_id) x
    where (x.days >= 2 and x.last_at + (x.last_at - x.first_at) / (x.days - 1) <= ${now}::timestamptz + make_interval(days => ${withinDays}::int))
       or (x.days = 1 and x.consumable and x.repurchase_days is not null
           and x.last_at + make_interval(days => x.repurchase_days) <= ${now}::timestamptz + make_interval(days => ${withinDays}::int)))`;
}

function conditionSql(c: SegmentCondition, now: Date): RawBuilder<boolean> {
  switch (c.type) {
    case 'rfm_segment':
      return sql<boolean>`${segmentExpression(now)} = any(${c.in}::text[])`;
    case 'lifetime_value':
    case 'orders_count': {
      const col = c.type === 'lifetime_value' ? sql`p.revenue` : sql`p.orders`;
      return sql<boolean>`(${c.min === undefined ? sql`true` : sql`${col} >= ${c.min}`} and ${c.max === undefined ? sql`true` : sql`${col} <= ${c.max}`})`;
    }
    case 'last_order':
      return sql<boolean>`(p.last_order_at is not null
        and ${c.withinDays === undefined ? sql`true` : sql`p.last_order_at >= ${since(now, c.withinDays)}`}
        and ${c.moreThanDaysAgo === undefined ? sql`true` : sql`p.last_order_at < ${since(now, c.moreThanDaysAgo)}`})`;
    case 'bought':
      return boughtSql(c.item, now, c.withinDays);
    case 'viewed':
      return c.notBought ? sql<boolean>`(${viewedSql(c.item, now, c.withinDays)} and not ${boughtSql(c.item, now, undefined)})` : viewedSql(c.item, now, c.withinDays);
    case 'reorder_due':
      return reorderDueSql(now, c.withinDays);
    case 'region':
      return sql<boolean>`coalesce(p.region = any(${c.in.map((r) => r.toUpperCase())}::text[]), false)`;
    case 'language':
      return sql<boolean>`coalesce((select lower(left(e.context ->> 'locale', 2)) from events e where ${shopperEvents} and e.context ? 'locale'
        order by e.timestamp desc limit 1) = any(${c.in}::text[]), false)`;
    case 'marketing_consent':
      return c.value ? marketingConsentSql : sql<boolean>`not ${marketingConsentSql}`;
  }
}

/** Consent given to marketing, and not withdrawn since. */
export const marketingConsentSql = sql<boolean>`coalesce(p.consent ->> 'marketing' = 'true', false)`;

/**
 * A segment definition as one SQL condition over a `profiles` row aliased `p`,
 * evaluated at `now` (recency conditions move with the clock).
 * @example sql`select count(*) from profiles p where p.shop_id = ${shopId} and ${segmentSql(def, new Date())}`
 */
export function segmentSql(d: SegmentDefinition, now: Date): RawBuilder<boolean> {
  if ('all' in d) return sql<boolean>`(${sql.join(d.all.map((x) => segmentSql(x, now)), sql` and `)})`;
  if ('any' in d) return sql<boolean>`(${sql.join(d.any.map((x) => segmentSql(x, now)), sql` or `)})`;
  if ('not' in d) return sql<boolean>`(not ${segmentSql(d.not, now)})`;
  return conditionSql(d, now);
}

/**
 * Who may get marketing e-mail at all, over `p` with the shop's salt joined
 * (privacy's `shopSaltJoin`): an e-mail address, consent to marketing, not
 * unsubscribed, and neither the address nor the customer id suppressed
 * (erased customers).
 */
export const mailableSql = sql<boolean>`(p.email is not null and p.email like '%_@_%' and ${marketingConsentSql}
  and not exists (select 1 from marketing_unsubscribes mu where mu.shop_id = p.shop_id and mu.email = lower(p.email))
  and (${shopSaltJoinColumn} is null or not exists (select 1 from suppressed_identifiers sx where sx.shop_id = p.shop_id and sx.hash in (
    ${suppressionHashSql(shopSaltJoinColumn, 'email', sql`lower(p.email)`)},
    ${suppressionHashSql(shopSaltJoinColumn, 'user', sql`p.customer_id`)}))))`;
