import type { Lang } from './i18n/index.js';

const locales: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' };

/** Numbers, money, shares and dates in the panel's language. */
export function formatters(lang: Lang, currency: string) {
  const locale = locales[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    int: (n: number) => int.format(n),
    money: (n: number) => money.format(n),
    pct: (n: number) => pct.format(n),
    dec: (n: number | null) => (n === null ? '–' : dec.format(n)),
    day: (iso: string) => date.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)),
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '–'),
  };
}
export type Formatters = ReturnType<typeof formatters>;
