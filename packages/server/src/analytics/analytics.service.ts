import type { Db } from '../db/database.js';
import { countReturningBuyers, sumSessionsAndDays, sumSessionsByEveryDimension, type DailySessions, type SessionGroup } from './acquisition.repository.js';
import { daysOf, previousPeriod, type Period } from './period.js';
import { countPageViews, countProductActivity, countSearches } from './site.repository.js';

export interface OverviewMetrics {
  visitors: number;
  sessions: number;
  orders: number;
  revenue: number;
  /** Sessions with an order, per session. */
  conversionRate: number;
  averageOrderValue: number;
  /** Of the period's buyers, the share who had ordered before it. */
  returningCustomerShare: number;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number, digits = 4) => (b > 0 ? round(a / b, digits) : 0);
const range = (p: Period) => ({ from: p.from.toISOString(), to: p.to.toISOString() });

async function metricsOf(db: Db, shopId: string, p: Period): Promise<{ metrics: OverviewMetrics; days: DailySessions[] }> {
  const [{ totals: t, days }, r] = await Promise.all([sumSessionsAndDays(db, shopId, p), countReturningBuyers(db, shopId, p)]);
  const metrics = {
    visitors: t.visitors,
    sessions: t.sessions,
    orders: t.orders,
    revenue: round(t.revenue, 2),
    conversionRate: ratio(t.convertedSessions, t.sessions),
    averageOrderValue: ratio(t.revenue, t.orders, 2),
    returningCustomerShare: ratio(r.returning, r.buyers),
  };
  return { metrics, days };
}

/** Every day of the period, days without a session as zeros. */
function fillDays(p: Period, rows: DailySessions[]): DailySessions[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return daysOf(p).map((day) => ({ ...(byDay.get(day) ?? { day, sessions: 0, orders: 0 }), day, revenue: round(byDay.get(day)?.revenue ?? 0, 2) }));
}

/**
 * The Overview page: the period's metrics beside the previous period's, and both by day.
 * @example await getOverview(db, 'demo', { from: new Date('2026-11-07'), to: new Date('2026-12-07') })
 * // => { current: { visitors: 412, sessions: 530, orders: 61, revenue: 5120.4, conversionRate: 0.1132, ... }, previous: {...}, series: {...} }
 */
export async function getOverview(db: Db, shopId: string, p: Period) {
  const prev = previousPeriod(p);
  const [current, previous] = await Promise.all([metricsOf(db, shopId, p), metricsOf(db, shopId, prev)]);
  return {
    period: range(p),
    previousPeriod: range(prev),
    current: current.metrics,
    previous: previous.metrics,
    series: { current: fillDays(p, current.days), previous: fillDays(prev, previous.days) },
  };
}

function withConversion(groups: SessionGroup[]) {
  return groups.map((g) => ({ ...g.key, sessions: g.sessions, orders: g.orders, revenue: round(g.revenue, 2), conversionRate: ratio(g.convertedSessions, g.sessions) }));
}

/**
 * The Acquisition page: sessions, orders, revenue and conversion by channel,
 * referrer domain, UTM source/medium/campaign, landing page and search engine/term.
 */
export async function getAcquisition(db: Db, shopId: string, p: Period) {
  const by = await sumSessionsByEveryDimension(db, shopId, p);
  const [channels, referrers, campaigns, landingPages, search] = [by.channel, by.referrer, by.campaign, by.landing, by.search].map(withConversion);
  return { period: range(p), channels, referrers, campaigns, landingPages, search };
}

/** The Site page: top pages and products by views, internal searches and those that found nothing. */
export async function getSiteAnalytics(db: Db, shopId: string, p: Period) {
  const [pages, products, searches, zeroResultSearches] = await Promise.all([
    countPageViews(db, shopId, p),
    countProductActivity(db, shopId, p),
    countSearches(db, shopId, p, { zeroOnly: false }),
    countSearches(db, shopId, p, { zeroOnly: true }),
  ]);
  return { period: range(p), pages, products, searches, zeroResultSearches };
}
