import { describe, expect, it } from 'vitest';
import { parseStatusCsv, splitCsv } from './order-status-csv.js';

describe('bulk status files', () => {
  it('splits quoted fields with commas, doubled quotes and line breaks, CRLF or LF, after a BOM', () => {
    expect(splitCsv('\ufeffa,b\r\n"x, y","say ""hi""\nthere"\n\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"\nthere'],
    ]);
  });

  it('reads semicolon files when the header has semicolons and no comma', () => {
    expect(splitCsv('order;status\n1;shipped')).toEqual([
      ['order', 'status'],
      ['1', 'shipped'],
    ]);
  });

  it('finds the columns by name in any order and case, and normalizes the status', () => {
    expect(parseStatusCsv('Tracking_Number,STATUS,order\nT1,Out for delivery,100')).toEqual([{ line: 2, ok: true, orderId: '100', status: 'out_for_delivery', trackingNumber: 'T1' }]);
  });

  it('reads an expected day and refuses one that is not a calendar day', () => {
    expect(parseStatusCsv('order,status,expected_on\n1,shipped,2026-12-24\n2,shipped,2026-02-30')).toEqual([
      { line: 2, ok: true, orderId: '1', status: 'shipped', expectedOn: '2026-12-24' },
      { line: 3, ok: false, orderId: '2', code: 'invalid_date' },
    ]);
  });

  it('names the rows it cannot use: an unknown status, no order, a NUL or an overlong field', () => {
    expect(parseStatusCsv(`order,status,carrier\n1,teleported,\n,shipped,\n2,shipped,a\u0000b\n3,shipped,${'x'.repeat(61)}`)).toEqual([
      { line: 2, ok: false, orderId: '1', code: 'invalid_status' },
      { line: 3, ok: false, orderId: null, code: 'missing_order' },
      { line: 4, ok: false, orderId: '2', code: 'invalid_text' },
      { line: 5, ok: false, orderId: '3', code: 'invalid_text' },
    ]);
    expect(parseStatusCsv('id,state\n1,shipped')).toEqual({ error: 'missing_columns' });
  });
});
