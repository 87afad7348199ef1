import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSecret, sealSecret, secretKeyId } from '../shopify/index.js';

/**
 * The keys that seal secrets at rest (shops' signing secrets, Shopify's
 * tokens): the current one seals, older ones (during a rotation) still open
 * what they sealed until it is sealed again at the next start.
 */
interface SecretKeys {
  current: Buffer;
  old: Buffer[];
}
let keys: SecretKeys | undefined;

const PREFIX = 'sealed:v1:';

/** Decodes `VITRINA_SECRET_KEY` (and `VITRINA_OLD_SECRET_KEYS`, comma-separated): 32 bytes each, base64. */
export function parseSecretKeys(current: string, old = ''): SecretKeys {
  const decode = (b64: string) => {
    const key = Buffer.from(b64.trim(), 'base64');
    if (key.length !== 32) throw new Error('a secret key must be 32 bytes in base64 (openssl rand -base64 32)');
    return key;
  };
  return { current: decode(current), old: old.split(',').filter((s) => s.trim()).map(decode) };
}

/**
 * Sets the keys for this process: from the environment, or for the embedded
 * database a key generated once into its data folder (`secret.key`, readable
 * by its owner only). With a Postgres server the key must come from the
 * environment: a key kept beside a shared database would protect nothing.
 * @throws Error naming VITRINA_SECRET_KEY when it is missing and the database is a server.
 */
export function configureSecretKeys(opts: { env: Record<string, string | undefined>; databaseUrl: string | undefined; dataDir: string }): void {
  if (opts.env.VITRINA_SECRET_KEY) {
    keys = parseSecretKeys(opts.env.VITRINA_SECRET_KEY, opts.env.VITRINA_OLD_SECRET_KEYS);
    return;
  }
  if (opts.databaseUrl) {
    throw new Error('VITRINA_SECRET_KEY is required with DATABASE_URL: 32 random bytes in base64 (openssl rand -base64 32); it seals the secrets stored in the database');
  }
  if (opts.dataDir.startsWith('memory://')) {
    keys = { current: randomBytes(32), old: [] };
    return;
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const file = join(opts.dataDir, 'secret.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  keys = parseSecretKeys(readFileSync(file, 'utf8'));
}

function keysOrThrow(): SecretKeys {
  // Tests and scripts that open the database directly take the key from the environment.
  if (!keys && process.env.VITRINA_SECRET_KEY) keys = parseSecretKeys(process.env.VITRINA_SECRET_KEY, process.env.VITRINA_OLD_SECRET_KEYS);
  if (!keys) throw new Error('no secret key configured (VITRINA_SECRET_KEY)');
  return keys;
}

/**
 * A secret as a column stores it: `sealed:v1:<key id>:<AES-256-GCM, base64>`,
 * bound to `context` (its row and column).
 * @example sealColumn('9f2c…', 'shop_1:signing_secret') // => 'sealed:v1:66687aadf862bd77:q1w2…'
 */
export function sealColumn(plain: string, context: string): string {
  const s = sealSecret(keysOrThrow().current, plain, context);
  return `${PREFIX}${s.keyId}:${s.sealed}`;
}

/** True for a value `sealColumn` wrote under the current key (no re-sealing needed). */
export function isSealedUnderCurrentKey(stored: string): boolean {
  return stored.startsWith(`${PREFIX}${secretKeyId(keysOrThrow().current)}:`);
}

/**
 * The plain secret of a column: opened with whichever configured key sealed
 * it; a value stored before sealing existed is returned as it is (it is
 * sealed at the next start).
 * @throws Error when the key that sealed it is not configured, or the value was altered.
 */
export function openColumn(stored: string, context: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const rest = stored.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  const keyId = rest.slice(0, colon);
  const { current, old } = keysOrThrow();
  const key = [current, ...old].find((k) => secretKeyId(k) === keyId);
  if (!key) throw new Error(`a secret is sealed under key ${keyId}, which is not configured (VITRINA_SECRET_KEY / VITRINA_OLD_SECRET_KEYS)`);
  return openSecret(key, { keyId, sealed: rest.slice(colon + 1) }, context);
}
