import type { NewProduct } from '../catalog/index.js';
import type { NewServicePoint } from '../service-points/index.js';
import type { Random } from './random.js';

interface CategorySpec {
  name: string;
  brands: string[];
  nouns: string[];
  price: [number, number];
  warrantyMonths: number;
  /** Typical days between purchases; set for consumables. */
  repurchaseDays?: number;
  color: string;
}

export const demoCategories: CategorySpec[] = [
  { name: 'Headphones', brands: ['Sonora', 'Klangwerk', 'Aurel'], nouns: ['Wireless Headphones', 'Earbuds', 'Studio Headphones', 'Sport Earbuds'], price: [39, 349], warrantyMonths: 24, color: '#3b5bdb' },
  { name: 'Speakers', brands: ['Sonora', 'Boomhaus', 'Aurel'], nouns: ['Bluetooth Speaker', 'Soundbar', 'Bookshelf Speakers', 'Smart Speaker'], price: [49, 499], warrantyMonths: 24, color: '#1971c2' },
  { name: 'Kitchen Appliances', brands: ['Kochwerk', 'Cucina', 'Brava'], nouns: ['Espresso Machine', 'Kettle', 'Toaster', 'Blender', 'Coffee Grinder'], price: [29, 599], warrantyMonths: 24, color: '#e8590c' },
  { name: 'Lighting', brands: ['Lumen & Co', 'Nordlys', 'Brava'], nouns: ['Lantern', 'Desk Lamp', 'Floor Lamp', 'String Lights'], price: [15, 189], warrantyMonths: 12, color: '#f59f00' },
  { name: 'Coffee', brands: ['Roastery 9', 'Bergkaffee', 'Cucina'], nouns: ['Espresso Beans 1kg', 'Filter Coffee 500g', 'Decaf Beans 500g', 'Single Origin 250g'], price: [8, 34], warrantyMonths: 0, repurchaseDays: 30, color: '#6f4e37' },
  { name: 'Tea', brands: ['Teahouse North', 'Chaya'], nouns: ['Green Tea', 'Black Tea Blend', 'Herbal Infusion', 'Matcha Tin'], price: [5, 29], warrantyMonths: 0, repurchaseDays: 45, color: '#2f9e44' },
  { name: 'Pet Food', brands: ['Happy Paws', 'Wildfeld'], nouns: ['Dry Dog Food 12kg', 'Cat Food 24 Cans', 'Puppy Food 5kg', 'Grain-free Cat Food 3kg'], price: [19, 69], warrantyMonths: 0, repurchaseDays: 28, color: '#a61e4d' },
  { name: 'Skin Care', brands: ['Flora Botanica', 'Hydra'], nouns: ['Face Cream', 'Cleanser', 'Sunscreen SPF50', 'Serum'], price: [9, 59], warrantyMonths: 0, repurchaseDays: 60, color: '#d6336c' },
  { name: 'Books', brands: ['Mira Holm', 'J. Okafor', 'Elena Varga', 'T. Lindqvist'], nouns: ['The Lantern Keeper', 'Northern Lights', 'A Quiet Harbour', 'The Glass Orchard', 'Salt and Stone'], price: [9, 32], warrantyMonths: 0, color: '#5f3dc4' },
  { name: 'Outdoor', brands: ['Fjellgear', 'Trailhead'], nouns: ['Tent 2P', 'Sleeping Bag', 'Camping Stove', 'Headlamp', 'Backpack 40L'], price: [19, 399], warrantyMonths: 24, color: '#087f5b' },
  { name: 'Toys', brands: ['Blokk', 'Tiny Makers'], nouns: ['Building Set', 'Puzzle 1000', 'Wooden Train', 'Board Game'], price: [12, 119], warrantyMonths: 6, color: '#f76707' },
  { name: 'Home Textiles', brands: ['Nordlys', 'Linnea'], nouns: ['Throw Blanket', 'Cushion Cover', 'Bath Towel Set', 'Bed Linen'], price: [14, 149], warrantyMonths: 0, color: '#868e96' },
];

const adjectives = ['Classic', 'Pro', 'Mini', 'Max', 'Eco', 'Nordic', 'Urban', 'Vintage', 'Smart', 'Premium', 'Essential', 'Limited'];
export const demoRegions = ['DE', 'FR', 'NL', 'AT', 'PL'] as const;

