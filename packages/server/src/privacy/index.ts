// The public surface of privacy/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { shopSaltJoin, shopSaltJoinColumn, suppressionHashSql, unsuppressedEventSql } from './identifiers.js';
export type { CustomerSelector } from './identifiers.js';
export { adminPrivacyRoutes } from './admin-privacy.routes.js';
export { eraseCustomer } from './erase-customer.service.js';
export { eraseShop } from './erase-shop.service.js';
export { exportCustomer } from './export-customer.service.js';
export { withoutSuppressedPeople } from './suppression.service.js';
