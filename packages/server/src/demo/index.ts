// The public surface of demo/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { DEMO_SHOP_ID } from './demo-shop.js';
export { demoMailboxRoutes } from './demo-mailbox.routes.js';
export { demoSignInRoutes } from './demo-sign-in.routes.js';
export { demoRoutes } from './demo.routes.js';
