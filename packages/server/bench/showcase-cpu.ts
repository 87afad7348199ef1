/**
 * `npx tsx packages/server/bench/showcase-cpu.ts`: the showcase's ranking CPU
 * alone, in process, on the shop `pnpm bench:recs` generates (run that once
 * first). Loads 2,000 shoppers, then ranks each of them repeatedly and prints
 * microseconds per ranking: a figure that the HTTP bench's noise cannot hide.
 *   BENCH_DATABASE_URL (default: the local Unix socket, database vitrina_bench_recs)
 */
import './bench-secret-key.js';
import { openDatabase } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { ModelStore } from '../src/recommend/model-store.js';
import { rankShowcase } from '../src/recommend/rank-showcase.js';
import { loadShopper } from '../src/recommend/recommend.service.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@localhost/vitrina_bench_recs?host=/var/run/postgresql';
const database = await openDatabase({ databaseUrl: url, logger: createLogger('silent') });
const model = await new ModelStore(database.db, createLogger('silent')).get('bench');
const shoppers = [];
for (let i = 1; i <= 2000; i++) {
  const c = `c-${String((i * 48_271) % 100_000 || 1).padStart(6, '0')}`;
  shoppers.push(await loadShopper(database.db, 'bench', { customerId: c, anonymousId: `a-${c.slice(2).replace(/^0+/, '')}` }));
}
await database.close();
const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
let checksum = 0;
const perRanking: number[] = [];
for (let round = 0; round <= rounds; round++) {
  const t0 = process.cpuUsage();
  for (const s of shoppers) checksum += rankShowcase(model, s, { limit: 10 }).length;
  const used = process.cpuUsage(t0);
  // Round 0 warms the JIT up.
  if (round > 0) perRanking.push((used.user + used.system) / shoppers.length);
}
perRanking.sort((a, b) => a - b);
const at = (q: number) => perRanking[Math.floor(q * (perRanking.length - 1))]!.toFixed(1);
console.log(`CPU per showcase ranking over ${rounds} rounds of ${shoppers.length} shoppers: min ${at(0)} µs, median ${at(0.5)} µs, max ${at(1)} µs (${checksum} items ranked)`);
