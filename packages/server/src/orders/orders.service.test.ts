import { describe, expect, it } from 'vitest';
import { orderFromEvent } from './orders.service.js';

const event = (properties: Record<string, unknown>) => ({ shopId: 's', properties, customerId: null, anonymousId: 'a', timestamp: new Date('2026-11-01T10:00:00Z') });
const line = { product_id: 'p1', price: 25, quantity: 1 };

describe('orderFromEvent', () => {
  it('reads an order as coming from an event, which proves nothing about the shopper', () => {
    expect(orderFromEvent(event({ order_id: '1001', total: 25, products: [line] }))?.order).toMatchObject({ id: '1001', total: 25, source: 'event' });
  });

  it('leaves out an order whose id, total, price or quantity the orders tables cannot hold', () => {
    expect(orderFromEvent(event({ order_id: 'x'.repeat(200), products: [line] }))?.items[0]?.order_id).toBe('x'.repeat(200));
    expect(orderFromEvent(event({ order_id: 'x'.repeat(201), products: [line] }))).toBeUndefined();
    expect(orderFromEvent(event({ order_id: '1', total: 1e10, products: [line] }))).toBeUndefined();
    expect(orderFromEvent(event({ order_id: '1', total: 9_999_999_999.999, products: [line] }))).toBeUndefined();
    expect(orderFromEvent(event({ order_id: '1', total: -1e10, products: [line] }))).toBeUndefined();
    expect(orderFromEvent(event({ order_id: '1', products: [{ ...line, price: 1e10 }] }))).toBeUndefined();
    expect(orderFromEvent(event({ order_id: '1', products: [{ ...line, quantity: 2 ** 31 }] }))).toBeUndefined();
    expect(orderFromEvent(event({ order_id: '1', total: 9_999_999_999.99, products: [{ ...line, quantity: 2 ** 31 - 1 }] }))?.order.total).toBe(9_999_999_999.99);
  });
});
