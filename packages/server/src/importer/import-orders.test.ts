import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { listOrderLines, listOrderStatusEntries } from '../orders/order-lookup.service.js';
import { changeOrderStatus } from '../orders/order-status.service.js';
import { orderFromEvent, recordOrders } from '../orders/orders.service.js';
import { createShop, findShopById } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { importOrdersCsv } from './import-orders.js';
import { importProductsCsv } from './import-products.js';
import { computeWarranty } from '../service-center/warranty.js';

let t: DatabaseHandle;
let shopId: string;
const dir = mkdtempSync(join(tmpdir(), 'vitrina-import-'));

// Lines in the online-retail layout, with each kind of untidiness the real export has.
const header = '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"';
const csv = [
  header,
  '"536365","85123A","WHITE HANGING HEART T-LIGHT HOLDER",6,"2010-12-01 08:26:00",2.55,"17850","United Kingdom"',
  '"536365","71053","WHITE METAL LANTERN",6,"2010-12-01 08:26:00",3.39,"17850","United Kingdom"',
  '"536365","POST","POSTAGE",1,"2010-12-01 08:26:00",18,"17850","United Kingdom"',
  '"536366","22633","HAND WARMER UNION JACK",6,"2010-12-01 08:28:00",1.85,"17850","United Kingdom"',
  '"536367","84879","ASSORTED COLOUR BIRD ORNAMENT",32,"2010-12-01 08:34:00",1.69,"13047","EIRE"',
  '"C536379","D","Discount",-1,"2010-12-01 09:41:00",27.5,"14527","United Kingdom"',
  '"536414","22139","",56,"2010-12-01 11:52:00",0,,"United Kingdom"',
  '"536544","21773","DECORATIVE ROSE BATHROOM BOTTLE, PINK",1,"2010-12-01 14:32:00",2.51,,"United Kingdom"',
  '"536589","21777","",-10,"2010-12-01 16:50:00",0,,"United Kingdom"',
  '"536590","gift_0001_20","Dotcomgiftshop Gift Voucher £20.00",1,"2010-12-01 16:52:00",17.02,,"United Kingdom"',
  '"536591","broken line',
].join('\n');

