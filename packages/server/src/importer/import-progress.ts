import type { ImportProgress } from './import-orders.js';

/**
 * Shows how far an import is on stderr: one line rewritten in place on a
 * terminal; on a log (CI, a pipe) a line at most every two seconds, so a long
 * import is visibly alive without flooding the log. `done()` ends the line.
 * @example const p = importProgressPrinter('orders.csv'); importOrdersCsv(db, shop, f, { onProgress: p.report }); p.done()
 */
export function importProgressPrinter(file: string, out: NodeJS.WriteStream = process.stderr, now: () => number = Date.now) {
  const started = now();
  let lastPrinted = -Infinity;
  let pending = '';
  const text = (p: ImportProgress) => {
    const seconds = ((now() - started) / 1000).toFixed(1);
    if (p.phase === 'reading') return `${file}: read ${p.lines.toLocaleString('en')} lines (${seconds} s)`;
    const share = p.of ? Math.floor((p.invoices / p.of) * 100) : 100;
    return `${file}: stored ${p.invoices.toLocaleString('en')} of ${p.of.toLocaleString('en')} orders, ${share}% (${seconds} s)`;
  };
  return {
    report(p: ImportProgress) {
      pending = text(p);
      if (out.isTTY) {
        out.write(`\r\u001b[2K${pending}`);
        return;
      }
      if (now() - lastPrinted >= 2000) {
        out.write(pending + '\n');
        lastPrinted = now();
        pending = '';
      }
    },
    done() {
      if (out.isTTY) out.write(pending ? '\n' : '');
      else if (pending) out.write(pending + '\n');
      pending = '';
    },
  };
}