/** At least 300 products: every category, brand and noun, in a few variants. */
export function generateDemoProducts(shopId: string, rnd: Random, now: Date): NewProduct[] {
  const products: NewProduct[] = [];
  const names = new Set<string>();
  for (const c of demoCategories) {
    const perCategory = Math.ceil(312 / demoCategories.length);
    for (let i = 0; i < perCategory; i++) {
      const id = `p-${String(products.length + 1).padStart(4, '0')}`;
      const brand = c.brands[i % c.brands.length]!;
      const noun = c.nouns[i % c.nouns.length]!;
      // No two products share a name: a slot showing both would show two cards that look the same at
      // different prices. A drawn adjective already used with this brand and noun gives way to the next.
      let name = c.name === 'Books' ? `${noun}${i >= c.nouns.length ? ` (Vol. ${Math.floor(i / c.nouns.length) + 1})` : ''}` : '';
      if (!name) {
        let a = adjectives.indexOf(rnd.pick(adjectives));
        while (names.has(`${brand} ${adjectives[a]} ${noun}`)) a = (a + 1) % adjectives.length;
        name = `${brand} ${adjectives[a]} ${noun}`;
      }
      names.add(name);
      const price = Math.round((c.price[0] + rnd.next() ** 2 * (c.price[1] - c.price[0])) * 100) / 100 - 0.01;
      // Most products sell everywhere; some only in a few regions.
      const regions = rnd.chance(0.2) ? demoRegions.filter(() => rnd.chance(0.5)) : [];
      const ageDays = rnd.chance(0.1) ? rnd.int(0, 14) : rnd.int(30, 720);
      products.push({
        shop_id: shopId,
        id,
        name,
        description: `${name} by ${brand}.`,
        category: c.name,
        brand,
        price: Math.max(price, 1.99),
        currency: 'EUR',
        url: `/product.html?id=${id}`,
        image_url: `/demo/img/${id}.svg`,
        regions,
        in_stock: !rnd.chance(0.04),
        warranty_months: c.warrantyMonths,
        consumable: c.repurchaseDays !== undefined,
        repurchase_days: c.repurchaseDays ?? null,
        tags: c.warrantyMonths === 0 && !c.repurchaseDays ? ['giftable'] : [],
        created_at: new Date(now.getTime() - ageDays * 86_400_000),
      });
    }
  }
  return products;
}

/** Cities with coordinates: where demo shoppers live and service points stand. */
export const demoCities = [
  { city: 'Berlin', region: 'DE', postal: '10115', lat: 52.532, lon: 13.384 },
  { city: 'Munich', region: 'DE', postal: '80331', lat: 48.137, lon: 11.575 },
  { city: 'Hamburg', region: 'DE', postal: '20095', lat: 53.551, lon: 10.0 },
  { city: 'Cologne', region: 'DE', postal: '50667', lat: 50.938, lon: 6.96 },
  { city: 'Paris', region: 'FR', postal: '75001', lat: 48.86, lon: 2.341 },
  { city: 'Lyon', region: 'FR', postal: '69001', lat: 45.767, lon: 4.834 },
  { city: 'Amsterdam', region: 'NL', postal: '1012', lat: 52.373, lon: 4.893 },
  { city: 'Rotterdam', region: 'NL', postal: '3011', lat: 51.922, lon: 4.479 },
  { city: 'Vienna', region: 'AT', postal: '1010', lat: 48.208, lon: 16.373 },
  { city: 'Warsaw', region: 'PL', postal: '00-001', lat: 52.23, lon: 21.011 },
  { city: 'Krakow', region: 'PL', postal: '30-001', lat: 50.064, lon: 19.945 },
] as const;

/** Warranty service points for the durable categories, spread over the demo cities. */
export function generateDemoServicePoints(shopId: string): NewServicePoint[] {
  const durable = demoCategories.filter((c) => c.warrantyMonths > 0).map((c) => c.name);
  return demoCities.flatMap((c, i) => [
    {
      shop_id: shopId,
      id: `sp-${i + 1}-a`,
      name: `${c.city} Electronics Service`,
      address: `${10 + i} Market Street`,
      city: c.city,
      postal_code: c.postal,
      lat: c.lat + 0.01,
      lon: c.lon + 0.01,
      hours: 'Mon-Fri 9:00-18:00, Sat 10:00-14:00',
      email: `service-${i + 1}a@points.vitrina.test`,
      categories: ['Headphones', 'Speakers', 'Kitchen Appliances'],
      brands: [],
    },
    {
      shop_id: shopId,
      id: `sp-${i + 1}-b`,
      name: `${c.city} Repair Hub`,
      address: `${30 + i} Station Road`,
      city: c.city,
      postal_code: c.postal,
      lat: c.lat - 0.02,
      lon: c.lon - 0.015,
      hours: 'Mon-Sat 8:00-20:00',
      email: `service-${i + 1}b@points.vitrina.test`,
      categories: durable,
      brands: [],
    },
  ]);
}
