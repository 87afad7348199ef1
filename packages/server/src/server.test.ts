import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { countEventsForShop } from './ingest/events.repository.js';
import { startServer } from './server.js';
import { createTestDatabaseTarget, readJson, testDatabaseKind, testLogger } from './test-support/test-database.js';

const dataDir = mkdtempSync(join(tmpdir(), 'vitrina-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a server restart', () => {
  it('keeps the demo shop and every stored event, and does not seed twice', async () => {
    const target = await createTestDatabaseTarget();
    // On the embedded database, a real folder on disk (not memory) is what must survive.
    const config = {
      ...loadConfig({ PORT: '0', VITRINA_DEMO: '1', VITRINA_MODEL_INTERVAL_MINUTES: '0' }),
      databaseUrl: target.databaseUrl,
      dataDir: testDatabaseKind() === 'embedded' ? dataDir : target.dataDir,
    };
    const opts = target.pgOptions ? { pgOptions: target.pgOptions } : {};
    const first = await startServer(config, testLogger, opts);
    expect(first.demo?.seeded).toBe(true);
    const messageId = randomUUID();
    const res = await fetch(`${first.url}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ writeKey: first.demo!.writeKey, batch: [{ type: 'page', messageId, anonymousId: 'restart-test' }] }),
    });
    expect((await readJson(res)).accepted).toBe(1);
    const before = await countEventsForShop(first.database.db, 'demo');
    await first.close();

    const second = await startServer(config, testLogger, opts);
    try {
      expect(second.demo?.seeded).toBe(false);
      expect(await countEventsForShop(second.database.db, 'demo')).toBe(before);
      const row = await second.database.db.selectFrom('events').select('anonymous_id').where('shop_id', '=', 'demo').where('message_id', '=', messageId).executeTakeFirst();
      expect(row?.anonymous_id).toBe('restart-test');
      const health = await fetch(`${second.url}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      await second.close();
      await target.drop();
    }
    // The demo seed on the embedded database takes tens of seconds on a loaded two-core machine.
  }, 180_000);
});
