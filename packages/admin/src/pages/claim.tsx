import { DataTable } from '../components/data-table.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import type { Claim } from './service.js';
import { ClaimStatusForm } from './claim-status-form.js';

export function ClaimPage({ id }: { id: string }) {
  const { t } = useT();
  const { fmt, session } = useSession();
  const [loaded, reload] = useApi<Claim & { email: string; customerName: string | null }>(`/v1/admin/service/claims/${encodeURIComponent(id)}`);
  return (
    <>
      <p>
        <a href="/admin/service">← {t('claim.back')}</a>
      </p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(c) => (
          <>
            <h1>{t('claim.title', { id: c.id })}</h1>
            <section class="card" aria-label={t('claim.title', { id: c.id })}>
              <dl class="facts">
                <dt>{t('col.status')}</dt>
                <dd>{t(`status.${c.status}` as MessageKey)}</dd>
                <dt>{t('claim.customer')}</dt>
                <dd>
                  {c.customerName ?? ''} {c.email} · <a href={`/admin/customers?q=${encodeURIComponent(c.email)}`}>{t('claim.customerLink')}</a>
                </dd>
                <dt>{t('col.order')}</dt>
                <dd>{c.orderId}</dd>
                <dt>{t('col.product')}</dt>
                <dd>
                  {c.productName} {c.serialNumber ? `· ${c.serialNumber}` : ''}
                </dd>
                <dt>{t('col.point')}</dt>
                <dd>{c.point ? `${c.point.name}, ${c.point.city}` : '–'}</dd>
                <dt>{t('claim.problem')}</dt>
                <dd>{c.problem}</dd>
              </dl>
            </section>
            {session.user.role === 'owner' && <ClaimStatusForm id={c.id} status={c.status} onSaved={reload} />}
            <DataTable
              id={`claim-${c.id}-history`}
              title={t('claim.history')}
              rows={c.history}
              columns={[
                { key: 'at', label: t('col.time'), value: (h) => h.at, render: (h) => fmt.dateTime(h.at) },
                { key: 'status', label: t('col.status'), value: (h) => t(`status.${h.status}` as MessageKey) },
                { key: 'note', label: t('col.note'), value: (h) => h.note },
              ]}
            />
          </>
        )}
      </WhenLoaded>
    </>
  );
}
