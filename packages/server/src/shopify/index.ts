// The public surface of shopify/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { openSecret, sealSecret, secretKeyId } from './sealed-secret.js';
export { deleteShopifyRecordsOf } from './shopify-erasure.repository.js';
export { adminShopifyRoutes } from './admin-shopify.routes.js';
export { shopifyRoutes } from './shopify.routes.js';
