import { KeepAliveConnection } from './http-connection.js';

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Sends GET requests from `concurrency` keep-alive connections for `seconds`
 * and measures each one's latency (ms) from send to the last byte.
 */
export async function runLoad(base: string, nextPath: () => string, opts: { concurrency: number; seconds: number }): Promise<LoadResult> {
  const url = new URL(base);
  const connections = await Promise.all(Array.from({ length: opts.concurrency }, () => KeepAliveConnection.open(url.hostname, Number(url.port))));
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + opts.seconds * 1000;
  const worker = async (c: KeepAliveConnection) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const res = await c.request('GET', nextPath());
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - started);
      } catch {
        errors++;
        return;
      }
    }
  };
  const started = performance.now();
  await Promise.all(connections.map(worker));
  const elapsed = (performance.now() - started) / 1000;
  connections.forEach((c) => c.close());
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), max: latencies.at(-1) ?? NaN };
}
