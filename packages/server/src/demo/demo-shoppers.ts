import type { NewProduct } from '../catalog/index.js';
import type { NewCustomer } from '../customers/index.js';
import type { NewOrder, NewOrderItem, NewOrderStatusEvent, OrderStatus } from '../orders/index.js';
import { demoCities } from './demo-catalog.js';
import { createRandom, type Random } from './random.js';
import { demoVisitSource } from './demo-traffic.js';

const firstNames = ['Anna', 'Lukas', 'Marie', 'Jonas', 'Sofia', 'Elias', 'Emma', 'Noah', 'Mia', 'Leon', 'Clara', 'Paul', 'Léa', 'Hugo', 'Julia', 'Jan', 'Zofia', 'Piotr', 'Eva', 'Finn', 'Lotte', 'Daan', 'Ines', 'Max'];
const lastNames = ['Schmidt', 'Müller', 'Dubois', 'Martin', 'de Vries', 'Jansen', 'Kowalski', 'Nowak', 'Huber', 'Wagner', 'Bernard', 'Bakker', 'Fischer', 'Weber', 'Lefèvre', 'Visser'];
const searchTerms = ['headphones', 'espresso', 'lantern', 'tea', 'dog food', 'tent', 'gift', 'speaker', 'puzzle', 'blanket', 'serum', 'kettle'];
const zeroResultTerms = ['vinyl record player', 'drone', 'smartwatch strap', 'gaming chair'];
const carriers = ['DHL', 'DPD', 'UPS', 'GLS'];
const deliveryMethods = ['standard', 'express', 'pickup_point'];
const paymentTypes = ['card', 'paypal', 'invoice', 'klarna'];

