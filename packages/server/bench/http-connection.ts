import net from 'node:net';

export interface RawResponse {
  status: number;
  body: Buffer;
}

/**
 * One keep-alive HTTP/1.1 connection that sends a request and waits for its
 * whole answer, with as little work on the client as possible: the request is
 * written as one buffer and only the status line, Content-Length and chunked
 * framing of the answer are read. The benchmarks run the load generator on
 * the same two cores as the server and Postgres, so every microsecond it
 * spends is taken from what is measured; node's http client costs several
 * times more per request.
 * @example const c = await KeepAliveConnection.open('127.0.0.1', 8080); const r = await c.request('GET', '/healthz')
 */
export class KeepAliveConnection {
  private pending: Buffer | null = null;
  private waiter: { resolve: (r: RawResponse) => void; reject: (e: Error) => void } | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      this.tryComplete();
    });
    const fail = (err: Error) => {
      const w = this.waiter;
      this.waiter = null;
      w?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number): Promise<KeepAliveConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.off('error', reject);
        resolve(new KeepAliveConnection(socket, host));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one request; resolves with the status and body once the whole answer arrived. */
  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawResponse> {
    if (this.waiter) return Promise.reject(new Error('one request at a time on a connection'));
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    head += '\r\n';
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.socket.write(body === undefined ? head : head + body);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private tryComplete() {
    const buf = this.pending;
    if (!buf || !this.waiter) return;
    const headEnd = buf.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = buf.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body: Buffer;
    let end: number;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
      if (buf.length < end) return;
      body = buf.subarray(headEnd + 4, end);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = headEnd + 4;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(buf.toString('latin1', at, lineEnd), 16);
        if (buf.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          end = lineEnd + 4;
          break;
        }
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      end = headEnd + 4;
      body = Buffer.alloc(0);
    }
    this.pending = buf.length > end ? buf.subarray(end) : null;
    const w = this.waiter;
    this.waiter = null;
    w.resolve({ status, body });
  }
}
