// The public surface of admin-panel/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { adminPanelRoutes } from './admin-panel.routes.js';
