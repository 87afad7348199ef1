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

/** Visitors, sessions, orders and revenue of the shop's sessions in a period. */
export async function sumSessions(db: Db, shopId: string, p: Period): Promise<SessionTotals> {
  const { rows } = await sql<Record<string, unknown>>`${withSessions(shopId, p)}
    select count(distinct visitor) as visitors, count(*) as sessions, coalesce(sum(orders), 0) as orders,
           coalesce(sum(revenue), 0) as revenue, count(*) filter (where orders > 0) as converted
      from sessions`.execute(db);
  const r = rows[0]!;
  return { visitors: num(r.visitors), sessions: num(r.sessions), orders: num(r.orders), revenue: num(r.revenue), convertedSessions: num(r.converted) };
}

/** Sessions, orders and revenue per day (UTC) of a period; days without a session are absent. */
export async function sumSessionsByDay(db: Db, shopId: string, p: Period): Promise<DailySessions[]> {
  const { rows } = await sql<Record<string, unknown>>`${withSessions(shopId, p)}
    select day, count(*) as sessions, coalesce(sum(orders), 0) as orders, coalesce(sum(revenue), 0) as revenue
      from sessions group by day order by day`.execute(db);
  return rows.map((r) => ({ day: String(r.day), sessions: num(r.sessions), orders: num(r.orders), revenue: num(r.revenue) }));
}

/** Sessions grouped by one dimension (channel, referrer domain, UTM, landing page, search engine and term), most sessions first. */
export async function sumSessionsBy(db: Db, shopId: string, p: Period, dimension: Dimension, limit = 100): Promise<SessionGroup[]> {
  const cols = dimensionColumns[dimension];
  const { rows } = await sql<Record<string, unknown>>`${withSessions(shopId, p)}
    select ${sql.raw(cols.join(', '))}, count(*) as sessions, coalesce(sum(orders), 0) as orders,
           coalesce(sum(revenue), 0) as revenue, count(*) filter (where orders > 0) as converted
      from sessions where ${sql.raw(dimensionFilters[dimension])}
     group by ${sql.raw(cols.join(', '))} order by count(*) desc, ${sql.raw(cols.join(', '))} limit ${limit}`.execute(db);
  return rows.map((r) => ({
    key: Object.fromEntries(cols.map((c) => [c, r[c] === null || r[c] === undefined ? null : String(r[c])])),
    sessions: num(r.sessions),
    orders: num(r.orders),
    revenue: num(r.revenue),
    convertedSessions: num(r.converted),
  }));
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
