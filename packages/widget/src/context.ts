import type { ClaimView, ServiceOrder } from '@vitrina/protocol';
import { ApiError, type Api } from './api.js';
import type { Locale, Translate } from './i18n.js';

export type Screen =
  // `error`: why the shopper is back at the lookup, put in words in the widget's current language.
  | { name: 'lookup'; message?: string; error?: unknown }
  | { name: 'orders' }
  | { name: 'order'; id: string }
  | { name: 'claim'; order: ServiceOrder; lineNo: number }
  | { name: 'done'; claim: ClaimView }
  | { name: 'claims' };

/** What a screen gets: strings, the API, and the way to the next screen. */
export interface Ctx {
  t: Translate;
  locale: Locale;
  api: Api;
  go(screen: Screen): void;
  /** Says it to screen-reader users through the live region. */
  announce(message: string): void;
}

/** A failure in words the shopper can act on. */
export function errorText(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return t('eServer');
  switch (err.code) {
    case 'network':
      return t('eNetwork');
    case 'order_not_found':
      return t('eNotFound');
    case 'rate_limited':
      return t('eRate', { min: Math.max(1, Math.ceil(err.retryAfter / 60)) });
    case 'invalid_token':
    case 'missing_token':
      return t('eSession');
    case 'invalid_link':
      return t('eLink');
    case 'claim_exists':
      return t('eExists');
    case 'not_under_warranty':
      return t('eWarranty');
    case 'no_service_point':
      return t('eNoPoint');
    case 'serial_required':
    case 'unknown_serial':
      return t('eSerial');
    case 'invalid_request':
      return t('eInput');
    default:
      return t('eServer');
  }
}
