import { useLocation } from 'preact-iso/router';

/** A period of whole days (UTC), both included, as the analytics API takes it. */
export interface DayPeriod {
  from: string;
  to: string;
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The last n days, today included.
 * @example lastDays(7, new Date('2026-12-07T12:00:00Z')) // => { from: '2026-12-01', to: '2026-12-07' }
 */
export function lastDays(n: number, now = new Date()): DayPeriod {
  const today = Math.floor(now.getTime() / DAY) * DAY;
  return { from: iso(today - (n - 1) * DAY), to: iso(today) };
}

/** The period in the page's address (`?from=&to=`), else the last 30 days; and a way to change it. */
export function usePeriod(): [DayPeriod, (p: DayPeriod) => void] {
  const { path, query, route } = useLocation();
  const valid = (d: string | undefined) => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d);
  const period = valid(query.from) && valid(query.to) ? { from: query.from!, to: query.to! } : lastDays(30);
  return [period, (p) => route(`${path}?from=${p.from}&to=${p.to}`)];
}

export const periodQuery = (p: DayPeriod) => `from=${p.from}&to=${p.to}`;
