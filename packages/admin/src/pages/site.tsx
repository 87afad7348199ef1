import { DataTable } from '../components/data-table.js';
import { PeriodPicker } from '../components/period-picker.js';
import { WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { useT } from '../i18n/index.js';
import { periodQuery, usePeriod } from '../period.js';
import { useSession } from '../session.js';

interface Search {
  query: string;
  searches: number;
  averageResults: number | null;
  zeroResults: number;
}
interface Site {
  pages: { path: string; views: number; visitors: number }[];
  products: { productId: string; name: string | null; category: string | null; views: number; viewers: number; cartAdds: number; orders: number }[];
  searches: Search[];
  zeroResultSearches: Search[];
}

export function SitePage() {
  const { t } = useT();
  const { fmt } = useSession();
  const [period] = usePeriod();
  const [loaded, reload] = useApi<Site>(`/v1/admin/analytics/site?${periodQuery(period)}`);
  const searchColumns = [
    { key: 'query', label: t('col.query'), value: (r: Search) => r.query },
    { key: 'searches', label: t('col.searches'), value: (r: Search) => r.searches, numeric: true },
    { key: 'avg', label: t('col.avgResults'), value: (r: Search) => r.averageResults, render: (r: Search) => fmt.dec(r.averageResults), numeric: true },
    { key: 'zero', label: t('col.zeroResults'), value: (r: Search) => r.zeroResults, numeric: true },
  ];
  return (
    <>
      <h1>{t('nav.site')}</h1>
      <PeriodPicker />
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {(s) => (
          <>
            <DataTable id="zero-result-searches" title={t('site.zero')} help={t('site.zeroHelp')} rows={s.zeroResultSearches} columns={searchColumns} />
            <DataTable id="searches" title={t('site.searches')} rows={s.searches} columns={searchColumns} />
            <DataTable
              id="top-pages"
              title={t('site.pages')}
              rows={s.pages}
              columns={[
                { key: 'path', label: t('col.path'), value: (r) => r.path },
                { key: 'views', label: t('col.views'), value: (r) => r.views, numeric: true },
                { key: 'visitors', label: t('col.visitors'), value: (r) => r.visitors, numeric: true },
              ]}
            />
            <DataTable
              id="top-products"
              title={t('site.products')}
              rows={s.products}
              columns={[
                { key: 'product', label: t('col.product'), value: (r) => r.name ?? r.productId },
                { key: 'category', label: t('col.category'), value: (r) => r.category },
                { key: 'views', label: t('col.views'), value: (r) => r.views, numeric: true },
                { key: 'visitors', label: t('col.visitors'), value: (r) => r.viewers, numeric: true },
                { key: 'cartAdds', label: t('col.cartAdds'), value: (r) => r.cartAdds, numeric: true },
                { key: 'orders', label: t('col.orders'), value: (r) => r.orders, numeric: true },
              ]}
            />
          </>
        )}
      </WhenLoaded>
    </>
  );
}
