import { describe, expect, it } from 'vitest';
import { importProgressPrinter } from './import-progress.js';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream };
}

describe('importProgressPrinter', () => {
  it('on a log prints a line at most every two seconds, and the last one at the end', () => {
    let t = 0;
    const { written, stream } = fakeStream(false);
    const p = importProgressPrinter('orders.csv', stream, () => t);
    p.report({ phase: 'reading', lines: 10_000 });
    t = 500;
    p.report({ phase: 'storing', invoices: 0, of: 3000 });
    t = 2100;
    p.report({ phase: 'storing', invoices: 1500, of: 3000 });
    t = 2600;
    p.report({ phase: 'storing', invoices: 3000, of: 3000 });
    p.done();
    expect(written).toEqual([
      'orders.csv: read 10,000 lines (0.0 s)\n',
      'orders.csv: stored 1,500 of 3,000 orders, 50% (2.1 s)\n',
      'orders.csv: stored 3,000 of 3,000 orders, 100% (2.6 s)\n',
    ]);
  });

  it('on a terminal rewrites one line in place and ends it', () => {
    const { written, stream } = fakeStream(true);
    const p = importProgressPrinter('orders.csv', stream, () => 0);
    p.report({ phase: 'storing', invoices: 1, of: 4 });
    p.report({ phase: 'storing', invoices: 4, of: 4 });
    p.done();
    expect(written).toEqual(['\r\u001b[2Korders.csv: stored 1 of 4 orders, 25% (0.0 s)', '\r\u001b[2Korders.csv: stored 4 of 4 orders, 100% (0.0 s)', '\n']);
  });
});
