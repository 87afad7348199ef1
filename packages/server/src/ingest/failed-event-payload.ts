import { ingestLimits } from '@vitrina/protocol';
import { toStorableString } from './storable-text.js';

/** How much of a rejected event is kept: enough to debug the client that sent it. */
const MAX_DEPTH = ingestLimits.maxDepth + 2;
const MAX_NODES = 2_000;
const MAX_STRING = 2_048;
const MAX_CHARS = 32 * 1024;

/**
 * A rejected event as failed_events keeps it: a storable copy cut at a depth,
 * a number of values, a string length and a total size, built without
 * recursion (an event nested 20,000 levels deep must not overflow the stack;
 * its neighbours in the batch are stored). What was cut is marked in place.
 * @example toFailedEventPayload({ a: { a: { a: 1 } } }) // => { a: { a: { a: 1 } } }
 */
export function toFailedEventPayload(raw: unknown): unknown {
  let nodes = 0;
  let chars = 0;
  const root: { value: unknown } = { value: undefined };
  // Each entry: the value to copy and where its copy goes.
  const stack: { value: unknown; depth: number; put: (v: unknown) => void }[] = [{ value: raw, depth: 0, put: (v) => (root.value = v) }];
  const room = (waiting: number) => Math.max(0, MAX_NODES - nodes - waiting);
  while (stack.length > 0) {
    const { value, depth, put } = stack.pop()!;
    nodes++;
    if (chars > MAX_CHARS) continue; // left out: undefined, dropped (or null in an array) by JSON.stringify
    if (typeof value === 'string') {
      const s = toStorableString(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}[… ${value.length - MAX_STRING} more characters]` : value);
      chars += s.length + 2;
      put(s);
      continue;
    }
    if (value === null || typeof value !== 'object') {
      chars += 8;
      // Numbers JSON cannot hold (never from a parsed body, but from code) become null, as JSON.stringify would make them.
      put(typeof value === 'number' && !Number.isFinite(value) ? null : value);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      put(`[nested deeper than ${MAX_DEPTH} levels]`);
      continue;
    }
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      put(copy);
      const kept = Math.min(value.length, room(stack.length));
      if (kept < value.length) copy[kept] = `[… ${value.length - kept} more values]`;
      // Pushed in reverse so that elements are copied in order (the budget cuts the tail, not the head).
      for (let i = kept - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, put: (v) => (copy[i] = v) });
      continue;
    }
    const copy: Record<string, unknown> = {};
    put(copy);
    const all = Object.keys(value);
    const keys = all.slice(0, room(stack.length));
    if (keys.length < all.length) copy['…'] = `${all.length - keys.length} more keys`;
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const key = toStorableString(k.length > MAX_STRING ? k.slice(0, MAX_STRING) : k);
      chars += key.length + 4;
      stack.push({ value: (value as Record<string, unknown>)[k], depth: depth + 1, put: (v) => (copy[key] = v) });
    }
  }
  return root.value;
}
