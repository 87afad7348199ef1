/**
 * The campaign sender in a process of its own, for campaign-kill.test.ts (run
 * with tsx): a job runner with the real campaign sender job, which a test can
 * SIGKILL mid-send and start again.
 * Env: DATABASE_URL, PG_OPTIONS (the test schema's search_path), SMTP_URL,
 * VITRINA_SECRET_KEY, JOB_LEASE_MS.
 */
import { openDatabase } from '../../db/database.js';
import { startJobRunner } from '../../jobs/job-runner.js';
import { createLogger } from '../../logger.js';
import { ModelStore } from '../../recommend/model-store.js';
import { configureSecretKeys } from '../../secrets/secret-keys.js';
import { campaignSenderJob } from '../campaign-sender.job.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
configureSecretKeys({ env: process.env, databaseUrl: env('DATABASE_URL'), dataDir: 'memory://' });
const logger = createLogger('warn', (line) => process.stderr.write(line));
const database = await openDatabase({ databaseUrl: env('DATABASE_URL'), pgOptions: env('PG_OPTIONS'), logger, poolSize: 6, ingestConnections: 1 });
const models = new ModelStore(database.db, logger);
const sender = campaignSenderJob({ db: database.db, models, logger, publicOrigin: () => 'https://crm.vitrina.test', smtpUrl: env('SMTP_URL'), from: 'Shop <news@shop.test>' });
const runner = startJobRunner({ db: database.db, logger, owner: `sender-${process.pid}`, pollMs: 200, jobs: [{ ...sender, leaseMs: Number(env('JOB_LEASE_MS')) }] });
// The runner's timers do not hold a process open: this one idles until told to stop.
const keepAlive = setInterval(() => {}, 60_000);
process.once('SIGTERM', () => {
  void runner
    .stop()
    .then(() => sender.close())
    .then(() => database.close())
    .finally(() => {
      clearInterval(keepAlive);
      process.exit(0);
    });
});
process.stdout.write('ready\n');
