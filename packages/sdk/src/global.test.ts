import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { installFakeNetwork } from '../test/fake-network.js';

// The inline snippet of the README, as a page would run it before the script loads.
const snippet =
  '!function(w,v){v=w.Vitrina=w.Vitrina||[];"init page track identify reset consent productViewed productsSearched productAdded productRemoved cartViewed checkoutStarted orderCompleted showcase crossSell reorder profile render flush".split(" ").forEach(function(m){v[m]=v[m]||function(){var a=arguments;return new Promise(function(r){v.push([m,a,r])})}})}(window)';

beforeEach(() => {
  localStorage.clear();
  delete (window as { Vitrina?: unknown }).Vitrina;
  vi.resetModules();
  vi.spyOn(navigator, 'webdriver', 'get').mockReturnValue(false);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

it('replays calls made before the script loaded, and resolves their promises', async () => {
  const net = installFakeNetwork((req) => (req.url.includes('/recommendations/') ? Response.json({ kind: 'showcase', items: [{ productId: 'p-1' }] }) : Response.json({})));
  new Function(snippet)();
  const w = window as unknown as { Vitrina: Record<string, (...args: unknown[]) => unknown> };
  w.Vitrina.init!({ writeKey: 'wk_early', endpoint: 'https://vitrina.test', renderSlots: false });
  w.Vitrina.track!('Clicked Early', { n: 1 });
  const items = w.Vitrina.showcase!({ limit: 1 });

  await import('./global.js');
  expect(Array.isArray(w.Vitrina)).toBe(false);
  expect(await items).toEqual([{ productId: 'p-1' }]);
  w.Vitrina.flush!();
  await vi.waitFor(() => expect(net.events().map((e) => e.event ?? e.type)).toEqual(['page', 'Clicked Early']));
  expect(net.batches()[0]!.writeKey).toBe('wk_early');
});

it('keeps the first client when the script is loaded twice', async () => {
  installFakeNetwork();
  await import('./global.js');
  const first = (window as { Vitrina?: unknown }).Vitrina;
  vi.resetModules();
  await import('./global.js');
  expect((window as { Vitrina?: unknown }).Vitrina).toBe(first);
});
