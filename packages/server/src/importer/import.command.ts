import { existsSync } from 'node:fs';
import type { Db } from '../db/database.js';
import { findShopById } from '../shops/shops.service.js';
import { importOrdersCsv, type ImportOrdersSummary, type SkipReason } from './import-orders.js';
import { importProductsCsv } from './import-products.js';

/**
 * `vitrina import orders|products`: imports each file in turn, prints a JSON
 * line per file on stdout and a readable total on stderr.
 * @example await runImport(db, 'orders', 'shop_1', ['online_retail_2010-12.csv'], { skipGuests: false }) // => 0
 */
export async function runImport(db: Db, what: 'orders' | 'products', shopId: string, files: string[], opts: { skipGuests: boolean }): Promise<number> {
  if (!(await findShopById(db, shopId))) {
    process.stderr.write(`vitrina: no shop with id ${shopId} (create one with: vitrina shops create --name NAME)\n`);
    return 2;
  }
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) {
    process.stderr.write(`vitrina: no such file: ${missing.join(', ')}\n`);
    return 2;
  }
  const started = Date.now();
  if (what === 'products') {
    for (const f of files) process.stdout.write(JSON.stringify(await importProductsCsv(db, shopId, f)) + '\n');
    return 0;
  }
  const summaries: ImportOrdersSummary[] = [];
  for (const f of files) {
    const s = await importOrdersCsv(db, shopId, f, { guests: opts.skipGuests ? 'skip' : 'import' });
    summaries.push(s);
    process.stdout.write(JSON.stringify(s) + '\n');
  }
  const sum = (get: (s: ImportOrdersSummary) => number) => summaries.reduce((n, s) => n + get(s), 0);
  const reasons = Object.keys(summaries[0]!.skipped) as SkipReason[];
  process.stderr.write(
    [
      `imported ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  lines read        ${sum((s) => s.lines)}`,
      `  lines imported    ${sum((s) => s.importedLines)}`,
      `  orders new        ${sum((s) => s.orders.new)} (guest ${sum((s) => s.guestOrders)} with ${sum((s) => s.guestLines)} lines), already there ${sum((s) => s.orders.existing)}`,
      `  customers new     ${sum((s) => s.customers)}`,
      `  orders in profiles ${sum((s) => s.profileOrders)}`,
      ...reasons.map((r) => `  skipped ${r.padEnd(22)} ${sum((s) => s.skipped[r])}`),
      '',
    ].join('\n'),
  );
  return 0;
}
