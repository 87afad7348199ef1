import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors.js';
import type { Shop } from '../shops/index.js';

/**
 * A shop may list the storefront origins allowed to call its public API
 * (`settings.allowedOrigins`); a request from another origin gets 403. Requests
 * without an Origin (servers, Segment's server libraries) pass: the write key
 * is public anyway, the list stops other sites' pages from sending in the
 * shop's name.
 */
export function requireAllowedOrigin(req: IncomingMessage, shop: Shop): void {
  const allowed = shop.settings?.allowedOrigins;
  const origin = req.headers.origin;
  if (!origin || !allowed?.length) return;
  if (!allowed.includes(origin)) throw new HttpError(403, 'origin_not_allowed', `This shop does not accept requests from ${origin}.`);
}
