import type { Generated, Insertable, Selectable } from 'kysely';

export interface EventsTable {
  shop_id: string;
  message_id: string;
  type: string;
  event: string | null;
  anonymous_id: string | null;
  user_id: string | null;
  /** When it happened, corrected for the client's clock. */
  timestamp: Date;
  received_at: Date;
  sent_at: Date | null;
  properties: unknown;
  context: unknown;
  traits: unknown;
}
export type StoredEvent = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;

/** De-duplication by (shop_id, message_id), across all partitions of events. */
export interface EventIdsTable {
  shop_id: string;
  message_id: string;
  received_at: Date;
}

export interface FailedEventsTable {
  shop_id: string;
  id: Generated<number>;
  received_at: Generated<Date>;
  reason: string;
  message: string;
  payload: unknown;
}
