import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Period } from './period.js';
import { withSessions } from './sessions.sql.js';

export interface SessionTotals {
  visitors: number;
  sessions: number;
  orders: number;
  revenue: number;
  convertedSessions: number;
}

export interface DailySessions {
  day: string;
  sessions: number;
  orders: number;
  revenue: number;
}

export type Dimension = 'channel' | 'referrer' | 'campaign' | 'landing' | 'search';
const dimensionColumns: Record<Dimension, string[]> = {
  channel: ['channel'],
  referrer: ['referrer_domain'],
  campaign: ['utm_source', 'utm_medium', 'utm_campaign'],
  landing: ['landing_path'],
  search: ['search_engine', 'search_term'],
};
const dimensionFilters: Record<Dimension, string> = {
  channel: 'true',
  referrer: 'referrer_domain is not null',
  campaign: '(utm_source is not null or utm_medium is not null or utm_campaign is not null)',
  landing: 'true',
  search: "channel in ('organic_search', 'paid_search')",
};

export interface SessionGroup {
  key: Record<string, string | null>;
  sessions: number;
  orders: number;
  revenue: number;
  convertedSessions: number;
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Visitors, sessions, orders and revenue of the shop's sessions in a period,
 * in total and per day (UTC; days without a session are absent), in one pass
 * over the events (grouping sets: the total's distinct visitors are not a sum of days').
 */
export async function sumSessionsAndDays(db: Db, shopId: string, p: Period): Promise<{ totals: SessionTotals; days: DailySessions[] }> {
  const { rows } = await sql<Record<string, unknown>>`${withSessions(shopId, p)}
    select day, grouping(day) as is_total, count(distinct visitor) as visitors, count(*) as sessions, coalesce(sum(orders), 0) as orders,
           coalesce(sum(revenue), 0) as revenue, count(*) filter (where orders > 0) as converted
      from sessions group by grouping sets ((day), ()) order by day`.execute(db);
  const total = rows.find((r) => Number(r.is_total) === 1);
  return {
    totals: { visitors: num(total?.visitors), sessions: num(total?.sessions), orders: num(total?.orders), revenue: num(total?.revenue), convertedSessions: num(total?.converted) },
    days: rows.filter((r) => Number(r.is_total) === 0).map((r) => ({ day: String(r.day), sessions: num(r.sessions), orders: num(r.orders), revenue: num(r.revenue) })),
  };
}

const dimensions = Object.keys(dimensionColumns) as Dimension[];

/**
 * Sessions grouped by each dimension (channel, referrer domain, UTM, landing
 * page, search engine and term), most sessions first, at most `limit` each:
 * one statement, whose sessions CTE Postgres materializes once for the five groupings.
 */
export async function sumSessionsByEveryDimension(db: Db, shopId: string, p: Period, limit = 100): Promise<Record<Dimension, SessionGroup[]>> {
  const measures = sql.raw(`count(*) as sessions, coalesce(sum(orders), 0) as orders, coalesce(sum(revenue), 0) as revenue, count(*) filter (where orders > 0) as converted`);
  const groupings = dimensions.map((d) => {
    const cols = dimensionColumns[d];
    const keys = [0, 1, 2].map((i) => (cols[i] ? `${cols[i]}::text` : 'null::text')).join(', ');
    return sql`select ${d} as dim, ${sql.raw(keys)}, ${measures} from sessions where ${sql.raw(dimensionFilters[d])} group by ${sql.raw(cols.join(', '))}`;
  });
  const { rows } = await sql<Record<string, unknown>>`${withSessions(shopId, p)}
    select * from (${sql.join(groupings, sql` union all `)}) g (dim, k1, k2, k3, sessions, orders, revenue, converted)`.execute(db);
  const out = Object.fromEntries(dimensions.map((d) => [d, [] as SessionGroup[]])) as Record<Dimension, SessionGroup[]>;
  for (const r of rows) {
    const d = r.dim as Dimension;
    const ks = [r.k1, r.k2, r.k3];
    out[d].push({
      key: Object.fromEntries(dimensionColumns[d].map((c, i) => [c, ks[i] === null || ks[i] === undefined ? null : String(ks[i])])),
      sessions: num(r.sessions),
      orders: num(r.orders),
      revenue: num(r.revenue),
      convertedSessions: num(r.converted),
    });
  }
  const label = (g: SessionGroup) => Object.values(g.key).map((v) => v ?? '\uffff').join('\u0000');
  for (const d of dimensions) out[d] = out[d].sort((a, b) => b.sessions - a.sessions || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0)).slice(0, limit);
  return out;
}

/**
 * Of the buyers of a period (customer id, else browser), those who had an
 * order before it, and all of them.
 */
export async function countReturningBuyers(db: Db, shopId: string, p: Period): Promise<{ buyers: number; returning: number }> {
  const { rows } = await sql<{ buyers: unknown; returning: unknown }>`
    with o as (
      select coalesce(user_id, anonymous_id) as buyer, timestamp from events
       where shop_id = ${shopId} and type = 'track' and event = 'Order Completed' and timestamp < ${p.to}
         and coalesce(user_id, anonymous_id) is not null
    ),
    b as (select buyer, bool_or(timestamp < ${p.from}) as earlier, bool_or(timestamp >= ${p.from}) as now from o group by buyer)
    select count(*) filter (where now) as buyers, count(*) filter (where now and earlier) as returning from b`.execute(db);
  return { buyers: num(rows[0]?.buyers), returning: num(rows[0]?.returning) };
}
