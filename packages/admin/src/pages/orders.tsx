import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { DataTable } from '../components/data-table.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { OrderStatusImport } from './order-status-import.js';

export const orderStatuses = ['placed', 'paid', 'packed', 'shipped', 'out_for_delivery', 'delivered', 'cancelled', 'returned'] as const;
const PAGE = 50;

interface OrderRow {
  id: string;
  status: string;
  placedAt: string;
  total: number;
  currency: string;
  email: string | null;
  customerId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  expectedOn: string | null;
  items: number;
}

export const orderStatusLabel = (t: (k: MessageKey) => string, s: string) => t(`orderStatus.${s}` as MessageKey);

export function OrdersPage() {
  const { t } = useT();
  const { fmt } = useSession();
  const { query, route } = useLocation();
  const status = query.status ?? '';
  const q = query.q ?? '';
  const offset = Number(query.offset ?? 0) || 0;
  const [draft, setDraft] = useState(q);
  const go = (next: { status?: string; q?: string; offset?: number }) => {
    const p = new URLSearchParams();
    const s = next.status ?? status;
    const text = next.q ?? q;
    if (s) p.set('status', s);
    if (text) p.set('q', text);
    if (next.offset) p.set('offset', String(next.offset));
    route(`/admin/orders${p.toString() ? `?${p}` : ''}`);
  };
  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...(status ? { status } : {}), ...(q ? { q } : {}) });
  const [loaded, reload] = useApi<{ orders: OrderRow[]; hasMore: boolean; counts: Record<string, number> }>(`/v1/admin/orders?${params}`);
  return (
    <>
      <h1>{t('orders.title')}</h1>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ orders, hasMore, counts }) => (
          <>
            <form
              class="filters"
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                go({ q: draft.trim(), offset: 0 });
              }}
            >
              <label>
                {t('orders.status')}{' '}
                <select value={status} onChange={(e) => go({ status: (e.target as HTMLSelectElement).value, offset: 0 })}>
                  <option value="">{t('orders.allStatuses', { n: fmt.int(Object.values(counts).reduce((a, b) => a + b, 0)) })}</option>
                  {orderStatuses.map((s) => (
                    <option value={s} key={s}>
                      {orderStatusLabel(t, s)} ({fmt.int(counts[s] ?? 0)})
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('orders.search')} <input type="search" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
              </label>
              <button type="submit">{t('customers.find')}</button>
            </form>
            <DataTable
              id="orders"
              title={t('orders.title')}
              rows={orders}
              empty={t('orders.empty')}
              columns={[
                { key: 'order', label: t('col.order'), value: (o) => o.id, render: (o) => <a href={`/admin/orders/${encodeURIComponent(o.id)}`}>{o.id}</a> },
                { key: 'placed', label: t('col.placed'), value: (o) => o.placedAt, render: (o) => fmt.dateTime(o.placedAt) },
                { key: 'status', label: t('col.status'), value: (o) => orderStatusLabel(t, o.status) },
                { key: 'email', label: t('col.email'), value: (o) => o.email },
                { key: 'items', label: t('col.items'), value: (o) => o.items, numeric: true },
                { key: 'total', label: t('col.total'), value: (o) => o.total, render: (o) => fmt.money(o.total), numeric: true },
                { key: 'tracking', label: t('col.tracking'), value: (o) => [o.carrier, o.trackingNumber].filter(Boolean).join(' ') || null },
                { key: 'expected', label: t('order.expectedOn'), value: (o) => o.expectedOn, render: (o) => (o.expectedOn ? fmt.day(o.expectedOn) : '–') },
              ]}
            />
            <nav class="pager" aria-label={t('orders.pages')}>
              <button type="button" class="secondary" disabled={offset === 0} onClick={() => go({ offset: Math.max(0, offset - PAGE) })}>
                {t('customers.prev')}
              </button>
              <button type="button" class="secondary" disabled={!hasMore} onClick={() => go({ offset: offset + PAGE })}>
                {t('customers.next')}
              </button>
            </nav>
          </>
        )}
      </WhenLoaded>
      <OrderStatusImport onImported={reload} />
    </>
  );
}
