import { describe, expect, it } from 'vitest';
import { applyEvent, emptyProfile } from './profile-reducer.js';

const view = (category: string, brand: string, at: string) => ({
  type: 'track',
  event: 'Product Viewed',
  timestamp: new Date(at),
  properties: { product_id: 'p1', category, brand },
  context: {},
  traits: {},
});

/** A score by a key the type checker does not take for Object's own members. */
const score = (scores: Record<string, number>, key: string) => (Object.hasOwn(scores, key) ? scores[key] : undefined);

describe('applyEvent', () => {
  it('keeps affinities for categories and brands named like object properties', () => {
    const p = emptyProfile('shop', 'anon:a', null);
    applyEvent(p, view('constructor', 'toString', '2026-11-01T10:00:00Z'));
    const once = score(p.category_affinity, 'constructor')!;
    applyEvent(p, view('constructor', 'toString', '2026-11-01T10:05:00Z'));
    expect(once).toBeGreaterThan(0);
    expect(score(p.category_affinity, 'constructor')).toBeCloseTo(2 * once, 3);
    expect(score(p.brand_affinity, 'toString')).toBeGreaterThan(0);
  });

  it('counts a visit day per UTC calendar day', () => {
    const p = emptyProfile('shop', 'anon:a', null);
    for (const at of ['2026-11-01T08:00:00Z', '2026-11-01T23:59:00Z', '2026-11-02T00:01:00Z', '2026-11-04T12:00:00Z']) {
      applyEvent(p, { type: 'page', event: null, timestamp: new Date(at), properties: {}, context: {}, traits: {} });
    }
    expect(p.visit_days).toBe(3);
  });

  it('keeps the 30 newest product interactions newest first, whatever order late events arrive in', () => {
    const p = emptyProfile('shop', 'anon:a', null);
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const times = Array.from({ length: 200 }, (_, i) => Date.UTC(2026, 10, 1) + i * 60_000).sort(() => (next() % 3) - 1);
    times.forEach((t, i) => applyEvent(p, { ...view('Tea', 'Leaf', new Date(t).toISOString()), properties: { product_id: `p-${i}` } }));
    expect(p.recent_products.map((r) => r[2])).toEqual([...times].sort((a, b) => b - a).slice(0, 30));
  });
});
