import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A secret as stored: the sealed text and the id of the key that sealed it. */
export interface SealedSecret {
  sealed: string;
  keyId: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The id stored beside each sealed value: the first 8 bytes of the key's
 * SHA-256, in hex. It names the key without revealing it, so that a value
 * sealed under an older key is recognised (and refused with a clear error)
 * once `VITRINA_SECRET_KEY` has been rotated.
 * @example secretKeyId(Buffer.alloc(32)) // => '66687aadf862bd77'
 */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Seals a secret with AES-256-GCM under `key` (32 bytes): a random 96-bit IV,
 * the ciphertext and the 128-bit tag, base64. `context` (e.g. the shop and the
 * column) is authenticated with it, so a sealed value copied to another row or
 * column does not open there.
 * @example sealSecret(key, 'shpat_123', 'shop_1:access_token') // => { sealed: 'q1w2...', keyId: '66687aadf862bd77' }
 */
export function sealSecret(key: Buffer, plain: string, context: string): SealedSecret {
  if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: secretKeyId(key) };
}

/**
 * Opens a value sealed by `sealSecret` under the same key and context.
 * @throws Error when the key id differs (the key was rotated) or the value was altered.
 */
export function openSecret(key: Buffer, secret: SealedSecret, context: string): string {
  if (secret.keyId !== secretKeyId(key)) throw new Error(`sealed under another key (${secret.keyId}); VITRINA_SECRET_KEY has changed`);
  const raw = Buffer.from(secret.sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
