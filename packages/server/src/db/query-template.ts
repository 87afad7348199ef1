import { CompiledQuery, type Compilable } from 'kysely';
import { PREPARED_MARKER } from './prepared-statements.js';

type Args = Record<string, string | Date | undefined>;
const TOKEN = /\u0001(\w+)\u0001/g;

/**
 * A query built and compiled once per shape (which arguments are given), with
 * placeholder arguments, then bound to each call's values: on the hottest
 * path, building a kysely query costs more of the server's time than running
 * it. The builder must use its arguments as values only (bound as they are or
 * inside a string), never branch on what they contain; it runs as a named
 * prepared statement on Postgres.
 * @example const byId = queryTemplate((a: { id: string }) => db.selectFrom('profiles').selectAll().where('id', '=', a.id))
 * await db.executeQuery(byId({ id: 'c-1' }))
 */
export function queryTemplate<A extends Args, R>(build: (args: A) => Compilable<R>): (args: A) => CompiledQuery<R> {
  const shapes = new Map<string, { sql: string; bind: ((args: A) => unknown)[] }>();
  return (args) => {
    const given = Object.keys(args).filter((k) => args[k] !== undefined);
    const shape = given.join(',');
    let template = shapes.get(shape);
    if (!template) {
      const placeholders: Record<string, string | Date> = {};
      for (const k of given) placeholders[k] = args[k] instanceof Date ? new Date(args[k].getTime()) : `\u0001${k}\u0001`;
      const compiled = build(placeholders as A).compile();
      const dates = new Map(given.filter((k) => placeholders[k] instanceof Date).map((k) => [placeholders[k], k]));
      // A builder that used an argument other than as a value would bind it wrongly ever after: refuse it now.
      if (compiled.sql.includes('\u0001')) throw new Error('queryTemplate: an argument was written into the SQL text instead of bound');
      for (const k of given) {
        const bound = compiled.parameters.some((p) => (placeholders[k] instanceof Date ? p === placeholders[k] : typeof p === 'string' && p.includes(`\u0001${k}\u0001`)));
        if (!bound) throw new Error(`queryTemplate: argument ${k} is not bound as given (derived from or unused)`);
      }
      template = {
        sql: PREPARED_MARKER + compiled.sql,
        bind: compiled.parameters.map((p) => {
          const dateArg = dates.get(p as Date);
          if (dateArg) return (a: A) => a[dateArg];
          if (typeof p === 'string' && p.includes('\u0001')) return (a: A) => p.replace(TOKEN, (_, k: string) => String(a[k]));
          return () => p;
        }),
      };
      shapes.set(shape, template);
    }
    const t = template;
    return CompiledQuery.raw(t.sql, t.bind.map((f) => f(args))) as CompiledQuery<R>;
  };
}