beforeAll(async () => {
  t = await openTestDatabase();
  shopId = (await createShop(t.db, { name: 'Retail' })).shop_id;
  writeFileSync(join(dir, 'orders.csv'), csv + '\n');
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importOrdersCsv', () => {
  it('imports invoices as orders with their lines and counts every skipped line by reason', async () => {
    const s = await importOrdersCsv(t.db, shopId, join(dir, 'orders.csv'));
    expect(s.lines).toBe(11);
    expect(s.orders).toEqual({ new: 4, existing: 0 });
    expect(s.guestOrders).toBe(1);
    expect(s.importedLines).toBe(5);
    expect(s.skipped).toEqual({ cancellation: 1, non_product: 2, no_customer: 0, non_positive_quantity: 1, zero_price: 1, malformed: 1 });
    const items = await t.db.selectFrom('order_items').selectAll().where('shop_id', '=', shopId).where('order_id', '=', '536365').orderBy('line_no').execute();
    expect(items.map((i) => [i.product_id, i.quantity, i.unit_price])).toEqual([
      ['85123A', 6, 2.55],
      ['71053', 6, 3.39],
    ]);
    const order = await t.db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', '536365').executeTakeFirstOrThrow();
    expect(order).toMatchObject({ customer_id: '17850', total: 35.64, currency: 'GBP' });
  });

  it('puts the products of imported lines into the catalog', async () => {
    const p = await t.db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('id', '=', '21773').executeTakeFirstOrThrow();
    expect(p).toMatchObject({ name: 'DECORATIVE ROSE BATHROOM BOTTLE, PINK', price: 2.51 });
    const post = await t.db.selectFrom('products').select('id').where('shop_id', '=', shopId).where('id', '=', 'POST').executeTakeFirst();
    expect(post).toBeUndefined();
  });

  it('gives each customer a profile with their orders, revenue and region', async () => {
    const p = await t.db.selectFrom('profiles').selectAll().where('shop_id', '=', shopId).where('id', '=', '17850').executeTakeFirstOrThrow();
    expect(p).toMatchObject({ customer_id: '17850', orders: 2, revenue: 46.74, region: 'GB' });
    const irish = await t.db.selectFrom('profiles').select('region').where('shop_id', '=', shopId).where('id', '=', '13047').executeTakeFirstOrThrow();
    expect(irish.region).toBe('IE');
  });

  it('stores nothing twice when the same file is imported again', async () => {
    const s = await importOrdersCsv(t.db, shopId, join(dir, 'orders.csv'));
    expect(s.orders).toEqual({ new: 0, existing: 4 });
    expect(s.profileOrders).toBe(0);
    const n = await t.db.selectFrom('order_items').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(5);
    const p = await t.db.selectFrom('profiles').select(['orders', 'revenue']).where('shop_id', '=', shopId).where('id', '=', '17850').executeTakeFirstOrThrow();
    expect(p).toEqual({ orders: 2, revenue: 46.74 });
  });

  it('replaces an order first stored from an Order Completed event: only the invoice, its lines and no event-era timeline remain', async () => {
    const shop = (await findShopById(t.db, (await createShop(t.db, { name: 'Retail 3' })).shop_id))!;
    // The event path (as ingest stores it): anyone with the write key can claim an order number first.
    const fromEvent = orderFromEvent({
      shopId: shop.id,
      properties: { order_id: '536365', email: 'mallory@example.com', total: 5, products: [{ product_id: 'FAKE-1', price: 5, quantity: 1, serial_numbers: ['SN-FAKE'] }, { product_id: 'FAKE-2', price: 0 }] },
      customerId: 'c-mallory',
      anonymousId: 'anon-mallory',
      timestamp: new Date('2010-12-01T08:00:00Z'),
    })!;
    await t.db.transaction().execute((tx) => recordOrders(tx, [fromEvent]));
    // Staff moved the event version along before the shop's export arrived.
    await changeOrderStatus(t.db, shop, '536365', { status: 'shipped', carrier: 'DHL', notify: false });

    const s = await importOrdersCsv(t.db, shop.id, join(dir, 'orders.csv'));
    expect(s.orders).toEqual({ new: 4, existing: 0 });
    const order = await t.db.selectFrom('orders').selectAll().where('shop_id', '=', shop.id).where('id', '=', '536365').executeTakeFirstOrThrow();
    expect(order).toMatchObject({ source: 'import', customer_id: '17850', email: null, status: 'delivered', total: 35.64 });
    const lines = await listOrderLines(t.db, shop.id, ['536365']);
    expect(lines.map((l) => [l.lineNo, l.productId, l.quantity, l.serialNumbers])).toEqual([
      [1, '85123A', 6, []],
      [2, '71053', 6, []],
    ]);
    // The import carries no status history; the event version's entry is gone.
    expect(await listOrderStatusEntries(t.db, shop.id, ['536365'])).toEqual([]);
    // Counted once, for the invoice's customer; the event's sender was never counted.
    const counted = await t.db.selectFrom('profile_orders').select(['order_id', 'profile_id', 'total']).where('shop_id', '=', shop.id).where('order_id', '=', '536365').execute();
    expect(counted).toEqual([{ order_id: '536365', profile_id: '17850', total: 35.64 }]);
  });

  it('skips lines without a customer when asked to', async () => {
    const other = (await createShop(t.db, { name: 'Retail 2' })).shop_id;
    const s = await importOrdersCsv(t.db, other, join(dir, 'orders.csv'), { guests: 'skip' });
    expect(s.skipped.no_customer).toBe(1);
    expect(s.guestOrders).toBe(0);
  });
});

