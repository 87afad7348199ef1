import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  attachments: { filename: string; contentType: string; size: number }[];
  receivedAt: string;
  /** The message as it came over the wire (with `keepRaw`), for a test to parse on its own. */
  raw?: string;
}

export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`: give it to the server as SMTP_URL. */
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the first message (arrived or arriving) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A local SMTP server that accepts every message and keeps it in memory: the
 * demo's mailbox and the tests' peer for the SMTP sender. It speaks real SMTP
 * (smtp-server), so what it receives went through nodemailer and the wire.
 * @example const sink = await startSmtpSink(); // SMTP_URL=sink.url ... await sink.waitFor((m) => m.to.includes('anna@example.com'))
 */
export async function startSmtpSink(options: { port?: number; host?: string; keep?: number; keepRaw?: boolean; acceptDelayMs?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<{ match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }>();
  const keep = options.keep ?? 500;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const source = options.keepRaw ? readAll(stream) : Promise.resolve(undefined);
      source
        .then(async (raw) => ({ raw, parsed: await simpleParser(raw ?? stream) }))
        .then(({ raw, parsed }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of parsed.headers) if (typeof v === 'string') headers[k] = v;
          const mail: ReceivedMail = {
            from: parsed.from?.text ?? String(session.envelope.mailFrom && session.envelope.mailFrom.address),
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            // MIME bodies end with a line break the sender did not write.
            text: (parsed.text ?? '').trimEnd(),
            headers,
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, size: a.size })),
            receivedAt: new Date().toISOString(),
            ...(raw ? { raw: raw.toString('utf8') } : {}),
          };
          messages.push(mail);
          if (messages.length > keep) messages.shift();
          for (const w of waiters) if (w.match(mail)) (waiters.delete(w), w.resolve(mail));
          // A slow server: the message is kept before the sender hears it was accepted (a sender stopped meanwhile leaves it in doubt).
          if (options.acceptDelayMs) setTimeout(() => callback(), options.acceptDelayMs);
          else callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(match, timeoutMs = 10_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (m: ReceivedMail) => (clearTimeout(timer), resolve(m)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching e-mail within ${timeoutMs} ms; received: ${messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ') || 'nothing'}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
