import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/database.js';
import { findShopForWriteKey, type Shop } from '../shops/index.js';
import { HttpError } from './errors.js';
import { queryOf } from './plain-route.js';

/**
 * The write key of a public request: in the body (`writeKey`), as the HTTP
 * Basic username (Segment's convention), or as the `writeKey` query parameter
 * (GET requests from a page, which must not send headers that need a preflight).
 */
export function readWriteKey(req: IncomingMessage, body?: unknown): string | undefined {
  const fromBody = (body as { writeKey?: unknown } | undefined)?.writeKey;
  if (typeof fromBody === 'string' && fromBody) return fromBody;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user) return user;
  }
  const q = queryOf(req).writeKey;
  return typeof q === 'string' && q ? q : undefined;
}

/** The shop of the request's write key, or a 401. */
export async function requireShopByWriteKey(db: Db, req: IncomingMessage, body?: unknown): Promise<Shop> {
  const key = readWriteKey(req, body);
  if (!key) throw new HttpError(401, 'missing_write_key', 'Send the write key in the body, as the Basic username, or as ?writeKey=.');
  const shop = await findShopForWriteKey(db, key);
  if (!shop) throw new HttpError(401, 'invalid_write_key', 'The write key is not valid.');
  return shop;
}
