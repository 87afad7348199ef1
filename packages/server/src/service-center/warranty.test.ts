import { describe, expect, it } from 'vitest';
import { findPostalCentroid } from './postal-centroids.js';
import { haversineKm, pickServicePoint } from './service-point-routing.js';
import { addMonths, computeWarranty } from './warranty.js';

const now = new Date('2026-11-27T12:00:00Z');

describe('warranty', () => {
  it('runs 24 months from delivery and covers its last day', () => {
    const w = computeWarranty({ months: 24, status: 'delivered', placedAt: new Date('2024-11-20T10:00:00Z'), deliveredAt: new Date('2024-11-27T09:00:00Z') }, 'delivery', now);
    expect(w).toEqual({ state: 'active', months: 24, startsOn: '2024-11-27', endsOn: '2026-11-27' });
    const next = computeWarranty({ months: 24, status: 'delivered', placedAt: new Date('2024-11-20T10:00:00Z'), deliveredAt: new Date('2024-11-26T09:00:00Z') }, 'delivery', now);
    expect(next.state).toBe('expired');
  });

  it('runs from purchase when the shop says so, even before delivery', () => {
    const w = computeWarranty({ months: 12, status: 'shipped', placedAt: new Date('2026-11-01T00:00:00Z'), deliveredAt: null }, 'purchase', now);
    expect(w).toMatchObject({ state: 'active', startsOn: '2026-11-01', endsOn: '2027-11-01' });
    expect(computeWarranty({ months: 12, status: 'shipped', placedAt: new Date('2026-11-01T00:00:00Z'), deliveredAt: null }, 'delivery', now).state).toBe('pending');
  });

  it('has none for products without warranty months and none that counts for cancelled or returned orders', () => {
    expect(computeWarranty({ months: 0, status: 'delivered', placedAt: now, deliveredAt: now }, 'delivery', now).state).toBe('none');
    expect(computeWarranty({ months: 24, status: 'returned', placedAt: now, deliveredAt: now }, 'delivery', now).state).toBe('void');
  });

  it('ends on the last day of a shorter month', () => {
    expect(addMonths(new Date('2024-01-31T00:00:00Z'), 1).toISOString().slice(0, 10)).toBe('2024-02-29');
    expect(addMonths(new Date('2025-08-31T00:00:00Z'), 6).toISOString().slice(0, 10)).toBe('2026-02-28');
  });
});

describe('routing to the nearest point', () => {
  it('measures Berlin to Munich as about 504 km', () => {
    expect(haversineKm({ lat: 52.52, lon: 13.405 }, { lat: 48.137, lon: 11.575 })).toBeCloseTo(504, -1);
  });

  it('finds the most specific postal area, within the country', () => {
    expect(findPostalCentroid('80331', 'DE')?.place).toBe('Munich-Altstadt');
    expect(findPostalCentroid('81675', 'DE')?.place).toBe('Munich');
    expect(findPostalCentroid('1012 AB', 'NL')?.place).toBe('Amsterdam-Centrum');
    expect(findPostalCentroid('10115', 'NL')?.place).toBe('Amsterdam');
    expect(findPostalCentroid('00-950', 'PL')?.place).toBe('Warsaw');
    expect(findPostalCentroid('99999', 'XX')).toBeUndefined();
  });

  it('skips points that do not service the category or brand', () => {
    const base = { shop_id: 's', address: '', city: '', postal_code: '', hours: '', email: '' };
    const points = [
      { ...base, id: 'near-wrong-brand', name: 'A', lat: 48.14, lon: 11.58, categories: ['Headphones'], brands: ['Aurel'] },
      { ...base, id: 'near-wrong-category', name: 'B', lat: 48.14, lon: 11.58, categories: ['Kitchen Appliances'], brands: [] },
      { ...base, id: 'far-right', name: 'C', lat: 52.52, lon: 13.4, categories: ['headphones'], brands: [] },
    ];
    const picked = pickServicePoint(points, { category: 'Headphones', brand: 'Sonora' }, { lat: 48.137, lon: 11.575 });
    expect(picked?.point.id).toBe('far-right');
    expect(pickServicePoint(points, { category: 'Toys', brand: 'Blokk' }, undefined)).toBeUndefined();
  });
});
