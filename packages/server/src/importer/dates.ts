/** How a file writes its dates: ISO 8601, or day, month and year separated by `/`, `.` or `-`. */
export type DateFormat = 'ISO' | 'DMY' | 'MDY';

const dmyLike = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const isoLike = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The day-first or month-first reading of a file's slash dates, from all of
 * them: a first number above 12 means day first, a second above 12 month
 * first. `ambiguous` when no date tells (every one could be either), `mixed`
 * when both kinds occur.
 * @example detectDateFormat(['01/12/2010 08:26', '13/12/2010 09:00']) // => 'DMY'
 */
export function detectDateFormat(samples: Iterable<string>): DateFormat | 'ambiguous' | 'mixed' {
  let dayFirst = false;
  let monthFirst = false;
  let slash = false;
  for (const s of samples) {
    const m = dmyLike.exec(s.trim());
    if (!m) continue;
    slash = true;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[2]) > 12) monthFirst = true;
  }
  if (!slash) return 'ISO';
  if (dayFirst && monthFirst) return 'mixed';
  return dayFirst ? 'DMY' : monthFirst ? 'MDY' : 'ambiguous';
}

/**
 * One date of an import file as an instant: ISO 8601 (its own offset, else
 * `timeZone`), or `DD/MM/YYYY[ HH:mm[:ss]]` / `MM/DD/YYYY…` as `format` says,
 * read in `timeZone` (an IANA name, default UTC). Undefined when it is not a
 * real date (31/02/2010, 25:00).
 * @example parseImportDate('01/12/2010 08:26', 'DMY', 'Europe/London') // => 2010-12-01T08:26:00.000Z
 */
export function parseImportDate(text: string, format: DateFormat, timeZone = 'UTC'): Date | undefined {
  const t = text.trim();
  const iso = isoLike.exec(t);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = iso;
    const ms = Math.round(Number(`0.${frac}`) * 1000);
    const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), ms] as const;
    if (!validFields(...fields)) return undefined;
    if (zone) {
      const offset = zone.toUpperCase() === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
      return new Date(Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], ms) - offset * 60_000);
    }
    return zonedTime(fields, timeZone);
  }
  const m = dmyLike.exec(t);
  if (!m || format === 'ISO') return undefined;
  const [, a, b, y, h = '0', mi = '0', s = '0'] = m;
  const [day, month] = format === 'DMY' ? [Number(a), Number(b)] : [Number(b), Number(a)];
  const fields = [Number(y), month, day, Number(h), Number(mi), Number(s), 0] as const;
  return validFields(...fields) ? zonedTime(fields, timeZone) : undefined;
}

function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number, _ms: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || y < 1000 || y > 9999) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** A wall-clock time in an IANA zone as an instant (the zone's offset at that moment, DST included). */
function zonedTime([y, mo, d, h, mi, s, ms]: readonly number[], timeZone: string): Date {
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!);
  if (timeZone === 'UTC') return new Date(asUtc);
  // The offset where the wall time would be if it were UTC, then once more at the corrected instant (across a DST change).
  let instant = asUtc - offsetMs(asUtc, timeZone);
  instant = asUtc - offsetMs(instant, timeZone);
  return new Date(instant);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function offsetMs(at: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(at / 1000) * 1000;
}

/** True for a time zone name the runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
