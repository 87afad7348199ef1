// The public surface of profiles/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { deleteProfileRows, deleteShopProfiles, exportProfileRows, findLinkedDevices, findProfilesFor } from './profile-erasure.repository.js';
export { findScoredProfile, listProfileIdentities, listProfileMerges, listScoredCustomers, ownRegion, selectRecentProducts, toProductInteractions } from './profiles.queries.js';
export type { ProductInteraction, ScoredProfile } from './profiles.queries.js';
export { isAnonymousProfileId } from './profiles.table.js';
export type { RecentProduct } from './profiles.table.js';
export { segmentExpression, segments } from './scores.js';
export type { ScoreSettings } from './scores.js';
export { profileRoutes } from './profile.routes.js';
export { lockProfilesForEventsQuery, readLockedProfiles, recordOrdersInProfiles, updateProfilesForEvents } from './profiles.service.js';
export type { LandedEvent } from './profiles.service.js';
