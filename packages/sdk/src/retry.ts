/**
 * Whether a failed batch is worth sending again: network errors (status 0),
 * 408, 429 and 5xx are; 400, 401, 403, 413, 422 and other client errors are
 * not, because the same request would fail the same way.
 * @example isRetryable(503) // => true
 * @example isRetryable(400) // => false
 */
export function isRetryable(status: number): boolean {
  return !status || status == 408 || status == 429 || status >= 500;
}

/**
 * Milliseconds to wait before attempt number `attempt` (1 for the first
 * retry): the server's Retry-After when it gave one, else exponential backoff
 * from 1 s up to 5 minutes with "equal jitter" so that many browsers coming
 * back after an outage do not all retry in step.
 * @example backoffDelay(3, undefined, () => 0.5) // => 6000
 * @example backoffDelay(1, 30) // => 30000
 */
export function backoffDelay(attempt: number, retryAfterSeconds?: number, random = Math.random): number {
  if (retryAfterSeconds! >= 0) return Math.min(retryAfterSeconds! * 1000, 36e5);
  const ceiling = Math.min(1000 * 2 ** (attempt - 1), 3e5);
  return ceiling / 2 + (random() * ceiling) / 2;
}

/**
 * Seconds from a Retry-After header, which is either seconds or an HTTP date.
 * @example parseRetryAfter('120') // => 120
 * @example parseRetryAfter(null) // => undefined
 */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return;
  const seconds = +header;
  if (seconds >= 0) return seconds;
  const at = Date.parse(header);
  return at ? Math.max(0, (at - now) / 1000) : undefined;
}
