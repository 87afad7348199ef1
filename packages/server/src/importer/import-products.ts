import { basename } from 'node:path';
import { type NewProduct, upsertProducts } from '../catalog/index.js';
import type { Db } from '../db/database.js';
import { readCsvHeader, readCsvRows, requireColumns } from './csv.js';
import { isNonProductCode } from './import-orders.js';

export interface ImportProductsSummary {
  file: string;
  lines: number;
  products: number;
  skipped: { malformed: number; non_product: number };
}

const list = (v: string | undefined) => (v ? v.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : undefined);

/**
 * Imports a catalog from CSV and upserts it by product id. Two layouts:
 * a catalog (`id,name,price[,category,brand,currency,url,image_url,regions,
 * warranty_months,consumable,repurchase_days,description]`, lists separated by
 * `;`), or an order export with StockCode/Description/UnitPrice, whose latest
 * description and price per code win.
 * @example await importProductsCsv(db, 'shop_1', 'catalog.csv') // => { lines: 312, products: 312, skipped: { malformed: 0, non_product: 0 } }
 */
export async function importProductsCsv(db: Db, shopId: string, filePath: string, opts: { currency?: string } = {}): Promise<ImportProductsSummary> {
  const summary: ImportProductsSummary = { file: basename(filePath), lines: 0, products: 0, skipped: { malformed: 0, non_product: 0 } };
  const header = await readCsvHeader(filePath);
  // Either a catalog (id, name, price, ...) or an order export (StockCode, Description, UnitPrice).
  if (!header?.includes('StockCode')) requireColumns(basename(filePath), header, [['id'], ['name'], ['price']], ['currency', 'category', 'brand', 'description', 'url', 'image_url', 'regions', 'warranty_months', 'consumable', 'repurchase_days']);
  else requireColumns(basename(filePath), header, [['StockCode'], ['UnitPrice', 'Price']], ['Description']);
  const products = new Map<string, NewProduct>();
  for await (const { row } of readCsvRows(filePath)) {
    summary.lines++;
    if ('StockCode' in row) {
      const code = row.StockCode!.trim();
      const price = Number(row.UnitPrice ?? row.Price);
      if (!code || !Number.isFinite(price)) {
        summary.skipped.malformed++;
        continue;
      }
      if (isNonProductCode(code)) {
        summary.skipped.non_product++;
        continue;
      }
      if (price <= 0) continue;
      products.set(code, { shop_id: shopId, id: code, name: row.Description?.trim() || code, price, currency: opts.currency ?? 'GBP' });
      continue;
    }
    const id = row.id?.trim();
    const price = Number(row.price);
    if (!id || !row.name?.trim() || !Number.isFinite(price) || price < 0) {
      summary.skipped.malformed++;
      continue;
    }
    const p: NewProduct = { shop_id: shopId, id, name: row.name.trim(), price, currency: row.currency?.trim() || opts.currency || 'EUR' };
    if (row.category) p.category = row.category.trim();
    if (row.brand) p.brand = row.brand.trim();
    if (row.description) p.description = row.description.trim();
    if (row.url) p.url = row.url.trim();
    if (row.image_url) p.image_url = row.image_url.trim();
    const regions = list(row.regions);
    if (regions) p.regions = regions.map((r) => r.toUpperCase());
    if (row.warranty_months) p.warranty_months = Number(row.warranty_months) || 0;
    if (row.consumable) p.consumable = /^(1|true|yes)$/i.test(row.consumable.trim());
    if (row.repurchase_days) p.repurchase_days = Number(row.repurchase_days) || null;
    products.set(id, p);
  }
  const all = [...products.values()];
  for (let i = 0; i < all.length; i += 2000) {
    summary.products += await db.transaction().execute((tx) => upsertProducts(tx, all.slice(i, i + 2000)));
  }
  return summary;
}
