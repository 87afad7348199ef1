import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A random token of base62 characters with the given prefix, e.g. `wk_3fQ...`. */
export function generateToken(prefix: string, length = 32): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % 62];
  return `${prefix}${out}`;
}

/** Admin keys are long random tokens, so one SHA-256 is enough to store them safely. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
