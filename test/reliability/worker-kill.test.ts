import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenOf, createFaultDatabase, createShops, full, launchServer, round, sleep, startLedgerClients, statusCounts, type FaultDatabase, type ServerProcess } from './fault-support.js';
import { Ledger } from './ledger.js';

// Reliability 2 with VITRINA_WORKERS=2: a primary and two server processes on
// one port. Under load one worker is SIGKILLed (each kind in turn: the one
// that runs the background jobs, then one that only serves); the other must
// carry on serving while the primary starts a replacement, and clients that
// retry with the same message ids must end with a clean ledger. Short form:
// two kills; RELIABILITY_FULL=1: a kill every 10 s for 2 minutes.
const kills = full ? 12 : 2;
const everyMs = full ? 10_000 : 6_000;

let db: FaultDatabase;
let shops: { id: string; writeKey: string }[];
let primary: ServerProcess;

/** Whether a worker runs the jobs (its primary sets VITRINA_WORKER_JOBS=1 for the first). */
function runsJobs(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes('VITRINA_WORKER_JOBS=1');
  } catch {
    return false;
  }
}

async function workers(pid: number, count: number, timeoutMs: number): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const kids = childrenOf(pid);
    if (kids.length === count) return kids;
    if (Date.now() > until) throw new Error(`expected ${count} workers, found ${kids.length}`);
    await sleep(50);
  }
}

beforeAll(async () => {
  db = await createFaultDatabase('workers');
  primary = await launchServer({ DATABASE_URL: db.url(), VITRINA_WORKERS: '2' });
  shops = await createShops(db, ['Workers A', 'Workers B']);
  await workers(primary.pid, 2, 30_000);
}, 120_000);
afterAll(async () => {
  await primary?.kill('SIGKILL');
  await db?.drop();
});

describe('reliability: VITRINA_WORKERS=2, one worker SIGKILLed under load', () => {
  it(`keeps serving through ${kills} worker kills and stores every acknowledged event exactly once`, async () => {
    const ledger = new Ledger();
    const clients = startLedgerClients({ url: () => primary.url, shops, ledger, clients: 8, pauseMs: 10 });
    await sleep(2000);
    const rounds: { killed: 'jobs' | 'serving'; servedMeanwhile: number; replacedMs: number }[] = [];
    for (let k = 0; k < kills; k++) {
      const kids = await workers(primary.pid, 2, 30_000);
      // Alternately the jobs worker and a serving one.
      const wantJobs = k % 2 === 0;
      const victim = kids.find((p) => runsJobs(p) === wantJobs) ?? kids[0]!;
      const killedAt = performance.now();
      const before = clients.answers.length;
      process.kill(victim, 'SIGKILL');
      // Replaced when the primary has two live workers again and the new one has had time to listen.
      let replacedMs = 0;
      for (;;) {
        const now = childrenOf(primary.pid);
        if (now.length === 2 && !now.includes(victim)) {
          replacedMs = performance.now() - killedAt;
          break;
        }
        if (performance.now() - killedAt > 30_000) throw new Error(`no replacement for worker ${victim}: ${primary.output()}`);
        await sleep(20);
      }
      const servedMeanwhile = clients.answers.slice(before).filter((a) => a.status === 200).length;
      rounds.push({ killed: wantJobs ? 'jobs' : 'serving', servedMeanwhile, replacedMs: round(replacedMs) });
      expect(primary.exited()).toBeUndefined();
      await sleep(Math.max(0, everyMs - (performance.now() - killedAt)));
    }
    await sleep(2000);
    await clients.drain();
    const final = await workers(primary.pid, 2, 30_000);
    const result = await ledger.check(db.query);
    console.log(JSON.stringify({ test: 'worker-kill', workers: 2, kills: rounds, statuses: statusCounts(clients.answers), jobsWorkers: final.filter(runsJobs).length, ...result }));

    expect(clients.unexpected).toEqual([]);
    expect(primary.exited()).toBeUndefined();
    // The other worker carried on while the dead one was being replaced.
    for (const r of rounds) expect(r.servedMeanwhile).toBeGreaterThan(0);
    // Exactly one process runs the jobs again.
    expect(final.filter(runsJobs)).toHaveLength(1);
    expect(result.acked).toBeGreaterThan(500);
    expect(result).toMatchObject({ ackedMissing: 0, duplicates: 0, neverAcked: 0 });
  }, 300_000);
});
