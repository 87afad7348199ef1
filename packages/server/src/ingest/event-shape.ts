import { ingestLimits } from '@vitrina/protocol';

export type ShapeProblem = 'event_too_large' | 'too_many_properties' | 'too_deep' | 'string_too_long';

/**
 * Checks one raw event against the limits on size, key count, depth and
 * string length (Segment's 32 KB an event, and bounds that keep one event
 * from costing more than a batch). Returns the first problem, or undefined.
 * @example checkEventShape({ type: 'track', properties: { a: 'x'.repeat(9000) } }) // => { problem: 'string_too_long', ... }
 */
export function checkEventShape(raw: unknown): { problem: ShapeProblem; message: string } | undefined {
  let keys = 0;
  let bytes = 0;
  let found: { problem: ShapeProblem; message: string } | undefined;
  const walk = (v: unknown, depth: number): void => {
    if (found) return;
    if (typeof v === 'string') {
      if (v.length > ingestLimits.maxStringLength) found = { problem: 'string_too_long', message: `A string value may hold at most ${ingestLimits.maxStringLength} characters.` };
      bytes += v.length + 3;
      return;
    }
    if (v === null || typeof v !== 'object') {
      bytes += 8;
      return;
    }
    if (depth > ingestLimits.maxDepth) {
      found = { problem: 'too_deep', message: `Objects may nest at most ${ingestLimits.maxDepth} levels.` };
      return;
    }
    if (Array.isArray(v)) {
      keys += v.length;
      for (const x of v) walk(x, depth + 1);
    } else {
      for (const k in v) {
        keys++;
        bytes += k.length + 4;
        walk((v as Record<string, unknown>)[k], depth + 1);
      }
    }
    if (keys > ingestLimits.maxPropertyKeys && !found) found = { problem: 'too_many_properties', message: `An event may hold at most ${ingestLimits.maxPropertyKeys} keys.` };
  };
  walk(raw, 0);
  if (found) return found;
  // The walk's estimate is cheap; only a borderline event pays for an exact count.
  if (bytes > ingestLimits.maxEventBytes / 3 && Buffer.byteLength(JSON.stringify(raw)) > ingestLimits.maxEventBytes) {
    return { problem: 'event_too_large', message: `An event may hold at most ${ingestLimits.maxEventBytes} bytes.` };
  }
  return undefined;
}
