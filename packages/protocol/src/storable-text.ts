import { z } from 'zod';
import { ingestLimits } from './events.js';

/**
 * False for a string Postgres cannot hold: it refuses U+0000 in text (and
 * `\u0000` in jsonb), so a query that stores or merely compares one fails.
 * Lone UTF-16 surrogates need no check: they reach Postgres as U+FFFD.
 * @example isStorableText('c\u00001') // => false
 */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000');
}

/**
 * A string from outside (a path, a query, a body) that may reach a query:
 * the base of every such field, so that a NUL is a 400 at the edge, never a
 * database error. Chain it as a `z.string()`.
 * @example storableText.trim().max(320).safeParse('anna\u0000@example.com') // => { success: false, error: { issues: [{ message: 'must not contain NUL characters' }] } }
 */
export const storableText = z.string().refine(isStorableText, 'must not contain NUL characters');

/** An id from outside: a customer, an order, a claim, a service point. */
export const storableId = storableText.min(1).max(ingestLimits.maxIdLength);
