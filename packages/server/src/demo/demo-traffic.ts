import type { Random } from './random.js';

/** Where a demo visit came from, as the sdk would report it on the landing page. */
export interface DemoVisitSource {
  sessionId: string;
  landingPath: string;
  referrer: string;
  campaign?: Record<string, string>;
  searchEngine?: { engine: string; keyword?: string };
}

const blogs = ['https://www.coffee-geek.example/best-grinders', 'https://homeandhearth.example/cozy-winter', 'https://petlovers.example/forum/t/1234', 'https://news.example.com/gift-guide'];
const emailCampaigns = ['black-friday', 'nov-newsletter', 'winback-60d'];
const paidTerms = ['espresso machine', 'noise cancelling headphones', 'dog food delivery', 'led lantern'];

/**
 * The demo's traffic mix, drawn from its own random stream (so the rest of
 * the demo data stays as it was): direct, Google and Bing organic, Google Ads
 * and Meta ads with UTM tags and click ids, the shop's newsletters, social
 * posts and blogs that link to the shop.
 * @example demoVisitSource(rnd, ['/product.html?id=p-0001']) // => { sessionId: '...', landingPath: '/', referrer: 'https://www.google.com/', searchEngine: { engine: 'google' } }
 */
export function demoVisitSource(rnd: Random, productPaths: string[]): DemoVisitSource {
  const sessionId = rnd.uuid();
  const landingPath = rnd.chance(0.6) ? '/' : rnd.pick(productPaths);
  const roll = rnd.next();
  if (roll < 0.32) return { sessionId, landingPath, referrer: '' };
  if (roll < 0.5) return { sessionId, landingPath, referrer: 'https://www.google.com/', searchEngine: { engine: 'google' } };
  if (roll < 0.55) {
    const keyword = rnd.pick(paidTerms);
    return { sessionId, landingPath, referrer: `https://www.bing.com/search?q=${encodeURIComponent(keyword)}`, searchEngine: { engine: 'bing', keyword } };
  }
  if (roll < 0.67) {
    const term = rnd.pick(paidTerms);
    return { sessionId, landingPath, referrer: 'https://www.google.com/', searchEngine: { engine: 'google' }, campaign: { source: 'google', medium: 'cpc', name: 'winter-sale', term, gclid: `demo-${rnd.int(1, 1e9)}` } };
  }
  if (roll < 0.78) return { sessionId, landingPath, referrer: '', campaign: { source: 'newsletter', medium: 'email', name: rnd.pick(emailCampaigns) } };
  if (roll < 0.84) return { sessionId, landingPath, referrer: 'https://l.facebook.com/', campaign: { source: 'facebook', medium: 'paid_social', name: 'gift-ideas', fbclid: `demo-${rnd.int(1, 1e9)}` } };
  if (roll < 0.91) return { sessionId, landingPath, referrer: rnd.pick(['https://www.instagram.com/', 'https://www.pinterest.com/', 'https://www.reddit.com/r/coffee/']) };
  return { sessionId, landingPath, referrer: rnd.pick(blogs) };
}
