import type { ClaimView, ServiceOrder } from '@vitrina/protocol';
import { errorText, type Ctx } from '../context.js';
import { h } from '../dom.js';
import { formatDate } from '../format.js';
import type { StringKey } from '../i18n.js';

const MAX_PHOTO = 1_000_000;

function readPhoto(file: File | undefined): Promise<string | undefined> {
  if (!file) return Promise.resolve(undefined);
  if (file.size > MAX_PHOTO || !/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.reject(new Error('photo'));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('photo'));
    reader.readAsDataURL(file);
  });
}

/** The claim form: the problem, an optional photo, optionally where to be serviced. */
export function claimScreen(ctx: Ctx, order: ServiceOrder, lineNo: number): HTMLElement {
  const { t } = ctx;
  const item = order.items.find((i) => i.lineNo === lineNo)!;
  const err = h('p', { class: 'err', role: 'alert', id: 'vsc-claim-err' });
  const serial = item.serialNumbers.length > 1 ? h('select', { id: 'vsc-serial', required: true }, item.serialNumbers.map((s) => h('option', { value: s }, s))) : null;
  const problem = h('textarea', { id: 'vsc-problem', required: true, minlength: 10, maxlength: 4000, 'aria-describedby': 'vsc-problem-hint vsc-claim-err' });
  const photo = h('input', { id: 'vsc-photo', type: 'file', accept: 'image/jpeg,image/png,image/webp' });
  const near = h('input', { id: 'vsc-near', autocomplete: 'postal-code', 'aria-describedby': 'vsc-near-hint' });
  const submit = h('button', { type: 'submit' }, t('send'));
  const form = h(
    'form',
    {
      novalidate: true,
      on: {
        submit: async (e) => {
          e.preventDefault();
          const text = problem.value.trim();
          problem.setAttribute('aria-invalid', String(text.length < 10));
          if (text.length < 10) {
            err.textContent = t('problemHint');
            problem.focus();
            return;
          }
          submit.disabled = true;
          submit.textContent = t('sending');
          err.textContent = '';
          try {
            let dataUrl: string | undefined;
            try {
              dataUrl = await readPhoto(photo.files?.[0]);
            } catch {
              err.textContent = t('ePhoto');
              photo.focus();
              return;
            }
            const claim = await ctx.api.createClaim({
              orderId: order.id,
              lineNo,
              problem: text,
              locale: ctx.locale,
              ...(serial ? { serialNumber: serial.value } : {}),
              ...(dataUrl ? { photo: dataUrl } : {}),
              ...(near.value.trim() ? { postalCode: near.value.trim() } : {}),
            });
            ctx.go({ name: 'done', claim });
          } catch (e2) {
            err.textContent = errorText(e2, t);
          } finally {
            submit.disabled = false;
            submit.textContent = t('send');
          }
        },
      },
    },
    h('p', null, t('claimFor', { name: item.name })),
    serial && [h('label', { for: 'vsc-serial' }, t('serial')), serial],
    !serial && item.serialNumbers[0] ? h('p', { class: 'hint' }, `${t('serial')}: ${item.serialNumbers[0]}`) : null,
    h('label', { for: 'vsc-problem' }, t('problem')),
    problem,
    h('div', { class: 'hint', id: 'vsc-problem-hint' }, t('problemHint')),
    h('label', { for: 'vsc-photo' }, t('photo')),
    photo,
    h('label', { for: 'vsc-near' }, t('near')),
    near,
    h('div', { class: 'hint', id: 'vsc-near-hint' }, t('nearHint')),
    err,
    h('div', { class: 'acts' }, submit, h('button', { type: 'button', class: 'l', on: { click: () => ctx.go({ name: 'order', id: order.id }) } }, t('back'))),
  );
  return h('section', null, h('h2', { tabindex: -1 }, t('claimTitle')), form);
}

/** A claim: its service point with address, hours and a map link, and its history. */
export function claimDoneScreen(ctx: Ctx, claim: ClaimView): HTMLElement {
  const { t, locale } = ctx;
  const p = claim.point;
  ctx.announce(t('doneTitle', { id: claim.id }));
  return h(
    'section',
    null,
    h('h2', { tabindex: -1 }, t('doneTitle', { id: claim.id })),
    h('p', null, t('claimLine', { product: claim.productName, order: claim.orderId }), claim.serialNumber ? ` · ${t('serial')}: ${claim.serialNumber}` : ''),
    p && [
      h('p', null, t('doneIntro')),
      h(
        'div',
        { class: 'card' },
        h('b', null, p.name),
        h('div', null, p.address),
        h('div', null, `${p.postalCode} ${p.city}`),
        h('div', null, `${t('hours')}: ${p.hours}`),
        p.distanceKm !== null ? h('div', { class: 'hint' }, t('distance', { km: p.distanceKm.toLocaleString(locale) })) : null,
        h('div', { class: 'acts' }, h('a', { class: 'btn l', href: p.mapUrl, target: '_blank', rel: 'noopener' }, t('map'))),
      ),
    ],
    h('ol', { class: 'tl' }, claim.history.map((e, i) => h('li', { class: 'd', 'aria-current': i === claim.history.length - 1 ? 'step' : false }, t(`c_${e.status}` as StringKey), ` · ${formatDate(e.at, locale)}`, e.note ? ` · ${e.note}` : ''))),
    claim.history.length === 1 ? h('p', null, t('mailSent')) : null,
    h(
      'div',
      { class: 'acts' },
      h('button', { type: 'button', on: { click: () => ctx.go({ name: 'order', id: claim.orderId }) } }, t('order', { id: claim.orderId })),
      h('button', { type: 'button', class: 'l', on: { click: () => ctx.go({ name: 'claims' }) } }, t('myClaims')),
    ),
  );
}

/** Every request of the customer, with where it stands. */
export async function claimsScreen(ctx: Ctx): Promise<HTMLElement> {
  const { t, locale } = ctx;
  const { claims } = await ctx.api.claims();
  return h(
    'section',
    null,
    h('h2', { tabindex: -1 }, t('claimsTitle')),
    claims.length === 0
      ? h('p', null, t('noClaims'))
      : h(
          'ul',
          { class: 'rows' },
          claims.map((c) =>
            h(
              'li',
              { class: 'card', style: 'padding:0;border:0' },
              h(
                'button',
                { type: 'button', on: { click: () => ctx.go({ name: 'done', claim: c }) } },
                h('span', null, h('b', null, c.id), h('br'), t('claimLine', { product: c.productName, order: c.orderId }), ` · ${formatDate(c.createdAt, locale)}`),
                h('span', { class: 'badge' }, t(`c_${c.status}` as StringKey)),
              ),
            ),
          ),
        ),
  );
}
