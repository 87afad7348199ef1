import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { untilDatabaseAnswers } from './db/wait-for-database.js';
import { configureSecretKeys } from './secrets/secret-keys.js';
import { eventMaintenanceJob, runEventMaintenance } from './jobs/event-maintenance.job.js';
import { startJobRunner, type JobDefinition } from './jobs/job-runner.js';
import { retireJob } from './jobs/jobs.service.js';
import { seedDemoShopIfEmpty, type DemoSeedResult } from './demo/demo-shop.js';
import { createRequestListener } from './http/app.js';
import { OUTBOX_SEND_JOB, startMail } from './mail/index.js';
import type { SmtpSink } from './mail/smtp-sink.js';
import { publicOriginFor } from './service-center/public-origin.js';
import type { Logger } from './logger.js';
import { ModelStore } from './recommend/model-store.js';
import { buildUnbuiltShopModels, MODEL_REBUILD_JOB, modelRebuildJob } from './recommend/model-schedule.js';
import { listShopIds, sealShopSecrets } from './shops/shops.repository.js';
import { WEBHOOK_INBOX_JOB, webhookInboxJob } from './shopify/webhook-inbox.job.js';
import { CAMPAIGN_SENDER_JOB, campaignSenderJob, type CampaignSenderOptions } from './campaigns/index.js';
import { DEMO_SHOP_ID } from './demo/index.js';

export interface RunningServer {
  url: string;
  database: DatabaseHandle;
  demo: DemoSeedResult | undefined;
  /** Stops taking connections, lets requests in flight finish, then closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  pgOptions?: string;
  /**
   * Runs the background jobs: event partitions and retention, the model
   * schedule (both through the job runner, see jobs/job-runner.ts) and the
   * outbox's e-mail (default). Of several processes sharing a port, one runs
   * them; the others serve requests only.
   */
  jobs?: boolean;
}

/**
 * Opens the database, migrates it, seeds the demo shop on an empty database
 * (when enabled) and starts listening.
 * @example const s = await startServer(loadConfig(), logger); console.log(s.url) // http://127.0.0.1:8787
 */
export async function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<RunningServer> {
  const jobs = opts.jobs ?? true;
  configureSecretKeys({ env: { ...process.env, ...(config.secretKey ? { VITRINA_SECRET_KEY: config.secretKey.toString('base64') } : {}) }, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger, pgOptions: opts.pgOptions, ingestConnections: config.ingestInFlight });
  // What has been started, stopped in reverse order on close, or at once if a
  // later step of the start fails (a port in use must not leave pools and timers behind).
  const started: (() => Promise<void>)[] = [() => database.close()];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop();
  };
  try {
    const applied = await untilDatabaseAnswers(() => migrateToLatest(database.db), logger);
    if (applied.length) logger.info('migrations applied', { applied });
    const sealed = await sealShopSecrets(database.db);
    if (sealed) logger.info('shop secrets sealed under the current key', { shops: sealed });
    const demo = config.demo ? await seedDemoShopIfEmpty(database.db, logger) : undefined;

    const models = new ModelStore(database.db, logger);
    // Links in e-mails: the configured public URL, else where this server listens (the port is known after listen).
    let listeningPort = config.port;
    const publicOrigin = () => publicOriginFor(config, listeningPort);
    let mailbox: SmtpSink | undefined;
    if (jobs) {
      // The first upkeep before listening: this month's partition must exist
      // before events are inserted (see ingest/event-partitions.ts). The
      // recurring runs, and the models' rebuilds, go through the job runner.
      await runEventMaintenance(database.db, logger).catch((err) => logger.warn('event maintenance failed', { err }));
      await buildUnbuiltShopModels(database.db, logger, models);
      const modelRebuild = modelRebuildJob(database.db, logger, models, config.modelIntervalMinutes);
      if (!modelRebuild) await retireJob(database.db, MODEL_REBUILD_JOB);
      // The Shopify webhook inbox's drainer runs only where the app is configured.
      if (!config.shopify) await retireJob(database.db, WEBHOOK_INBOX_JOB);
      const mail = await startMail(config, database.db, logger);
      started.push(() => mail.stop());
      mailbox = mail.sink;
      // The outbox's sender runs where there is somewhere to send (SMTP_URL, or the demo's mailbox).
      if (!mail.job) await retireJob(database.db, OUTBOX_SEND_JOB);
      const campaignSender = campaignSenderFor(config, mail.sink, { db: database.db, models, publicOrigin, logger });
      if (!campaignSender) await retireJob(database.db, CAMPAIGN_SENDER_JOB);
      const jobDefinitions: JobDefinition[] = [
        eventMaintenanceJob(database.db, logger),
        ...(modelRebuild ? [modelRebuild] : []),
        ...(config.shopify ? [webhookInboxJob(database.db, logger)] : []),
        ...(campaignSender ? [campaignSender] : []),
        ...(mail.job ? [mail.job] : []),
      ];
      const runner = startJobRunner({ db: database.db, logger, jobs: jobDefinitions });
      const unwake = mail.wakeOn(runner);
      // Stopped before the mail: a campaign in its SMTP conversation ends first.
      started.push(async () => {
        unwake();
        await runner.stop();
        campaignSender?.close();
      });
    }
    // Models in memory before the first request (a process that starts or restarts under load
    // must not stall it), for at most a few seconds: the rest load in the background.
    await models.preload(await listShopIds(database.db), 15_000);
    const shopify = config.shopify && config.secretKey ? { config: config.shopify, secretKey: config.secretKey } : undefined;
    const listener = createRequestListener({ database, logger, demo: config.demo, publicOrigin, models, modelIntervalMinutes: config.modelIntervalMinutes, mailbox, ingestInFlight: config.ingestInFlight, shopify, trustProxy: config.trustProxy });
    const server: Server = createServer(listener);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    // Stop taking connections first; requests in flight finish before the rest stops.
    started.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        }),
    );
    const { port } = server.address() as AddressInfo;
    listeningPort = port;
    const url = `http://${config.host}:${port}`;
    logger.info('listening', { url, database: database.kind });

    let closing: Promise<void> | undefined;
    return {
      url,
      database,
      demo,
      close() {
        closing ??= stopStarted();
        return closing;
      },
    };
  } catch (err) {
    await stopStarted().catch((stopErr) => logger.warn('cleanup after a failed start failed', { err: stopErr }));
    throw err;
  }
}

/**
 * The campaign sender, where campaigns can go out: through `SMTP_URL` when
 * the public URL is https (the unsubscribe link of RFC 8058 must be), or,
 * in the demo without SMTP, the demo shop's campaigns to its local mailbox.
 * Elsewhere campaigns stay scheduled until one of those holds.
 */
function campaignSenderFor(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>,
  sink: SmtpSink | undefined,
  deps: Pick<CampaignSenderOptions, 'db' | 'models' | 'publicOrigin' | 'logger'>,
): ReturnType<typeof campaignSenderJob> | undefined {
  if (config.smtpUrl) {
    if (config.publicUrl?.startsWith('https://')) return campaignSenderJob({ ...deps, smtpUrl: config.smtpUrl, from: config.mailFrom });
    deps.logger.warn('campaigns are not sent: VITRINA_PUBLIC_URL must be an https:// URL, the base of their unsubscribe links (RFC 8058)');
    return undefined;
  }
  if (sink) return campaignSenderJob({ ...deps, smtpUrl: sink.url, from: config.mailFrom, onlyShopId: DEMO_SHOP_ID });
  return undefined;
}
