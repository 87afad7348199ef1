import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt from node:crypto rather than argon2id: no native module to build or
// download for each platform, and OWASP lists scrypt at N=2^15, r=8, p=3 as
// equal in strength to its argon2id settings. 32 MiB and about 0.45 s per hash
// on this 2-core machine, off the event loop (libuv's thread pool). The
// parameters are stored in each hash, so they can be raised later and old
// hashes still verify.
const params = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...p, maxmem: 256 * p.N * p.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * A salted scrypt hash of a password, with its parameters.
 * @example await hashPassword('correct horse battery') // => 'scrypt$32768$8$3$<salt b64>$<hash b64>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/**
 * Whether a password matches a stored hash (constant-time comparison); false for a malformed hash.
 * @example await verifyPassword('correct horse battery', stored) // => true
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: verified against when the e-mail is unknown, so both answers take as long. */
export const decoyHash = 'scrypt$32768$8$3$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
