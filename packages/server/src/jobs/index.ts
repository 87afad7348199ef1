// The public surface of jobs/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { adminJobRoutes } from './admin-jobs.routes.js';
export type { JobDefinition, JobRunner } from './job-runner.js';
export { jobsHealthy } from './jobs.service.js';