describe('importOrdersCsv in lanes', () => {
  it('stores the same orders, lines, profiles and purchase rows in three lanes as in one', async () => {
    // 600 invoices of 70 customers and some guests, in transactions of 40 invoices.
    const rows = [header];
    for (let n = 0; n < 600; n++) {
      const customer = n % 9 === 0 ? '' : String(20000 + ((n * 11) % 70));
      const day = String(1 + (n % 28)).padStart(2, '0');
      for (let l = 0; l < 1 + (n % 4); l++) rows.push(`"${800000 + n}","P${(n * 13 + l * 5) % 90}","PRODUCT ${(n * 13 + l * 5) % 90}",${1 + l},"2011-02-${day} 10:${String(l).padStart(2, '0')}:00",${(1 + ((n + l) % 17) / 4).toFixed(2)},"${customer}","France"`);
    }
    writeFileSync(join(dir, 'lanes.csv'), rows.join('\n') + '\n');
    const shops = [(await createShop(t.db, { name: 'One lane' })).shop_id, (await createShop(t.db, { name: 'Three lanes' })).shop_id];
    const summaries = [
      await importOrdersCsv(t.db, shops[0]!, join(dir, 'lanes.csv'), { chunk: 40, lanes: 1 }),
      await importOrdersCsv(t.db, shops[1]!, join(dir, 'lanes.csv'), { chunk: 40, lanes: 3 }),
    ];
    expect(summaries[1]).toEqual(summaries[0]);
    expect(summaries[0]!.orders.new).toBe(600);
    const stored = async (shop: string) => ({
      orders: await t.db.selectFrom('orders').select(['id', 'customer_id', 'total']).where('shop_id', '=', shop).orderBy('id').execute(),
      lines: await t.db.selectFrom('order_items').select(['order_id', 'line_no', 'product_id', 'quantity']).where('shop_id', '=', shop).orderBy('order_id').orderBy('line_no').execute(),
      profiles: await t.db.selectFrom('profiles').select(['id', 'orders', 'revenue', 'first_order_at', 'last_order_at']).where('shop_id', '=', shop).orderBy('id').execute(),
      purchases: await t.db.selectFrom('buyer_purchases').select(['kind', 'value', 'lines']).where('shop_id', '=', shop).orderBy('kind').orderBy('value').execute(),
    });
    const [one, three] = [await stored(shops[0]!), await stored(shops[1]!)];
    expect(one.profiles).toHaveLength(70);
    expect(three).toEqual(one);
    // Running the file again stores nothing twice.
    const again = await importOrdersCsv(t.db, shops[1]!, join(dir, 'lanes.csv'), { chunk: 40, lanes: 3 });
    expect(again.orders).toEqual({ new: 0, existing: 600 });
    expect(await stored(shops[1]!)).toEqual(one);
  });
});

