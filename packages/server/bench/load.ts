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

/**
 * Open-loop load: requests start on a fixed schedule, `rate` a second, on up
 * to `connections` keep-alive connections, whether or not earlier answers
 * came back; a request that finds every connection busy waits for one. Each
 * latency runs from the request's scheduled start, so time spent queued in
 * the client or the server counts (no coordinated omission). This is how a
 * latency goal at a given traffic is measured; `runLoad` measures a server
 * kept saturated by a fixed number of clients.
 */
export async function runAtRate(base: string, nextPath: () => string, opts: { rate: number; seconds: number; connections: number }): Promise<LoadResult> {
  const url = new URL(base);
  const idle = await Promise.all(Array.from({ length: opts.connections }, () => KeepAliveConnection.open(url.hostname, Number(url.port))));
  const all = [...idle];
  const latencies: number[] = [];
  let errors = 0;
  const waiting: number[] = [];
  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const send = (c: KeepAliveConnection, scheduled: number) => {
    c.request('GET', nextPath()).then(
      (res) => {
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - scheduled);
        release(c);
      },
      () => {
        errors++;
        release(c);
      },
    );
  };
  const release = (c: KeepAliveConnection) => {
    if (++done === total) finish();
    const queued = waiting.shift();
    if (queued !== undefined) send(c, queued);
    else idle.push(c);
  };
  // A 1 ms timer starts every request that is due: the schedule stays exact
  // while the client sleeps between ticks instead of spinning on a core.
  const tick = () => {
    const now = performance.now();
    while (next < total && t0 + next * interval <= now) {
      const scheduled = t0 + next * interval;
      next++;
      const c = idle.pop();
      if (c) send(c, scheduled);
      else waiting.push(scheduled);
    }
    if (next < total) setTimeout(tick, 1);
  };
  tick();
  await finished;
  const elapsed = (performance.now() - t0) / 1000;
  all.forEach((c) => c.close());
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), max: latencies.at(-1) ?? NaN };
}
