import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { DEMO_SHOP_ID } from '../demo/index.js';
import type { JobDefinition, JobRunner } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { onOutboxSignal } from '../outbox/index.js';
import { outboxSenderJob, OUTBOX_SEND_JOB } from './smtp-sender.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface MailHandle {
  /** The demo's local mailbox (the demo shop's messages only), when the demo runs without SMTP_URL. */
  sink: SmtpSink | undefined;
  /** The outbox's sender, for the job runner; none when there is nowhere to send. */
  job: JobDefinition | undefined;
  /** Runs the sender at once whenever this process queues a message; returns the unsubscribe. */
  wakeOn(runner: Pick<JobRunner, 'runNow'>): () => void;
  /** Closes the SMTP connections and the sink; call after the job runner stopped. */
  stop(): Promise<void>;
}

/**
 * Sets up the outbox's SMTP sender. With `SMTP_URL` it sends there. In the
 * demo without it, only the demo shop's messages go to a local SMTP sink,
 * shown at /demo/mailbox: other shops' messages are real mail to real people
 * and wait in the outbox until SMTP_URL is set, as they do outside the demo.
 */
export async function startMail(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'demo'>, db: Db, logger: Logger): Promise<MailHandle> {
  let sink: SmtpSink | undefined;
  let job: ReturnType<typeof outboxSenderJob> | undefined;
  if (config.smtpUrl) {
    job = outboxSenderJob({ db, logger, smtpUrl: config.smtpUrl, from: config.mailFrom });
  } else if (config.demo) {
    sink = await startSmtpSink();
    job = outboxSenderJob({ db, logger, smtpUrl: sink.url, from: config.mailFrom, onlyShopId: DEMO_SHOP_ID });
    logger.info('demo mailbox: the demo shop\'s e-mails go to a local SMTP sink', { smtp: sink.url, web: '/demo/mailbox' });
    logger.warn('SMTP_URL is not set: e-mails of shops other than the demo wait in the outbox until it is');
  } else {
    logger.warn('SMTP_URL is not set: service e-mails wait in the outbox until it is');
  }
  return {
    sink,
    job,
    wakeOn(runner) {
      if (!job) return () => {};
      // Busy (a run in progress here or elsewhere) is fine: that run keeps draining until the outbox is empty.
      return onOutboxSignal(() => void runner.runNow(OUTBOX_SEND_JOB).catch((err) => logger.warn('outbox sender could not be woken', { err })));
    },
    async stop() {
      job?.close();
      await sink?.close();
    },
  };
}
