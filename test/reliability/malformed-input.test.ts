import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVitrina, type VitrinaUnderTest } from '../support/vitrina-server.js';

// Reliability 6: generated malformed input on every public route. Each case
// must be answered 4xx (or 2xx where the input happens to be valid), never
// 5xx, and the server must go on storing valid traffic. Short form in CI;
// RELIABILITY_FULL=1 runs 10,000 cases a route.
const runs = process.env.RELIABILITY_FULL === '1' ? 10_000 : 250;

let vitrina: VitrinaUnderTest;
let writeKey = '';
const fiveHundreds: string[] = [];
beforeAll(async () => {
  vitrina = await startVitrina();
  writeKey = (await vitrina.query<{ write_key: string }>(`select write_key from shops where id = 'demo'`))[0]!.write_key;
}, 180_000);
afterAll(() => vitrina?.destroy());

/** Strings as an attacker sends them: NUL, lone surrogates, huge, unicode, look-alike keys. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff', '__proto__', 'constructor', 'prototype', '1e400', '-0', 'NaN', '', ' '),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.nat({ max: 20_000 }).map((n) => 'x'.repeat(n)),
);
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 6 }),
  ),
})).value;
/** A body: JSON of a hostile value, an almost-valid batch, raw text, or nesting far past any limit. */
const body = fc.oneof(
  hostileJson.map((v) => JSON.stringify(v) ?? 'null'),
  fc.record({ writeKey: fc.oneof(fc.constant('WK'), hostileString), batch: fc.array(hostileJson, { maxLength: 5 }), context: hostileJson, sentAt: hostileString }, { requiredKeys: [] }).map((v) =>
    JSON.stringify(v).replace('"WK"', JSON.stringify(writeKey)),
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1_000, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.constantFrom('{"writeKey":', '{"batch":[', '\u0000', '{"__proto__":{"polluted":1},"batch":[]}', ''),
);
const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', '');
const query = fc.dictionary(fc.constantFrom('writeKey', 'anonymousId', 'userId', 'signature', 'products', 'limit', 'region', 'q', 'x', '__proto__'), hostileString, { maxKeys: 6 });

async function send(method: string, path: string, init: { body?: string; type?: string } = {}) {
  const res = await fetch(`${vitrina.url}${path}`, {
    method,
    ...(init.body !== undefined ? { body: init.body } : {}),
    headers: init.type ? { 'content-type': init.type } : {},
  }).catch((err) => ({ status: 599, text: async () => String(err) }) as const);
  if (res.status >= 500) fiveHundreds.push(`${method} ${path} ${res.status} ${(await res.text()).slice(0, 200)}`);
  else if ('arrayBuffer' in res) await res.arrayBuffer();
  return res.status;
}

const posts = ['/v1/batch', '/v1/track', '/v1/page', '/v1/identify', '/v1/service/lookup', '/v1/service/session', '/admin/api/login'];
const gets = ['/v1/profile', '/v1/recommendations/showcase', '/v1/recommendations/cross-sell', '/v1/recommendations/reorder', '/v1/config'];

describe(`reliability: malformed input, ${runs} generated cases a route`, () => {
  for (const path of posts) {
    it(`POST ${path} never answers 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(body, contentType, async (b, type) => {
          const status = await send('POST', path, { body: b, type });
          return status < 500;
        }),
        { numRuns: runs },
      );
    }, 600_000);
  }
  for (const path of gets) {
    it(`GET ${path} never answers 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(q)) params.set(k, k === 'writeKey' && v === 'WK' ? writeKey : v);
          if (!('writeKey' in q)) params.set('writeKey', writeKey);
          return (await send('GET', `${path}?${params}`)) < 500;
        }),
        { numRuns: runs },
      );
    }, 600_000);
  }

  it('went on storing valid events throughout, and answered no case 5xx', async () => {
    const messageId = crypto.randomUUID();
    const status = await send('POST', '/v1/batch', { body: JSON.stringify({ writeKey, batch: [{ type: 'page', messageId, anonymousId: 'after-fuzz' }] }), type: 'application/json' });
    expect(status).toBe(200);
    const rows = await vitrina.query(`select 1 from events where message_id = $1`, [messageId]);
    expect(rows).toHaveLength(1);
    console.log(JSON.stringify({ test: 'malformed-input', routes: posts.length + gets.length, casesPerRoute: runs, fiveHundreds: fiveHundreds.length }));
    expect(fiveHundreds).toEqual([]);
  });
});
