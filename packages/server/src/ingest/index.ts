// The public surface of ingest/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { requireAllowedOrigin } from './allowed-origins.js';
export { deleteEventsOf, deleteFailedEventsMentioning, deleteShopEvents, findEventLinks, listEventsOf, listFailedEventsMentioning } from './event-erasure.repository.js';
export { countListViews, listProductViews, listRecommendationClicks, listShopperEvents } from './event-history.repository.js';
export type { ShopperEvent } from './event-history.repository.js';
export { DEFAULT_FAILED_EVENT_RETENTION_DAYS, applyEventRetention, ensureEventPartitions } from './event-partitions.js';
export { listFailedEvents } from './events.repository.js';
export { ingestRoutes } from './ingest.routes.js';
export { ingestBatch } from './ingest.service.js';
