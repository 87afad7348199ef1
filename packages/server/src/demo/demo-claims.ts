import type { Db } from '../db/database.js';
import type { NewOrder, NewOrderItem } from '../orders/index.js';
import { appendClaimEvent, insertClaim, type ClaimStatus } from '../service-center/index.js';

const problems = [
  'The left ear cup went silent after two weeks of normal use.',
  'It stopped heating; the light comes on but the water stays cold.',
  'The battery no longer charges past 20 percent.',
  'A crackling noise at any volume, on every device I tried.',
  'The power button is stuck and the unit will not switch on.',
];
const paths: ClaimStatus[][] = [['submitted'], ['submitted', 'accepted'], ['submitted', 'accepted', 'at_service_point'], ['submitted', 'accepted', 'at_service_point', 'repaired'], ['submitted', 'rejected', 'closed']];

/**
 * A few warranty claims on the demo's oldest delivered orders with a serial
 * number, one in each stage, so that the panel's service queue has something
 * to show (the storefront's own claims come through the widget).
 */
export async function seedDemoClaims(db: Db, shopId: string, orders: NewOrder[], items: NewOrderItem[], now: Date): Promise<void> {
  const delivered = orders.filter((o) => o.status === 'delivered').sort((a, b) => +new Date(a.placed_at as Date) - +new Date(b.placed_at as Date));
  let n = 0;
  for (const order of delivered) {
    const line = items.find((i) => i.order_id === order.id && (i.serial_numbers?.length ?? 0) > 0);
    if (!line) continue;
    const id = `W-DEMO${n + 1}`;
    await insertClaim(db, {
      shop_id: shopId,
      id,
      order_id: order.id,
      line_no: line.line_no,
      product_id: line.product_id,
      product_name: line.name,
      serial_number: line.serial_numbers![0]!,
      email: order.email!,
      customer_name: (order.shipping_address as { name?: string } | null)?.name ?? null,
      problem: problems[n]!,
      photo: null,
      photo_type: null,
      service_point_id: null,
      distance_km: null,
      status: paths[n]!.at(-1)!,
      created_at: new Date(now.getTime() - (10 - n) * 86_400_000),
    });
    for (const status of paths[n]!) await appendClaimEvent(db, { shopId, claimId: id, status, note: null, actor: status === 'submitted' ? 'shopper' : 'staff' });
    if (++n === paths.length) return;
  }
}
