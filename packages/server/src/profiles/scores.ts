import { sql, type RawBuilder } from 'kysely';

/** The shop's rule for "due a loyalty discount" (settings.loyalty), with defaults. */
export interface LoyaltyRule {
  /** Orders a customer needs... */
  minOrders: number;
  /** ...or the revenue... */
  minRevenue: number;
  /** ...with the last order no longer ago than this. */
  withinDays: number;
}
export const defaultLoyaltyRule: LoyaltyRule = { minOrders: 5, minRevenue: 1000, withinDays: 365 };

/** Revenue thresholds for monetary scores 2..5 (settings.rfm.monetary). */
export const defaultMonetaryThresholds = [100, 250, 500, 1000];

export const segments = ['prospect', 'new', 'promising', 'champions', 'loyal', 'at_risk', 'hibernating', 'lost'] as const;
export type Segment = (typeof segments)[number];

export interface ScoreSettings {
  loyalty?: Partial<LoyaltyRule>;
  rfm?: { monetary?: number[] };
}

/**
 * Recency, frequency and monetary scores (1-5, 0 before a first order), the
 * RFM segment and "due a loyalty discount", as SQL over a `profiles` row
 * aliased `p`. They are computed when read, from counters kept current as
 * events land, so that recency moves with the clock without a nightly job:
 *
 * - recency: last order within 30 / 90 / 180 / 365 days → 5 / 4 / 3 / 2, older → 1
 * - frequency: 10+ / 5+ / 3+ / 2 / 1 orders → 5 / 4 / 3 / 2 / 1
 * - monetary: revenue over the shop's thresholds (default 100, 250, 500, 1000)
 * - segment: champions (R≥4, F≥4), loyal (R≥3, F≥3), new (R≥4, F=1),
 *   promising (R≥3), at_risk (F≥3), hibernating (R=2), lost; prospect before an order.
 */
export function scoreColumns(now: Date, settings: ScoreSettings = {}): RawBuilder<unknown> {
  const m = settings.rfm?.monetary?.length === 4 ? settings.rfm.monetary : defaultMonetaryThresholds;
  const loyalty = { ...defaultLoyaltyRule, ...settings.loyalty };
  const r = sql`(case when p.last_order_at is null then 0
      when p.last_order_at > ${now}::timestamptz - interval '30 days' then 5
      when p.last_order_at > ${now}::timestamptz - interval '90 days' then 4
      when p.last_order_at > ${now}::timestamptz - interval '180 days' then 3
      when p.last_order_at > ${now}::timestamptz - interval '365 days' then 2 else 1 end)`;
  const f = sql`(case when p.orders >= 10 then 5 when p.orders >= 5 then 4 when p.orders >= 3 then 3 when p.orders = 2 then 2 when p.orders = 1 then 1 else 0 end)`;
  const mon = sql`(case when p.orders = 0 then 0 when p.revenue >= ${m[3]} then 5 when p.revenue >= ${m[2]} then 4 when p.revenue >= ${m[1]} then 3 when p.revenue >= ${m[0]} then 2 else 1 end)`;
  const segment = sql`(case when p.orders = 0 then 'prospect'
      when ${r} >= 4 and ${f} >= 4 then 'champions'
      when ${r} >= 3 and ${f} >= 3 then 'loyal'
      when ${r} >= 4 and ${f} = 1 then 'new'
      when ${r} >= 3 then 'promising'
      when ${f} >= 3 then 'at_risk'
      when ${r} = 2 then 'hibernating'
      else 'lost' end)`;
  const loyaltyDue = sql`(p.last_order_at is not null
      and p.last_order_at > ${now}::timestamptz - make_interval(days => ${loyalty.withinDays}::int)
      and (p.orders >= ${loyalty.minOrders}::int or p.revenue >= ${loyalty.minRevenue}::numeric))`;
  return sql`${r} as rfm_recency, ${f} as rfm_frequency, ${mon} as rfm_monetary, ${segment} as segment, ${loyaltyDue} as loyalty_due`;
}

/** The SQL of the segment alone, for filtering. */
export function segmentExpression(now: Date, settings: ScoreSettings = {}): RawBuilder<string> {
  return sql<string>`(select s.segment from (select ${scoreColumns(now, settings)}) s)`;
}

export interface Scores {
  rfm_recency: number;
  rfm_frequency: number;
  rfm_monetary: number;
  segment: Segment;
  loyalty_due: boolean;
}
