import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink.js';
import type { RunningServer } from '../server.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { startTestServer } from '../test-support/test-database.js';
import { publicOriginFor } from './public-origin.js';
import { annaOrders, seedServiceShop, serviceClient, tokenFor } from './test-fixtures.js';

let sink: SmtpSink;
const servers: RunningServer[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await sink?.close();
});

/** Files a claim for Bob's headphones with a forged Host (fetch will not send one), as an attacker on the shopper's behalf would. */
function postClaimWithForgedHost(server: RunningServer, token: string): Promise<number> {
  const url = new URL('/v1/service/claims', server.url);
  const body = JSON.stringify({ orderId: '1004', lineNo: 1, problem: 'No sound on the right side.' });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          host: 'evil.example',
          'x-forwarded-host': 'evil.example',
          'x-forwarded-proto': 'https',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function linkInConfirmation(env: Record<string, string>): Promise<string> {
  const server = await startTestServer({ env: { SMTP_URL: sink.url, ...env } });
  servers.push(server);
  const shop: CreatedShop = await seedServiceShop(server.database.db, `Links ${servers.length}`, annaOrders);
  const token = await tokenFor(serviceClient(server.url, shop.write_key, `192.0.2.${50 + servers.length}`), '1004', 'bob@example.com');
  expect(await postClaimWithForgedHost(server, token)).toBe(201);
  const mail = await sink.waitFor((m) => m.to.includes('bob@example.com') && m.subject.startsWith('We have sent') && !seen.has(m.text));
  seen.add(mail.text);
  return mail.text.match(/(\S+)\?vsc=/)![1]!;
}
const seen = new Set<string>();

describe('links in e-mails', () => {
  it('point at the address this server listens on, whatever Host header the request forged', async () => {
    const link = await linkInConfirmation({});
    expect(link).toBe(`${servers.at(-1)!.url}/service.html`);
  });

  it('point at VITRINA_PUBLIC_URL when it is set, whatever Host header the request forged', async () => {
    const link = await linkInConfirmation({ VITRINA_PUBLIC_URL: 'https://shop.example/' });
    expect(link).toBe('https://shop.example/service.html');
  });

  it('bracket an IPv6 listening address', () => {
    expect(publicOriginFor({ publicUrl: undefined, host: '::1' }, 8787)).toBe('http://[::1]:8787');
  });
});
