import type { ProfileResponse, RecommendedItem } from '@vitrina/protocol';
import { isBot, readCampaign, readDevice, readPage, readSearchReferrer } from './context.js';
import { createQueue, type Queue, type QueuedEvent } from './queue.js';
import { renderSlots } from './slots.js';
import { createStore, type Store } from './storage.js';
import { getJson, postJson } from './transport.js';
import type { ConsentState, InitOptions, Properties, Vitrina } from './types.js';
import { createUuid } from './uuid.js';

const version = '0.1.0';
const sessionTimeout = 30 * 60e3;

/**
 * Makes every method of `api` safe for the host page: an exception becomes
 * `undefined` (or an empty result for promises) instead of reaching the page.
 */
function guard<T extends object>(api: T): T {
  for (const key in api) {
    const fn = api[key] as unknown as (...args: unknown[]) => unknown;
    (api as Record<string, unknown>)[key] = (...args: unknown[]) => {
      try {
        const result = fn(...args);
        return result instanceof Promise ? result.catch(() => undefined) : result;
      } catch {}
    };
  }
  return api;
}

/**
 * Creates a Vitrina client. Nothing touches `window` until `init`, so the
 * module can be imported during server-side rendering.
 * @example
 * const vitrina = createVitrina();
 * vitrina.init({ writeKey: 'wk_demo', endpoint: 'https://vitrina.example.com' }); // sends a page view
 * vitrina.productViewed({ product_id: 'p-0001', name: 'Kettle', price: 39 });
 */
