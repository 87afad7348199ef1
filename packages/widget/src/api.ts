import type { ClaimView, CreateClaim, ServiceOrder, ServiceOrderSummary, ServiceSession } from '@vitrina/protocol';

/** A refusal from the server, or `network` when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly retryAfter = 0,
  ) {
    super(code);
  }
}

export interface Api {
  lookup(body: { orderNumber: string; email?: string; postalCode?: string }): Promise<ServiceSession>;
  session(link: string): Promise<ServiceSession>;
  orders(): Promise<{ orders: ServiceOrderSummary[] }>;
  order(id: string): Promise<ServiceOrder>;
  claims(): Promise<{ claims: ClaimView[] }>;
  createClaim(body: CreateClaim): Promise<ClaimView>;
  token?: string;
}

/**
 * The widget's client of `/v1/service/*`, reading `config` at each call (a page
 * may set the key after the element starts). The token from a lookup is kept
 * in memory only: it is personal data and lives 30 minutes.
 * @example const api = createApi({ endpoint: 'https://crm.example', writeKey: 'wk_...' }); await api.lookup({ orderNumber: '100234', email: 'anna@example.com' })
 */
export function createApi(config: { endpoint: string; writeKey: string }): Api {
  const api: Api = {
    lookup: (body) => call('POST', '/lookup', { writeKey: config.writeKey, ...body }),
    session: (link) => call('POST', '/session', { writeKey: config.writeKey, link }),
    orders: () => call('GET', '/orders'),
    order: (id) => call('GET', `/orders/${encodeURIComponent(id)}`),
    claims: () => call('GET', '/claims'),
    createClaim: (body) => call('POST', '/claims', body),
  };
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${config.endpoint}/v1/service${path}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(api.token ? { authorization: `Bearer ${api.token}` } : {}) },
        body: body ? JSON.stringify(body) : null,
      });
    } catch {
      throw new ApiError(0, 'network');
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, data?.error?.code || 'server', Number(res.headers.get('retry-after')) || 0);
    return data as T;
  }
  return api;
}
