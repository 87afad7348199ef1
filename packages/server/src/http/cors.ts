import type { RequestHandler } from 'express';

/**
 * CORS for storefront pages: any origin, never credentials (the public API
 * authenticates by write key, not cookies).
 */
export function publicCors(): RequestHandler {
  return function publicCorsHeaders(req, res, next) {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Vary', 'Origin');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.set('Access-Control-Allow-Headers', 'Content-Type, Authorization');
      res.set('Access-Control-Max-Age', '86400');
      return void res.status(204).end();
    }
    next();
  };
}
