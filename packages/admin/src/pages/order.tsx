import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { Translate } from '../i18n/index.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { orderStatuses, orderStatusLabel } from './orders.js';

interface Warranty {
  state: 'active' | 'expired' | 'pending' | 'none' | 'void';
  months: number;
  startsOn?: string;
  endsOn?: string;
}
interface OrderDetail {
  order: {
    id: string;
    status: string;
    placedAt: string;
    total: number;
    currency: string;
    email: string | null;
    customerId: string | null;
    source: string;
    deliveryMethod: string | null;
    paymentType: string | null;
    carrier: string | null;
    trackingNumber: string | null;
    expectedOn: string | null;
    deliveredAt: string | null;
    shippingAddress: { name?: string; line1?: string; city?: string; postalCode?: string; country?: string } | null;
  };
  lines: { lineNo: number; productId: string; name: string; quantity: number; unitPrice: number; serialNumbers: string[]; warranty: Warranty | null }[];
  timeline: { status: string; at: string; note: string | null }[];
}

function describeWarranty(t: Translate, fmt: { day: (iso: string) => string }, w: Warranty | null): string {
  if (!w || w.state === 'none') return t('warranty.none');
  if (w.state === 'pending') return t('warranty.pending', { months: w.months });
  if (w.state === 'void') return t('warranty.void');
  return t(w.state === 'active' ? 'warranty.active' : 'warranty.expired', { months: w.months, until: fmt.day(w.endsOn!) });
}

export function OrderPage({ id }: { id: string }) {
  const { t } = useT();
  const [loaded, reload] = useApi<OrderDetail>(`/v1/admin/orders/${encodeURIComponent(id)}`);
  return (
    <>
      <p>
        <a href="/admin/orders">← {t('order.back')}</a>
      </p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(d) => <OrderBody d={d} onSaved={reload} />}
      </WhenLoaded>
    </>
  );
}

function OrderBody({ d, onSaved }: { d: OrderDetail; onSaved: () => void }) {
  const { t } = useT();
  const { fmt } = useSession();
  const o = d.order;
  const a = o.shippingAddress;
  return (
    <>
      <h1>{t('order.title', { id: o.id })}</h1>
      <section class="card" aria-label={t('order.facts')}>
        <dl class="facts">
          <dt>{t('col.status')}</dt>
          <dd>{orderStatusLabel(t, o.status)}</dd>
          <dt>{t('col.placed')}</dt>
          <dd>{fmt.dateTime(o.placedAt)}</dd>
          <dt>{t('col.total')}</dt>
          <dd>{fmt.money(o.total)}</dd>
          <dt>{t('claim.customer')}</dt>
          <dd>
            {o.email ?? '–'}
            {o.customerId && (
              <>
                {' · '}
                <a href={`/admin/customers/${encodeURIComponent(o.customerId)}`}>{t('claim.customerLink')}</a>
              </>
            )}
          </dd>
          <dt>{t('order.delivery')}</dt>
          <dd>{[o.deliveryMethod, a && [a.name, a.line1, a.postalCode, a.city, a.country].filter(Boolean).join(', ')].filter(Boolean).join(' · ') || '–'}</dd>
          <dt>{t('col.tracking')}</dt>
          <dd>{[o.carrier, o.trackingNumber].filter(Boolean).join(' ') || '–'}</dd>
          <dt>{t('order.expectedOn')}</dt>
          <dd>{o.expectedOn ? fmt.day(o.expectedOn) : '–'}</dd>
          <dt>{t('order.deliveredAt')}</dt>
          <dd>{fmt.dateTime(o.deliveredAt)}</dd>
          <dt>{t('order.payment')}</dt>
          <dd>{o.paymentType ?? '–'}</dd>
          <dt>{t('order.source')}</dt>
          <dd>{o.source}</dd>
        </dl>
      </section>
      <OrderStatusForm id={o.id} status={o.status} carrier={o.carrier} expectedOn={o.expectedOn} onSaved={onSaved} />
      <DataTable
        id={`order-${o.id}-lines`}
        title={t('order.lines')}
        rows={d.lines}
        columns={[
          { key: 'product', label: t('col.product'), value: (l) => l.name },
          { key: 'quantity', label: t('col.quantity'), value: (l) => l.quantity, numeric: true },
          { key: 'price', label: t('col.price'), value: (l) => l.unitPrice, render: (l) => fmt.money(l.unitPrice), numeric: true },
          { key: 'serials', label: t('col.serial'), value: (l) => l.serialNumbers.join('; ') || null },
          { key: 'warranty', label: t('col.warranty'), value: (l) => describeWarranty(t, fmt, l.warranty) },
        ]}
      />
      <DataTable
        id={`order-${o.id}-timeline`}
        title={t('claim.history')}
        rows={d.timeline}
        columns={[
          { key: 'at', label: t('col.time'), value: (h) => h.at, render: (h) => fmt.dateTime(h.at) },
          { key: 'status', label: t('col.status'), value: (h) => orderStatusLabel(t, h.status) },
          { key: 'note', label: t('col.note'), value: (h) => h.note },
        ]}
      />
    </>
  );
}

/** Staff record where the order is: status, carrier and tracking number, a note; the shopper is e-mailed if asked. */
function OrderStatusForm({ id, status, carrier, expectedOn, onSaved }: { id: string; status: string; carrier: string | null; expectedOn: string | null; onSaved: () => void }) {
  const { t } = useT();
  const [next, setNext] = useState(status);
  const [carrierText, setCarrier] = useState(carrier ?? '');
  const [tracking, setTracking] = useState('');
  const [expected, setExpected] = useState(expectedOn ?? '');
  const [note, setNote] = useState('');
  const [notify, setNotify] = useState(true);
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  return (
    <form
      class="card"
      aria-labelledby="order-change-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        setDone(undefined);
        try {
          const body = { status: next, notify, ...(carrierText.trim() ? { carrier: carrierText.trim() } : {}), ...(tracking.trim() ? { trackingNumber: tracking.trim() } : {}), ...(expected !== (expectedOn ?? '') ? { expectedOn: expected || null } : {}), ...(note.trim() ? { note: note.trim() } : {}) };
          const r = await api<{ notified: boolean }>(`/v1/admin/orders/${encodeURIComponent(id)}/status`, { method: 'POST', body });
          setDone(r.notified ? t('claim.notified') : t('claim.saved'));
          setNote('');
          setTracking('');
          onSaved();
        } catch (err) {
          setError(err as Error);
        }
      }}
    >
      <h2 id="order-change-title">{t('order.change')}</h2>
      <label class="field">
        {t('claim.newStatus')}
        <select value={next} onChange={(e) => setNext((e.target as HTMLSelectElement).value)}>
          {orderStatuses.map((s) => (
            <option value={s} key={s}>
              {orderStatusLabel(t, s)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        {t('order.carrier')}
        <input value={carrierText} maxLength={60} onInput={(e) => setCarrier((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        {t('order.trackingNumber')}
        <input value={tracking} maxLength={100} onInput={(e) => setTracking((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        {t('order.expected')}
        <input type="date" value={expected} onInput={(e) => setExpected((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        {t('claim.note')}
        <input value={note} maxLength={2000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify((e.target as HTMLInputElement).checked)} /> {t('claim.notify')}
      </label>
      <button type="submit">{t('claim.save')}</button>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {error && <ErrorState error={error} />}
    </form>
  );
}
