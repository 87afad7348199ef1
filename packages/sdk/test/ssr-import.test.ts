// @vitest-environment node
import { expect, it, vi } from 'vitest';

it('imports on a server, where there is no window, without touching the DOM', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const sdk = await import('../src/index.js');
  expect(typeof sdk.vitrina.track).toBe('function');
});

it('sends nothing when called during server rendering', async () => {
  const fetch = vi.fn(async () => new Response('{}'));
  vi.stubGlobal('fetch', fetch);
  try {
    const { vitrina } = await import('../src/index.js');
    vitrina.init({ writeKey: 'wk_test', endpoint: 'http://127.0.0.1:9' });
    vitrina.track('Rendered On The Server', { n: 1 });
    vitrina.page();
    await new Promise((r) => setTimeout(r, 50));
    expect(fetch).not.toHaveBeenCalled();
  } finally {
    vi.unstubAllGlobals();
  }
});
