import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.js';

/**
 * Reads a JSON body up to `limit` bytes: the parsed value and the text as
 * received. Accepts `application/json` and `text/plain`: browsers send the
 * latter to avoid a CORS preflight, and Segment's analytics.js does the same.
 * @example const { body } = await readJsonBody(req, 500 * 1024)
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<{ body: unknown; text: string }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && type !== 'application/json' && type !== 'text/plain') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json or text/plain JSON.');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) {
    req.resume();
    throw new HttpError(413, 'payload_too_large', `The request body is over ${limit} bytes.`);
  }
  const text = (await readBody(req, limit)).toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'malformed_json', 'The request body is empty.');
  try {
    return { body: JSON.parse(text) as unknown, text };
  } catch {
    throw new HttpError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
}

/**
 * The body's bytes, refused with 413 once over `limit`. Read with stream
 * events rather than async iteration, which costs a promise per chunk on
 * the hottest path; a request that ends early rejects.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    const endedEarly = () => Object.assign(new Error('The request ended before its body was read.'), { code: 'ECONNRESET' });
    if (req.destroyed) return reject(endedEarly());
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.resume();
        reject(new HttpError(413, 'payload_too_large', `The request body is over ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(endedEarly());
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    // A listener starts the flow unless something paused the request before.
    req.resume();
  });
}
