import { useLocation } from 'preact-iso/router';
import { DataTable, type TableColumn } from '../components/data-table.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { RecommendationRules } from './recommendation-rules.js';

interface Figures {
  views: number;
  items: number;
  clicks: number;
  ctr: number;
  cartAdds: number;
  orders: number;
  revenue: number;
}
interface Performance {
  days: number;
  lists: (Figures & { list: string })[];
  reasons: (Figures & { reason: string })[];
}
const periods = [7, 30, 90] as const;

export function RecommendationsPage() {
  const { t } = useT();
  const { fmt } = useSession();
  const { query, route } = useLocation();
  const days = periods.includes(Number(query.days) as never) ? Number(query.days) : 30;
  const [loaded, reload] = useApi<Performance>(`/v1/admin/recommendations/performance?days=${days}`);
  const figures = <Row extends Figures>(): TableColumn<Row>[] => [
    { key: 'views', label: t('col.listsShown'), value: (r) => r.views, render: (r) => fmt.int(r.views), numeric: true },
    { key: 'items', label: t('col.impressions'), value: (r) => r.items, render: (r) => fmt.int(r.items), numeric: true },
    { key: 'clicks', label: t('col.clicks'), value: (r) => r.clicks, render: (r) => fmt.int(r.clicks), numeric: true },
    { key: 'ctr', label: t('col.ctr'), value: (r) => r.ctr, render: (r) => fmt.pct(r.ctr), numeric: true },
    { key: 'cartAdds', label: t('col.cartAdds'), value: (r) => r.cartAdds, render: (r) => fmt.int(r.cartAdds), numeric: true },
    { key: 'orders', label: t('col.orders'), value: (r) => r.orders, render: (r) => fmt.int(r.orders), numeric: true },
    { key: 'revenue', label: t('col.revenue'), value: (r) => r.revenue, render: (r) => fmt.money(r.revenue), numeric: true },
  ];
  return (
    <>
      <h1>{t('recs.title')}</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('period.label')}{' '}
          <select value={String(days)} onChange={(e) => route(`/admin/recommendations?days=${(e.target as HTMLSelectElement).value}`)}>
            {periods.map((d) => (
              <option value={String(d)} key={d}>
                {t(`period.last${d}` as 'period.last7')}
              </option>
            ))}
          </select>
        </label>
      </form>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(p) => (
          <>
            <DataTable id="recs-slots" title={t('recs.bySlot')} help={t('recs.help')} rows={p.lists} empty={t('recs.empty')} columns={[{ key: 'list', label: t('col.slot'), value: (r) => r.list }, ...figures<Performance['lists'][number]>()]} />
            <DataTable id="recs-reasons" title={t('recs.byReason')} rows={p.reasons} empty={t('recs.empty')} columns={[{ key: 'reason', label: t('col.reason'), value: (r) => r.reason }, ...figures<Performance['reasons'][number]>()]} />
          </>
        )}
      </WhenLoaded>
      <RecommendationRules />
    </>
  );
}
