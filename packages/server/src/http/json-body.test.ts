import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonBody } from './json-body.js';

let server: Server;
let port: number;
let outcome: Promise<unknown>;

beforeAll(async () => {
  server = createServer((req, res) => {
    outcome = readJsonBody(req, 1000).then(
      (r) => ({ read: r.body }),
      (err: Error & { code?: string }) => ({ error: err.code }),
    );
    void outcome.then(() => res.headersSent || res.destroyed || res.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Sends raw HTTP, optionally hanging up before the declared body is complete. */
async function send(head: string, body: string, hangUp: boolean) {
  const socket = connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.write(head + body);
  await new Promise((r) => setTimeout(r, 30));
  if (hangUp) socket.destroy();
  const result = await outcome;
  socket.destroy();
  return result;
}

describe('readJsonBody', () => {
  it('reads a body sent in several chunks', async () => {
    const body = JSON.stringify({ batch: ['a', 'b'] });
    expect(await send(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`, body, false)).toEqual({ read: { batch: ['a', 'b'] } });
  });

  it('rejects, instead of waiting forever, when the client hangs up midway through the body', async () => {
    expect(await send('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n', '{"batch":[', true)).toEqual({ error: 'ECONNRESET' });
  });

  it('refuses a chunked body once it grows over the limit', async () => {
    const chunk = 'x'.repeat(600);
    const chunked = `${(chunk.length).toString(16)}\r\n${chunk}\r\n`.repeat(2) + '0\r\n\r\n';
    expect(await send('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n', chunked, false)).toEqual({ error: 'payload_too_large' });
  });
});
