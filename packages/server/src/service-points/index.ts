// The public surface of service-points/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { findServicePoint, insertServicePoints, listServicePoints } from './service-points.repository.js';
export { servicePointRoutes } from './service-points.routes.js';
export type { NewServicePoint, ServicePoint } from './service-points.table.js';
