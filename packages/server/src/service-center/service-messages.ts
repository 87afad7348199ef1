import type { SupportedLocale, TemplateKey } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import type { Shop } from '../shops/index.js';
import { defaultTemplates, renderTemplate } from './message-templates.js';
import { findServiceSettings, findServiceTemplate } from './service-settings.repository.js';
import { signServiceLink } from './service-token.js';

export function asLocale(value: string | null | undefined): SupportedLocale {
  return value === 'ru' ? 'ru' : 'en';
}

/**
 * Subject and text of one message: the shop's own template for that language
 * if it wrote one, else the shipped default.
 * @example await composeMessage(db, 'demo', 'claim_confirmation', 'en', { claimId: 'W-7K3QX9', ... })
 * // => { subject: 'We have sent your ... request W-7K3QX9 to ...', text: 'Hello Anna, ...' }
 */
export async function composeMessage(db: Db, shopId: string, key: TemplateKey, locale: SupportedLocale, vars: Record<string, string | null | undefined>) {
  const t = (await findServiceTemplate(db, shopId, key, locale)) ?? defaultTemplates[key][locale];
  return { subject: renderTemplate(t.subject, vars).replace(/\s+/g, ' ').trim(), text: renderTemplate(t.body, vars) };
}

export interface ServiceCenterSettings {
  warrantyStartsAt: 'delivery' | 'purchase';
  serviceCenterUrl: string | null;
  mailFrom: string | null;
}

export async function loadServiceSettings(db: Db, shopId: string): Promise<ServiceCenterSettings> {
  const s = await findServiceSettings(db, shopId);
  return { warrantyStartsAt: s?.warranty_starts_at ?? 'delivery', serviceCenterUrl: s?.service_center_url ?? null, mailFrom: s?.mail_from ?? null };
}

/**
 * The signed link a notification e-mail carries: it opens the page with the
 * widget, which exchanges it for a session without asking anything.
 * When the shop has not set where its widget lives, the link opens the
 * service page of this server's demo storefront (`fallbackBase` is this
 * server's configured public origin, never taken from the request).
 */
export function serviceLinkFor(shop: Pick<Shop, 'id' | 'signing_secret'>, settings: ServiceCenterSettings, fallbackBase: string, email: string): string {
  const base = settings.serviceCenterUrl ?? `${fallbackBase}/service.html`;
  return `${base}${base.includes('?') ? '&' : '?'}vsc=${encodeURIComponent(signServiceLink(shop, email))}`;
}
