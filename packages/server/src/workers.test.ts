import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from './test-support/free-port.js';
import { createTestDatabaseTarget, testDatabaseKind, type TestDatabaseTarget } from './test-support/test-database.js';
import { waitUntil } from './test-support/wait-until.js';

const mainJs = resolve(import.meta.dirname, '../dist/main.js');

/** The processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

describe.runIf(testDatabaseKind() === 'postgres')('VITRINA_WORKERS=2: two server processes on one port', () => {
  let target: TestDatabaseTarget;
  let primary: ChildProcess | undefined;
  let url = '';
  let listened = 0;

  beforeAll(async () => {
    if (!existsSync(mainJs)) throw new Error(`build the server first (pnpm --filter @vitrina/server build): ${mainJs} is missing`);
    target = await createTestDatabaseTarget();
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}`;
    const databaseUrl = `${target.databaseUrl}?options=${encodeURIComponent(target.pgOptions!)}`;
    primary = spawn(process.execPath, [mainJs], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), VITRINA_WORKERS: '2', VITRINA_DEMO: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Each process logs one line when it listens (counted in the whole log: a line may span chunks).
    let log = '';
    primary.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      listened = log.split('"msg":"listening"').length - 1;
    });
    await waitUntil(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true, 30_000);
  }, 40_000);
  afterAll(async () => {
    primary?.kill('SIGKILL');
    await target?.drop();
  });

  it('serves from two processes, replaces one that dies, and stops both on SIGTERM', async () => {
    const pid = primary!.pid!;
    await waitUntil(async () => listened === 2, 20_000);
    expect(childrenOf(pid)).toHaveLength(2);
    const [victim, survivor] = childrenOf(pid);
    process.kill(victim!, 'SIGKILL');
    await waitUntil(async () => listened === 3, 20_000);
    const now = childrenOf(pid);
    expect(now).toHaveLength(2);
    expect(now).toContain(survivor);
    expect(now).not.toContain(victim);
    // Fresh connections, spread over both processes: every one is answered.
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${url}/healthz`, { headers: { Connection: 'close' }, signal: AbortSignal.timeout(5_000) }).then((r) => r.status)),
    );
    expect(answers).toEqual(Array(20).fill(200));

    const workers = childrenOf(pid);
    primary!.kill('SIGTERM');
    const [code] = await once(primary!, 'exit');
    expect(code).toBe(0);
    expect(workers.filter((w) => existsSync(`/proc/${w}`) && !readFileSync(`/proc/${w}/stat`, 'utf8').includes(') Z'))).toEqual([]);
    primary = undefined;
  }, 60_000);
});
