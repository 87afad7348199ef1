import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import { createShop } from '../shops/shops.service.js';
import { createTestDatabaseTarget, testDatabaseKind, testLogger, type TestDatabaseTarget } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { seedSendFixture } from './campaign-send-fixture.js';
import { findCampaignById, upsertCampaignSettings } from './campaigns.repository.js';
import { createCampaign, scheduleCampaignSend } from './campaigns.service.js';

const fixture = resolve(import.meta.dirname, 'test-fixtures/sender-process.ts');
const repoRoot = resolve(import.meta.dirname, '../../../..');
const CONCURRENCY = 4;

// Processes on one Postgres: the embedded database is one process's alone.
describe.runIf(testDatabaseKind() === 'postgres')('the campaign sender killed with SIGKILL mid-send', () => {
  let target: TestDatabaseTarget;
  let db: DatabaseHandle;
  let sink: SmtpSink;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    target = await createTestDatabaseTarget();
    db = await openDatabase({ ...target, logger: testLogger });
    await migrateToLatest(db.db);
    // 80 ms before each acceptance: the sender always has messages in its SMTP conversations, so the kill leaves some in doubt.
    sink = await startSmtpSink({ keep: 10_000, acceptDelayMs: 80 });
  }, 120_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await sink?.close();
    await db?.close();
    await target?.drop();
  });

  async function launch(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: target.databaseUrl, PG_OPTIONS: target.pgOptions, SMTP_URL: sink.url, JOB_LEASE_MS: '2000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await waitUntil(async () => out.includes('ready') || child.exitCode !== null, 60_000);
    if (child.exitCode !== null) throw new Error(`the sender process exited: ${err}`);
    return child;
  }

  it('sends no recipient two e-mails after a restart; every other eligible recipient gets one; those in doubt are marked unknown, at most the concurrency', async () => {
    const shopId = (await createShop(db.db, { name: 'Kill shop' })).shop_id;
    const shoppers = await seedSendFixture(db.db, shopId, { eligible: 400, capped: 0 });
    // 4 at a time, 80 ms each: about 50 a second, so the kill lands in the middle of 360 messages.
    await upsertCampaignSettings(db.db, shopId, { rate_per_second: 1000, concurrency: CONCURRENCY });
    const created = await createCampaign(db.db, shopId, { name: 'Kill', definition: { type: 'marketing_consent', value: true }, language: 'en', subject: 'Picked for you', intro: '', holdoutPercent: 10, productCount: 2 });
    if (!created.ok) throw new Error(created.code);
    const campaignId = created.campaign.id;
    expect((await scheduleCampaignSend(db.db, shopId, campaignId, new Date())).ok).toBe(true);

    const first = await launch();
    await waitUntil(async () => sink.messages.length >= 120, 60_000);
    first.kill('SIGKILL');
    await once(first, 'exit');
    children.delete(first);
    const atKill = sink.messages.length;
    const states = (await sql<{ status: string; n: number }>`select status, count(*)::int as n from campaign_recipients where shop_id = ${shopId} and campaign_id = ${campaignId} group by status`.execute(db.db)).rows;
    process.stdout.write(`campaign sender killed after ${atKill} messages; rows then: ${states.map((r) => `${r.status} ${r.n}`).join(', ')}\n`);
    expect(states.find((r) => r.status === 'pending')?.n ?? 0).toBeGreaterThan(0);

    const second = await launch();
    await waitUntil(async () => (await findCampaignById(db.db, shopId, campaignId))!.status === 'sent', 90_000);
    second.kill('SIGTERM');
    await once(second, 'exit');
    children.delete(second);

    const received = sink.messages.filter((m) => m.headers['x-vitrina-campaign'] === campaignId).map((m) => m.to[0]!);
    const counts = new Map<string, number>();
    for (const to of received) counts.set(to, (counts.get(to) ?? 0) + 1);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);

    const rows = (await sql<{ email: string; status: string }>`select email, status from campaign_recipients where shop_id = ${shopId} and campaign_id = ${campaignId}`.execute(db.db)).rows;
    const unknown = rows.filter((r) => r.status === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    expect(unknown.length).toBeLessThanOrEqual(CONCURRENCY);
    // Everyone planned and not held out got exactly one, but those in doubt (got one or none).
    const treated = rows.filter((r) => r.status !== 'held_out');
    expect(treated.length).toBe(shoppers.filter((x) => x.kind === 'eligible').length - rows.filter((r) => r.status === 'held_out').length);
    for (const r of treated) {
      if (r.status === 'unknown') expect(counts.get(r.email) ?? 0).toBeLessThanOrEqual(1);
      else {
        expect(r.status, r.email).toBe('sent');
        expect(counts.get(r.email), r.email).toBe(1);
      }
    }
    expect(received.length).toBeGreaterThanOrEqual(treated.length - unknown.length);
    process.stdout.write(`after the restart: ${received.length} messages to ${treated.length} recipients, ${unknown.length} unknown\n`);
  }, 240_000);
});
