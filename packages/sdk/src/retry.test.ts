import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryable, parseRetryAfter } from './retry.js';

describe('retry decisions', () => {
  it.each([0, 408, 429, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(isRetryable(status)).toBe(true);
  });

  it.each([400, 401, 403, 404, 413, 422])('never retries status %i', (status) => {
    expect(isRetryable(status)).toBe(false);
  });

  it('doubles the wait with each attempt, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, undefined, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, undefined, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits more than five minutes between attempts', () => {
    expect(backoffDelay(30, undefined, () => 1)).toBe(300_000);
  });

  it("waits what the server's Retry-After asks, in seconds or as a date", () => {
    expect(backoffDelay(1, parseRetryAfter('7'))).toBe(7000);
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
