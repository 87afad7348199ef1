import { vi } from 'vitest';

export interface SentRequest {
  url: string;
  method: string;
  body: string | undefined;
  keepalive: boolean | undefined;
  headers: HeadersInit | undefined;
}

/**
 * A stand-in for the network (never our server): records every fetch and
 * answers with what `respond` returns, by default 200 with `{}`.
 */
export function installFakeNetwork(respond: (req: SentRequest) => Response | Promise<Response> | 'network-error' = () => Response.json({})) {
  const requests: SentRequest[] = [];
  const fetchFake = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const req: SentRequest = { url: String(input), method: init.method ?? 'GET', body: init.body as string | undefined, keepalive: init.keepalive, headers: init.headers };
    requests.push(req);
    const answer = await respond(req);
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    return answer;
  });
  vi.stubGlobal('fetch', fetchFake);
  return {
    requests,
    /** The events of every POST /v1/batch, in order. */
    events: () => requests.filter((r) => r.url.endsWith('/v1/batch')).flatMap((r) => JSON.parse(r.body!).batch as Record<string, any>[]),
    batches: () => requests.filter((r) => r.url.endsWith('/v1/batch')).map((r) => JSON.parse(r.body!) as { writeKey: string; sentAt: string; context: Record<string, any>; batch: Record<string, any>[] }),
  };
}
