import { vi } from 'vitest';

export interface SentRequest {
  url: string;
  method: string;
  body: string | undefined;
  keepalive: boolean | undefined;
  headers: HeadersInit | undefined;
}

/** The default answers: a shop whose consent mode is opt-out (`GET /v1/config`), and 200 with `{}` to everything else. */
export const defaultAnswer = (req: SentRequest) => (req.url.includes('/v1/config') ? Response.json({ consent: 'opt-out' }) : Response.json({}));

/**
 * A stand-in for the network (never our server): records every fetch and
 * answers with what `respond` returns (`defaultAnswer` unless told). The
 * SDK's read of the shop's configuration is answered by `opts.config`
 * (default: an opt-out shop) and recorded apart, in `configReads`.
 */
export function installFakeNetwork(
  respond: (req: SentRequest) => Response | Promise<Response> | 'network-error' = defaultAnswer,
  opts: { config?: (req: SentRequest) => Response | Promise<Response> | 'network-error' } = {},
) {
  const requests: SentRequest[] = [];
  const configReads: SentRequest[] = [];
  const fetchFake = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const req: SentRequest = { url: String(input), method: init.method ?? 'GET', body: init.body as string | undefined, keepalive: init.keepalive, headers: init.headers };
    if (req.url.includes('/v1/config')) configReads.push(req);
    else requests.push(req);
    const answer = await (req.url.includes('/v1/config') ? (opts.config ?? defaultAnswer) : respond)(req);
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    return answer;
  });
  vi.stubGlobal('fetch', fetchFake);
  // A browser whose fetch has keepalive, as every current one does (happy-dom's Request lacks the property).
  if (!('keepalive' in Request.prototype)) Object.defineProperty(Request.prototype, 'keepalive', { get: () => false, configurable: true });
  return {
    requests,
    configReads,
    /** The events of every POST /v1/batch, in order. */
    events: () => requests.filter((r) => r.url.endsWith('/v1/batch')).flatMap((r) => JSON.parse(r.body!).batch as Record<string, any>[]),
    batches: () => requests.filter((r) => r.url.endsWith('/v1/batch')).map((r) => JSON.parse(r.body!) as { writeKey: string; sentAt: string; context: Record<string, any>; batch: Record<string, any>[] }),
  };
}
