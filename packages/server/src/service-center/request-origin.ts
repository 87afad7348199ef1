import type { Request } from 'express';

/** This server's origin as the caller reached it: the base of links in e-mails when the shop has not set its own page. */
export function requestOrigin(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
