import type { ServicePoint } from '../service-points/index.js';
import type { Coordinates } from './postal-centroids.js';

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/**
 * Great-circle distance in kilometres.
 * @example haversineKm({ lat: 52.52, lon: 13.405 }, { lat: 48.137, lon: 11.575 }) // => about 504
 */
export function haversineKm(a: Coordinates, b: Coordinates): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A point services a product when it lists its category (or none) and its brand (or none). */
export function servicesProduct(point: Pick<ServicePoint, 'categories' | 'brands'>, product: { category: string; brand: string }): boolean {
  const has = (list: string[], value: string) => list.length === 0 || list.some((v) => v.toLowerCase() === value.toLowerCase());
  return has(point.categories, product.category) && has(point.brands, product.brand);
}

/**
 * The nearest point that services the product; without an origin, the first
 * such point by name (the shop still gets the request, with no distance).
 */
export function pickServicePoint(
  points: ServicePoint[],
  product: { category: string; brand: string },
  origin: Coordinates | undefined,
): { point: ServicePoint; distanceKm: number | null } | undefined {
  const eligible = points.filter((p) => servicesProduct(p, product));
  if (eligible.length === 0) return undefined;
  if (!origin) {
    const first = [...eligible].sort((a, b) => a.name.localeCompare(b.name))[0]!;
    return { point: first, distanceKm: null };
  }
  let best: { point: ServicePoint; distanceKm: number } | undefined;
  for (const point of eligible) {
    const d = haversineKm(origin, point);
    if (!best || d < best.distanceKm) best = { point, distanceKm: d };
  }
  return best && { point: best.point, distanceKm: Math.round(best.distanceKm * 10) / 10 };
}
