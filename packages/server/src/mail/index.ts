// The public surface of mail/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export type { ReceivedMail, SmtpSink } from './smtp-sink.js';
