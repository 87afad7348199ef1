import { describe, expect, it } from 'vitest';
import { generateDemoProducts } from './demo-catalog.js';
import { generateDemoShoppers } from './demo-shoppers.js';
import { createRandom } from './random.js';

// The demo data as the demo shop seeds it: the same seed, all 1,000 shoppers.
const now = new Date('2026-12-07T13:00:00Z');
const rnd = createRandom(20261127);
const products = generateDemoProducts('demo', rnd, now);
const history = generateDemoShoppers('demo', products, rnd, now);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
// (Map.groupBy needs Node 21.)
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

describe('demo data', () => {
  it('gives every catalogue product a name of its own', () => {
    const byName = groupBy(products, (p) => p.name);
    expect([...byName].filter(([, ps]) => ps.length > 1).map(([name]) => name)).toEqual([]);
    expect(products.length).toBeGreaterThanOrEqual(300);
  });

  it("puts each order's delivered_at at its timeline's delivered step, and no step after now", () => {
    const events = groupBy(history.statusEvents, (e) => e.order_id);
    const delivered = history.orders.filter((o) => o.delivered_at);
    expect(delivered.length).toBeGreaterThan(1000);
    const disagree = delivered.filter((o) => {
      const step = events.get(o.id)!.find((e) => e.status === 'delivered');
      return !step || step.at.getTime() !== o.delivered_at!.getTime();
    });
    expect(disagree.map((o) => o.id)).toEqual([]);
    // An order not delivered has no delivered_at and no delivered step.
    for (const o of history.orders.filter((x) => !x.delivered_at)) expect(events.get(o.id)!.some((e) => e.status === 'delivered')).toBe(false);
    expect(history.statusEvents.filter((e) => e.at > now)).toEqual([]);
    // And the steps follow each other in time.
    for (const [, steps] of events) for (let i = 1; i < steps.length; i++) expect(steps[i]!.at >= steps[i - 1]!.at).toBe(true);
    // The day shown for "Delivered" and for the timeline's last step is the same day, in UTC and in Berlin.
    const berlin = (d: Date) => d.toLocaleDateString('en-GB', { timeZone: 'Europe/Berlin' });
    for (const o of delivered.slice(0, 200)) {
      const step = events.get(o.id)!.find((e) => e.status === 'delivered')!;
      expect([dayOf(step.at), berlin(step.at)]).toEqual([dayOf(o.delivered_at!), berlin(o.delivered_at!)]);
    }
  });
});
