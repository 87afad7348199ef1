import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Db } from '../db/database.js';
import { findShopById } from '../shops/index.js';
import { importOrdersCsv, type ImportOrdersSummary, type SkipReason } from './import-orders.js';
import { importProductsCsv } from './import-products.js';
import { importProgressPrinter } from './import-progress.js';
import { ImportFileError } from './csv.js';
import type { DateFormat } from './dates.js';

/**
 * `vitrina import orders|products`: imports each file in turn, prints a JSON
 * line per file on stdout and a readable total on stderr.
 * @example await runImport(db, 'orders', 'shop_1', ['online_retail_2010-12.csv'], { skipGuests: false }) // => 0
 */
export interface ImportCommandOptions {
  skipGuests: boolean;
  /** The share of a file's lines that may be rejected as malformed before the command fails (default 0.01). */
  maxRejected?: number;
  dateFormat?: DateFormat;
  timeZone?: string;
}

/**
 * Exit codes: 0 imported; 1 a file had more malformed lines than `maxRejected`
 * allows, or nothing in it could be imported; 2 a file cannot be read as a
 * whole (wrong columns, dates that could be read two ways) or the shop or a
 * file does not exist.
 */
export async function runImport(db: Db, what: 'orders' | 'products', shopId: string, files: string[], opts: ImportCommandOptions): Promise<number> {
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
  const maxRejected = opts.maxRejected ?? 0.01;
  let failed = false;
  const judge = (file: string, lines: number, malformed: number, imported: number) => {
    if (imported === 0) {
      process.stderr.write(`vitrina: ${file}: nothing could be imported (${lines} lines read, ${malformed} malformed)\n`);
      failed = true;
    } else if (malformed > maxRejected * lines) {
      process.stderr.write(`vitrina: ${file}: ${malformed} of ${lines} lines malformed, more than --max-rejected ${maxRejected} allows\n`);
      failed = true;
    }
  };
  try {
    if (what === 'products') {
      for (const f of files) {
        const s = await importProductsCsv(db, shopId, f);
        process.stdout.write(JSON.stringify(s) + '\n');
        judge(f, s.lines, s.skipped.malformed, s.products);
      }
      return failed ? 1 : 0;
    }
    const summaries: ImportOrdersSummary[] = [];
    for (const f of files) {
      const progress = importProgressPrinter(basename(f));
      const s = await importOrdersCsv(db, shopId, f, { guests: opts.skipGuests ? 'skip' : 'import', dateFormat: opts.dateFormat, timeZone: opts.timeZone, onProgress: progress.report }).finally(() =>
        progress.done(),
      );
      summaries.push(s);
      const { rejectedLines, ...shown } = s;
      process.stdout.write(JSON.stringify({ ...shown, rejected: rejectedLines.length }) + '\n');
      for (const r of rejectedLines.slice(0, 20)) process.stderr.write(`  rejected ${s.file} ${r}\n`);
      if (rejectedLines.length > 20) process.stderr.write(`  ... and ${s.skipped.malformed - 20} more rejected lines\n`);
      judge(f, s.lines, s.skipped.malformed, s.importedLines + s.orders.existing);
    }
    printTotals(summaries, started);
    return failed ? 1 : 0;
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    process.stderr.write(`vitrina: ${err.message}\n`);
    return 2;
  }
}

function printTotals(summaries: ImportOrdersSummary[], started: number): void {
  const files = summaries;
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
}
