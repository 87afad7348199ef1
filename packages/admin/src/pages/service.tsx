import { useLocation } from 'preact-iso/router';
import { DataTable } from '../components/data-table.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';

export const claimStatuses = ['submitted', 'accepted', 'at_service_point', 'repaired', 'replaced', 'rejected', 'closed'] as const;

export interface Claim {
  id: string;
  orderId: string;
  productName: string;
  serialNumber: string | null;
  problem: string;
  status: string;
  createdAt: string;
  point: { name: string; city: string } | null;
  history: { status: string; at: string; note: string | null }[];
}

export function ServicePage() {
  const { t } = useT();
  const { fmt } = useSession();
  const { query, route } = useLocation();
  const status = query.status ?? '';
  const [loaded, reload] = useApi<{ claims: Claim[] }>(`/v1/admin/service/claims${status ? `?status=${status}` : ''}`);
  return (
    <>
      <h1>{t('service.title')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('service.status')}{' '}
          <select value={status} onChange={(e) => route(`/admin/service${(e.target as HTMLSelectElement).value ? `?status=${(e.target as HTMLSelectElement).value}` : ''}`)}>
            <option value="">{t('service.allStatuses')}</option>
            {claimStatuses.map((s) => (
              <option value={s} key={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ claims }) => (
          <DataTable
            id="claims"
            title={t('service.title')}
            rows={claims}
            empty={t('service.empty')}
            columns={[
              { key: 'claim', label: t('col.claim'), value: (c) => c.id, render: (c) => <a href={`/admin/service/claims/${encodeURIComponent(c.id)}`}>{c.id}</a> },
              { key: 'created', label: t('col.created'), value: (c) => c.createdAt, render: (c) => fmt.dateTime(c.createdAt) },
              { key: 'order', label: t('col.order'), value: (c) => c.orderId },
              { key: 'product', label: t('col.product'), value: (c) => c.productName },
              { key: 'serial', label: t('col.serial'), value: (c) => c.serialNumber },
              { key: 'status', label: t('col.status'), value: (c) => t(`status.${c.status}` as MessageKey) },
              { key: 'point', label: t('col.point'), value: (c) => (c.point ? `${c.point.name}, ${c.point.city}` : null) },
            ]}
          />
        )}
      </WhenLoaded>
    </>
  );
}