describe('importProductsCsv', () => {
  it('upserts a catalog file by product id', async () => {
    writeFileSync(join(dir, 'catalog.csv'), 'id,name,price,category,brand,regions\nlamp-1,"Desk lamp, brass",49.9,Lighting,Lumen,DE;AT\n,no id,1,,,\n');
    const s = await importProductsCsv(t.db, shopId, join(dir, 'catalog.csv'));
    expect(s).toMatchObject({ lines: 2, products: 1, skipped: { malformed: 1 } });
    const p = await t.db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('id', '=', 'lamp-1').executeTakeFirstOrThrow();
    expect(p).toMatchObject({ name: 'Desk lamp, brass', price: 49.9, category: 'Lighting', regions: ['DE', 'AT'] });
  });

  it('updates every supplied column of a product on a second import, and moves its updated_at', async () => {
    const before = await t.db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('id', '=', 'lamp-1').executeTakeFirstOrThrow();
    writeFileSync(
      join(dir, 'catalog-2.csv'),
      'id,name,price,category,brand,regions,warranty_months,consumable,repurchase_days,description\nlamp-1,Desk lamp,59,Desk lighting,Lumen Pro,DE,36,yes,90,Brass and glass\n',
    );
    expect(await importProductsCsv(t.db, shopId, join(dir, 'catalog-2.csv'))).toMatchObject({ products: 1 });
    const p = await t.db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('id', '=', 'lamp-1').executeTakeFirstOrThrow();
    expect(p).toMatchObject({
      name: 'Desk lamp',
      price: 59,
      category: 'Desk lighting',
      brand: 'Lumen Pro',
      regions: ['DE'],
      warranty_months: 36,
      consumable: true,
      repurchase_days: 90,
      description: 'Brass and glass',
    });
    expect(p.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
  });

  it('keeps the columns a re-import does not supply', async () => {
    writeFileSync(join(dir, 'orders-2.csv'), header + '\n"536999","lamp-1","DESK LAMP",1,"2010-12-02 08:26:00",61,"17850","United Kingdom"\n');
    await importProductsCsv(t.db, shopId, join(dir, 'orders-2.csv'), { currency: 'EUR' });
    const p = await t.db.selectFrom('products').selectAll().where('shop_id', '=', shopId).where('id', '=', 'lamp-1').executeTakeFirstOrThrow();
    expect(p).toMatchObject({ name: 'DESK LAMP', price: 61, category: 'Desk lighting', brand: 'Lumen Pro', warranty_months: 36, regions: ['DE'] });
  });

  it('marks imported orders delivered at the invoice time, so their products carry an active warranty', async () => {
    const at = new Date(Date.now() - 30 * 86_400_000);
    const stamp = at.toISOString().slice(0, 19).replace('T', ' ');
    writeFileSync(join(dir, 'orders-3.csv'), `${header}\n"600001","lamp-1","DESK LAMP",1,"${stamp}",61,"17850","Germany"\n`);
    await importOrdersCsv(t.db, shopId, join(dir, 'orders-3.csv'), { currency: 'EUR' });
    const o = await t.db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', '600001').executeTakeFirstOrThrow();
    expect(o).toMatchObject({ status: 'delivered', source: 'import' });
    expect(o.delivered_at?.getTime()).toBe(o.placed_at.getTime());
    const w = computeWarranty({ months: 36, status: o.status, placedAt: o.placed_at, deliveredAt: o.delivered_at }, 'delivery');
    expect(w).toMatchObject({ state: 'active', months: 36 });
  });

describe('importOrdersCsv on files as spreadsheets write them', () => {
  const write = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\n') + '\n');
    return path;
  };
  const head = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

  it('reads day-first dates as the UCI export writes them, told apart by the lines that can only be day first', async () => {
    const path = write('dmy.csv', [head, '700001,85123A,HOLDER,6,01/12/2010 08:26,2.55,17850,United Kingdom', '700002,71053,LANTERN,6,13/12/2010 09:00,3.39,17850,United Kingdom']);
    const s = await importOrdersCsv(t.db, shopId, path);
    expect(s.skipped.malformed).toBe(0);
    expect(s.orders.new).toBe(2);
    const [order] = await t.db.selectFrom('orders').select('placed_at').where('shop_id', '=', shopId).where('id', '=', '700001').execute();
    expect(order!.placed_at.toISOString()).toBe('2010-12-01T08:26:00.000Z');
  });

  it('reads local times in the time zone given', async () => {
    const path = write('tz.csv', [head, '700003,85123A,HOLDER,6,2010-07-01 08:26,2.55,17850,United Kingdom']);
    await importOrdersCsv(t.db, shopId, path, { timeZone: 'Europe/London' });
    const [order] = await t.db.selectFrom('orders').select('placed_at').where('shop_id', '=', shopId).where('id', '=', '700003').execute();
    expect(order!.placed_at.toISOString()).toBe('2010-07-01T07:26:00.000Z');
  });

  it('refuses dates that could be read two ways unless told, and imports nothing', async () => {
    const path = write('ambiguous.csv', [head, '700004,85123A,HOLDER,6,01/02/2010 08:26,2.55,17850,United Kingdom']);
    await expect(importOrdersCsv(t.db, shopId, path)).rejects.toThrow(/--date-format/);
    const s = await importOrdersCsv(t.db, shopId, path, { dateFormat: 'MDY' });
    expect(s.orders.new).toBe(1);
  });

  it('names the required and the missing columns of a file with the wrong header', async () => {
    const path = write('wrong.csv', ['order,sku,qty', '1,2,3']);
    await expect(importOrdersCsv(t.db, shopId, path)).rejects.toThrow(/needs the columns InvoiceNo or Invoice, StockCode, Quantity, InvoiceDate, UnitPrice or Price.*missing: InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice\. Its header: order, sku, qty/);
  });

  it('gives every malformed line its reason', async () => {
    const path = write('bad-lines.csv', [head, '700005,85123A,HOLDER,six,2010-12-01 08:26,2.55,17850,UK', '700006,85123A,HOLDER,6,2010-02-31 08:26,2.55,17850,UK', '700007,85123A,HOLDER,6', '700008,85123A,HOLDER,6,2010-12-01 08:26,2.55,17850,UK']);
    const s = await importOrdersCsv(t.db, shopId, path);
    expect(s.rejectedLines).toEqual(['line 2: Quantity "six" is not a number', 'line 4: has 4 fields where the header has 8', 'line 3: InvoiceDate "2010-02-31 08:26" is not a date (YYYY-MM-DD [HH:mm[:ss]])']);
    expect(s.orders.new).toBe(1);
  });
});

describe('importProductsCsv', () => {
  it('refuses a file that is not a catalog, naming the columns it needs', async () => {
    const path = join(dir, 'not-csv.csv');
    writeFileSync(path, '\u0089PNG\r\n\u001a\n binary junk\n');
    await expect(importProductsCsv(t.db, shopId, path)).rejects.toThrow(/needs the columns id, name, price/);
  });
});
});
