import type { CustomerExport } from './customer-export.schema.js';
import { writeZip } from './zip-archive.js';

/** One CSV value: quoted when it holds a comma, quote or line break; objects as JSON. */
function csvValue(v: unknown): string {
  const text = v == null ? '' : v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV with a header of every key any row has, in first-seen order. */
export function toCsv(rows: Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvValue(r[c])).join(','))].join('\r\n') + '\r\n';
}

/**
 * The export as a ZIP of CSV files, one per kind of record (order lines and
 * claim histories in files of their own), with the whole JSON document
 * beside them: spreadsheets for a person, JSON for a machine.
 * @example customerExportZip(doc) // => <Buffer 50 4b ...> holding customer.json, events.csv, orders.csv, order_items.csv, ...
 */
export function customerExportZip(doc: CustomerExport): Buffer {
  const csv = (name: string, rows: Record<string, unknown>[]) => ({ name, data: Buffer.from(toCsv(rows), 'utf8') });
  return writeZip([
    { name: 'customer.json', data: Buffer.from(JSON.stringify(doc, null, 2), 'utf8') },
    csv('customer_records.csv', doc.customerRecords),
    csv('profiles.csv', doc.profiles),
    csv('segments.csv', doc.derived),
    csv('devices.csv', doc.identities),
    csv('events.csv', doc.events),
    csv('failed_events.csv', doc.failedEvents),
    csv('orders.csv', doc.orders.map(({ items: _i, timeline: _t, ...o }) => o)),
    csv('order_items.csv', doc.orders.flatMap((o) => o.items.map((i) => ({ order_id: o.id, ...i })))),
    csv('order_timeline.csv', doc.orders.flatMap((o) => o.timeline.map((t) => ({ order_id: o.id, ...t })))),
    csv('claims.csv', doc.claims.map(({ history: _h, photo: _p, ...c }) => c)),
    csv('claim_history.csv', doc.claims.flatMap((c) => c.history.map((h) => ({ claim_id: c.id, ...h })))),
    csv('emails.csv', doc.emails),
    csv('campaign-emails.csv', doc.campaignEmails),
    csv('campaign-clicks.csv', doc.campaignClicks),
  ]);
}
