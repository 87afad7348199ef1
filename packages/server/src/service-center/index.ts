// The public surface of service-center/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { deleteClaimsOf, exportClaims } from './claim-erasure.repository.js';
export { appendClaimEvent, insertClaim } from './claims.repository.js';
export { insertLookupAttempt } from './lookup-attempts.repository.js';
export type { PublicOrigin } from './public-origin.js';
export { adminServiceRoutes } from './admin-service.routes.js';
export type { ClaimStatus } from './claims.service.js';
export { orderStatusNotifier } from './order-status-notice.service.js';
export { serviceCenterRoutes } from './service-center.routes.js';
export { signServiceToken } from './service-token.js';
export { listShopperOrders } from './shopper-orders.service.js';
