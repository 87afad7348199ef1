import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { orderStatuses, type OrderStatus } from '../orders/index.js';

export interface DemoServiceOrder {
  status: OrderStatus;
  orderId: string;
  email: string;
  postalCode: string | null;
}

/**
 * One demo order in each state, to try the service center with: the newest of
 * each, preferring (for delivered ones) an order with an item under warranty.
 */
export async function findDemoOrdersByState(db: Db, shopId: string): Promise<DemoServiceOrder[]> {
  const { rows } = await sql<{ status: OrderStatus; id: string; email: string; postal: string | null }>`
    select distinct on (o.status) o.status, o.id, o.email, o.shipping_address->>'postalCode' as postal
      from orders o
     where o.shop_id = ${shopId} and o.email is not null and o.source <> 'event'
     order by o.status,
              exists (select 1 from order_items i join products p on p.shop_id = i.shop_id and p.id = i.product_id
                       where i.shop_id = o.shop_id and i.order_id = o.id and p.warranty_months > 0 and cardinality(i.serial_numbers) > 0) desc,
              o.placed_at desc`.execute(db);
  return orderStatuses.flatMap((status) => {
    const r = rows.find((x) => x.status === status);
    return r ? [{ status, orderId: r.id, email: r.email, postalCode: r.postal }] : [];
  });
}

/** The lines the demo prints at start: where the service center is and what to look up. */
export function describeDemoOrders(baseUrl: string, orders: DemoServiceOrder[]): string {
  return [
    `  Service center: ${baseUrl}/service.html   demo mailbox: ${baseUrl}/demo/mailbox`,
    '  Demo orders to look up (order number + e-mail or postal code):',
    ...orders.map((o) => `    ${o.status.padEnd(17)} ${o.orderId.padEnd(8)} ${o.email}${o.postalCode ? `  (postal code ${o.postalCode})` : ''}`),
    '',
  ].join('\n');
}
