import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { RunningServer } from '../server.js';
import { startServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { createTestDatabaseTarget, readJson, startTestServer, testDatabaseKind, testLogger } from '../test-support/test-database.js';

let server: RunningServer;
let shop: CreatedShop;
beforeAll(async () => {
  server = await startTestServer({ env: { VITRINA_MODEL_INTERVAL_MINUTES: '30' } });
  shop = await createShop(server.database.db, { name: 'Jobs Shop' });
});
afterAll(() => server?.close());

const getJobs = (key?: string) => fetch(`${server.url}/v1/admin/jobs`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('GET /v1/admin/jobs', () => {
  it('answers 401 without an admin key', async () => {
    const res = await getJobs();
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('missing_admin_key');
  });

  it("lists the server's jobs: the events' upkeep every 6 hours and the models' rebuild at the configured interval", async () => {
    const res = await getJobs(shop.admin_key);
    expect(res.status).toBe(200);
    const { jobs } = await readJson(res);
    expect(jobs.map((j: { name: string }) => j.name)).toEqual(['event-maintenance', 'model-rebuild']);
    expect(jobs[0]).toMatchObject({ intervalMs: 6 * 3_600_000, attempts: 0, lastError: null, failing: false, running: false });
    expect(jobs[1]).toMatchObject({ intervalMs: 30 * 60_000 });
    // The first upkeep ran before the server listened: the next is six hours on.
    expect(Date.parse(jobs[0].nextRunAt) - Date.now()).toBeGreaterThan(5.9 * 3_600_000);
  });
});

describe('GET /healthz/jobs with a failing job', () => {
  it('answers 503 once a job has failed three times in a row, without saying which or why, while /healthz stays 200', async () => {
    const fail = (attempts: number) =>
      server.database.db.updateTable('scheduled_jobs').set({ attempts, last_error: attempts ? 'secret detail' : null }).where('name', '=', 'model-rebuild').execute();
    await fail(2);
    expect((await fetch(`${server.url}/healthz/jobs`)).status).toBe(200);
    await fail(3);
    const res = await fetch(`${server.url}/healthz/jobs`);
    expect(res.status).toBe(503);
    const body = await res.text();
    expect(body).not.toMatch(/model-rebuild|secret/);
    expect(JSON.parse(body)).toEqual({ status: 'failing' });
    // A shared job failing does not take every process out of a load balancer.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const { jobs } = await readJson(await getJobs(shop.admin_key));
    expect(jobs.find((j: { name: string }) => j.name === 'model-rebuild')).toMatchObject({ attempts: 3, failing: true, lastError: 'secret detail' });
    await fail(0);
    expect((await fetch(`${server.url}/healthz/jobs`)).status).toBe(200);
  });
});

describe('the model rebuild turned off', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitrina-jobs-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is no longer scheduled, and its old failures no longer count against health', async () => {
    const target = await createTestDatabaseTarget();
    const config = (minutes: string) => ({
      ...loadConfig({ PORT: '0', VITRINA_DEMO: '0', VITRINA_MODEL_INTERVAL_MINUTES: minutes }),
      databaseUrl: target.databaseUrl,
      // On the embedded database, a folder both starts open.
      dataDir: testDatabaseKind() === 'embedded' ? dataDir : target.dataDir,
    });
    const opts = target.pgOptions ? { pgOptions: target.pgOptions } : {};
    try {
      const first = await startServer(config('30'), testLogger, opts);
      await first.database.db.updateTable('scheduled_jobs').set({ attempts: 5 }).where('name', '=', 'model-rebuild').execute();
      expect((await fetch(`${first.url}/healthz/jobs`)).status).toBe(503);
      await first.close();

      const second = await startServer(config('0'), testLogger, opts);
      try {
        const names = await second.database.db.selectFrom('scheduled_jobs').select('name').execute();
        expect(names.map((n) => n.name)).toEqual(['event-maintenance']);
        expect((await fetch(`${second.url}/healthz/jobs`)).status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      await target.drop();
    }
    // Two starts; on the embedded database each compiles and migrates it (tens of seconds on a loaded machine).
  }, 180_000);
});
