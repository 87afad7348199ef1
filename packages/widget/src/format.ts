import type { Locale } from './i18n.js';

const tag = (l: Locale) => (l === 'ru' ? 'ru-RU' : 'en-GB');

export function formatDate(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleDateString(tag(locale), { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A calendar day (YYYY-MM-DD) as itself, wherever the shopper is: read in UTC, not as local midnight. */
export function formatDay(day: string, locale: Locale): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(tag(locale), { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(tag(locale), { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
