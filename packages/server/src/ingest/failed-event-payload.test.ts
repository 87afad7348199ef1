import { describe, expect, it } from 'vitest';
import { toFailedEventPayload } from './failed-event-payload.js';

describe('toFailedEventPayload', () => {
  it('keeps an ordinary event as it was sent', () => {
    const e = { type: 'track', event: 'X', properties: { list: [1, 'two', { three: true }], none: null } };
    expect(toFailedEventPayload(e)).toEqual(e);
  });

  it('cuts an event nested 100,000 levels deep without overflowing the stack', () => {
    let deep: Record<string, unknown> = { end: 1 };
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const out = JSON.stringify(toFailedEventPayload({ messageId: 'm1', properties: deep }));
    expect(out).toContain('"messageId":"m1"');
    expect(out).toContain('nested deeper than');
    expect(out.length).toBeLessThan(1_000);
  });

  it('bounds the size of a huge event and removes characters Postgres refuses', () => {
    const out = toFailedEventPayload({ s: 'x'.repeat(100_000), ['k\u0000']: 'a\u0000b', many: Array.from({ length: 50_000 }, (_, i) => i) }) as Record<string, unknown>;
    expect(JSON.stringify(out).length).toBeLessThan(40_000);
    expect(out.k).toBe('ab');
    expect(String(out.s)).toContain('more characters');
  });
});
