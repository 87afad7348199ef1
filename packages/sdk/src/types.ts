import type { ProfileResponse, RecommendedItem } from '@vitrina/protocol';

export type { ProfileResponse, RecommendedItem };

export interface InitOptions {
  /** The shop's public write key. */
  writeKey: string;
  /** Where the Vitrina server is, e.g. `https://vitrina.example.com`; default: this page's origin. */
  endpoint?: string;
  /**
   * `opt-in`: nothing is sent or stored until `consent({ analytics: true })`;
   * `opt-out`: tracks until the shopper refuses. Default: the shop's own
   * setting, read once from `GET /v1/config` (cached by the browser; it
   * carries the write key only), and opt-in until it answers or if it fails.
   */
  consent?: 'opt-in' | 'opt-out';
  /** Treat Global Privacy Control (`navigator.globalPrivacyControl`) as a refusal. */
  respectGpc?: boolean;
  /** `true` (default): a page view at init; `'history'`: also on SPA navigation; `false`: none. */
  autoPageViews?: boolean | 'history';
  /** Fill `data-vitrina` slots at init (default true). */
  renderSlots?: boolean;
  /** Send when this many events wait (default 20). */
  flushAt?: number;
  /** Milliseconds to wait for more events before sending (default 500). */
  flushInterval?: number;
  /** Events kept at most while offline; the oldest go first (default 1000). */
  maxQueue?: number;
}

export interface ConsentState {
  analytics?: boolean;
  personalization?: boolean;
}

/** A product in Segment's E-commerce v2 shape; extra properties are sent as given. */
export interface Product {
  product_id: string;
  sku?: string;
  name?: string;
  category?: string;
  brand?: string;
  variant?: string;
  price?: number;
  quantity?: number;
  currency?: string;
  url?: string;
  image_url?: string;
  [property: string]: unknown;
}

/** An order in Segment's E-commerce v2 shape (`Order Completed`). */
export interface Order {
  order_id: string;
  total?: number;
  revenue?: number;
  shipping?: number;
  tax?: number;
  discount?: number;
  coupon?: string;
  currency?: string;
  products?: Product[];
  /** Lets the service center recognize the shopper. */
  email?: string;
  [property: string]: unknown;
}

export interface Cart {
  cart_id?: string;
  products?: Product[];
  [property: string]: unknown;
}

export type Properties = Record<string, unknown>;

export interface Vitrina {
  init(options: InitOptions): void;
  page(name?: string, properties?: Properties): void;
  track(event: string, properties?: Properties): void;
  identify(customerId: string, traits?: Properties, options?: { signature?: string }): void;
  reset(): void;
  consent(choice?: ConsentState): ConsentState;
  productViewed(product: Product): void;
  productsSearched(query: string, options?: { results?: number } & Properties): void;
  productAdded(product: Product): void;
  productRemoved(product: Product): void;
  cartViewed(cart: Cart): void;
  checkoutStarted(order: Partial<Order>): void;
  orderCompleted(order: Order): void;
  showcase(options?: { limit?: number }): Promise<RecommendedItem[]>;
  crossSell(productIds: string[], options?: { limit?: number }): Promise<RecommendedItem[]>;
  reorder(options?: { limit?: number }): Promise<RecommendedItem[]>;
  profile(): Promise<ProfileResponse | undefined>;
  /** Fills the `data-vitrina` slots under `root` (default: the document). */
  render(root?: ParentNode): Promise<void>;
  /** Sends waiting events now. */
  flush(): void;
}
