import { EventEmitter } from 'node:events';
import type { Db } from '../db/database.js';
import { insertOutboxMessage } from './outbox.repository.js';
import type { OutboxAttachment } from './outbox.table.js';

export interface OutgoingMessage {
  shopId: string;
  kind: string;
  to: string;
  from?: string | null;
  subject: string;
  text: string;
  attachments?: OutboxAttachment[];
  ref?: string;
}

const signal = new EventEmitter();

/**
 * Queues an e-mail. Call it inside the transaction that makes the change the
 * message tells about: the message leaves if and only if the change commits.
 * @example await enqueueMessage(trx, { shopId: 'demo', kind: 'claim_confirmation', to: 'anna@example.com', subject: 'Your request W-7K3QX9', text: '...' })
 */
export async function enqueueMessage(db: Db, m: OutgoingMessage): Promise<number> {
  return insertOutboxMessage(db, {
    shop_id: m.shopId,
    kind: m.kind,
    to_address: m.to,
    from_address: m.from ?? null,
    subject: m.subject,
    body_text: m.text,
    attachments: JSON.stringify(m.attachments ?? []),
    ref: m.ref ?? null,
    lease_until: null,
    last_error: null,
    sent_at: null,
  });
}

/** Wakes this process's sender after a commit instead of waiting for its next poll. */
export function signalOutbox(): void {
  signal.emit('due');
}

export function onOutboxSignal(listener: () => void): () => void {
  signal.on('due', listener);
  return () => signal.off('due', listener);
}
