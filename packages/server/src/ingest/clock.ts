/** Client times more than this far ahead of the server are not believed. */
const MAX_FUTURE_MS = 5 * 60_000;
/**
 * Client times before this are not believed either: no shop event is that
 * old, and a year-0 time (a zeroed field, a bad offset) is one Postgres refuses to store.
 */
const MIN_PLAUSIBLE_MS = Date.UTC(2000, 0, 1);
/** The widest range Postgres parses from an ISO string: years 0001 to 9999. */
const MIN_STORABLE_MS = Date.parse('0001-01-01T00:00:00Z');
const MAX_STORABLE_MS = Date.parse('9999-12-31T23:59:59.999Z');

export type TimestampFlag = 'future_timestamp' | 'implausible_timestamp';

/**
 * When an event happened, in server time. A client's clock may be off, but
 * the offset between its own timestamp and its `sentAt` is not:
 * `timestamp = receivedAt - (sentAt - originalTimestamp)`. A result in the
 * future or before 2000 is replaced by `receivedAt` and flagged. `sentAtMs`
 * is the batch's `sentAt` parsed once for all its events (NaN when absent).
 * @example correctTimestamp(received, Date.parse('2026-01-01T10:00:05Z'), '2026-01-01T10:00:00Z') // 5 s before received
 * @example correctTimestamp(received, NaN, '0000-01-01T00:00:00Z') // => { timestamp: received, flag: 'implausible_timestamp' }
 */
export function correctTimestamp(
  receivedAt: Date,
  sentAtMs: number,
  clientTime: string | undefined,
): { timestamp: Date; flag: TimestampFlag | undefined } {
  if (!clientTime) return { timestamp: receivedAt, flag: undefined };
  const client = Date.parse(clientTime);
  const corrected = Number.isFinite(sentAtMs) ? receivedAt.getTime() - (sentAtMs - client) : client;
  if (corrected > receivedAt.getTime() + MAX_FUTURE_MS) return { timestamp: receivedAt, flag: 'future_timestamp' };
  // NaN (a date such as Feb 30 that passed the format check) fails this test too.
  if (!(corrected >= MIN_PLAUSIBLE_MS)) return { timestamp: receivedAt, flag: 'implausible_timestamp' };
  return { timestamp: new Date(corrected), flag: undefined };
}

/**
 * The client's `sentAt` as a date Postgres can store, or null (it is kept as
 * sent, however wrong the client's clock, but year 0 cannot be stored).
 * @example storableSentAt('0000-01-01T00:00:00Z') // => null
 */
export function storableSentAt(sentAt: string | undefined): Date | null {
  if (!sentAt) return null;
  const t = Date.parse(sentAt);
  return t >= MIN_STORABLE_MS && t <= MAX_STORABLE_MS ? new Date(t) : null;
}
