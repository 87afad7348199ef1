import { Router } from 'express';
import { DEMO_WRITE_KEY } from './demo-shop.js';

/** The demo storefront reads its write key from here; write keys are public. */
export function demoRoutes(): Router {
  const router = Router();
  router.get('/demo/config.json', function getDemoConfig(_req, res) {
    res.json({ writeKey: DEMO_WRITE_KEY, endpoint: '' });
  });
  // Product pictures for the demo catalog, drawn rather than shipped.
  router.get('/demo/img/:file', function getDemoImage(req, res) {
    const id = req.params.file.replace(/\.svg$/, '');
    if (!/^p-\d{4}$/.test(id)) return void res.status(404).end();
    const n = Number(id.slice(2));
    const hue = (n * 47) % 360;
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 180"><rect width="240" height="180" fill="hsl(${hue} 55% 88%)"/>` +
        `<circle cx="120" cy="82" r="46" fill="hsl(${hue} 50% 55%)"/><text x="120" y="160" font-family="sans-serif" font-size="18" text-anchor="middle" fill="hsl(${hue} 40% 25%)">${id}</text></svg>`,
    );
  });
  return router;
}
