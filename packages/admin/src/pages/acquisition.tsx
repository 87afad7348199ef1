import { DataTable, type TableColumn } from '../components/data-table.js';
import { PeriodPicker } from '../components/period-picker.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { periodQuery, usePeriod } from '../period.js';
import { useSession } from '../session.js';

interface Group {
  sessions: number;
  orders: number;
  revenue: number;
  conversionRate: number;
  [dimension: string]: string | number | null;
}
interface Acquisition {
  channels: Group[];
  campaigns: Group[];
  referrers: Group[];
  landingPages: Group[];
  search: Group[];
}

export function AcquisitionPage() {
  const { t } = useT();
  const { fmt } = useSession();
  const [period] = usePeriod();
  const [loaded, reload] = useApi<Acquisition>(`/v1/admin/analytics/acquisition?${periodQuery(period)}`);
  const measures: TableColumn<Group>[] = [
    { key: 'sessions', label: t('col.sessions'), value: (r) => r.sessions, render: (r) => fmt.int(r.sessions), numeric: true },
    { key: 'orders', label: t('col.orders'), value: (r) => r.orders, numeric: true },
    { key: 'revenue', label: t('col.revenue'), value: (r) => r.revenue, render: (r) => fmt.money(r.revenue), numeric: true },
    { key: 'conversion', label: t('col.conversion'), value: (r) => r.conversionRate, render: (r) => fmt.pct(r.conversionRate), numeric: true },
  ];
  const text = (key: string, label: string, field: string): TableColumn<Group> => ({ key, label, value: (r) => (r[field] as string | null) ?? '' , render: (r) => (r[field] as string | null) ?? '–' });
  return (
    <>
      <h1>{t('nav.acquisition')}</h1>
      <PeriodPicker />
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(a) => (
          <>
            <DataTable id="channels" title={t('acq.channels')} rows={a.channels} columns={[{ key: 'channel', label: t('col.channel'), value: (r) => t(`channel.${r.channel}` as MessageKey) }, ...measures]} />
            <DataTable id="campaigns" title={t('acq.campaigns')} rows={a.campaigns} columns={[text('source', t('col.source'), 'utm_source'), text('medium', t('col.medium'), 'utm_medium'), text('campaign', t('col.campaign'), 'utm_campaign'), ...measures]} />
            <DataTable id="search" title={t('acq.search')} rows={a.search} columns={[text('engine', t('col.engine'), 'search_engine'), text('term', t('col.term'), 'search_term'), ...measures]} />
            <DataTable id="referrers" title={t('acq.referrers')} rows={a.referrers} columns={[text('referrer', t('col.referrer'), 'referrer_domain'), ...measures]} />
            <DataTable id="landing-pages" title={t('acq.landing')} rows={a.landingPages} columns={[text('landing', t('col.landing'), 'landing_path'), ...measures]} />
          </>
        )}
      </WhenLoaded>
    </>
  );
}
