// The public surface of mail/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export type { ReceivedMail, SmtpSink } from './smtp-sink.js';
export { OUTBOX_SEND_JOB } from './smtp-sender.js';
export { startMail } from './start-mail.js';
export type { MailHandle } from './start-mail.js';
