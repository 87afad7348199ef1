import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../packages/server/src/db/database.js';
import { createLogger } from '../packages/server/src/logger.js';
import { ingestBatch } from '../packages/server/src/ingest/ingest.service.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'packages/server/dist/cli.js');
const dataDir = mkdtempSync(join(tmpdir(), 'vitrina-rights-'));
const env = { ...process.env, VITRINA_DATA_DIR: dataDir, VITRINA_DEMO: '0', DATABASE_URL: '', LOG_LEVEL: 'warn' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const vitrina = async (...args: string[]) => (await run(process.execPath, [cli, ...args], { env })).stdout;

describe('the data-rights commands on the embedded database', () => {
  let shopId: string;

  it('exports a customer as JSON, erases them, then deletes the shop', async () => {
    shopId = JSON.parse(await vitrina('shops', 'create', '--name', 'Rights Shop')).shop_id;
    // The embedded database belongs to one process: the commands above and below have closed it.
    const h = await openDatabase({ dataDir, logger: createLogger('silent') });
    await ingestBatch(h.db, shopId, {
      batch: [
        { type: 'identify', messageId: 'r1', anonymousId: 'dev-r', userId: 'cust-r', traits: { email: 'rita@example.test', firstName: 'Rita' } },
        { type: 'page', messageId: 'r2', anonymousId: 'dev-r', context: { ip: '198.51.100.9' } },
      ],
    });
    await h.close();

    const exported = JSON.parse(await vitrina('customers', 'export', '--shop', shopId, '--email', 'RITA@example.test'));
    expect(exported.schemaVersion).toBe(1);
    expect(exported.events.map((e: { message_id: string }) => e.message_id).sort()).toEqual(['r1', 'r2']);

    const erased = JSON.parse(await vitrina('customers', 'erase', '--shop', shopId, '--user-id', 'cust-r'));
    expect(erased.rows.events).toBe(2);
    expect(erased.suppressed).toMatchObject({ user: 1, anonymous: 1, email: 1 });
    const after = JSON.parse(await vitrina('customers', 'export', '--shop', shopId, '--anonymous-id', 'dev-r'));
    expect(after.events).toEqual([]);
    expect(after.profiles).toEqual([]);

    const refused = await run(process.execPath, [cli, 'shops', 'delete', '--shop', shopId], { env }).catch((e) => e);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const deleted = JSON.parse(await vitrina('shops', 'delete', '--shop', shopId, '--yes'));
    expect(deleted.rows.events).toBe(undefined);
    expect(deleted.rows.shops).toBe(1);
    const gone = await run(process.execPath, [cli, 'customers', 'export', '--shop', shopId, '--email', 'x@y.z'], { env }).catch((e) => e);
    expect(gone.stderr).toContain(`no shop ${shopId}`);
  });

  it('refuses a selector that names no one, with the reason', async () => {
    const err = await run(process.execPath, [cli, 'customers', 'erase', '--shop', 'shop_x'], { env }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('name the customer by at least one of');
  });
});
