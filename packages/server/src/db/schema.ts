import type { ProductsTable } from '../catalog/products.table.js';
import type { CustomersTable } from '../customers/customers.table.js';
import type { EventIdsTable, EventsTable, FailedEventsTable } from '../ingest/events.table.js';
import type { ProfileIdentitiesTable, ProfileMergesTable, ProfileOrdersTable, ProfilesTable } from '../profiles/profiles.table.js';
import type { BuyerPurchasesTable, OrderItemsTable, OrdersTable, OrderStatusEventsTable } from '../orders/orders.table.js';
import type { RecItemModelsTable, RecModelRunsTable, RecRulesTable } from '../recommend/recommend.table.js';
import type { OutboxMessagesTable } from '../outbox/outbox.table.js';
import type {
  ServiceClaimEventsTable,
  ServiceClaimsTable,
  ServiceLookupAttemptsTable,
  ServiceSettingsTable,
  ServiceTemplatesTable,
} from '../service-center/service-center.table.js';
import type { ServicePointsTable } from '../service-points/service-points.table.js';
import type { ShopKeyRotationsTable } from '../shops/key-rotations.table.js';
import type { ShopsTable } from '../shops/shops.table.js';
import type { ScheduledJobsTable } from '../jobs/jobs.table.js';
import type { PrivacyAuditTable, PrivacySaltsTable, SuppressedIdentifiersTable } from '../privacy/privacy.table.js';
import type { MerchantLoginFailuresTable, MerchantSessionsTable, MerchantUsersTable } from '../merchant-users/merchant-users.table.js';
import type { CampaignClicksTable, CampaignRecipientsTable, CampaignSegmentsTable, CampaignSettingsTable, CampaignsTable, MarketingUnsubscribesTable } from '../campaigns/campaigns.table.js';
import type { ShopifyDataRequestsTable, ShopifyResourcesTable, ShopifyShopsTable, ShopifyWebhookInboxTable } from '../shopify/shopify.table.js';

/** Every table, as kysely sees it. Each belongs to the domain folder it is typed in. */
export interface Database {
  shops: ShopsTable;
  shop_key_rotations: ShopKeyRotationsTable;
  products: ProductsTable;
  customers: CustomersTable;
  events: EventsTable;
  event_ids: EventIdsTable;
  failed_events: FailedEventsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  buyer_purchases: BuyerPurchasesTable;
  order_status_events: OrderStatusEventsTable;
  service_points: ServicePointsTable;
  service_settings: ServiceSettingsTable;
  service_claims: ServiceClaimsTable;
  service_claim_events: ServiceClaimEventsTable;
  service_lookup_attempts: ServiceLookupAttemptsTable;
  service_templates: ServiceTemplatesTable;
  outbox_messages: OutboxMessagesTable;
  profiles: ProfilesTable;
  profile_identities: ProfileIdentitiesTable;
  profile_merges: ProfileMergesTable;
  profile_orders: ProfileOrdersTable;
  rec_item_models: RecItemModelsTable;
  rec_model_runs: RecModelRunsTable;
  rec_rules: RecRulesTable;
  scheduled_jobs: ScheduledJobsTable;
  privacy_salts: PrivacySaltsTable;
  suppressed_identifiers: SuppressedIdentifiersTable;
  privacy_audit: PrivacyAuditTable;
  shopify_shops: ShopifyShopsTable;
  shopify_webhook_inbox: ShopifyWebhookInboxTable;
  shopify_resources: ShopifyResourcesTable;
  shopify_data_requests: ShopifyDataRequestsTable;
  merchant_users: MerchantUsersTable;
  merchant_sessions: MerchantSessionsTable;
  merchant_login_failures: MerchantLoginFailuresTable;
  campaign_segments: CampaignSegmentsTable;
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
  campaign_clicks: CampaignClicksTable;
  campaign_settings: CampaignSettingsTable;
  marketing_unsubscribes: MarketingUnsubscribesTable;
}
