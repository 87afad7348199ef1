// The public surface of catalog/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { findCatalogProducts } from './catalog.repository.js';
export { findCatalogVersion, insertProducts, listAllProducts, upsertProducts } from './products.repository.js';
export type { NewProduct, Product } from './products.table.js';
export { catalogRoutes } from './catalog.routes.js';
