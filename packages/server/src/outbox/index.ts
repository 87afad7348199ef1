// The public surface of outbox/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { deleteOutboxMessagesAbout, listOutboxMessagesAbout } from './outbox-erasure.repository.js';
export { leaseDueOutboxMessages, markOutboxMessageFailed, markOutboxMessageSent, releaseOutboxLeases } from './outbox.repository.js';
export type { OutboxAttachment, OutboxMessage } from './outbox.table.js';
export { enqueueMessage, onOutboxSignal, signalOutbox } from './outbox.service.js';
