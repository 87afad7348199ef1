import { basename } from 'node:path';
import type { Db } from '../db/database.js';
import { detectDateFormat, parseImportDate, type DateFormat } from './dates.js';
import { countryCode } from './countries.js';
import { ImportFileError, readCsvHeader, readCsvRows, requireColumns } from './csv.js';
import { storeInvoices } from './store-invoices.js';

/** Why a line of an order export was not imported. */
export type SkipReason = 'cancellation' | 'non_product' | 'no_customer' | 'non_positive_quantity' | 'zero_price' | 'malformed';

export interface ImportOrdersSummary {
  file: string;
  lines: number;
  importedLines: number;
  /** Orders stored by this run, and orders that were already there (a re-run). */
  orders: { new: number; existing: number };
  /** Of the new orders, those without a customer id (guest checkouts), and their lines. */
  guestOrders: number;
  /** Orders of erased customers, stored anonymized (privacy/suppression.service.ts). */
  suppressedOrders: number;
  guestLines: number;
  /** Customer records created by this run. */
  customers: number;
  /** Distinct products of the imported lines, upserted into the catalog. */
  products: number;
  /** Orders counted in customer profiles by this run. */
  profileOrders: number;
  skipped: Record<SkipReason, number>;
  /** A few skipped lines per reason, for the report. */
  examples: Partial<Record<SkipReason, string[]>>;
  /** Every malformed line with its reason (the first 10,000). */
  rejectedLines: string[];
}

const MAX_REJECTS_KEPT = 10_000;

/** The columns of an order export, by their accepted names. */
export const orderColumns = {
  required: [['InvoiceNo', 'Invoice'], ['StockCode'], ['Quantity'], ['InvoiceDate'], ['UnitPrice', 'Price']],
  optional: ['Description', 'CustomerID', 'Country'],
};

function dateFormatOf(file: string, dates: string[]): DateFormat {
  const found = detectDateFormat(dates);
  if (found === 'ambiguous') {
    throw new ImportFileError('ambiguous_dates', `${file}: dates such as ${dates.find((d) => d.includes('/') || d.includes('.')) ?? dates[0]} could be day first or month first, and no line tells; pass --date-format DD/MM/YYYY or MM/DD/YYYY.`);
  }
  if (found === 'mixed') throw new ImportFileError('mixed_dates', `${file}: some dates are day first and others month first; fix the file or pass --date-format.`);
  return found;
}

function describeFormat(f: DateFormat): string {
  return f === 'DMY' ? 'DD/MM/YYYY [HH:mm]' : f === 'MDY' ? 'MM/DD/YYYY [HH:mm]' : 'YYYY-MM-DD [HH:mm[:ss]]';
}

export type ImportProgress = { phase: 'reading'; lines: number } | { phase: 'storing'; invoices: number; of: number };

export interface ImportOrdersOptions {
  /** Import lines without a customer id as guest orders (default) or skip them. */
  guests?: 'import' | 'skip';
  /** Default currency of prices (the export has none): GBP for the online-retail data. */
  currency?: string;
  /** Invoices per transaction. */
  chunk?: number;
  /** Transactions at once (each on its own customers); 1 for one at a time. */
  lanes?: number;
  /** Told how far the import is: lines read, then invoices stored of all. */
  onProgress?: (p: ImportProgress) => void;
  /** How slash dates are written; detected from the file when not given. */
  dateFormat?: DateFormat;
  /** The IANA time zone of dates without an offset (default UTC). */
  timeZone?: string;
}

// StockCodes of the online-retail export that are not goods: postage, fees,
// discounts, manual adjustments, samples, gift vouchers.
const nonProductCodes = new Set(['POST', 'DOT', 'M', 'C2', 'S', 'D', 'AMAZONFEE', 'BANK CHARGES', 'B', 'PADS', 'CRUK']);
export const isNonProductCode = (code: string) => nonProductCodes.has(code.toUpperCase()) || /^gift_/i.test(code);

export interface Line {
  invoice: string;
  code: string;
  description: string;
  quantity: number;
  at: Date;
  price: number;
  customerId: string | null;
  region: string | null;
}

const pick = (row: Record<string, string>, ...names: string[]) => {
  for (const n of names) if (row[n] !== undefined) return row[n]!.trim();
  return '';
};

/**
 * Imports a shop's order history from a CSV export (the online-retail
 * columns: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
 * CustomerID, Country). Each invoice becomes an order with its lines; its
 * products are upserted into the catalog; its customer gets a profile with
 * the order counted. Cancellations ("C" invoices), non-product codes, lines
 * with a non-positive quantity or a zero price are skipped and counted.
 * Re-running the same file stores nothing twice.
 * @example await importOrdersCsv(db, 'shop_1', 'online_retail_2010-12.csv')
 * // => { lines: 42481, importedLines: 41236, orders: { new: 1629, existing: 0 }, skipped: { cancellation: 1008, ... }, ... }
 */
