import { batchEnvelopeSchema, eventSchema, ingestLimits } from '@vitrina/protocol';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { installFakeNetwork } from '../test/fake-network.js';
import { createVitrina } from './client.js';

beforeEach(() => {
  localStorage.clear();
  vi.useFakeTimers();
  vi.spyOn(navigator, 'webdriver', 'get').mockReturnValue(false);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// zod is used here, in the test, only: the shipped sdk imports the protocol's types.
it("sends only what the server's own schemas accept", async () => {
  const net = installFakeNetwork();
  history.replaceState({}, '', '/landing?utm_source=newsletter&gclid=g1');
  const vitrina = createVitrina();
  vitrina.init({ writeKey: 'wk_test', endpoint: 'https://vitrina.test', renderSlots: false });
  vitrina.productViewed({ product_id: 'p-1', name: 'Kettle', price: 39 });
  vitrina.productsSearched('kettle', { results: 3 });
  vitrina.identify('c-1', { email: 'ada@example.com' }, { signature: 'a'.repeat(64) });
  vitrina.orderCompleted({ order_id: 'o-1', total: 39, products: [{ product_id: 'p-1', quantity: 1 }] });
  vitrina.consent({ analytics: true, personalization: true });
  vitrina.reset();
  vitrina.page('Home');
  await vi.advanceTimersByTimeAsync(500);

  const [request] = net.batches();
  expect(batchEnvelopeSchema.safeParse(request).success).toBe(true);
  expect(request!.batch.length).toBe(7);
  for (const event of request!.batch) {
    const parsed = eventSchema.safeParse(event);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(JSON.stringify(event).length).toBeLessThan(ingestLimits.maxEventBytes);
  }
  expect(request!.batch[0]!.context.campaign).toEqual({ source: 'newsletter', gclid: 'g1' });
});
