// The public surface of recommend/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export type { ModelStore } from './model-store.js';
export { insertRule } from './recommend.repository.js';
export { adminRecommendRoutes } from './admin-recommend.routes.js';
export { rebuildShopModels } from './model-builder.service.js';
export { recommendRoutes } from './recommend.routes.js';
export { recommend } from './recommend.service.js';