export function createVitrina(): Vitrina {
  let options: InitOptions | undefined;
  let store: Store;
  let queue: Queue;
  let choice: ConsentState = {};
  let bot = false;
  let lastPath = '';
  /** Events made before an opt-in shopper decided: kept in memory only. */
  let held: QueuedEvent[] = [];

  /** The consent mode: the page's, else the shop's once `/v1/config` answers (until then, opt-in). */
  let mode: string | undefined;
  /** Settles once the mode is known: personal reads wait for it. */
  let ready: Promise<unknown> = Promise.resolve();
  const granted = (purpose: keyof ConsentState) =>
    choice[purpose] ?? (mode == 'opt-out' && !(options?.respectGpc && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl));
  const endpoint = (path: string) => (options!.endpoint || '').replace(/\/$/, '') + path;

  const anonymousId = () => {
    let id = store.get<string>('aid');
    if (!id) store.set('aid', (id = createUuid()));
    return id;
  };
  const sessionId = () => {
    const now = Date.now();
    let session = store.get<{ id: string; at: number }>('sid');
    if (!session || now - session.at > sessionTimeout) session = { id: createUuid(), at: now };
    session.at = now;
    store.set('sid', session);
    return session.id;
  };

  const makeEvent = (type: string, fields: Properties): QueuedEvent => ({
    type,
    messageId: createUuid(),
    timestamp: new Date().toISOString(),
    anonymousId: anonymousId(),
    userId: store.get('uid') || undefined,
    context: {
      page: readPage(),
      campaign: readCampaign(location.search),
      searchEngine: readSearchReferrer(document.referrer),
      sessionId: sessionId(),
    },
    ...fields,
  });

  const enqueue = (type: string, fields: Properties) => {
    if (!options || bot || choice.analytics === false) return;
    const event = makeEvent(type, fields);
    if (granted('analytics')) queue.add(event);
    else if (held.length < 100) held.push(event);
  };

  const track = (event: string, properties: Properties = {}) => enqueue('track', { event, properties });

  // sentAt lets the server correct the client's clock; what is the same for every event goes once per request.
  const send = (batch: QueuedEvent[], final?: boolean) =>
    postJson(
      endpoint('/v1/batch'),
      JSON.stringify({ writeKey: options!.writeKey, sentAt: new Date().toISOString(), context: { ...readDevice(), library: { name: 'vitrina.js', version } }, batch }),
      final,
    );

  const query = async (path: string, params: Record<string, string | number | undefined>) => {
    await ready;
    const url = new URL(endpoint(path), location.href);
    const all = { writeKey: options!.writeKey, ...params };
    // The signature proves the customer id to the server: personal results are released only with it.
    if (granted('personalization')) Object.assign(all, { anonymousId: anonymousId(), userId: store.get('uid'), signature: store.get('sig') });
    for (const [key, value] of Object.entries(all)) if (value) url.searchParams.set(key, String(value));
    return getJson<never>(url.href);
  };

  const recommend = async (kind: string, productIds: string[], limit?: number): Promise<RecommendedItem[]> =>
    options ? ((await query('/v1/recommendations/' + kind, { limit, products: productIds.join(',') })) as { items?: RecommendedItem[] } | undefined)?.items || [] : [];

  const profile = async (): Promise<ProfileResponse | undefined> => {
    await ready;
    return options && granted('personalization') ? query('/v1/profile', {}) : undefined;
  };

  // Events held while the mode was unknown go out once the shop says opt-out.
  const release = () => {
    if (!granted('analytics')) return;
    store.persistAll();
    held.forEach(queue.add);
    held = [];
  };

  const page = (name?: string, properties?: Properties) => {
    lastPath = location.pathname + location.search;
    const { path, url, title, referrer, search } = readPage();
    enqueue('page', { name, properties: { path, url, title, referrer, search, ...properties } });
  };

  const render = (root?: ParentNode) => renderSlots(root || document, { recommend, profile, track, flush: () => queue.flush() });

  const api: Vitrina = {
    init(init) {
      if (options) return;
      options = init;
      mode = init.consent;
      bot = isBot();
      store = createStore(() => !!granted('analytics'));
      try {
        choice = JSON.parse(localStorage.getItem('vitrina.consent')!) || {};
      } catch {}
      queue = createQueue({
        store,
        send,
        onDropped: (count) => track('Events Dropped', { count }),
        flushAt: init.flushAt,
        flushInterval: init.flushInterval,
        maxQueue: init.maxQueue,
      });
      // Leaving the page (closing the tab, navigating, switching to another app): send everything now.
      const leave = () => queue.flush(true);
      addEventListener('pagehide', leave);
      addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && leave());
      addEventListener('online', () => queue.flush());
      if (!mode)
        ready = getJson<{ consent?: string }>(endpoint('/v1/config?writeKey=' + encodeURIComponent(init.writeKey))).then((config) => {
          mode = config?.consent == 'opt-out' ? 'opt-out' : 'opt-in';
          release();
        });
      // Events left by an earlier page (a reload, a crash, the server down) go out now.
      queue.flush();
      if (init.autoPageViews != false) page();
      if (init.autoPageViews == 'history') {
        const onNavigate = () => lastPath != location.pathname + location.search && page();
        for (const method of ['pushState', 'replaceState'] as const) {
          const original = history[method];
          history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
            original.apply(this, args);
            onNavigate();
          };
        }
        addEventListener('popstate', onNavigate);
      }
      if (init.renderSlots != false) {
        if (document.readyState == 'loading') addEventListener('DOMContentLoaded', () => render());
        else render();
      }
    },
    page,
    track,
    identify(customerId, traits, { signature } = {}) {
      if (!options) return;
      // A signature belongs to one customer id: another id without one drops it.
      store.set('sig', signature || (customerId == store.get('uid') && store.get('sig')));
      store.set('uid', customerId);
      enqueue('identify', { userId: customerId, traits });
    },
    reset() {
      // A new visitor on this browser (a shared computer after logout): forget who it was, keep undelivered events.
      for (const key of ['aid', 'uid', 'sig', 'sid']) store.set(key, 0);
    },
    consent(next) {
      if (!next || !options) return { ...choice };
      const wasGranted = granted('analytics');
      choice = { ...choice, ...next };
      try {
        localStorage.setItem('vitrina.consent', JSON.stringify(choice));
      } catch {}
      if (choice.analytics) {
        release();
        track('Consent Updated', { ...choice });
      } else if (choice.analytics === false) {
        // The refusal itself is recorded once, so that the server stops using this visitor's profile; then nothing more.
        if (wasGranted && !bot) send([makeEvent('track', { event: 'Consent Updated', properties: { ...choice } })]);
        queue.clear();
        store.clear();
      }
      if (choice.analytics === false) held = [];
      return { ...choice };
    },
    productViewed: (product) => track('Product Viewed', product),
    productsSearched: (q, extra) => track('Products Searched', { query: q, ...extra }),
    productAdded: (product) => track('Product Added', product),
    productRemoved: (product) => track('Product Removed', product),
    cartViewed: (cart) => track('Cart Viewed', cart),
    checkoutStarted: (order) => track('Checkout Started', order),
    orderCompleted: (order) => track('Order Completed', order),
    showcase: (o = {}) => recommend('showcase', [], o.limit),
    crossSell: (productIds, o = {}) => recommend('cross-sell', productIds, o.limit),
    reorder: (o = {}) => recommend('reorder', [], o.limit),
    profile,
    render,
    flush: () => queue?.flush(),
  };
  return guard(api);
}
