import type { ClaimView, ServiceOrder, ServiceOrderItem } from '@vitrina/protocol';
import type { Ctx } from '../context.js';
import { h } from '../dom.js';
import { formatDate, formatDay } from '../format.js';
import type { StringKey, Translate } from '../i18n.js';

const path = ['placed', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered'] as const;

/** The steps to show: the happy path, with where the order is; cancelled and returned orders as they happened. */
export function timelineSteps(order: Pick<ServiceOrder, 'status' | 'timeline'>): { status: string; at?: string; done: boolean; current: boolean }[] {
  const reached = new Map(order.timeline.map((e) => [e.status as string, e.at]));
  const off = order.status === 'cancelled' || order.status === 'returned';
  const steps: string[] = off ? order.timeline.map((e) => e.status) : [...path];
  return steps.map((status) => ({ status, at: reached.get(status), done: reached.has(status), current: status === order.status }));
}

/** The warranty line of an item, in words. */
export function warrantyText(item: ServiceOrderItem, t: Translate, locale: 'en' | 'ru'): string {
  const w = item.warranty;
  if (w.state === 'active') return t('wActive', { date: formatDate(w.endsOn!, locale) });
  if (w.state === 'expired') return t('wExpired', { date: formatDate(w.endsOn!, locale) });
  if (w.state === 'pending') return t('wPending', { m: w.months });
  return t(w.state === 'void' ? 'wVoid' : 'wNone');
}

/** One order: where it is, how it travels, and each item's warranty with a way to claim it. */
export async function orderScreen(ctx: Ctx, id: string): Promise<HTMLElement> {
  const { t, locale } = ctx;
  const [order, claims] = await Promise.all([ctx.api.order(id), ctx.api.claims().then((r) => r.claims, (): ClaimView[] => [])]);
  const info: [StringKey, string | null][] = [
    ['placed', formatDate(order.placedAt, locale)],
    ['carrier', order.carrier],
    ['tracking', order.trackingNumber],
    ['expectedOn', order.expectedOn ? formatDay(order.expectedOn, locale) : null],
    ['deliveredOn', order.deliveredAt && formatDate(order.deliveredAt, locale)],
  ];
  const a = order.shippingAddress;
  if (a) info.push(['address', [a.name, a.line1, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')]);
  ctx.announce(`${t('order', { id: order.id })}: ${t(`s_${order.status}` as StringKey)}`);
  return h(
    'section',
    null,
    h('h2', { tabindex: -1 }, t('order', { id: order.id }), ' ', h('span', { class: 'badge' }, t(`s_${order.status}` as StringKey))),
    h('dl', null, info.filter(([, v]) => v).map(([k, v]) => [h('dt', null, t(k)), h('dd', null, v)])),
    h('h3', null, t('timeline')),
    h(
      'ol',
      { class: 'tl' },
      timelineSteps(order).map((s) =>
        h('li', { class: s.done ? 'd' : '', 'aria-current': s.current ? 'step' : false }, t(`s_${s.status}` as StringKey), s.at ? ` · ${formatDate(s.at, locale)}` : ''),
      ),
    ),
    h('h3', null, t('itemsTitle')),
    h(
      'ul',
      null,
      order.items.map((item) => {
        const claim = claims.find((c) => c.orderId === order.id && c.lineNo === item.lineNo);
        const ok = item.warranty.state === 'active';
        return h(
          'li',
          { class: 'card' },
          h('b', null, item.name),
          item.quantity > 1 ? ` × ${item.quantity}` : '',
          item.serialNumbers.length ? h('div', { class: 'hint' }, `${t('serial')}: ${item.serialNumbers.join(', ')}`) : null,
          h('div', null, h('span', { class: `badge ${ok ? 'ok' : 'no'}` }, warrantyText(item, t, locale))),
          claim
            ? h('p', null, h('button', { type: 'button', class: 'l', on: { click: () => ctx.go({ name: 'done', claim }) } }, `${claim.id}: ${t(`c_${claim.status}` as StringKey)}`))
            : ok
              ? h('div', { class: 'acts' }, h('button', { type: 'button', on: { click: () => ctx.go({ name: 'claim', order, lineNo: item.lineNo }) } }, t('startClaim')))
              : null,
        );
      }),
    ),
    h('div', { class: 'acts' }, h('button', { type: 'button', class: 'l', on: { click: () => ctx.go({ name: 'orders' }) } }, t('myOrders'))),
  );
}
