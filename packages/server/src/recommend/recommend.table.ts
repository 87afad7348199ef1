import type { ColumnType, Generated, Selectable } from 'kysely';

/** [neighbour product id, score, shoppers who had both] */
export type Neighbour = [string, number, number];

export interface RecItemModelsTable {
  shop_id: string;
  product_id: string;
  /** Distinct buyers over the whole training history. */
  buyers: number;
  /** Distinct buyers in the recent window. */
  recent_buyers: number;
  /** Time-decayed purchase count: recent sales weigh most. */
  trending: number;
  viewers: number;
  /** Typical days between two purchases of it by the same shopper. */
  median_repurchase_days: number | null;
  co_purchase: ColumnType<Neighbour[], string, string>;
  co_view: ColumnType<Neighbour[], string, string>;
}

export interface RecModelRunsTable {
  shop_id: string;
  id: Generated<number>;
  started_at: Date;
  finished_at: Date;
  trigger: string;
  baskets: number;
  products: number;
  duration_ms: number;
}
export type ModelRun = Selectable<RecModelRunsTable>;

export const ruleActions = ['pin', 'exclude', 'boost'] as const;
export const ruleTargets = ['product', 'category', 'brand', 'tag'] as const;
export const rulePlacements = ['all', 'showcase', 'cross-sell', 'reorder'] as const;

export interface RecRulesTable {
  shop_id: string;
  id: Generated<number>;
  action: (typeof ruleActions)[number];
  target: (typeof ruleTargets)[number];
  value: string;
  weight: Generated<number>;
  placement: Generated<(typeof rulePlacements)[number]>;
  /** The rule holds from this instant (open when null)… */
  starts_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** …until this one (open when null). */
  ends_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Generated<Date>;
}
export type RecRule = Selectable<RecRulesTable>;

/**
 * Whether a rule holds at an instant: after its start, before its end.
 * @example isRuleInForce({ starts_at: new Date('2026-12-01'), ends_at: null }, new Date('2026-12-07')) // => true
 */
export function isRuleInForce(rule: Pick<RecRule, 'starts_at' | 'ends_at'>, at: Date): boolean {
  return (!rule.starts_at || rule.starts_at <= at) && (!rule.ends_at || at < rule.ends_at);
}
