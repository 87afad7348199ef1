import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueue, type QueuedEvent, type QueueOptions } from './queue.js';
import { createStore } from './storage.js';
import type { SendResult } from './transport.js';

const event = (n: number, extra: Record<string, unknown> = {}): QueuedEvent => ({ messageId: `m${n}`, type: 'track', event: 'Product Viewed', ...extra });

/** A queue whose sends are answered by `answer`, recording each batch's message ids. */
function setup(answer: (batch: QueuedEvent[]) => SendResult | Promise<SendResult> = () => ({ status: 200 }), options: Partial<QueueOptions> = {}) {
  const sent: string[][] = [];
  const store = createStore(() => true);
  const queue = createQueue({
    store,
    send: async (batch) => {
      sent.push(batch.map((e) => e.messageId));
      return answer(batch);
    },
    ...options,
  });
  return { queue, sent, store };
}

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('batching', () => {
  it('sends the events of the last half second in one request', async () => {
    const { queue, sent } = setup();
    queue.add(event(1));
    queue.add(event(2));
    await vi.advanceTimersByTimeAsync(499);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([['m1', 'm2']]);
    expect(queue.size()).toBe(0);
  });

  it('sends at once when flushAt events wait', async () => {
    const { queue, sent } = setup(undefined, { flushAt: 3 });
    [1, 2, 3].forEach((n) => queue.add(event(n)));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['m1', 'm2', 'm3']]);
  });

  it('splits events into requests under the byte limit', async () => {
    const { queue, sent } = setup(undefined, { maxBytes: 250 });
    const padding = 'x'.repeat(50); // about 100 bytes an event
    [1, 2, 3].forEach((n) => queue.add(event(n, { padding })));
    await vi.advanceTimersByTimeAsync(501);
    expect(sent).toEqual([['m1', 'm2'], ['m3']]);
  });

  it('keeps one request in flight and sends what came meanwhile after it', async () => {
    let release!: (r: SendResult) => void;
    const { queue, sent } = setup((batch) => (batch[0]!.messageId == 'm1' ? new Promise((r) => (release = r)) : { status: 200 }));
    queue.add(event(1));
    await vi.advanceTimersByTimeAsync(500);
    queue.add(event(2));
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent).toEqual([['m1']]);
    release({ status: 200 });
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['m1'], ['m2']]);
    expect(queue.size()).toBe(0);
  });

  it('on page hide sends the waiting events alongside the request in flight', async () => {
    const { queue, sent } = setup((batch) => (batch[0]!.messageId == 'm1' ? new Promise(() => {}) : { status: 200 }));
    queue.add(event(1));
    await vi.advanceTimersByTimeAsync(500);
    queue.add(event(2));
    queue.flush(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['m1'], ['m2']]);
  });

  it('on page hide sends at once as many batches as fit in the 64 KB keepalive allowance', async () => {
    const { queue, sent } = setup(() => new Promise(() => {}));
    const padding = 'x'.repeat(9_000); // about 9 KB an event
    for (let n = 1; n <= 8; n++) queue.add(event(n, { padding }));
    queue.flush(true);
    await vi.advanceTimersByTimeAsync(0);
    // Batches under 30 KB, under 60 KB in all; the rest waits for the next page.
    expect(sent).toEqual([
      ['m1', 'm2', 'm3'],
      ['m4', 'm5', 'm6'],
    ]);
    expect(queue.size()).toBe(8);
  });
});

describe('persistence', () => {
  it('keeps undelivered events across a reload and sends them from the next page', async () => {
    const first = setup(() => ({ status: 0 }));
    first.queue.add(event(1));
    first.queue.add(event(2));
    await vi.advanceTimersByTimeAsync(500);
    expect(first.sent).toEqual([['m1', 'm2']]);

    // The page is reloaded: a new queue over the same localStorage.
    vi.clearAllTimers();
    const second = setup();
    expect(second.queue.size()).toBe(2);
    second.queue.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.sent).toEqual([['m1', 'm2']]);
    expect(second.queue.size()).toBe(0);
  });

  it('drops the oldest events when full and reports how many after the next delivery', async () => {
    const dropped: number[] = [];
    const { queue, sent } = setup(undefined, { maxQueue: 3, onDropped: (n) => dropped.push(n) });
    [1, 2, 3, 4, 5].forEach((n) => queue.add(event(n)));
    expect(dropped).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toEqual([['m3', 'm4', 'm5']]);
    expect(dropped).toEqual([2]);
  });
});

describe('retries', () => {
  it.each([0, 408, 429, 500, 503])('sends a batch again after status %i, backing off', async (status) => {
    const answers = [status, status, 200];
    const { queue, sent } = setup(() => ({ status: answers.shift()! }));
    vi.spyOn(Math, 'random').mockReturnValue(1);
    queue.add(event(1));
    await vi.advanceTimersByTimeAsync(500);
    expect(sent.length).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.length).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent.length).toBe(3);
    expect(queue.size()).toBe(0);
  });

  it("waits as long as the server's Retry-After says", async () => {
    const answers: SendResult[] = [{ status: 429, retryAfter: 30 }, { status: 200 }];
    const { queue, sent } = setup(() => answers.shift()!);
    queue.add(event(1));
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(sent.length).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.length).toBe(2);
  });

  it.each([400, 401, 403, 413, 422])('gives a batch up after status %i', async (status) => {
    const { queue, sent } = setup(() => ({ status }));
    queue.add(event(1));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([['m1']]);
    expect(queue.size()).toBe(0);
  });

  it('tries again at once when the browser comes back online', async () => {
    const answers = [0, 200];
    const { queue, sent } = setup(() => ({ status: answers.shift()! }));
    queue.add(event(1));
    await vi.advanceTimersByTimeAsync(500);
    queue.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['m1'], ['m1']]);
    expect(queue.size()).toBe(0);
  });
});
