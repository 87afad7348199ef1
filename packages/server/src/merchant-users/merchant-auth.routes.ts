import express, { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { parseOrThrow, sendError } from '../http/errors.js';
import { safeEqual, findShopById } from '../shops/index.js';
import { readCookies, serializeCookie } from './cookies.js';
import { DEVICE_COOKIE } from './device-cookie.js';
import { findMerchantPrincipal, SESSION_COOKIE, signOut } from './merchant-session.service.js';
import { SESSION_TTL_MS, signIn } from './sign-in.service.js';

// Postgres text holds no NUL: refused here rather than failing in the query.
const text = (max: number) => z.string().trim().min(1).max(max).refine((v) => !v.includes('\u0000'), 'must not contain NUL');
const loginBody = z.strictObject({
  email: text(254),
  password: z.string().min(1).max(1024),
  shopId: text(100).optional(),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The panel's sign-in: `POST /admin/api/login` `{ email, password, shopId? }`
 * sets the session cookie and answers the CSRF token; `GET /admin/api/session`
 * says who is signed in; `POST /admin/api/logout` ends the session.
 * @example app.use(merchantAuthRoutes(db, { secureCookies: publicOrigin().startsWith('https:') }))
 */
export function merchantAuthRoutes(db: Db, opts: { secureCookies: () => boolean }): Router {
  const router = Router();
  router.use('/admin/api', express.json({ limit: '16kb' }), function noStore(_req, res, next) {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.post('/admin/api/login', async function postLogin(req, res) {
    const body = parseOrThrow(loginBody, req.body, 'body');
    const cookies = readCookies(req.headers.cookie);
    const result = await signIn(db, { ...body, address: req.ip ?? 'unknown', deviceCookie: cookies[DEVICE_COOKIE] });
    if (!result.ok) {
      if (result.code === 'too_many_attempts') {
        res.set('Retry-After', String(result.retryAfterSeconds));
        return sendError(res, 429, 'too_many_attempts', `Too many wrong passwords: try again in ${Math.ceil(result.retryAfterSeconds / 60)} min.`);
      }
      if (result.code === 'shop_required') return res.status(409).json({ error: { code: 'shop_required', message: 'This e-mail signs in to several shops: choose one.' }, shops: result.shops });
      await sleep(result.delayMs);
      return sendError(res, 401, 'invalid_credentials', 'The e-mail or the password is wrong.');
    }
    const secure = opts.secureCookies();
    res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, result.sessionCookie, { maxAgeSeconds: SESSION_TTL_MS / 1000, secure }));
    res.append('Set-Cookie', serializeCookie(DEVICE_COOKIE, result.deviceCookie, { maxAgeSeconds: 365 * 86_400, secure }));
    res.json({ user: { email: result.user.email, role: result.user.role }, shop: result.shop, csrfToken: result.csrfToken, expiresAt: result.expiresAt });
  });

  router.get('/admin/api/session', async function getSession(req, res) {
    const principal = await findMerchantPrincipal(db, readCookies(req.headers.cookie)[SESSION_COOKIE]);
    const shop = principal && (await findShopById(db, principal.shopId));
    if (!principal || !shop) return sendError(res, 401, 'not_signed_in', 'Sign in first.');
    res.json({ user: { email: principal.email, role: principal.role }, shop: { id: shop.id, name: shop.name, currency: shop.settings?.currency ?? 'EUR' }, csrfToken: principal.csrfToken, expiresAt: principal.expiresAt });
  });

  router.post('/admin/api/logout', async function postLogout(req, res) {
    const cookie = readCookies(req.headers.cookie)[SESSION_COOKIE];
    const principal = await findMerchantPrincipal(db, cookie);
    // Signing out is a change too: a page on another site must not sign the merchant out.
    if (principal && !safeEqual(String(req.headers['x-csrf-token'] ?? ''), principal.csrfToken)) {
      return sendError(res, 403, 'csrf_token_invalid', 'Signing out needs the session\'s X-CSRF-Token header.');
    }
    await signOut(db, cookie);
    res.append('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: opts.secureCookies() }));
    res.status(204).end();
  });
  return router;
}
