import { backoffDelay, isRetryable } from './retry.js';
import type { Store } from './storage.js';
import type { SendResult } from './transport.js';

/** An event as the queue sees it: anything with a message id. */
export interface QueuedEvent {
  messageId: string;
  [field: string]: unknown;
}

export interface QueueOptions {
  store: Store;
  /** Sends one batch (`final`: the page is being hidden); resolves with the HTTP status (0 for a network error). */
  send(batch: QueuedEvent[], final?: boolean): Promise<SendResult>;
  /** Told, after the next delivery, how many events a full queue dropped, so that it can report them. */
  onDropped?(count: number): void;
  /** Send when this many events wait (default 20). */
  flushAt?: number;
  /** Send this long after the first waiting event (default 500 ms). */
  flushInterval?: number;
  /** Events kept at most; the oldest are dropped first (default 1000). */
  maxQueue?: number;
  /** Bytes of events per request, under the 64 KB keepalive limit (default 30 000). */
  maxBytes?: number;
}

export interface Queue {
  add(event: QueuedEvent): void;
  /**
   * Sends what waits now: after a click, on going online, and on page hide
   * (`final`), when it also sends alongside a request in flight.
   */
  flush(final?: boolean): void;
  /** Forgets every waiting event (consent revoked). */
  clear(): void;
  size(): number;
}

/**
 * A persisted, batched delivery queue. Events stay in the store until the
 * server acknowledged them, so a reload, a crash or a closed tab only delays
 * them; the server deduplicates by message id, so sending one twice is safe.
 * One request is in flight at a time; failures back off exponentially.
 * @example
 * const queue = createQueue({ store, send: (batch) => postJson(url, JSON.stringify({ batch })) });
 * queue.add({ messageId: 'm1', type: 'page' }); // sent within 500 ms
 */
export function createQueue(options: QueueOptions): Queue {
  const { store, send, flushAt = 20, flushInterval = 500, maxQueue = 1000, maxBytes = 3e4 } = options;
  const inFlight = new Set<string>();
  let inFlightBytes = 0;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;

  const read = () => store.get<QueuedEvent[]>('q') || [];
  const write = (events: QueuedEvent[]) => store.set('q', events);

  const schedule = (ms: number) => {
    if (!timer) timer = setTimeout(() => ((timer = 0), flush()), ms);
  };

  /**
   * Sends the oldest events not in flight, up to flushAt * 5 of them and
   * maxBytes. On page hide (`final`) it sends at once as many batches as fit
   * in `budget`: browsers allow 64 KB of keepalive bodies in flight in all.
   */
  const flush = async (final?: boolean, budget = 6e4 - inFlightBytes): Promise<void> => {
    if (inFlight.size && !final) return;
    const limit = final ? Math.min(maxBytes, budget) : maxBytes;
    const batch: QueuedEvent[] = [];
    let bytes = 0;
    for (const e of read()) {
      if (inFlight.has(e.messageId)) continue;
      const size = JSON.stringify(e).length;
      // An event alone over the limit still goes, alone, in an ordinary flush.
      if ((bytes + size > limit && (batch.length || final)) || batch.length >= flushAt * 5) break;
      bytes += size;
      batch.push(e);
    }
    if (!batch.length) return;
    const ids = batch.map((e) => e.messageId);
    ids.forEach((id) => inFlight.add(id));
    inFlightBytes += bytes;
    const sending = send(batch, final);
    if (final) void flush(true, budget - bytes);
    const { status, retryAfter } = await sending;
    inFlightBytes -= bytes;
    ids.forEach((id) => inFlight.delete(id));
    if (!isRetryable(status)) {
      // Delivered, or refused for good: either way it leaves the queue.
      write(read().filter((e) => !ids.includes(e.messageId)));
      attempt = 0;
      const dropped = store.get<number>('d');
      if (dropped) {
        store.set('d', 0);
        options.onDropped?.(dropped);
      }
      if (read().length) schedule(0);
    } else {
      clearTimeout(timer);
      timer = 0;
      schedule(backoffDelay(++attempt, retryAfter));
    }
  };

  return {
    add(event) {
      const events = read();
      events.push(event);
      const over = events.length - maxQueue;
      if (over > 0) {
        events.splice(0, over);
        store.set('d', (store.get<number>('d') || 0) + over);
      }
      write(events);
      if (events.length >= flushAt && !attempt) flush();
      else schedule(flushInterval);
    },
    flush(final) {
      clearTimeout(timer);
      timer = 0;
      attempt = 0;
      flush(final);
    },
    clear() {
      write([]);
    },
    size: () => read().length,
  };
}
