// The public surface of health/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { healthRoutes } from './health.routes.js';
