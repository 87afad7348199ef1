import type { Migration } from 'kysely';
import * as foundation from './20261127T0700-foundation.js';
import * as profiles from './20261127T0800-profiles.js';
import * as serviceCenter from './20261127T0900-service-center.js';
import * as recommendations from './20261127T1000-recommendations.js';
import * as ordersByAnonymousId from './20261127T1010-orders-by-anonymous-id.js';
import * as productsUpdatedAt from './20261127T1020-products-updated-at.js';
import * as orderSource from './20261127T1100-order-source.js';
import * as profileRecentProducts from './20261127T1200-profile-recent-products.js';
import * as buyerPurchases from './20261127T1300-buyer-purchases.js';
import * as eventsByUserPartial from './20261127T1400-events-by-user-partial.js';
import * as profilesLz4 from './20261128T0100-profiles-lz4.js';
import * as jobs from './20261207T0100-jobs.js';
import * as privacy from './20261207T0200-privacy.js';
import * as shopify from './20261207T0400-shopify.js';
import * as merchantUsers from './20261208T0100-merchant-users.js';
import * as campaigns from './20261209T0100-campaigns.js';
import * as recRuleDates from './20261210T0100-rec-rule-dates.js';
import * as shopKeyRotations from './20261210T0200-shop-key-rotations.js';
import * as orderExpectedDelivery from './20261210T0300-order-expected-delivery.js';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '20261127T0700-foundation': foundation,
  '20261127T0800-profiles': profiles,
  '20261127T0900-service-center': serviceCenter,
  '20261127T1000-recommendations': recommendations,
  '20261127T1010-orders-by-anonymous-id': ordersByAnonymousId,
  '20261127T1020-products-updated-at': productsUpdatedAt,
  '20261127T1100-order-source': orderSource,
  '20261127T1200-profile-recent-products': profileRecentProducts,
  '20261127T1300-buyer-purchases': buyerPurchases,
  '20261127T1400-events-by-user-partial': eventsByUserPartial,
  '20261128T0100-profiles-lz4': profilesLz4,
  '20261207T0100-jobs': jobs,
  '20261207T0200-privacy': privacy,
  '20261207T0400-shopify': shopify,
  '20261208T0100-merchant-users': merchantUsers,
  '20261209T0100-campaigns': campaigns,
  '20261210T0100-rec-rule-dates': recRuleDates,
  '20261210T0200-shop-key-rotations': shopKeyRotations,
  '20261210T0300-order-expected-delivery': orderExpectedDelivery,
};
