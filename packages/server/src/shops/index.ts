// The public surface of shops/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { signCustomerId, verifyCustomerSignature } from './customer-signature.js';
export { generateToken, hashKey, safeEqual } from './keys.js';
export { countShops, deleteShopRow, listShopIds, updateShopSettings } from './shops.repository.js';
export type { Shop, ShopSettings } from './shops.table.js';
export { shopConfigRoutes } from './shop-config.routes.js';
export { createShop, findShopById, findShopForAdminKey, findShopForWriteKey, forgetWriteKey } from './shops.service.js';
export type { CreatedShop } from './shops.service.js';
