import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../packages/server/src/db/database.js';
import { createLogger } from '../packages/server/src/logger.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'packages/server/dist/cli.js');
const main = join(root, 'packages/server/dist/main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'vitrina-lifecycle-'));
const env = { ...process.env, VITRINA_DATA_DIR: dataDir, VITRINA_DEMO: '0', DATABASE_URL: '', LOG_LEVEL: 'info', PORT: '0' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function startMain(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  for (let i = 0; i < 300; i++) {
    const m = /"msg":"listening","url":"([^"]+)"/.exec(out);
    if (m) return { child, url: m[1]!, output: () => out };
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${out}`);
}

describe('the built server and command line on the embedded database', () => {
  let keys: { shop_id: string; write_key: string; admin_key: string };
  const messageId = randomUUID();

  it('creates a shop from the command line and prints its keys as JSON', async () => {
    const migrated = await run(process.execPath, [cli, 'migrate'], { env });
    expect(JSON.parse(migrated.stdout).applied.length).toBeGreaterThan(0);
    const { stdout } = await run(process.execPath, [cli, 'shops', 'create', '--name', 'Lifecycle Shop'], { env });
    keys = JSON.parse(stdout);
    expect(keys.shop_id).toMatch(/^shop_/);
    expect(keys.write_key).toMatch(/^wk_/);
    expect(keys.admin_key).toMatch(/^ak_/);
  });

  it('explains a missing --name and exits 2', async () => {
    const err = await run(process.execPath, [cli, 'shops', 'create'], { env }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('shops create needs --name NAME');
  });

  it('on SIGTERM finishes the request in flight, stores its event and exits 0', async () => {
    const server = await startMain();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Half a request is on the wire when SIGTERM arrives; the rest follows after.
    const body = JSON.stringify({ batch: [{ type: 'track', event: 'Product Viewed', messageId, anonymousId: 'life-1', properties: { product_id: 'p1' } }] });
    const { hostname, port } = new URL(server.url);
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: hostname, port, path: '/v1/batch', method: 'POST', headers: { authorization: 'Basic ' + Buffer.from(`${keys.write_key}:`).toString('base64'), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 200);
    });
    const response = await answered;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).accepted).toBe(1);
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
    expect(server.output()).toContain('"msg":"shutting down","signal":"SIGTERM"');

    const database = await openDatabase({ dataDir, logger: createLogger('silent') });
    const rows = await database.db.selectFrom('events').select(['message_id', 'event']).where('shop_id', '=', keys.shop_id).execute();
    await database.close();
    expect(rows).toEqual([{ message_id: messageId, event: 'Product Viewed' }]);
  });

  it('refuses to start with a bad setting and says which', async () => {
    const err = await run(process.execPath, [main], { env: { ...env, PORT: 'eighty' } }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('PORT="eighty"');
  });

  it('keeps the data folder to one process: the command line and a second server refuse it while a server runs, and work after it stops', async () => {
    const server = await startMain();
    const pid = server.child.pid!;
    const refused = await run(process.execPath, [cli, 'shops', 'create', '--name', 'While running'], { env }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${pid}`);
    expect(refused.stderr).toContain(dataDir);
    const second = await run(process.execPath, [main], { env }).catch((e) => e);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`in use by process ${pid}`);
    expect(second.stderr).not.toContain('    at ');
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
    const { stdout } = await run(process.execPath, [cli, 'shops', 'create', '--name', 'After stop'], { env });
    const created = JSON.parse(stdout);
    // The shop made from the command line is there when the server starts again.
    const again = await startMain();
    const res = await fetch(`${again.url}/v1/admin/customers`, { headers: { authorization: `Bearer ${created.admin_key}` } });
    expect(res.status).toBe(200);
    again.child.kill('SIGTERM');
    await once(again.child, 'exit');
  });

  it('keeps the data where the command was started (INIT_CWD, as pnpm and npm set it), not in the package folder', async () => {
    const started = mkdtempSync(join(tmpdir(), 'vitrina-cwd-'));
    try {
      const out = await run(process.execPath, [cli, 'migrate'], { env: { ...env, VITRINA_DATA_DIR: './rel-data', INIT_CWD: started }, cwd: root });
      expect(JSON.parse(out.stdout).applied.length).toBeGreaterThan(0);
      expect(existsSync(join(started, 'rel-data', 'pgdata'))).toBe(true);
      expect(existsSync(join(root, 'rel-data'))).toBe(false);
    } finally {
      rmSync(started, { recursive: true, force: true });
    }
  });
});
