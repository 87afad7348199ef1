import { useMemo, useState } from 'preact/hooks';
import { DataTable } from '../components/data-table.js';
import { LineChart } from '../components/line-chart.js';
import { PeriodPicker } from '../components/period-picker.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { periodQuery, usePeriod } from '../period.js';
import { useSession } from '../session.js';

interface Metrics {
  visitors: number;
  sessions: number;
  orders: number;
  revenue: number;
  conversionRate: number;
  averageOrderValue: number;
  returningCustomerShare: number;
}
interface Day {
  day: string;
  sessions: number;
  orders: number;
  revenue: number;
}
interface Overview {
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  current: Metrics;
  previous: Metrics;
  series: { current: Day[]; previous: Day[] };
}

const cards: { key: keyof Metrics; kind: 'int' | 'money' | 'pct' }[] = [
  { key: 'visitors', kind: 'int' },
  { key: 'sessions', kind: 'int' },
  { key: 'orders', kind: 'int' },
  { key: 'revenue', kind: 'money' },
  { key: 'conversionRate', kind: 'pct' },
  { key: 'averageOrderValue', kind: 'money' },
  { key: 'returningCustomerShare', kind: 'pct' },
];
type ChartMetric = 'sessions' | 'orders' | 'revenue';

export function OverviewPage() {
  const { t } = useT();
  const [period] = usePeriod();
  const [loaded, reload] = useApi<Overview>(`/v1/admin/analytics/overview?${periodQuery(period)}`);
  return (
    <>
      <h1>{t('nav.overview')}</h1>
      <PeriodPicker />
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(o) => <OverviewBody o={o} />}
      </WhenLoaded>
    </>
  );
}

function OverviewBody({ o }: { o: Overview }) {
  const { t } = useT();
  const { fmt } = useSession();
  const [metric, setMetric] = useState<ChartMetric>('sessions');
  const show = (kind: 'int' | 'money' | 'pct', n: number) => (kind === 'money' ? fmt.money(n) : kind === 'pct' ? fmt.pct(n) : fmt.int(n));
  const days = o.series.current.map((d) => d.day);
  const series = useMemo(
    () => [
      { label: t('overview.current'), values: o.series.current.map((d) => d[metric]), color: '#1f5fbf' },
      { label: t('overview.previous'), values: o.series.previous.map((d) => d[metric]), color: '#8a8f98', dashed: true },
    ],
    [o, metric, t],
  );
  const lastDay = new Date(Date.parse(o.previousPeriod.to) - 86_400_000).toISOString();
  return (
    <>
      <p class="help">{t('period.previous', { from: fmt.day(o.previousPeriod.from), to: fmt.day(lastDay) })}</p>
      <ul class="metrics">
        {cards.map((c) => {
          const now = o.current[c.key];
          const before = o.previous[c.key];
          const change = before > 0 ? (now - before) / before : null;
          return (
            <li class="metric" key={c.key}>
              <span class="metric-label">{t(`metric.${c.key}` as MessageKey)}</span>
              <strong class="metric-value">{show(c.kind, now)}</strong>
              <span class={`metric-change ${change === null ? '' : change >= 0 ? 'up' : 'down'}`}>
                {change === null ? '' : `${change >= 0 ? '▲' : '▼'} ${fmt.pct(Math.abs(change))} `}
                {t('metric.vsPrevious', { value: show(c.kind, before) })}
              </span>
            </li>
          );
        })}
      </ul>
      <section class="card" aria-labelledby="chart-title">
        <div class="card-head">
          <h2 id="chart-title">{t('overview.chart')}</h2>
          <label>
            {t('overview.chartMetric')}{' '}
            <select value={metric} onChange={(e) => setMetric((e.target as HTMLSelectElement).value as ChartMetric)}>
              <option value="sessions">{t('metric.sessions')}</option>
              <option value="orders">{t('metric.orders')}</option>
              <option value="revenue">{t('metric.revenue')}</option>
            </select>
          </label>
        </div>
        <LineChart days={days} dayLabel={t('col.day')} series={series} description={`${t('overview.chart')}: ${t(`metric.${metric}`)}`} format={metric === 'revenue' ? fmt.money : fmt.int} />
      </section>
      <DataTable
        id="overview-daily"
        title={t('overview.daily')}
        rows={o.series.current}
        columns={[
          { key: 'day', label: t('col.day'), value: (r) => r.day, render: (r) => fmt.day(r.day) },
          { key: 'sessions', label: t('col.sessions'), value: (r) => r.sessions, numeric: true },
          { key: 'orders', label: t('col.orders'), value: (r) => r.orders, numeric: true },
          { key: 'revenue', label: t('col.revenue'), value: (r) => r.revenue, render: (r) => fmt.money(r.revenue), numeric: true },
        ]}
      />
    </>
  );
}
