import type pg from 'pg';

/** SQL that starts with this comment runs as a named prepared statement on Postgres. */
export const PREPARED_MARKER = '/* prepared */ ';

/**
 * Runs queries marked with `PREPARED_MARKER` as named prepared statements,
 * so that Postgres plans them once per connection. Only for hot queries of a
 * fixed shape (the recommendation's shopper lookup): measured there, it saves
 * about a fifth of the database time per request. Other queries run as before.
 */
export function prepareMarkedQueries(client: pg.PoolClient): void {
  const plainQuery = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === 'string' && text.startsWith(PREPARED_MARKER) && callback === undefined) {
      return plainQuery({ name: statementName(text), text, values });
    }
    return plainQuery(text, values, callback);
  }) as typeof client.query;
}

const names = new Map<string, string>();

/** A 64-bit name from two independent 32-bit hashes of the SQL text (remembered: the same few statements come again and again). */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = hashName(sql);
    if (names.size < 1000) names.set(sql, name);
  }
  return name;
}

function hashName(sql: string): string {
  let a = 0x811c9dc5;
  let b = 5381;
  for (let i = 0; i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = (Math.imul(b, 33) + c) | 0;
  }
  return `p${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}
