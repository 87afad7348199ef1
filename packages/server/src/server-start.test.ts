import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { startPrivatePostgres, type PrivatePostgres } from './test-support/private-postgres.js';
import { createTestDatabaseTarget, testDatabaseKind, testLogger, type TestDatabaseTarget } from './test-support/test-database.js';

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

describe.skipIf(testDatabaseKind() !== 'postgres')('a start while Postgres is down', () => {
  let pg: PrivatePostgres;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
  }, 60_000);
  afterAll(() => pg?.destroy());

  it('waits for the database, saying so in its log, and serves once it is back', async () => {
    pg.stop();
    const lines: string[] = [];
    const logger = createLogger('warn', (l) => lines.push(l));
    const config = { ...loadConfig({ PORT: '0', VITRINA_DEMO: '0', VITRINA_MODEL_INTERVAL_MINUTES: '0' }), databaseUrl: pg.url, dataDir: 'memory://' };
    let started: RunningServer | undefined;
    const starting = startServer(config, logger).then((s) => (started = s));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(started).toBeUndefined();
    expect(lines.some((l) => l.includes('database unreachable at start; waiting for it'))).toBe(true);
    pg.start();
    await starting;
    try {
      expect((await fetch(`${started!.url}/healthz`)).status).toBe(200);
    } finally {
      await started!.close();
    }
  }, 60_000);
});
