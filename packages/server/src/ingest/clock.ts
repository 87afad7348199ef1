/** Client times more than this far ahead of the server are not believed. */
const MAX_FUTURE_MS = 5 * 60_000;

/**
 * When an event happened, in server time. A client's clock may be off, but
 * the offset between its own timestamp and its `sentAt` is not:
 * `timestamp = receivedAt - (sentAt - originalTimestamp)`.
 * @example correctTimestamp(received, '2026-01-01T10:00:05Z', '2026-01-01T10:00:00Z') // 5 s before received
 */
export function correctTimestamp(
  receivedAt: Date,
  sentAt: string | undefined,
  clientTime: string | undefined,
): { timestamp: Date; future: boolean } {
  if (!clientTime) return { timestamp: receivedAt, future: false };
  const client = Date.parse(clientTime);
  const corrected = sentAt ? receivedAt.getTime() - (Date.parse(sentAt) - client) : client;
  if (corrected > receivedAt.getTime() + MAX_FUTURE_MS) return { timestamp: receivedAt, future: true };
  return { timestamp: new Date(corrected), future: false };
}
