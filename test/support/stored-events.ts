import type { Page } from 'playwright-core';
import type { VitrinaUnderTest } from './vitrina-server.js';

export interface StoredEvent {
  message_id: string;
  type: string;
  event: string | null;
  anonymous_id: string | null;
  user_id: string | null;
  properties: Record<string, any>;
  context: Record<string, any>;
  traits: Record<string, any>;
}

/** The anonymous id the sdk gave this browser. */
export async function readAnonymousId(page: Page): Promise<string> {
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('vitrina.aid') ?? 'null'));
  if (!id) throw new Error('The sdk has not stored an anonymous id in this browser.');
  return id;
}

/** Every event stored for one browser (by anonymous id), oldest first. */
export function findStoredEvents(vitrina: VitrinaUnderTest, anonymousId: string): Promise<StoredEvent[]> {
  return vitrina.query<StoredEvent>(
    `select message_id, type, event, anonymous_id, user_id, properties, context, traits
       from events where shop_id = 'demo' and anonymous_id = $1 order by timestamp, message_id`,
    [anonymousId],
  );
}

/** Polls until `done` holds for the stored events, or fails with what was there. */
export async function waitForStoredEvents(
  vitrina: VitrinaUnderTest,
  anonymousId: string,
  done: (events: StoredEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await findStoredEvents(vitrina, anonymousId);
    if (done(events)) return events;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for events; stored: ${JSON.stringify(names(events))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `page` or the track event's name, for readable assertions. */
export function names(events: Pick<StoredEvent, 'type' | 'event'>[]): string[] {
  return events.map((e) => (e.type === 'track' ? e.event! : e.type));
}

/** How often each name occurs. */
export function countByName(events: Pick<StoredEvent, 'type' | 'event'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of names(events)) counts[n] = (counts[n] ?? 0) + 1;
  return counts;
}

/**
 * Records the message id of every event the page tried to send to /v1/batch,
 * whether or not it arrived (retries included, so ids may repeat).
 */
export function recordSentMessageIds(page: Page): Set<string> {
  const ids = new Set<string>();
  page.context().on('request', (req) => {
    if (!req.url().endsWith('/v1/batch') || req.method() !== 'POST') return;
    try {
      for (const e of JSON.parse(req.postData() ?? '{}').batch ?? []) ids.add(e.messageId);
    } catch {}
  });
  return ids;
}
