import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { DatabaseHandle } from '../db/database.js';
import { healthRoutes } from '../health/health.routes.js';
import { ingestRoutes } from '../ingest/ingest.routes.js';
import type { Logger } from '../logger.js';
import { recommendRoutes } from '../recommend/recommend.routes.js';
import { demoRoutes } from '../demo/demo.routes.js';
import { publicCors } from './cors.js';
import { errorHandler, sendError } from './errors.js';

export interface AppDeps {
  database: DatabaseHandle;
  logger: Logger;
  /** Serve the demo storefront at `/` and its config. */
  demo: boolean;
}

// src/http and dist are both three levels below the repository root.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fromRoot = (p: string) => repoRoot + p;

/** The whole HTTP surface of one Vitrina process. */
export function createApp({ database, logger, demo }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestLog(logger));

  app.use(healthRoutes(database));
  app.use('/v1', publicCors());
  app.use(ingestRoutes(database.db));
  app.use(recommendRoutes(database.db));

  app.use('/sdk', express.static(fromRoot('packages/sdk/dist'), { maxAge: '5m' }));
  app.use('/widget', express.static(fromRoot('packages/widget/dist'), { maxAge: '5m' }));
  if (demo) {
    app.use(demoRoutes());
    app.use(express.static(fromRoot('examples/storefront'), { extensions: ['html'] }));
  }

  app.use(function notFound(req, res) {
    sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}.`);
  });
  app.use(errorHandler(logger));
  return app;
}

function requestLog(logger: Logger): express.RequestHandler {
  return function logRequest(req, res, next) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.debug('request', { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  };
}
