import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** The content, base64. */
  content: string;
}

export interface OutboxMessagesTable {
  shop_id: string;
  id: Generated<number>;
  /** What the message is, e.g. `claim_request`; for logs and tests. */
  kind: string;
  to_address: string;
  from_address: string | null;
  subject: string;
  body_text: string;
  attachments: ColumnType<OutboxAttachment[], string | undefined, string>;
  /** What it is about, e.g. `claim:W-7K3QX9`. */
  ref: string | null;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  lease_until: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}
export type OutboxMessage = Selectable<OutboxMessagesTable>;
export type NewOutboxMessage = Insertable<OutboxMessagesTable>;
