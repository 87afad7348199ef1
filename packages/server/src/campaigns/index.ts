// The public surface of campaigns/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { deleteCampaignRecordsOf, listCampaignRecordsOf } from './campaign-erasure.repository.js';
export type { CampaignPersonKeys } from './campaign-erasure.repository.js';
export { adminCampaignRoutes } from './admin-campaigns.routes.js';
export { campaignLinkRoutes } from './campaign-links.routes.js';
export { CAMPAIGN_SENDER_JOB, campaignSenderJob } from './campaign-sender.job.js';
export type { CampaignSenderOptions } from './campaign-sender.job.js';
