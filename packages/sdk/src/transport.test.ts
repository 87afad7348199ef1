import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeNetwork } from '../test/fake-network.js';
import { postJson } from './transport.js';

const url = 'https://vitrina.test/v1/batch';
const body = JSON.stringify({ writeKey: 'wk_test', batch: [{ messageId: 'm1', type: 'page' }] });
let beacons: [string, unknown][];
let beaconQueued: boolean;

beforeEach(() => {
  beacons = [];
  beaconQueued = true;
  // The browser's beacon queue, recorded: `true` when it takes the body, as browsers answer.
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((to, data) => (beacons.push([String(to), data]), beaconQueued));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('postJson', () => {
  it('sends by fetch with keepalive and leaves sendBeacon alone when the fetch is answered, even with a 503', async () => {
    const net = installFakeNetwork(() => new Response('', { status: 503 }));
    expect(await postJson(url, body)).toEqual({ status: 503, retryAfter: undefined });
    expect(net.requests).toMatchObject([{ url, body, keepalive: true }]);
    expect(beacons).toEqual([]);
  });

  it('hands the same body to sendBeacon when the keepalive fetch is refused, and reports it unacknowledged', async () => {
    const net = installFakeNetwork(() => 'network-error');
    expect(await postJson(url, body, true)).toEqual({ status: 0 });
    expect(net.requests).toHaveLength(1);
    expect(beacons).toEqual([[url, body]]);
  });

  it('on page hide, where fetch has no keepalive, sends by sendBeacon instead of a fetch the closing page would cancel', async () => {
    const net = installFakeNetwork();
    vi.stubGlobal('Request', class {});
    expect(await postJson(url, body, true)).toEqual({ status: 0 });
    expect(net.requests).toEqual([]);
    expect(beacons).toEqual([[url, body]]);
    // While the page stays, fetch is used: its answer is the acknowledgement.
    expect(await postJson(url, body)).toMatchObject({ status: 200 });
    expect(net.requests).toHaveLength(1);
    expect(beacons).toHaveLength(1);
  });

  it('where there is no fetch at all, counts a beacon the browser took as delivered, and one it refused as not', async () => {
    vi.stubGlobal('fetch', undefined);
    expect(await postJson(url, body)).toEqual({ status: 202 });
    beaconQueued = false;
    expect(await postJson(url, body)).toEqual({ status: 0 });
    expect(beacons).toEqual([
      [url, body],
      [url, body],
    ]);
  });

  it('never throws, even when sendBeacon does', async () => {
    vi.mocked(navigator.sendBeacon).mockImplementation(() => {
      throw new TypeError('Illegal invocation');
    });
    installFakeNetwork(() => 'network-error');
    expect(await postJson(url, body)).toEqual({ status: 0 });
  });
});
