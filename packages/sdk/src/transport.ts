import { parseRetryAfter } from './retry.js';

export interface SendResult {
  /** The HTTP status, 0 for a network error. */
  status: number;
  retryAfter?: number | undefined;
}

/**
 * POSTs a JSON body as text/plain, which keeps it a CORS-simple request (no
 * preflight). `keepalive` lets the request outlive the page, which is what
 * makes a flush on page hide or a click that navigates away arrive; browsers
 * allow 64 KB of keepalive bodies in flight, so callers keep batches smaller.
 *
 * Where that fails, `navigator.sendBeacon` carries the same body (also
 * text/plain). A beacon says nothing back, so it is no acknowledgement: the
 * events stay queued and go again by fetch, and the server keeps each message
 * id once. Beacons go when a fetch rejects (refused past the keepalive quota,
 * blocked, offline) and, on page hide (`final`), instead of a fetch in
 * browsers whose fetch has no keepalive (Firefox before 133), which the
 * closing page would cancel. Without fetch at all, a queued beacon counts as
 * delivered: nothing better will come.
 * @example await postJson('https://api.example/v1/batch', '{"batch":[]}') // => { status: 200 }
 */
export async function postJson(url: string, body: string, final?: boolean): Promise<SendResult> {
  const beacon = () => {
    try {
      return navigator.sendBeacon(url, body);
    } catch {
      return false;
    }
  };
  if (typeof fetch != 'function') return { status: beacon() ? 202 : 0 };
  if (final && !('keepalive' in Request.prototype)) return beacon(), { status: 0 };
  try {
    // Chrome counts the 64 KB in bytes: past it, a keepalive fetch fails outright, so a larger body goes without.
    const res = await fetch(url, { method: 'POST', body, keepalive: new TextEncoder().encode(body).length < 6e4, credentials: 'omit' });
    return { status: res.status, retryAfter: parseRetryAfter(res.headers.get('Retry-After')) };
  } catch {
    beacon();
    return { status: 0 };
  }
}

/**
 * GETs JSON; any failure (network, non-2xx, bad JSON) is `undefined`, so that
 * a page renders its fallback instead of breaking.
 * @example await getJson('https://api.example/v1/recommendations/showcase?writeKey=wk') // => { kind: 'showcase', items: [...] }
 */
export async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { credentials: 'omit' });
    if (res.ok) return (await res.json()) as T;
  } catch {}
  return undefined;
}
