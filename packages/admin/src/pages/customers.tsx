import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { DataTable } from '../components/data-table.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';

export const segments = ['prospect', 'new', 'promising', 'champions', 'loyal', 'at_risk', 'hibernating', 'lost'] as const;
const PAGE = 50;

interface CustomerSummary {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  orders: number;
  revenue: number;
  lastOrderAt: string | null;
  segment: string;
}

export const customerName = (c: { firstName: string | null; lastName: string | null; email: string | null; id: string }) =>
  [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.id;

export function CustomersPage() {
  const { t } = useT();
  const { fmt } = useSession();
  const { query, route } = useLocation();
  const segment = query.segment ?? '';
  const q = query.q ?? '';
  const offset = Number(query.offset ?? 0) || 0;
  const [draft, setDraft] = useState(q);
  const go = (next: { segment?: string; q?: string; offset?: number }) => {
    const p = new URLSearchParams();
    const s = next.segment ?? segment;
    const text = next.q ?? q;
    if (s) p.set('segment', s);
    if (text) p.set('q', text);
    if (next.offset) p.set('offset', String(next.offset));
    route(`/admin/customers${p.toString() ? `?${p}` : ''}`);
  };
  const params = new URLSearchParams({ limit: String(PAGE), offset: String(offset), ...(segment ? { segment } : {}), ...(q ? { q } : {}) });
  const [loaded, reload] = useApi<{ customers: CustomerSummary[] }>(`/v1/admin/customers?${params}`);
  return (
    <>
      <h1>{t('customers.title')}</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: draft.trim(), offset: 0 });
        }}
      >
        <label>
          {t('customers.segment')}{' '}
          <select value={segment} onChange={(e) => go({ segment: (e.target as HTMLSelectElement).value, offset: 0 })}>
            <option value="">{t('customers.allSegments')}</option>
            {segments.map((s) => (
              <option value={s} key={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('customers.search')} <input type="search" value={draft} onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t('customers.find')}</button>
      </form>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ customers }) => (
          <>
            <DataTable
              id="customers"
              title={t('customers.title')}
              rows={customers}
              empty={t('customers.empty')}
              columns={[
                { key: 'name', label: t('col.name'), value: customerName, render: (c) => <a href={`/admin/customers/${encodeURIComponent(c.id)}`}>{customerName(c)}</a> },
                { key: 'email', label: t('col.email'), value: (c) => c.email },
                { key: 'segment', label: t('col.segment'), value: (c) => c.segment },
                { key: 'orders', label: t('col.orders'), value: (c) => c.orders, numeric: true },
                { key: 'revenue', label: t('col.revenue'), value: (c) => c.revenue, render: (c) => fmt.money(c.revenue), numeric: true },
                { key: 'lastOrder', label: t('col.lastOrder'), value: (c) => c.lastOrderAt, render: (c) => fmt.dateTime(c.lastOrderAt) },
              ]}
            />
            <nav class="pager" aria-label={t('customers.title')}>
              <button type="button" class="secondary" disabled={offset === 0} onClick={() => go({ offset: Math.max(0, offset - PAGE) })}>
                {t('customers.prev')}
              </button>
              <button type="button" class="secondary" disabled={customers.length < PAGE} onClick={() => go({ offset: offset + PAGE })}>
                {t('customers.next')}
              </button>
            </nav>
          </>
        )}
      </WhenLoaded>
    </>
  );
}