export async function importOrdersCsv(db: Db, shopId: string, filePath: string, opts: ImportOrdersOptions = {}): Promise<ImportOrdersSummary> {
  const currency = opts.currency ?? 'GBP';
  const summary: ImportOrdersSummary = {
    file: basename(filePath),
    lines: 0,
    importedLines: 0,
    orders: { new: 0, existing: 0 },
    guestOrders: 0,
    suppressedOrders: 0,
    guestLines: 0,
    customers: 0,
    products: 0,
    profileOrders: 0,
    skipped: { cancellation: 0, non_product: 0, no_customer: 0, non_positive_quantity: 0, zero_price: 0, malformed: 0 },
    examples: {},
    rejectedLines: [],
  };
  const skip = (reason: SkipReason, line: number, what: string) => {
    summary.skipped[reason]++;
    const ex = (summary.examples[reason] ??= []);
    if (ex.length < 3) ex.push(`line ${line}: ${what}`);
  };
  // A malformed line is rejected with its reason; the shop's own skips (cancellations, fees) are not rejections.
  const reject = (line: number, why: string) => {
    skip('malformed', line, why);
    if (summary.rejectedLines.length < MAX_REJECTS_KEPT) summary.rejectedLines.push(`line ${line}: ${why}`);
  };

  requireColumns(basename(filePath), await readCsvHeader(filePath), orderColumns.required, orderColumns.optional);
  // Dates are read once the whole file is seen: whether 01/12/2010 is the first of December depends on the other lines.
  const pending: (Omit<Line, 'at'> & { line: number; rawDate: string })[] = [];
  for await (const { line, row, columns } of readCsvRows(filePath)) {
    if (++summary.lines % 10_000 === 0) opts.onProgress?.({ phase: 'reading', lines: summary.lines });
    const invoice = pick(row, 'InvoiceNo', 'Invoice');
    const code = pick(row, 'StockCode');
    const rawQuantity = pick(row, 'Quantity');
    const rawPrice = pick(row, 'UnitPrice', 'Price');
    const quantity = Number(rawQuantity);
    const price = Number(rawPrice);
    const problem =
      columns < 0
        ? `has ${-columns} fields where the header has ${Object.keys(row).length}`
        : !invoice
          ? 'no InvoiceNo'
          : !code
            ? 'no StockCode'
            : !rawQuantity || !Number.isFinite(quantity)
              ? `Quantity ${JSON.stringify(rawQuantity)} is not a number`
              : !rawPrice || !Number.isFinite(price)
                ? `UnitPrice ${JSON.stringify(rawPrice)} is not a number`
                : !pick(row, 'InvoiceDate')
                  ? 'no InvoiceDate'
                  : undefined;
    if (problem) {
      reject(line, problem);
      continue;
    }
    if (/^c/i.test(invoice)) {
      skip('cancellation', line, `${invoice} ${code} x${quantity}`);
      continue;
    }
    if (isNonProductCode(code)) {
      skip('non_product', line, `${invoice} ${code}`);
      continue;
    }
    if (quantity <= 0) {
      skip('non_positive_quantity', line, `${invoice} ${code} x${quantity}`);
      continue;
    }
    if (price <= 0) {
      skip('zero_price', line, `${invoice} ${code} at ${price}`);
      continue;
    }
    const rawCustomer = pick(row, 'CustomerID', 'Customer ID').replace(/\.0$/, '');
    if (!rawCustomer && opts.guests === 'skip') {
      skip('no_customer', line, `${invoice} ${code}`);
      continue;
    }
    pending.push({
      line,
      rawDate: pick(row, 'InvoiceDate'),
      invoice,
      code,
      description: pick(row, 'Description'),
      quantity: Math.round(quantity),
      price,
      customerId: rawCustomer || null,
      region: countryCode(pick(row, 'Country')) ?? null,
    });
  }

  const format = opts.dateFormat ?? dateFormatOf(basename(filePath), pending.map((p) => p.rawDate));
  const invoices = new Map<string, Line[]>();
  for (const { line, rawDate, ...rest } of pending) {
    const at = parseImportDate(rawDate, format, opts.timeZone);
    if (!at) {
      reject(line, `InvoiceDate ${JSON.stringify(rawDate)} is not a date (${describeFormat(format)})`);
      continue;
    }
    const lines = invoices.get(rest.invoice) ?? [];
    lines.push({ ...rest, at });
    invoices.set(rest.invoice, lines);
  }

  const of = invoices.size;
  opts.onProgress?.({ phase: 'storing', invoices: 0, of });
  const onStored = (n: number) => opts.onProgress?.({ phase: 'storing', invoices: n, of });
  summary.products = await storeInvoices(db, shopId, [...invoices.values()], { currency, chunk: opts.chunk ?? 500, lanes: opts.lanes ?? 2, onStored }, summary);
  return summary;
}
