import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { startOutboxSender, type OutboxSender } from './smtp-sender.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface MailHandle {
  /** The demo's local mailbox, when the demo runs without SMTP_URL. */
  sink: SmtpSink | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the outbox's SMTP sender. With `SMTP_URL` it sends there; in the demo
 * without it, to a local SMTP sink whose messages the demo shows at
 * /demo/mailbox; otherwise messages wait in the outbox until SMTP_URL is set.
 */
export async function startMail(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'demo'>, db: Db, logger: Logger): Promise<MailHandle> {
  let sink: SmtpSink | undefined;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl && config.demo) {
    sink = await startSmtpSink();
    smtpUrl = sink.url;
    logger.info('demo mailbox: e-mails go to a local SMTP sink', { smtp: sink.url, web: '/demo/mailbox' });
  }
  if (!smtpUrl) logger.info('SMTP_URL is not set: service e-mails wait in the outbox until it is');
  const sender: OutboxSender | undefined = smtpUrl ? startOutboxSender({ db, logger, smtpUrl, from: config.mailFrom }) : undefined;
  return {
    sink,
    async stop() {
      await sender?.stop();
      await sink?.close();
    },
  };
}
