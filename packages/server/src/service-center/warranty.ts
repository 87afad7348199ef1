import type { Warranty } from '@vitrina/protocol';
import type { OrderStatus } from '../orders/index.js';

export interface WarrantyInput {
  months: number;
  status: OrderStatus;
  placedAt: Date;
  deliveredAt: Date | null;
}

/** The same day `months` later, clamped to the month's last day (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(date.getUTCDate(), last)));
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The warranty of one order line. It runs from delivery or from purchase, as
 * the shop decides; it covers the last day fully. Cancelled and returned
 * orders carry none (`void`); before delivery it is `pending`.
 * @example computeWarranty({ months: 24, status: 'delivered', placedAt, deliveredAt: new Date('2026-03-02') }, 'delivery', now)
 * // => { state: 'active', months: 24, startsOn: '2026-03-02', endsOn: '2028-03-02' }
 */
export function computeWarranty(input: WarrantyInput, startsAt: 'delivery' | 'purchase', now = new Date()): Warranty {
  const months = input.months;
  if (months <= 0) return { state: 'none', months: 0 };
  if (input.status === 'cancelled' || input.status === 'returned') return { state: 'void', months };
  const start = startsAt === 'purchase' ? input.placedAt : input.deliveredAt;
  if (!start) return { state: 'pending', months };
  const end = addMonths(start, months);
  const endOfLastDay = end.getTime() + 86_400_000;
  return { state: now.getTime() < endOfLastDay ? 'active' : 'expired', months, startsOn: isoDay(start), endsOn: isoDay(end) };
}
