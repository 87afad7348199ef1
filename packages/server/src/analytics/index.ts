// The public surface of analytics/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { adminAnalyticsRoutes } from './analytics.routes.js';
