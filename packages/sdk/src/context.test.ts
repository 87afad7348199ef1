import { describe, expect, it } from 'vitest';
import { isBot, readCampaign, readSearchReferrer } from './context.js';

describe('campaign fields', () => {
  it('reads UTM fields in Segment campaign names', () => {
    expect(readCampaign('?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale&utm_term=kettle&utm_content=hero&id=9')).toEqual({
      source: 'newsletter',
      medium: 'email',
      name: 'spring-sale',
      term: 'kettle',
      content: 'hero',
    });
  });

  it('reads ad click ids', () => {
    expect(readCampaign('?gclid=g1&fbclid=f1&msclkid=m1&q=x')).toEqual({ gclid: 'g1', fbclid: 'f1', msclkid: 'm1' });
  });

  it('finds no campaign on a plain URL', () => {
    expect(readCampaign('?id=p-0001')).toBeUndefined();
  });
});

describe('search engine referrers', () => {
  it('names the engine and the keyword when the referrer has one', () => {
    expect(readSearchReferrer('https://www.bing.com/search?q=espresso+machine')).toEqual({ engine: 'bing', keyword: 'espresso machine' });
    expect(readSearchReferrer('https://yandex.ru/search/?text=%D1%87%D0%B0%D0%B9')).toEqual({ engine: 'yandex', keyword: 'чай' });
    expect(readSearchReferrer('https://search.yahoo.co.jp/search?p=kettle')).toEqual({ engine: 'yahoo', keyword: 'kettle' });
  });

  it('names the engine without a keyword when it hides it', () => {
    expect(readSearchReferrer('https://www.google.co.uk/')).toEqual({ engine: 'google' });
  });

  it('ignores other sites, look-alikes and garbage', () => {
    expect(readSearchReferrer('https://blog.example.org/best-kettles?q=x')).toBeUndefined();
    expect(readSearchReferrer('https://notgoogle.com/?q=x')).toBeUndefined();
    expect(readSearchReferrer('')).toBeUndefined();
  });
});

describe('bots', () => {
  it('skips crawlers, headless browsers and automated browsers', () => {
    expect(isBot({ userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })).toBe(true);
    expect(isBot({ userAgent: 'Mozilla/5.0 HeadlessChrome/130.0' })).toBe(true);
    expect(isBot({ userAgent: 'Mozilla/5.0 Chrome/130.0', webdriver: true })).toBe(true);
  });

  it('counts a person in an ordinary browser', () => {
    expect(isBot({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15', webdriver: false })).toBe(false);
  });
});
