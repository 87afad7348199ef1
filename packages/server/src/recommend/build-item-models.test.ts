import { describe, expect, it } from 'vitest';
import type { PurchaseLine } from '../orders/order-history.repository.js';
import { buildItemModels, defaultBuildParams } from './build-item-models.js';
import { expectedInterval } from './rank-reorder.js';

const now = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
let n = 0;
const basket = (buyer: string, daysAgo: number, products: string[]): PurchaseLine[] => {
  const orderId = `o${++n}`;
  return products.map((productId) => ({ orderId, buyer, placedAt: new Date(now.getTime() - daysAgo * DAY), productId, quantity: 1, unitPrice: 1 }));
};

describe('buildItemModels', () => {
  // Bread is in almost every basket; jam goes with scones, not with bread in particular.
  const lines = [
    ...Array.from({ length: 8 }, (_, i) => basket(`s${i}`, 10 + i, ['scones', 'jam', 'bread'])).flat(),
    ...Array.from({ length: 30 }, (_, i) => basket(`b${i}`, 5 + i, ['bread', 'butter'])).flat(),
    ...Array.from({ length: 10 }, (_, i) => basket(`c${i}`, 50 + i, ['bread'])).flat(),
  ];
  const models = buildItemModels(lines, [], defaultBuildParams(now));

  it('ranks the true complement above the product in every basket', () => {
    const jam = models.get('jam')!;
    expect(jam.coPurchase[0]![0]).toBe('scones');
    expect(jam.coPurchase[0]![2]).toBe(8);
  });

  it('drops pairs that occur no more than chance (lift of 1 or less)', () => {
    // Bread is in 48 of 48 baskets: its lift with anything is exactly 1.
    expect(models.get('jam')!.coPurchase.map(([id]) => id)).not.toContain('bread');
  });

  it('counts recent buyers in the window and weighs recent sales more in trending', () => {
    const older = buildItemModels([...basket('x', 200, ['a']), ...basket('y', 1, ['b'])], [], defaultBuildParams(now));
    expect(older.get('b')!.trending).toBeGreaterThan(older.get('a')!.trending);
    expect(older.get('a')!.recentBuyers).toBe(0);
    expect(older.get('b')!.recentBuyers).toBe(1);
  });

  it('learns a product’s typical repurchase interval from shoppers who rebuy it', () => {
    const rebuys = ['u1', 'u2'].flatMap((u) => [90, 60, 30].flatMap((d) => basket(u, d, ['coffee'])));
    expect(buildItemModels(rebuys, [], defaultBuildParams(now)).get('coffee')!.medianRepurchaseDays).toBe(30);
  });
});

describe('expectedInterval', () => {
  it('shrinks a noisy personal average toward the product’s typical interval', () => {
    expect(expectedInterval([20, 40], 30)).toBe(30);
    // One interval of 10 days weighs one part against the typical 30's four.
    expect(expectedInterval([10], 30)).toBe(26);
    expect(expectedInterval(Array.from({ length: 12 }, () => 10), 30)).toBe(15);
  });

  it('falls back to whichever of the two is known', () => {
    expect(expectedInterval([], 45)).toBe(45);
    expect(expectedInterval([12, 14], null)).toBe(13);
    expect(expectedInterval([], null)).toBeNull();
  });
});