/** A raw event as the sdk would send it (before the ingest path turns it into rows). */
export interface DemoEvent {
  type: 'page' | 'track' | 'identify';
  messageId: string;
  anonymousId: string;
  userId?: string;
  event?: string;
  name?: string;
  timestamp: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

export interface DemoHistory {
  customers: NewCustomer[];
  events: DemoEvent[];
  orders: NewOrder[];
  items: NewOrderItem[];
  statusEvents: NewOrderStatusEvent[];
}

const DAY = 86_400_000;

/**
 * About 1,000 shoppers with deterministic, plausible histories: visits with
 * page and product views, searches (some finding nothing), carts and orders
 * whose deliveries are in every state. Shoppers lean to two favourite
 * categories and rebuy consumables on their own rhythm.
 */
export function generateDemoShoppers(shopId: string, products: NewProduct[], rnd: Random, now: Date, count = 1000): DemoHistory {
  const h: DemoHistory = { customers: [], events: [], orders: [], items: [], statusEvents: [] };
  const byCategory = new Map<string, NewProduct[]>();
  for (const p of products) byCategory.set(p.category!, [...(byCategory.get(p.category!) ?? []), p]);
  const categories = [...byCategory.keys()];
  const consumables = products.filter((p) => p.consumable);
  let orderNo = 100_000;
  // Where visits come from: a stream of its own, so the shoppers' histories stay as they were.
  const traffic = createRandom(20261208);
  const productPaths = products.slice(0, 60).map((p) => `/product.html?id=${p.id}`);

  for (let s = 0; s < count; s++) {
    const first = rnd.pick(firstNames);
    const last = rnd.pick(lastNames);
    const place = rnd.pick(demoCities);
    const customerId = `c-${String(s + 1).padStart(5, '0')}`;
    const email = `${first}.${last}.${s + 1}`.toLowerCase().normalize('NFD').replace(/[^a-z0-9.]/g, '') + '@example.com';
    const anonymousId = rnd.uuid();
    const favourites = [rnd.pick(categories), rnd.pick(categories)];
    const known = rnd.chance(0.7);
    let hasOrdered = false;
    h.customers.push({
      shop_id: shopId,
      id: customerId,
      email,
      first_name: first,
      last_name: last,
      region: place.region,
      city: place.city,
      postal_code: place.postal,
      address: `${rnd.int(1, 120)} ${rnd.pick(['Linden', 'Park', 'Harbour', 'Rose', 'Mill'])} Street`,
    });

    const visits = rnd.int(1, 9);
    let t = now.getTime() - rnd.int(20, 200) * DAY;
    let visit: Record<string, unknown> = {};
    const ev = (type: DemoEvent['type'], extra: Partial<DemoEvent>) => {
      t += rnd.int(10, 120) * 1000;
      h.events.push({
        type,
        messageId: rnd.uuid(),
        anonymousId,
        ...(hasOrdered ? { userId: customerId } : {}),
        timestamp: new Date(t).toISOString(),
        context: { page: { path: '/' }, locale: place.region === 'FR' ? 'fr-FR' : 'en-GB', ...visit },
        ...extra,
      });
    };
    for (let v = 0; v < visits && t < now.getTime() - DAY; v++) {
      t += rnd.int(2, Math.max(3, Math.floor(180 / visits))) * DAY;
      if (t > now.getTime()) break;
      // The landing page carries the visit's referrer and campaign, as the sdk sends them; the later events its session.
      const src = demoVisitSource(traffic, productPaths);
      const url = `https://demo.vitrina.test${src.landingPath}`;
      visit = { sessionId: src.sessionId, page: { path: src.landingPath.split('?')[0], url, referrer: src.referrer }, ...(src.campaign ? { campaign: src.campaign } : {}), ...(src.searchEngine ? { searchEngine: src.searchEngine } : {}) };
      ev('page', { name: 'Home', properties: { path: src.landingPath.split('?')[0], url, referrer: src.referrer, title: 'Vitrina demo shop' } });
      visit = { sessionId: src.sessionId };
      if (rnd.chance(0.4)) {
        const zero = rnd.chance(0.15);
        const query = zero ? rnd.pick(zeroResultTerms) : rnd.pick(searchTerms);
        ev('track', { event: 'Products Searched', properties: { query, results: zero ? 0 : rnd.int(1, 30) } });
      }
      const viewed: NewProduct[] = [];
      for (let i = rnd.int(1, 5); i > 0; i--) {
        const cat = rnd.chance(0.75) ? rnd.pick(favourites) : rnd.pick(categories);
        const p = rnd.pick(byCategory.get(cat)!);
        viewed.push(p);
        ev('track', { event: 'Product Viewed', properties: productProps(p) });
      }
      if (!rnd.chance(0.45)) continue;
      const cart = viewed.filter(() => rnd.chance(0.6)).slice(0, 3);
      if (cart.length === 0) continue;
      for (const p of cart) ev('track', { event: 'Product Added', properties: { ...productProps(p), quantity: 1 } });
      if (!known || !rnd.chance(0.6)) continue;
      // Complements go into the cart together, so "bought together" has real support.
      if (rnd.chance(0.5)) cart.push(partnerOf(cart[0]!, byCategory));
      placeOrder(cart, t);
    }
    visit = {};
    // A regular rebuys a staple (coffee, pet food...) on its own rhythm.
    if (known && rnd.chance(0.35)) {
      const staple = rnd.pick(consumables);
      const every = staple.repurchase_days! * (0.8 + rnd.next() * 0.4);
      let at = now.getTime() - rnd.int(3, 6) * every * DAY;
      while (at < now.getTime() - DAY) {
        placeOrder([staple], at);
        at += every * (0.85 + rnd.next() * 0.3) * DAY;
      }
    }

    function placeOrder(cart: NewProduct[], at: number) {
      t = Math.max(t, at);
      const orderId = String(++orderNo);
      // A visit may run a few minutes past `now`; its order is placed no later than now.
      const placedAt = new Date(Math.min(at, now.getTime()));
      if (!hasOrdered) ev('identify', { userId: customerId, traits: { email, firstName: first, lastName: last } });
      hasOrdered = true;
      const total = Math.round(cart.reduce((sum, p) => sum + p.price, 0) * 100) / 100;
      const ageDays = (now.getTime() - placedAt.getTime()) / DAY;
      const status = statusForAge(ageDays, rnd);
      const shipped = ['shipped', 'out_for_delivery', 'delivered', 'returned'].includes(status);
      // Some orders go to someone else: gifts (the gift-ideas list reads them).
      const giftTo = rnd.chance(0.12) ? `${rnd.pick(firstNames)} ${last}` : undefined;
      // The timeline's steps, 0.8 days apart, closer for a recent order so that none lies in the future;
      // delivered_at is the time of its 'delivered' step, so the two never name different days.
      const steps = timeline(status);
      const gap = Math.min(0.8 * DAY, (now.getTime() - placedAt.getTime()) / steps.length);
      const events = steps.map((st, i) => ({ shop_id: shopId, order_id: orderId, seq: i + 1, status: st, at: new Date(placedAt.getTime() + i * gap), note: null }));
      h.orders.push({
        shop_id: shopId,
        id: orderId,
        customer_id: customerId,
        anonymous_id: anonymousId,
        email,
        status,
        placed_at: placedAt,
        total,
        currency: 'EUR',
        delivery_method: rnd.pick(deliveryMethods),
        payment_type: rnd.pick(paymentTypes),
        shipping_address: { name: giftTo ?? `${first} ${last}`, line1: h.customers.at(-1)!.address!, city: place.city, postalCode: place.postal, country: place.region },
        carrier: shipped ? rnd.pick(carriers) : null,
        tracking_number: shipped ? `TRK${rnd.int(100_000_000, 999_999_999)}` : null,
        delivered_at: events.find((e) => e.status === 'delivered')?.at ?? null,
        source: 'import',
      });
      cart.forEach((p, i) => {
        h.items.push({
          shop_id: shopId,
          order_id: orderId,
          line_no: i + 1,
          product_id: p.id,
          name: p.name,
          quantity: 1,
          unit_price: p.price,
          serial_numbers: (p.warranty_months ?? 0) > 0 ? [`SN-${p.id.slice(2)}-${rnd.int(100000, 999999)}`] : [],
        });
      });
      h.statusEvents.push(...events);
      ev('track', {
        event: 'Order Completed',
        userId: customerId,
        timestamp: placedAt.toISOString(),
        properties: { order_id: orderId, total, currency: 'EUR', products: cart.map((p) => ({ ...productProps(p), quantity: 1 })) },
      });
    }
  }
  return h;
}

const complements: Record<string, string[]> = {
  Headphones: ['Speakers'],
  Speakers: ['Headphones'],
  'Kitchen Appliances': ['Coffee'],
  Coffee: ['Kitchen Appliances', 'Tea'],
  Tea: ['Coffee'],
  Lighting: ['Home Textiles'],
  'Home Textiles': ['Lighting'],
  Outdoor: ['Lighting'],
  Toys: ['Books'],
  Books: ['Toys'],
  'Skin Care': ['Home Textiles'],
  'Pet Food': ['Pet Food'],
};

/** A fixed partner product in a complementary category: the same pairs recur across shoppers. */
function partnerOf(p: NewProduct, byCategory: Map<string, NewProduct[]>): NewProduct {
  const own = byCategory.get(p.category!)!;
  const k = own.indexOf(p);
  const cats = complements[p.category!] ?? [p.category!];
  const other = byCategory.get(cats[k % cats.length]!)!;
  const partner = other[(k * 7 + 3) % other.length]!;
  return partner.id === p.id ? other[(k * 7 + 4) % other.length]! : partner;
}

function productProps(p: NewProduct) {
  return { product_id: p.id, name: p.name, category: p.category, brand: p.brand, price: p.price };
}

function statusForAge(ageDays: number, rnd: Random): OrderStatus {
  if (rnd.chance(0.03)) return 'cancelled';
  if (ageDays > 10) return rnd.chance(0.04) ? 'returned' : 'delivered';
  if (ageDays > 5) return rnd.pick(['out_for_delivery', 'delivered'] as const);
  if (ageDays > 2) return rnd.pick(['shipped', 'packed'] as const);
  return rnd.pick(['placed', 'paid'] as const);
}

const happyPath: OrderStatus[] = ['placed', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered'];
function timeline(status: OrderStatus): OrderStatus[] {
  if (status === 'cancelled') return ['placed', 'cancelled'];
  if (status === 'returned') return [...happyPath, 'returned'];
  return happyPath.slice(0, happyPath.indexOf(status) + 1);
}
