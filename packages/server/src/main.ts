import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseLockedError } from './db/embedded-lock.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { DEMO_OWNER, DEMO_STAFF } from './demo/demo-merchant-users.js';
import { describeDemoOrders, findDemoOrdersByState } from './demo/demo-service-orders.js';
import { runsJobs, runWorkers } from './workers.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    runWorkers(config.workers, logger);
    return;
  }
  const jobs = runsJobs();
  const server = await startServer(config, logger, { jobs });
  // The demo's fixed keys only when the demo shop is there: on a database whose
  // first shop was made by the CLI, they would name a shop that does not exist.
  if (server.demo?.exists && jobs) {
    process.stdout.write(
      [
        '',
        `  Vitrina is running on ${config.databaseUrl ? 'Postgres' : `embedded Postgres in ${config.dataDir} (stop the server and delete that folder to reset the demo)`}`,
        `  Storefront:  ${server.url}/`,
        `  Admin panel: ${server.url}/admin/  (owner ${DEMO_OWNER.email} / ${DEMO_OWNER.password}, staff ${DEMO_STAFF.email} / ${DEMO_STAFF.password})`,
        `  Admin API:   ${server.url}/v1/admin/...  (Authorization: Bearer ${server.demo.adminKey})`,
        `  Write key:   ${server.demo.writeKey}   shop id: ${server.demo.shopId}`,
        '',
      ].join('\n') + '\n',
    );
    process.stdout.write(describeDemoOrders(server.url, await findDemoOrdersByState(server.database.db, server.demo.shopId)) + '\n');
  }
  // Graceful shutdown: finish requests in flight, close the database, exit.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err) => {
        logger.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  // A folder held by another process is the user's situation to resolve, not a bug: no stack.
  if (err instanceof DatabaseLockedError) process.stderr.write(`Vitrina failed to start: ${err.message}\n`);
  else process.stderr.write(`Vitrina failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
