import { describe, expect, it } from 'vitest';
import { eventSchema } from './events.js';

const track = (over: Record<string, unknown>) => ({ type: 'track', event: 'Product Viewed', messageId: 'm-1', anonymousId: 'a-1', ...over });

describe('eventSchema', () => {
  it('passes properties, context and traits on as the same objects, nested content included', () => {
    const properties = { product_id: 'p-1', variant: { size: 'M' }, tags: ['a'] };
    const context = { page: { path: '/p/1' } };
    const parsed = eventSchema.parse(track({ properties, context }));
    expect(parsed).toMatchObject({ properties, context });
    expect((parsed as { properties: unknown }).properties).toBe(properties);
  });

  it('refuses properties or context that are not a JSON object, naming the field', () => {
    for (const bad of [[], 'x', 1, null, new Date(), new Map()]) {
      const result = eventSchema.safeParse(track({ properties: bad }));
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]).toMatchObject({ path: ['properties'] });
    }
    const result = eventSchema.safeParse({ type: 'identify', messageId: 'm-2', userId: 'c-1', traits: ['x'] });
    expect(result.error!.issues[0]).toMatchObject({ path: ['traits'], message: 'Invalid input: expected an object' });
  });
});
