import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { sendError } from '../http/errors.js';

// Scripts only from this origin and no inline ones; styles from files (uPlot's
// and Preact's style changes go through the CSSOM, which style-src allows);
// the panel may not be framed by any page (clickjacking of an erase button).
export const PANEL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The merchant panel (packages/admin's build) at `/admin`: its files, and its
 * page for every client route (`/admin/customers/c-1` is the app's, not a file).
 * `/admin/api/*` is the sign-in's and is not answered here.
 * @example app.use(adminPanelRoutes('/repo/packages/admin/dist'))
 */
export function adminPanelRoutes(distDir: string): Router {
  const router = Router();
  const index = join(distDir, 'index.html');
  router.use('/admin', function panelHeaders(req, res, next) {
    if (req.path.startsWith('/api/')) return next();
    res.set({ 'Content-Security-Policy': PANEL_CSP, 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' });
    next();
  });
  router.use('/admin', express.static(distDir, { index: false, maxAge: '5m', redirect: false }));
  router.get(/^\/admin(\/.*)?$/, function getPanelPage(req, res, next) {
    if (req.path.startsWith('/admin/api/')) return next();
    if (!existsSync(index)) return sendError(res, 503, 'panel_not_built', 'The admin panel is not built: run pnpm build (packages/admin).');
    res.set('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
