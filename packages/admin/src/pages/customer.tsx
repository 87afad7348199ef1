import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Confirm } from '../components/confirm.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { downloadFile } from '../csv.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { customerName } from './customers.js';

interface Order {
  id: string;
  status: string;
  placedAt: string;
  total: number;
  verified: boolean;
  items: { productId: string; name: string; quantity: number; serialNumbers: string[] }[];
}
interface TimelineEvent {
  messageId: string;
  type: string;
  event: string | null;
  timestamp: string;
  properties: Record<string, unknown> | null;
}
interface Detail {
  customer: {
    id: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    region: string | null;
    segment: string;
    orders: number;
    revenue: number;
    unverifiedOrders: { count: number; revenue: number };
    firstSeenAt: string | null;
    lastSeenAt: string | null;
    rfm: { recency: number; frequency: number; monetary: number };
    consent: Record<string, unknown> | null;
    counters: Record<string, number>;
  };
  identities: { kind: string; value: string }[];
  orders: Order[];
  timeline: TimelineEvent[];
}

/** What an event says, briefly: the page, the product, the search, the order. */
function describe(e: TimelineEvent): string {
  const p = e.properties ?? {};
  const parts = [p.path, p.name, p.query !== undefined ? `“${String(p.query)}” (${String(p.results ?? '?')})` : undefined, p.order_id, p.total];
  return parts.filter((x) => x !== undefined && x !== null && x !== '').map(String).join(' · ');
}

export function CustomerPage({ id }: { id: string }) {
  const { t } = useT();
  const [loaded, reload] = useApi<Detail>(`/v1/admin/customers/${encodeURIComponent(id)}`);
  return (
    <>
      <p>
        <a href="/admin/customers">← {t('customer.back')}</a>
      </p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(d) => <CustomerBody d={d} />}
      </WhenLoaded>
    </>
  );
}

function CustomerBody({ d }: { d: Detail }) {
  const { t } = useT();
  const { fmt, session } = useSession();
  const c = d.customer;
  const [asking, setAsking] = useState<'export' | 'erase' | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [failed, setFailed] = useState<Error | undefined>();
  const who = customerName(c);
  const selector: Record<string, string> = c.email ? { email: c.email } : { anonymousId: d.identities.find((i) => i.kind === 'anonymous')?.value ?? c.id };
  const run = async (action: 'export' | 'erase') => {
    setAsking(undefined);
    setFailed(undefined);
    try {
      if (action === 'export') {
        const doc = await api<unknown>(`/v1/admin/customers/export?${new URLSearchParams(selector)}`);
        downloadFile(`customer-${c.id}.json`, JSON.stringify(doc, null, 2), 'application/json');
        setDone(t('customer.exported'));
      } else {
        await api('/v1/admin/customers/erase', { method: 'POST', body: selector });
        setDone(t('customer.erased'));
      }
    } catch (err) {
      setFailed(err as Error);
    }
  };
  return (
    <>
      <h1>{who}</h1>
      <section class="card" aria-labelledby="profile-title">
        <div class="card-head">
          <h2 id="profile-title">{t('customer.profile')}</h2>
          {session.user.role === 'owner' && (
            <div class="actions">
              <button type="button" class="secondary" onClick={() => setAsking('export')}>
                {t('customer.export')}
              </button>{' '}
              <button type="button" class="danger" onClick={() => setAsking('erase')}>
                {t('customer.erase')}
              </button>
            </div>
          )}
        </div>
        {asking && <Confirm message={t(asking === 'export' ? 'customer.exportConfirm' : 'customer.eraseConfirm', { who })} danger={asking === 'erase'} onConfirm={() => void run(asking)} onCancel={() => setAsking(undefined)} />}
        {done && (
          <p class="notice" role="status">
            {done}
          </p>
        )}
        {failed && <ErrorState error={failed} />}
        <dl class="facts">
          <dt>{t('col.email')}</dt>
          <dd>{c.email ?? '–'}</dd>
          <dt>{t('customer.region')}</dt>
          <dd>{c.region ?? '–'}</dd>
          <dt>{t('col.segment')}</dt>
          <dd>{c.segment}</dd>
          <dt>{t('customer.rfm')}</dt>
          <dd>
            {c.rfm.recency} / {c.rfm.frequency} / {c.rfm.monetary}
          </dd>
          <dt>{t('col.orders')}</dt>
          <dd>
            {c.orders} · {fmt.money(c.revenue)}
            {c.unverifiedOrders.count > 0 && (
              <>
                {' '}
                <span class="unverified" title={t('customer.unverifiedWhy')}>
                  {t('customer.unverifiedOrders', { n: c.unverifiedOrders.count, revenue: fmt.money(c.unverifiedOrders.revenue) })}
                </span>
              </>
            )}
          </dd>
          <dt>{t('customer.firstSeen')}</dt>
          <dd>{fmt.dateTime(c.firstSeenAt)}</dd>
          <dt>{t('customer.lastSeen')}</dt>
          <dd>{fmt.dateTime(c.lastSeenAt)}</dd>
          <dt>{t('customer.consent')}</dt>
          <dd>{c.consent && Object.keys(c.consent).length ? Object.entries(c.consent).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '–'}</dd>
          <dt>{t('customer.counters')}</dt>
          <dd>{Object.entries(c.counters).map(([k, v]) => `${k} ${v}`).join(' · ')}</dd>
        </dl>
      </section>
      <DataTable
        id={`customer-${c.id}-orders`}
        title={t('customer.orders')}
        rows={d.orders}
        empty={t('customer.noOrders')}
        columns={[
          { key: 'order', label: t('col.order'), value: (o) => o.id },
          { key: 'placed', label: t('col.placed'), value: (o) => o.placedAt, render: (o) => fmt.dateTime(o.placedAt) },
          {
            key: 'status',
            label: t('col.status'),
            value: (o) => (o.verified ? o.status : `${o.status} · ${t('customer.unverified')}`),
            render: (o) => (
              <>
                {o.status}
                {!o.verified && (
                  <>
                    {' '}
                    <span class="unverified" title={t('customer.unverifiedWhy')}>
                      {t('customer.unverified')}
                    </span>
                  </>
                )}
              </>
            ),
          },
          { key: 'items', label: t('col.items'), value: (o) => o.items.map((i) => `${i.quantity}× ${i.name}`).join('; ') },
          { key: 'serials', label: t('col.serial'), value: (o) => o.items.flatMap((i) => i.serialNumbers).join('; ') },
          { key: 'total', label: t('col.total'), value: (o) => o.total, render: (o) => fmt.money(o.total), numeric: true },
        ]}
      />
      <DataTable
        id={`customer-${c.id}-timeline`}
        title={t('customer.timeline')}
        rows={d.timeline}
        empty={t('customer.noEvents')}
        columns={[
          { key: 'time', label: t('col.time'), value: (e) => e.timestamp, render: (e) => fmt.dateTime(e.timestamp) },
          { key: 'event', label: t('col.event'), value: (e) => e.event ?? e.type },
          { key: 'detail', label: t('col.detail'), value: describe },
        ]}
      />
    </>
  );
}
