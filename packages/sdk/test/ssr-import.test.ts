// @vitest-environment node
import { expect, it } from 'vitest';

it('imports on a server, where there is no window, without touching the DOM', async () => {
  expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
  const sdk = await import('../src/index.js');
  expect(typeof sdk.vitrina.track).toBe('function');
  expect(() => sdk.vitrina.track('On The Server')).not.toThrow();
});
