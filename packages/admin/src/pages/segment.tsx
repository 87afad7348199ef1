import { useState } from 'preact/hooks';
import { DataTable } from '../components/data-table.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { customerName } from './customers.js';
import type { AudienceCount } from './segment-builder.js';
import { describeDefinition, type SavedSegment } from './segments.js';

interface Member {
  profileId: string;
  customerId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  region: string | null;
  orders: number;
  revenue: number;
  lastOrderAt: string | null;
  mailable: boolean;
}
const PAGE = 50;

/** One saved segment: its conditions, live count and members, 50 a page (keyset: the previous pages' last ids are kept). */
export function SegmentPage({ id }: { id: string }) {
  const { t } = useT();
  const { fmt } = useSession();
  const [segment, reload] = useApi<SavedSegment & { count: AudienceCount }>(`/v1/admin/segments/${encodeURIComponent(id)}`);
  const [afters, setAfters] = useState<string[]>([]);
  const after = afters[afters.length - 1];
  const [members, reloadMembers] = useApi<{ members: Member[]; next: string | null }>(`/v1/admin/segments/${encodeURIComponent(id)}/members?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
  return (
    <>
      <p>
        <a href="/admin/segments">← {t('segments.back')}</a>
      </p>
      <WhenLoaded loaded={segment} onRetry={reload}>
        {(s) => (
          <>
            <h1>{s.name}</h1>
            <section class="card" aria-label={t('segments.facts')}>
              <dl class="facts">
                <dt>{t('segments.conditions')}</dt>
                <dd>{describeDefinition(t, s.definition)}</dd>
                <dt>{t('segments.members')}</dt>
                <dd>{t('segments.count', { total: fmt.int(s.count.total), mailable: fmt.int(s.count.mailable) })}</dd>
              </dl>
              <p>
                <a href={`/admin/campaigns?segment=${encodeURIComponent(s.id)}`}>{t('segments.newCampaign')}</a>
              </p>
            </section>
          </>
        )}
      </WhenLoaded>
      <WhenLoaded loaded={members} onRetry={reloadMembers}>
        {({ members: rows, next }) => (
          <>
            <DataTable
              id={`segment-${id}-members`}
              title={t('segments.whoIsIn')}
              rows={rows}
              empty={t('segments.noMembers')}
              columns={[
                { key: 'name', label: t('col.name'), value: (m) => customerName({ ...m, id: m.customerId ?? m.profileId }), render: (m) => (m.customerId ? <a href={`/admin/customers/${encodeURIComponent(m.customerId)}`}>{customerName({ ...m, id: m.customerId })}</a> : customerName({ ...m, id: m.profileId })) },
                { key: 'email', label: t('col.email'), value: (m) => m.email },
                { key: 'region', label: t('col.region'), value: (m) => m.region },
                { key: 'orders', label: t('col.orders'), value: (m) => m.orders, numeric: true },
                { key: 'revenue', label: t('col.revenue'), value: (m) => m.revenue, render: (m) => fmt.money(m.revenue), numeric: true },
                { key: 'last', label: t('col.lastOrder'), value: (m) => m.lastOrderAt, render: (m) => fmt.dateTime(m.lastOrderAt) },
                { key: 'mailable', label: t('segments.mailable'), value: (m) => (m.mailable ? t('segments.yes') : t('segments.no')) },
              ]}
            />
            <nav class="pager" aria-label={t('segments.pages')}>
              <button type="button" class="secondary" disabled={afters.length === 0} onClick={() => setAfters(afters.slice(0, -1))}>
                {t('customers.prev')}
              </button>
              <button type="button" class="secondary" disabled={!next} onClick={() => next && setAfters([...afters, next])}>
                {t('customers.next')}
              </button>
            </nav>
          </>
        )}
      </WhenLoaded>
    </>
  );
}
