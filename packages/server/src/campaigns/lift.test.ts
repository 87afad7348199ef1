import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { insertPlannedRecipients } from './audience.repository.js';
import type { GroupOutcome } from './campaign-report.repository.js';
import { createCampaign, findCampaignReport } from './campaigns.service.js';
import { estimateLift } from './lift.js';

const DAY = 86_400_000;

/** A small seeded generator (mulberry32): the same shop every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One group's outcome when each of `n` converts with probability `p`, spending 20-80 (uniform) if so. */
function simulate(rnd: () => number, n: number, p: number): GroupOutcome {
  const g: GroupOutcome = { recipients: n, converted: 0, revenue: 0, revenueSquares: 0 };
  for (let i = 0; i < n; i++) {
    if (rnd() >= p) continue;
    const spend = 20 + 60 * rnd();
    g.converted++;
    g.revenue += spend;
    g.revenueSquares += spend * spend;
  }
  return g;
}

describe('estimateLift', () => {
  it('covers the true difference in about 95% of 400 simulated campaigns (conversion and revenue per recipient)', () => {
    const rnd = random(21);
    // Treated convert at 25%, the holdout at 15%; a conversion spends 50 on average.
    const trueConversion = 0.1;
    const trueRevenue = 0.1 * 50;
    let coveredConversion = 0;
    let coveredRevenue = 0;
    const runs = 400;
    for (let k = 0; k < runs; k++) {
      const lift = estimateLift(simulate(rnd, 900, 0.25), simulate(rnd, 100, 0.15))!;
      if (lift.conversion.low <= trueConversion && trueConversion <= lift.conversion.high) coveredConversion++;
      if (lift.revenuePerRecipient.low <= trueRevenue && trueRevenue <= lift.revenuePerRecipient.high) coveredRevenue++;
    }
    expect(coveredConversion / runs).toBeGreaterThan(0.92);
    expect(coveredConversion / runs).toBeLessThan(0.98);
    expect(coveredRevenue / runs).toBeGreaterThan(0.92);
    expect(coveredRevenue / runs).toBeLessThan(0.98);
  });

  it('is undefined while a group has fewer than two shoppers', () => {
    const none: GroupOutcome = { recipients: 1, converted: 0, revenue: 0, revenueSquares: 0 };
    expect(estimateLift({ recipients: 100, converted: 10, revenue: 500, revenueSquares: 25_000 }, none)).toBeUndefined();
  });
});

describe('the lift in a campaign report', () => {
  let database: DatabaseHandle;
  let shopId: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    shopId = (await createShop(database.db, { name: 'Lift shop' })).shop_id;
  });
  afterAll(() => database?.close());

  it("covers the known difference on a generated shop where the treated group converts 10 points more (30% against 20%, 50 an order)", async () => {
    const db = database.db;
    await sql`insert into profiles (shop_id, id, customer_id, email, first_name, consent, first_seen_at, last_seen_at)
      select ${shopId}, 'c-' || i, 'c-' || i, 'c-' || i || '@lift.test', 'C' || i, '{"marketing": true}'::jsonb, now() - interval '90 days', now()
        from generate_series(1, 4000) i`.execute(db);
    const created = await createCampaign(db, shopId, { name: 'Lift', definition: { type: 'marketing_consent', value: true }, language: 'en', subject: 'Hi', intro: '', holdoutPercent: 20, productCount: 3 });
    if (!created.ok) throw new Error(created.code);
    const campaign = created.campaign;
    const startedAt = new Date(Date.now() - 10 * DAY);
    expect(await insertPlannedRecipients(db, { shopId, campaignId: campaign.id, definition: campaign.definition, holdoutPercent: 20, now: startedAt })).toBe(4000);
    await sql`update campaigns set status = 'sent', started_at = ${startedAt}, finished_at = ${startedAt} where shop_id = ${shopId} and id = ${campaign.id}`.execute(db);
    await sql`update campaign_recipients set status = 'sent', sent_at = ${startedAt} where shop_id = ${shopId} and campaign_id = ${campaign.id} and not holdout`.execute(db);
    const { rows } = await sql<{ profile_id: string; holdout: boolean }>`select profile_id, holdout from campaign_recipients where shop_id = ${shopId} and campaign_id = ${campaign.id} order by profile_id`.execute(db);

    const rnd = random(8058);
    const orders: { shop_id: string; order_id: string; profile_id: string; total: number; placed_at: Date }[] = [];
    // Exactly 30% of the treated and 20% of the held out convert (every tenth member counted in each group), so that
    // the true difference is +0.10 whichever shoppers the holdout draw (keyed by the campaign's random id) took.
    const seen = { treated: 0, holdout: 0 };
    for (const r of rows) {
      const nth = seen[r.holdout ? 'holdout' : 'treated']++ % 10;
      // Inside the window (the 7 attribution days from the start): the outcome.
      if (nth < (r.holdout ? 2 : 3)) orders.push({ shop_id: shopId, order_id: `o-${r.profile_id}`, profile_id: r.profile_id, total: 50, placed_at: new Date(startedAt.getTime() + (0.1 + 6 * rnd()) * DAY) });
      // Outside it (before the send, after the window): never counted.
      if (rnd() < 0.3) orders.push({ shop_id: shopId, order_id: `before-${r.profile_id}`, profile_id: r.profile_id, total: 80, placed_at: new Date(startedAt.getTime() - 2 * DAY) });
      if (rnd() < 0.3) orders.push({ shop_id: shopId, order_id: `after-${r.profile_id}`, profile_id: r.profile_id, total: 80, placed_at: new Date(startedAt.getTime() + 8 * DAY) });
    }
    for (let k = 0; k < orders.length; k += 1000) await db.insertInto('profile_orders').values(orders.slice(k, k + 1000)).execute();

    const report = (await findCampaignReport(db, shopId, campaign.id))!;
    const { treated, holdout } = report.groups!;
    expect(treated.recipients + holdout.recipients).toBe(4000);
    // About 20% held out by the hash draw.
    expect(holdout.recipients).toBeGreaterThan(700);
    expect(holdout.recipients).toBeLessThan(900);
    // Only the window's orders, at 50 each.
    expect(treated.revenue).toBe(treated.converted * 50);
    expect(holdout.revenue).toBe(holdout.converted * 50);

    const { conversion, revenuePerRecipient } = report.lift!;
    expect(conversion.low).toBeLessThanOrEqual(0.1);
    expect(conversion.high).toBeGreaterThanOrEqual(0.1);
    expect(conversion.low).toBeGreaterThan(0);
    expect(revenuePerRecipient.low).toBeLessThanOrEqual(5);
    expect(revenuePerRecipient.high).toBeGreaterThanOrEqual(5);
    expect(revenuePerRecipient.low).toBeGreaterThan(0);
    expect(conversion.treated).toBeCloseTo(treated.converted / treated.recipients, 10);
  });
});
