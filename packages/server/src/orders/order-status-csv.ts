import { isCalendarDay, isStorableText, orderStatusValues, type OrderStatusValue } from '@vitrina/protocol';

/** One row of a bulk status file, parsed, or why it cannot be used. */
export type StatusCsvRow =
  | { line: number; ok: true; orderId: string; status: OrderStatusValue; carrier?: string; trackingNumber?: string; expectedOn?: string; note?: string }
  | { line: number; ok: false; orderId: string | null; code: 'invalid_status' | 'missing_order' | 'invalid_text' | 'invalid_date' };

/**
 * Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into
 * rows of fields. The separator is a comma, or a semicolon when the first line
 * has semicolons and no comma (spreadsheets in Russian and most European
 * locales save so).
 */
export function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\ufeff/, '');
  const first = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = first.includes(';') && !first.includes(',') ? ';' : ',';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const aliases: Record<string, 'order' | 'status' | 'carrier' | 'tracking' | 'expected' | 'note'> = {
  order: 'order',
  order_id: 'order',
  orderid: 'order',
  'order number': 'order',
  status: 'status',
  carrier: 'carrier',
  tracking: 'tracking',
  tracking_number: 'tracking',
  trackingnumber: 'tracking',
  'tracking number': 'tracking',
  expected: 'expected',
  expected_on: 'expected',
  expected_date: 'expected',
  'expected delivery': 'expected',
  note: 'note',
};

/**
 * A bulk delivery-status file: a header naming `order`, `status` and
 * optionally `carrier`, `tracking_number`, `expected` (a day, YYYY-MM-DD),
 * `note` (any order, any case), then
 * one order per line. Rows that cannot be used are returned with a code, so
 * the rest still apply.
 * @example parseStatusCsv('order,status,carrier,tracking_number\n100234,shipped,DHL,TRK1')
 * // => [{ line: 2, ok: true, orderId: '100234', status: 'shipped', carrier: 'DHL', trackingNumber: 'TRK1' }]
 */
export function parseStatusCsv(text: string): StatusCsvRow[] | { error: 'missing_columns' } {
  const [header, ...rows] = splitCsv(text);
  const names = (header ?? []).map((h) => aliases[h.trim().toLowerCase()]);
  const at = (n: string) => names.indexOf(n as never);
  if (at('order') < 0 || at('status') < 0) return { error: 'missing_columns' };
  return rows.map((r, i): StatusCsvRow => {
    const get = (n: string) => (at(n) >= 0 ? (r[at(n)] ?? '').trim() : '');
    const line = i + 2;
    const orderId = get('order');
    const status = get('status').toLowerCase().replace(/[\s-]+/g, '_');
    if (!orderId) return { line, ok: false, orderId: null, code: 'missing_order' };
    if (!(orderStatusValues as readonly string[]).includes(status)) return { line, ok: false, orderId, code: 'invalid_status' };
    const [carrier, trackingNumber, expectedOn, note] = [get('carrier'), get('tracking'), get('expected'), get('note')];
    // The limits of a single status change (updateOrderStatusSchema); Postgres cannot store a NUL.
    if (orderId.length > 100 || carrier.length > 60 || trackingNumber.length > 100 || note.length > 2000 || [orderId, carrier, trackingNumber, note].some((f) => !isStorableText(f))) {
      return { line, ok: false, orderId: isStorableText(orderId) ? orderId : null, code: 'invalid_text' };
    }
    if (expectedOn && !isCalendarDay(expectedOn)) return { line, ok: false, orderId, code: 'invalid_date' };
    return { line, ok: true, orderId, status: status as OrderStatusValue, ...(carrier ? { carrier } : {}), ...(trackingNumber ? { trackingNumber } : {}), ...(expectedOn ? { expectedOn } : {}), ...(note ? { note } : {}) };
  });
}
