import type { Ctx } from '../context.js';
import { h } from '../dom.js';
import { formatDate, formatMoney } from '../format.js';
import type { StringKey } from '../i18n.js';

/** The customer's orders, newest first; each opens its timeline. */
export async function ordersScreen(ctx: Ctx): Promise<HTMLElement> {
  const { t, locale } = ctx;
  const { orders } = await ctx.api.orders();
  ctx.announce(t('ordersFound', { n: orders.length }));
  return h(
    'section',
    null,
    h('h2', { tabindex: -1 }, t('ordersTitle')),
    orders.length === 0
      ? h('p', null, t('noOrders'))
      : h(
          'ul',
          { class: 'rows' },
          orders.map((o) =>
            h(
              'li',
              { class: 'card', style: 'padding:0;border:0' },
              h(
                'button',
                { type: 'button', on: { click: () => ctx.go({ name: 'order', id: o.id }) } },
                h('span', null, h('b', null, t('order', { id: o.id })), h('br'), `${formatDate(o.placedAt, locale)} · ${o.firstItem}${o.itemCount > 1 ? ` · ${t('items', { n: o.itemCount })}` : ''}`),
                h('span', null, h('span', { class: 'badge' }, t(`s_${o.status}` as StringKey)), ' ', formatMoney(o.total, o.currency, locale)),
              ),
            ),
          ),
        ),
  );
}
