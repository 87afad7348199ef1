import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startServer } from './server.js';
import { createTestDatabaseTarget, testLogger, type TestDatabaseTarget } from './test-support/test-database.js';

describe('a start that fails', () => {
  let target: TestDatabaseTarget;
  const blocker = createServer();
  let port = 0;
  beforeAll(async () => {
    target = await createTestDatabaseTarget();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    blocker.close();
    await target.drop();
  });

  it('rejects with the port in use, and the same configuration then starts on a free port', async () => {
    const config = {
      ...loadConfig({ PORT: String(port), VITRINA_DEMO: '0', VITRINA_MODEL_INTERVAL_MINUTES: '1' }),
      databaseUrl: target.databaseUrl,
      dataDir: target.dataDir,
    };
    const opts = target.pgOptions ? { pgOptions: target.pgOptions } : {};
    await expect(startServer(config, testLogger, opts)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const again = await startServer({ ...config, port: 0 }, testLogger, opts);
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    await again.close();
  });
});
