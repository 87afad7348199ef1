/** UTM fields and ad click ids of a landing URL, in Segment's `context.campaign` shape. */
export type Campaign = Record<string, string>;

const utm: Record<string, string> = { source: 'source', medium: 'medium', campaign: 'name', term: 'term', content: 'content', id: 'id' };
const clickIds = 'gclid gbraid wbraid dclid fbclid msclkid ttclid twclid li_fat_id yclid epik'.split(' ');

/**
 * Reads campaign fields from a query string: `utm_*` and the ad networks'
 * click ids (Google, Meta, Microsoft, TikTok, X, LinkedIn, Yandex, Pinterest).
 * @example readCampaign('?utm_source=newsletter&utm_campaign=spring&gclid=abc')
 * // => { source: 'newsletter', name: 'spring', gclid: 'abc' }
 */
export function readCampaign(search: string): Campaign | undefined {
  const params = new URLSearchParams(search);
  const campaign: Campaign = {};
  params.forEach((value, key) => {
    const field = key.startsWith('utm_') ? utm[key.slice(4)] : clickIds.includes(key) && key;
    if (field && value) campaign[field] = value;
  });
  for (const _ in campaign) return campaign;
}

// Search engines by the label before their domain suffix, and the parameter holding the keyword.
const engines = 'google q bing q yahoo p duckduckgo q yandex text baidu wd ecosia q qwant q startpage query naver query seznam q ask q'.split(' ');

export interface SearchReferrer {
  engine: string;
  /** Only some engines still pass the keyword (Bing, Yandex, DuckDuckGo's html version and others). */
  keyword?: string;
}

/**
 * The search engine, and the keyword when the referrer still carries one.
 * @example readSearchReferrer('https://www.bing.com/search?q=espresso+machine')
 * // => { engine: 'bing', keyword: 'espresso machine' }
 * @example readSearchReferrer('https://example.org/') // => undefined
 */
export function readSearchReferrer(referrer: string): SearchReferrer | undefined {
  try {
    const url = new URL(referrer);
    for (let i = 0; i < engines.length; i += 2) {
      if (new RegExp(`(^|\\.)${engines[i]}\\.[a-z.]+$`).test(url.hostname)) {
        const keyword = url.searchParams.get(engines[i + 1]!);
        return keyword ? { engine: engines[i]!, keyword } : { engine: engines[i]! };
      }
    }
  } catch {}
}

/**
 * What an event says about the page it happened on (Segment's `context.page`).
 * @example readPage() // => { path: '/product.html', url: 'https://shop.example/product.html?id=p-1', title: 'Kettle', referrer: '', search: '?id=p-1' }
 */
export function readPage() {
  return { path: location.pathname, url: location.href, title: document.title, referrer: document.referrer, search: location.search };
}

/**
 * What stays the same for every event of a browser: sent once per request.
 * @example readDevice() // => { locale: 'de-DE', timezone: 'Europe/Berlin', userAgent: '...', screen: { width: 1440, height: 900, density: 2 } }
 */
export function readDevice() {
  return {
    locale: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    userAgent: navigator.userAgent,
    screen: { width: screen.width, height: screen.height, density: devicePixelRatio },
  };
}

/**
 * Crawlers, headless browsers and automated ones (`navigator.webdriver`) are
 * not shoppers: the sdk sends nothing for them.
 * @example isBot({ userAgent: 'Googlebot/2.1', webdriver: false }) // => true
 */
export function isBot(nav: { userAgent: string; webdriver?: boolean } = navigator): boolean {
  return !!nav.webdriver || /bot|crawl|spider|slurp|headless|lighthouse|preview|phantom|facebookexternalhit/i.test(nav.userAgent);
}
