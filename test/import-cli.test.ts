import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'packages/server/dist/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'vitrina-import-cli-'));
const env = { ...process.env, VITRINA_DATA_DIR: join(dir, 'data'), VITRINA_DEMO: '0', DATABASE_URL: '', LOG_LEVEL: 'warn' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vitrina = (...args: string[]) =>
  run(process.execPath, [cli, ...args], { env }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const head = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('vitrina import exit codes', () => {
  it('fails a file a merchant must fix, and says what to fix', async () => {
    const shop = JSON.parse((await vitrina('shops', 'create', '--name', 'Importer')).stdout).shop_id;

    const wrong = await vitrina('import', 'orders', '--shop', shop, '--file', file('wrong.csv', 'order,sku\n1,2\n'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('missing: InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice');

    const half = await vitrina('import', 'orders', '--shop', shop, '--file', file('half.csv', [head, '1,A1,X,2,2010-12-01 08:00,1,c1,UK', '2,A1,X,two,2010-12-01 08:00,1,c1,UK'].join('\n') + '\n'));
    expect(half.code).toBe(1);
    expect(half.stderr).toContain('1 of 2 lines malformed, more than --max-rejected 0.01 allows');
    expect(half.stderr).toContain('line 3: Quantity "two" is not a number');

    const allowed = await vitrina('import', 'orders', '--shop', shop, '--max-rejected', '0.5', '--file', join(dir, 'half.csv'));
    expect(allowed.code).toBe(0);
    // The progress line, as a log (not a terminal) shows it.
    expect(allowed.stderr).toMatch(/half\.csv: stored 1 of 1 orders, 100% \(\d+\.\d s\)\n/);

    const image = await vitrina('import', 'products', '--shop', shop, '--file', file('image.csv', '\u0089PNG\r\n\u001a\n'));
    expect(image.code).toBe(2);
    expect(image.stderr).toContain('needs the columns id, name, price');
  });
});
