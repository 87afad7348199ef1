import { createServer } from 'node:net';

/** A loopback port nobody listens on (yet): an SMTP server that is down. */
export function findFreePortForTest(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
