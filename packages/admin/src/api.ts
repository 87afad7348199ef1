/** A refused request: the server's error code and message, and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => {};

/** The session's CSRF token, sent with every write (the server refuses a write through a session without it). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the server answers 401: the session has ended. */
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

/**
 * Calls the server's JSON API with the session cookie; writes carry the CSRF token.
 * @example await api<{ customers: Customer[] }>('/v1/admin/customers?segment=champions')
 */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/admin/api/login')) onSignedOut();
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}
