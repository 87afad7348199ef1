import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVitrina, type VitrinaUnderTest } from '../support/vitrina-server.js';
import { Ledger } from './ledger.js';

// Reliability 1, the baseline: events from three shops, 1% of batches sent
// again verbatim (a lost answer), clients retrying with the same message ids.
// Short form in CI; RELIABILITY_FULL=1 sends 100,000 events.
const full = process.env.RELIABILITY_FULL === '1';
const totalEvents = full ? 100_000 : 12_000;
const clients = 16;
const batchSize = 20;

let vitrina: VitrinaUnderTest;
let shops: { id: string; writeKey: string }[] = [];

beforeAll(async () => {
  vitrina = await startVitrina();
  for (const name of ['ledger-a', 'ledger-b', 'ledger-c']) {
    const id = `shop_${name}`;
    await vitrina.query(`insert into shops (id, name, write_key, admin_key_hash, signing_secret, settings) values ($1, $1, $2, $3, 'x', '{}')`, [id, `wk_${name}`, `hash_${name}`]);
    shops.push({ id, writeKey: `wk_${name}` });
  }
}, 180_000);
afterAll(() => vitrina?.destroy());

async function send(writeKey: string, batch: unknown[]): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${vitrina.url}/v1/batch`, { method: 'POST', body: JSON.stringify({ writeKey, batch }) });
      if (res.status === 200) return attempt;
      if (res.status !== 429 && res.status !== 503) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 100));
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('batch answered')) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('reliability: baseline', () => {
  it(`stores every acknowledged event exactly once: ${totalEvents.toLocaleString('en')} events, 3 shops, 1% of batches re-sent`, async () => {
    const ledger = new Ledger();
    let batches = Math.ceil(totalEvents / batchSize);
    let resent = 0;
    let retries = 0;
    const started = performance.now();
    const client = async (c: number) => {
      while (batches-- > 0) {
        const shop = shops[(batches + c) % shops.length]!;
        const batch = Array.from({ length: batchSize }, (_, i) => ({
          type: 'track',
          event: 'Product Viewed',
          messageId: randomUUID(),
          anonymousId: `dev-${c}-${i % 5}`,
          properties: { product_id: `p-${i}` },
        }));
        const ids = batch.map((e) => e.messageId);
        ledger.recordSent(shop.id, ids);
        retries += await send(shop.writeKey, batch);
        ledger.recordAcked(shop.id, ids);
        if (Math.random() < 0.01) {
          resent++;
          retries += await send(shop.writeKey, batch);
        }
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const seconds = (performance.now() - started) / 1000;
    const result = await ledger.check(vitrina.query);
    console.log(JSON.stringify({ test: 'baseline', ...result, resentBatches: resent, retries, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(result.acked / seconds) }));
    expect(result).toMatchObject({ sent: totalEvents, acked: totalEvents, ackedMissing: 0, duplicates: 0, neverAcked: 0 });
  }, 600_000);
});
