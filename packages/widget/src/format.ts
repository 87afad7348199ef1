import type { Locale } from './i18n.js';

const tag = (l: Locale) => (l === 'ru' ? 'ru-RU' : 'en-GB');

export function formatDate(iso: string, locale: Locale): string {
  return new Date(iso).toLocaleDateString(tag(locale), { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatMoney(amount: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(tag(locale), { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
