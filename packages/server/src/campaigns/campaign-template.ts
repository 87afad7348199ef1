/// <reference path="./mjml.d.ts" />
import mjml2html from 'mjml';
import type { CampaignLanguage } from './campaigns.table.js';

export interface TemplateProduct {
  name: string;
  price: string;
  imageUrl: string;
  /** The tracked link. */
  href: string;
  reason: string;
}

export interface TemplateContent {
  language: CampaignLanguage;
  shopName: string;
  subject: string;
  greetingName: string | null;
  intro: string;
  products: TemplateProduct[];
  unsubscribeUrl: string;
  openPixelUrl: string;
}

const strings = {
  en: { hello: (n: string | null) => (n ? `Hello ${n},` : 'Hello,'), why: 'Why', view: 'View', unsubscribe: 'Unsubscribe', footer: (shop: string) => `You get this e-mail because you agreed to news from ${shop}.` },
  ru: { hello: (n: string | null) => (n ? `Здравствуйте, ${n}!` : 'Здравствуйте!'), why: 'Почему', view: 'Смотреть', unsubscribe: 'Отписаться', footer: (shop: string) => `Вы получили это письмо, потому что согласились получать новости ${shop}.` },
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A placeholder MJML leaves alone; filled per recipient, HTML-escaped. */
const slot = (name: string) => `%%${name}%%`;

function mjmlSource(language: CampaignLanguage, productCount: number): string {
  const t = strings[language];
  const product = (i: number) => `
    <mj-section padding="8px 0"><mj-column width="35%"><mj-image src="${slot(`P${i}_IMG`)}" alt="${slot(`P${i}_NAME`)}" href="${slot(`P${i}_HREF`)}" width="160px" /></mj-column>
      <mj-column width="65%"><mj-text font-size="16px" font-weight="bold">${slot(`P${i}_NAME`)}</mj-text>
        <mj-text>${slot(`P${i}_PRICE`)}</mj-text>
        <mj-text color="#666666" font-size="13px">${t.why}: ${slot(`P${i}_REASON`)}</mj-text>
        <mj-button href="${slot(`P${i}_HREF`)}" align="left" background-color="#1f6feb">${t.view}</mj-button></mj-column></mj-section>`;
  return `<mjml><mj-head><mj-title>${slot('SUBJECT')}</mj-title><mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /></mj-attributes></mj-head>
  <mj-body background-color="#f4f4f4"><mj-wrapper background-color="#ffffff" padding="16px">
    <mj-section><mj-column><mj-text font-size="20px">${slot('SHOP')}</mj-text><mj-text>${slot('HELLO')}</mj-text><mj-text>${slot('INTRO')}</mj-text></mj-column></mj-section>
    ${Array.from({ length: productCount }, (_, i) => product(i)).join('')}
    <mj-section><mj-column><mj-text font-size="12px" color="#888888">${slot('FOOTER')} <a href="${slot('UNSUB')}">${t.unsubscribe}</a></mj-text>
      <mj-image src="${slot('PIXEL')}" width="1px" height="1px" alt="" /></mj-column></mj-section>
  </mj-wrapper></mj-body></mjml>`;
}

// MJML compiles in milliseconds, too slow for every one of 100,000 recipients:
// each layout (language × number of products) is compiled once per process
// and its placeholders filled per recipient.
const compiled = new Map<string, Promise<string>>();

async function compiledLayout(language: CampaignLanguage, productCount: number): Promise<string> {
  const key = `${language}:${productCount}`;
  let html = compiled.get(key);
  if (!html) {
    html = mjml2html(mjmlSource(language, productCount), { validationLevel: 'strict' }).then((r) => {
      if (r.errors.length) throw new Error(`campaign template: ${r.errors.map((e) => e.formattedMessage).join('; ')}`);
      return r.html;
    });
    compiled.set(key, html);
  }
  return html;
}

/**
 * The e-mail one recipient gets: responsive HTML (MJML, compiled once per
 * layout) and its plain-text twin, in the campaign's language.
 * @example await renderCampaignEmail({ language: 'en', shopName: 'Demo', subject: 'New for you', greetingName: 'Anna', intro: '…', products: [...], unsubscribeUrl, openPixelUrl })
 * // => { html: '<!doctype html>…Anna…', text: 'Hello Anna,\n…' }
 */
export async function renderCampaignEmail(c: TemplateContent): Promise<{ html: string; text: string }> {
  const t = strings[c.language];
  const values: Record<string, string> = {
    SUBJECT: c.subject,
    SHOP: c.shopName,
    HELLO: t.hello(c.greetingName),
    INTRO: c.intro,
    FOOTER: t.footer(c.shopName),
    UNSUB: c.unsubscribeUrl,
    PIXEL: c.openPixelUrl,
  };
  c.products.forEach((p, i) => {
    values[`P${i}_NAME`] = p.name;
    values[`P${i}_PRICE`] = p.price;
    values[`P${i}_IMG`] = p.imageUrl;
    values[`P${i}_HREF`] = p.href;
    values[`P${i}_REASON`] = p.reason;
  });
  const layout = await compiledLayout(c.language, c.products.length);
  const html = layout.replace(/%%([A-Z0-9_]+)%%/g, (_, name: string) => escapeHtml(values[name] ?? ''));
  const text = [
    t.hello(c.greetingName),
    '',
    c.intro,
    '',
    ...c.products.flatMap((p) => [`${p.name} — ${p.price}`, `${t.why}: ${p.reason}`, p.href, '']),
    t.footer(c.shopName),
    `${t.unsubscribe}: ${c.unsubscribeUrl}`,
  ].join('\n');
  return { html, text };
}
