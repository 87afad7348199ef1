import type { OrderStatusValue, Warranty } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { loadServiceSettings } from './service-messages.js';
import { computeWarranty } from './warranty.js';

/**
 * The shop's warranty rule (from delivery or from purchase) as a function of
 * one order line, for pages that show many lines of one shop.
 * @example (await shopWarranties(db, 'demo'))({ months: 24, status: 'delivered', placedAt, deliveredAt: new Date('2026-03-02') })
 * // => { state: 'active', months: 24, startsOn: '2026-03-02', endsOn: '2028-03-02' }
 */
export async function shopWarranties(db: Db, shopId: string): Promise<(line: { months: number; status: OrderStatusValue; placedAt: Date; deliveredAt: Date | null }) => Warranty> {
  const { warrantyStartsAt } = await loadServiceSettings(db, shopId);
  const now = new Date();
  return (line) => computeWarranty(line, warrantyStartsAt, now);
}
