// The public surface of merchant-users/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { readCookies } from './cookies.js';
export { findMerchantUserByEmail } from './merchant-users.repository.js';
export type { MerchantRole } from './merchant-users.table.js';
export { mayAccess } from './role-access.js';
export { adminUserRoutes } from './admin-users.routes.js';
export { merchantAuthRoutes } from './merchant-auth.routes.js';
export { SESSION_COOKIE, findMerchantPrincipal } from './merchant-session.service.js';
export type { MerchantPrincipal } from './merchant-session.service.js';
export { addMerchantUser } from './merchant-users.service.js';
