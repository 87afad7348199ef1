/** A half-open time range [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

const DAY = 86_400_000;

/**
 * The period before this one, of the same length, ending where it starts.
 * @example previousPeriod({ from: new Date('2026-11-01'), to: new Date('2026-12-01') })
 * // => { from: 2026-10-02, to: 2026-11-01 } (30 days)
 */
export function previousPeriod(p: Period): Period {
  const length = p.to.getTime() - p.from.getTime();
  return { from: new Date(p.from.getTime() - length), to: p.from };
}

/**
 * The period a request names: `from` and `to` as days (`to` inclusive), or the last 30 days to now.
 * @example periodFromQuery({ from: '2026-11-01', to: '2026-11-30' }) // => { from: 2026-11-01T00:00Z, to: 2026-12-01T00:00Z }
 */
export function periodFromQuery(q: { from?: string | undefined; to?: string | undefined }, now = new Date()): Period {
  const to = q.to ? new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY) : new Date(Math.floor(now.getTime() / DAY) * DAY + DAY);
  const from = q.from ? new Date(`${q.from}T00:00:00Z`) : new Date(to.getTime() - 30 * DAY);
  return { from, to };
}

/** Days of a period, as `YYYY-MM-DD` (UTC). */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = p.from.getTime(); t < p.to.getTime(); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
