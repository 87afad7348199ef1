import { ApiError, createApi, type Api } from './api.js';
import { errorText, type Ctx, type Screen } from './context.js';
import { h } from './dom.js';
import { pickLocale, translator, type Locale, type Translate } from './i18n.js';
import { claimDoneScreen, claimScreen, claimsScreen } from './screens/claim.js';
import { lookupScreen } from './screens/lookup.js';
import { orderScreen } from './screens/order.js';
import { ordersScreen } from './screens/orders.js';
import { styles } from './styles.js';

// Where the script-tag bundle was loaded from: the default API origin.
const scriptOrigin = (() => {
  try {
    const src = (document.currentScript as HTMLScriptElement | null)?.src;
    return src ? new URL(src).origin : '';
  } catch {
    return '';
  }
})();

/**
 * `<vitrina-service-center write-key="wk_..." endpoint="https://crm.example">`:
 * shoppers look up an order, follow its delivery, see each item's warranty
 * and ask for warranty service. Opening the page with `?vsc=<signed link>`
 * (from a notification e-mail) signs the shopper in without a form.
 */
export class ServiceCenterElement extends HTMLElement {
  private api!: Api;
  private t!: Translate;
  private locale!: Locale;
  private box!: HTMLElement;
  private heading!: HTMLElement;
  private main!: HTMLElement;
  private nav!: HTMLElement;
  private live!: HTMLElement;
  /** The screen on show, to draw again in another language; unset while a link from an e-mail is exchanged. */
  private screen?: Screen;
  private seq = 0;
  private config = { endpoint: '', writeKey: '' };

  static observedAttributes = ['write-key', 'endpoint', 'lang'];

  attributeChangedCallback(name?: string): void {
    this.config.endpoint = (this.getAttribute('endpoint') ?? scriptOrigin).replace(/\/$/, '');
    this.config.writeKey = this.getAttribute('write-key') ?? '';
    if (name === 'lang' && this.main) this.changeLocale();
  }

  connectedCallback(): void {
    if (this.main) return;
    this.attributeChangedCallback();
    this.api = createApi(this.config);
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this.heading = h('b');
    this.nav = h('nav');
    this.main = h('div');
    this.live = h('p', { class: 'sr', role: 'status', 'aria-live': 'polite' });
    this.box = h('div', { class: 'w' }, h('header', null, this.heading, this.nav), this.main, this.live);
    root.replaceChildren(h('style', null, styles), this.box);
    this.setLocale();

    const link = new URLSearchParams(location.search).get('vsc');
    if (link) {
      // The link is a credential: keep it out of the address bar, history and referrers.
      const url = new URL(location.href);
      url.searchParams.delete('vsc');
      history.replaceState(history.state, '', url.toString());
      this.render(async () => {
        const session = await this.api.session(link);
        this.api.token = session.token;
        this.screen = { name: 'orders' };
        return ordersScreen(this.ctx());
      }, false);
    } else this.go({ name: 'lookup' });
  }

  /** Shows a screen. Public so that a page can open one, e.g. after its own sign-in. */
  go(screen: Screen): void {
    this.screen = screen;
    if (screen.name === 'lookup') this.api.token = undefined;
    this.render(() => this.build(screen));
  }

  private build(screen: Screen): HTMLElement | Promise<HTMLElement> {
    const ctx = this.ctx();
    switch (screen.name) {
      case 'lookup':
        return lookupScreen(ctx, screen.error === undefined ? screen.message : errorText(screen.error, this.t));
      case 'orders':
        return ordersScreen(ctx);
      case 'order':
        return orderScreen(ctx, screen.id);
      case 'claim':
        return claimScreen(ctx, screen.order, screen.lineNo);
      case 'done':
        return claimDoneScreen(ctx, screen.claim);
      case 'claims':
        return claimsScreen(ctx);
    }
  }

  private setLocale(): void {
    this.locale = pickLocale(this);
    this.t = translator(this.locale);
    this.box.lang = this.locale;
    this.heading.textContent = this.t('title');
    this.nav.setAttribute('aria-label', this.t('title'));
  }

  /**
   * A new `lang` draws the current screen again in that language, in place:
   * the shopper stays signed in, keeps what they typed, and focus stays where it is.
   */
  private changeLocale(): void {
    const before = this.locale;
    this.setLocale();
    const screen = this.screen;
    if (this.locale === before || !screen) return;
    const by = this.main.querySelector<HTMLInputElement>('input[name=by]:checked')?.value;
    const typed = [...this.main.querySelectorAll<HTMLInputElement>('input[id]:not([type=file]), textarea[id], select[id]')].map((f) => [f.id, f.value] as const);
    this.render(async () => {
      const node = await this.build(screen);
      const radio = node.querySelector<HTMLInputElement>(`input[name=by][value="${by}"]`);
      if (radio && !radio.checked) {
        radio.checked = true;
        radio.dispatchEvent(new Event('change'));
      }
      for (const [id, value] of typed) {
        const field = node.querySelector<HTMLInputElement>(`[id="${id}"]`);
        if (field) field.value = value;
      }
      return node;
    }, false);
  }

  private ctx(): Ctx {
    return { t: this.t, locale: this.locale, api: this.api, go: (s) => this.go(s), announce: (m) => this.announce(m) };
  }

  private announce(message: string): void {
    this.live.textContent = message;
  }

  /**
   * Renders one screen, containing its failures: a screen that throws shows
   * what went wrong in words and a way on, never a blank box. A stale render
   * (the shopper moved on) is dropped.
   */
  private render(build: () => HTMLElement | Promise<HTMLElement>, focus = true): void {
    const seq = ++this.seq;
    this.renderNav();
    this.main.setAttribute('aria-busy', 'true');
    this.main.replaceChildren(h('p', null, this.t('loading')));
    const show = (node: HTMLElement) => {
      if (seq !== this.seq) return;
      this.main.removeAttribute('aria-busy');
      this.main.replaceChildren(node);
      this.renderNav();
      if (focus) node.querySelector<HTMLElement>('h2')?.focus();
    };
    Promise.resolve()
      .then(build)
      .then(show, (err: unknown) => {
        if (err instanceof ApiError && (err.code === 'invalid_token' || err.code === 'missing_token' || err.code === 'invalid_link')) {
          return this.go({ name: 'lookup', error: err });
        }
        const message = errorText(err, this.t);
        this.announce(message);
        show(
          h(
            'section',
            null,
            h('h2', { tabindex: -1 }, this.t('title')),
            h('p', { class: 'err', role: 'alert' }, message),
            h(
              'div',
              { class: 'acts' },
              h('button', { type: 'button', on: { click: () => this.render(build) } }, this.t('retry')),
              h('button', { type: 'button', class: 'l', on: { click: () => this.go({ name: 'lookup' }) } }, this.t('startOver')),
            ),
          ),
        );
      });
  }

  private renderNav(): void {
    const t = this.t;
    const link = (label: string, screen: Screen) => h('button', { type: 'button', class: 'l', on: { click: () => this.go(screen) } }, label);
    this.nav.replaceChildren(...(this.api.token ? [link(t('myOrders'), { name: 'orders' }), link(t('myClaims'), { name: 'claims' }), link(t('signOut'), { name: 'lookup' })] : []));
  }
}
