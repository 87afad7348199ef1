import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { seedAnalyticsFixture } from './analytics-fixture.js';

let s: RunningServer;
let a: CreatedShop;
let b: CreatedShop;
const november = 'from=2026-11-01&to=2026-11-30';
const get = async (shop: CreatedShop, path: string) => {
  const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${shop.admin_key}` } });
  expect(res.status, path).toBe(200);
  return readJson(res);
};

beforeAll(async () => {
  s = await startTestServer();
  a = await createShop(s.database.db, { name: 'A' });
  b = await createShop(s.database.db, { name: 'B' });
  await seedAnalyticsFixture(s.database.db, a.shop_id);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('the analytics API on a fixture with known answers', () => {
  it('counts the Overview for the period and the previous one', async () => {
    const o = await get(a, `/v1/admin/analytics/overview?${november}`);
    expect(o.period).toEqual({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(o.previousPeriod).toEqual({ from: '2026-10-02T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' });
    expect(o.current).toEqual({ visitors: 7, sessions: 9, orders: 4, revenue: 200, conversionRate: 0.4444, averageOrderValue: 50, returningCustomerShare: 0.3333 });
    expect(o.previous).toEqual({ visitors: 2, sessions: 2, orders: 1, revenue: 40, conversionRate: 0.5, averageOrderValue: 40, returningCustomerShare: 0 });
    expect(o.series.current).toHaveLength(30);
    expect(o.series.current.find((d: { day: string }) => d.day === '2026-11-10')).toEqual({ day: '2026-11-10', sessions: 6, orders: 3, revenue: 180 });
    expect(o.series.current.find((d: { day: string }) => d.day === '2026-11-25')).toEqual({ day: '2026-11-25', sessions: 2, orders: 0, revenue: 0 });
  });

  it('puts each session in its channel by the documented rules', async () => {
    const { channels } = await get(a, `/v1/admin/analytics/acquisition?${november}`);
    const by = Object.fromEntries(channels.map((c: { channel: string }) => [c.channel, c]));
    expect(Object.keys(by).sort()).toEqual(['direct', 'email', 'organic_search', 'paid_search', 'referral', 'social']);
    expect(by.direct).toEqual({ channel: 'direct', sessions: 4, orders: 2, revenue: 120, conversionRate: 0.5 });
    expect(by.paid_search).toMatchObject({ sessions: 1, orders: 1, revenue: 50, conversionRate: 1 });
    expect(by.referral).toMatchObject({ sessions: 1, orders: 1, revenue: 30 });
    for (const c of ['organic_search', 'email', 'social']) expect(by[c]).toMatchObject({ sessions: 1, orders: 0 });
  });

  it('breaks sessions down by referrer domain, UTM, landing page and search engine', async () => {
    const r = await get(a, `/v1/admin/analytics/acquisition?${november}`);
    expect(r.referrers.map((x: { referrer_domain: string; sessions: number }) => [x.referrer_domain, x.sessions])).toEqual([
      ['blog.example.org', 1],
      ['facebook.com', 1],
      ['google.com', 2],
    ].sort((x, y) => (y[1] as number) - (x[1] as number) || String(x[0]).localeCompare(String(y[0]))));
    expect(r.campaigns).toEqual([
      { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'spring', sessions: 1, orders: 1, revenue: 50, conversionRate: 1 },
      { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'nov-news', sessions: 1, orders: 0, revenue: 0, conversionRate: 0 },
    ]);
    expect(r.landingPages[0]).toEqual({ landing_path: '/', sessions: 5, orders: 1, revenue: 100, conversionRate: 0.2 });
    expect(r.search.map((x: { search_engine: string; search_term: string | null }) => [x.search_engine, x.search_term]).sort()).toEqual([['google', null], ['google', 'kettle']]);
  });

  it('counts the Site page: pages, products, searches and the zero-result ones', async () => {
    const site = await get(a, `/v1/admin/analytics/site?${november}`);
    expect(site.pages[0]).toEqual({ path: '/', views: 6, visitors: 4 });
    expect(site.products).toEqual([{ productId: 'p1', name: 'Kettle', category: 'Kitchen', views: 2, viewers: 2, cartAdds: 1, orders: 1 }]);
    expect(site.searches).toEqual([
      { query: 'drone', searches: 2, averageResults: 0, zeroResults: 2 },
      { query: 'tea', searches: 1, averageResults: 5, zeroResults: 0 },
    ]);
    expect(site.zeroResultSearches).toEqual([{ query: 'drone', searches: 2, averageResults: 0, zeroResults: 2 }]);
  });

  it("shows another shop none of this shop's numbers", async () => {
    const o = await get(b, `/v1/admin/analytics/overview?${november}`);
    expect(o.current).toMatchObject({ visitors: 0, sessions: 0, orders: 0, revenue: 0, conversionRate: 0 });
    expect((await get(b, `/v1/admin/analytics/site?${november}`)).searches).toEqual([]);
  });

  it('answers 400 for a period that is not one', async () => {
    for (const q of ['from=2026-11-30&to=2026-11-01', 'from=2026-13-01', 'from=2024-01-01&to=2026-01-01', 'to=yesterday']) {
      const res = await fetch(`${s.url}/v1/admin/analytics/overview?${q}`, { headers: { authorization: `Bearer ${a.admin_key}` } });
      expect(res.status, q).toBe(400);
    }
  });
});
