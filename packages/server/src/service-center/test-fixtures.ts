import { insertProducts } from '../catalog/products.repository.js';
import type { Db } from '../db/database.js';
import { recordOrders } from '../orders/orders.service.js';
import type { OrderStatus } from '../orders/orders.table.js';
import { insertServicePoints } from '../service-points/service-points.repository.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';

const DAY = 86_400_000;

interface FixtureOrder {
  id: string;
  email: string;
  name: string;
  city: string;
  postalCode: string;
  country: string;
  status: OrderStatus;
  placedDaysAgo: number;
  deliveredDaysAgo?: number;
  items: { productId: string; name: string; quantity?: number; serials?: string[] }[];
}

/**
 * A shop for service-center tests: audio and kitchen products with warranty,
 * tea without, points in Berlin and Munich, and orders in several states.
 * Order numbers repeat across shops on purpose (tenant isolation).
 */
export async function seedServiceShop(db: Db, name: string, orders: FixtureOrder[]): Promise<CreatedShop> {
  const shop = await createShop(db, { name });
  const id = shop.shop_id;
  await insertProducts(db, [
    { shop_id: id, id: 'p-hp', name: 'Sonora Wireless Headphones', category: 'Headphones', brand: 'Sonora', price: 199, warranty_months: 24 },
    { shop_id: id, id: 'p-kettle', name: 'Kochwerk Kettle', category: 'Kitchen Appliances', brand: 'Kochwerk', price: 49, warranty_months: 24 },
    { shop_id: id, id: 'p-tea', name: 'Green Tea', category: 'Tea', brand: 'Chaya', price: 9, warranty_months: 0 },
    { shop_id: id, id: 'p-lamp', name: 'Nordlys Desk Lamp', category: 'Lighting', brand: 'Nordlys', price: 59, warranty_months: 12 },
  ]);
  const point = (pid: string, pname: string, city: string, postal: string, lat: number, lon: number, categories: string[]) => ({
    shop_id: id, id: pid, name: pname, address: '1 Test Street', city, postal_code: postal, lat, lon, hours: 'Mon-Fri 9-18', email: `${pid}@points.test`, categories, brands: [],
  });
  await insertServicePoints(db, [
    point('sp-berlin-audio', 'Berlin Audio Service', 'Berlin', '10115', 52.53, 13.39, ['Headphones', 'Speakers']),
    point('sp-munich-audio', 'Munich Audio Service', 'Munich', '80331', 48.14, 11.58, ['Headphones']),
    point('sp-munich-kitchen', 'Munich Kitchen Repair', 'Munich', '80331', 48.13, 11.56, ['Kitchen Appliances']),
    point('sp-hamburg-any', 'Hamburg Repair Hub', 'Hamburg', '20095', 53.55, 10.0, []),
  ]);
  const now = Date.now();
  const path: OrderStatus[] = ['placed', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered'];
  await recordOrders(
    db,
    orders.map((o) => ({
      order: {
        shop_id: id, id: o.id, customer_id: null, anonymous_id: null, email: o.email, status: o.status,
        placed_at: new Date(now - o.placedDaysAgo * DAY), total: 100, currency: 'EUR', delivery_method: 'standard', payment_type: 'card',
        shipping_address: { name: o.name, line1: '5 Linden Street', city: o.city, postalCode: o.postalCode, country: o.country, phone: '+49 30 1234567' },
        carrier: o.status === 'placed' || o.status === 'paid' ? null : 'DHL', tracking_number: o.status === 'placed' || o.status === 'paid' ? null : `TRK-${o.id}`,
        delivered_at: o.deliveredDaysAgo === undefined ? null : new Date(now - o.deliveredDaysAgo * DAY),
        source: 'import' as const,
      },
      items: o.items.map((it, i) => ({ shop_id: id, order_id: o.id, line_no: i + 1, product_id: it.productId, name: it.name, quantity: it.quantity ?? 1, unit_price: 10, serial_numbers: it.serials ?? [] })),
      timeline: path.slice(0, path.indexOf(o.status) + 1 || 1).map((status, i) => ({ status, at: new Date(now - o.placedDaysAgo * DAY + i * 3600_000) })),
    })),
  );
  return shop;
}

export const annaOrders: FixtureOrder[] = [
  {
    id: '1001', email: 'Anna.Schmidt@example.com', name: 'Anna Schmidt', city: 'Munich', postalCode: '80331', country: 'DE', status: 'delivered', placedDaysAgo: 40, deliveredDaysAgo: 37,
    items: [
      { productId: 'p-hp', name: 'Sonora Wireless Headphones', serials: ['SN-HP-1'] },
      { productId: 'p-tea', name: 'Green Tea' },
      { productId: 'p-kettle', name: 'Kochwerk Kettle', quantity: 2, serials: ['SN-K-1', 'SN-K-2'] },
      { productId: 'p-lamp', name: 'Nordlys Desk Lamp', serials: ['SN-L-1'] },
    ],
  },
  { id: '1002', email: 'anna.schmidt@example.com', name: 'Anna Schmidt', city: 'Munich', postalCode: '80331', country: 'DE', status: 'shipped', placedDaysAgo: 2, items: [{ productId: 'p-hp', name: 'Sonora Wireless Headphones', serials: ['SN-HP-2'] }] },
  { id: '1003', email: 'anna.schmidt@example.com', name: 'Anna Schmidt', city: 'Munich', postalCode: '80331', country: 'DE', status: 'delivered', placedDaysAgo: 800, deliveredDaysAgo: 797, items: [{ productId: 'p-lamp', name: 'Nordlys Desk Lamp', serials: ['SN-L-0'] }] },
  { id: '1004', email: 'bob@example.com', name: 'Bob Weber', city: 'Berlin', postalCode: '10115', country: 'DE', status: 'delivered', placedDaysAgo: 20, deliveredDaysAgo: 18, items: [{ productId: 'p-hp', name: 'Sonora Wireless Headphones', serials: ['SN-HP-9'] }] },
];

export const carolOrders: FixtureOrder[] = [
  { id: '1001', email: 'carol@example.com', name: 'Carol Jansen', city: 'Amsterdam', postalCode: '1012 AB', country: 'NL', status: 'delivered', placedDaysAgo: 10, deliveredDaysAgo: 8, items: [{ productId: 'p-hp', name: 'Sonora Wireless Headphones', serials: ['SN-C-1'] }] },
  { id: '5001', email: 'carol@example.com', name: 'Carol Jansen', city: 'Amsterdam', postalCode: '1012 AB', country: 'NL', status: 'paid', placedDaysAgo: 1, items: [{ productId: 'p-tea', name: 'Green Tea' }] },
];

/** A client of the public service API, as the widget calls it; `ip` is sent as X-Forwarded-For (the server trusts loopback proxies). */
export function serviceClient(baseUrl: string, writeKey: string, ip = '198.51.100.1') {
  const headers = (token?: string) => ({ 'content-type': 'application/json', 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  return {
    lookup: (body: Record<string, unknown>) => fetch(`${baseUrl}/v1/service/lookup`, { method: 'POST', headers: headers(), body: JSON.stringify({ writeKey, ...body }) }),
    session: (link: string) => fetch(`${baseUrl}/v1/service/session`, { method: 'POST', headers: headers(), body: JSON.stringify({ writeKey, link }) }),
    get: (path: string, token: string) => fetch(`${baseUrl}${path}`, { headers: headers(token) }),
    post: (path: string, token: string, body: unknown) => fetch(`${baseUrl}${path}`, { method: 'POST', headers: headers(token), body: JSON.stringify(body) }),
  };
}

export async function tokenFor(client: ReturnType<typeof serviceClient>, orderNumber: string, email: string): Promise<string> {
  const res = await client.lookup({ orderNumber, email });
  if (res.status !== 200) throw new Error(`lookup ${orderNumber} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
