import { useEffect, useMemo, useState } from 'preact/hooks';
import { LocationProvider, Route, Router, useLocation } from 'preact-iso/router';
import { api, setCsrfToken, whenSignedOut } from './api.js';
import { Loading } from './components/states.js';
import { formatters } from './format.js';
import type { MessageKey } from './i18n/en.js';
import { initialLang, LangContext, saveLang, translator, useT, type Lang } from './i18n/index.js';
import { AcquisitionPage } from './pages/acquisition.js';
import { CampaignPage } from './pages/campaign.js';
import { CampaignsPage } from './pages/campaigns.js';
import { ClaimPage } from './pages/claim.js';
import { CustomerPage } from './pages/customer.js';
import { CustomersPage } from './pages/customers.js';
import { OrderPage } from './pages/order.js';
import { OrdersPage } from './pages/orders.js';
import { OverviewPage } from './pages/overview.js';
import { RecommendationsPage } from './pages/recommendations.js';
import { SegmentPage } from './pages/segment.js';
import { SegmentsPage } from './pages/segments.js';
import { ServicePage } from './pages/service.js';
import { SettingsPage } from './pages/settings.js';
import { SignInPage } from './pages/sign-in.js';
import { SitePage } from './pages/site.js';
import { SessionContext, useSession, type Role, type SessionInfo } from './session.js';

// The pages, and who may open them (the server enforces the same: merchant-users/role-access.ts).
const sections: { path: string; key: MessageKey; roles: Role[] }[] = [
  { path: '/admin/', key: 'nav.overview', roles: ['owner'] },
  { path: '/admin/acquisition', key: 'nav.acquisition', roles: ['owner'] },
  { path: '/admin/site', key: 'nav.site', roles: ['owner'] },
  { path: '/admin/recommendations', key: 'nav.recommendations', roles: ['owner'] },
  { path: '/admin/segments', key: 'nav.segments', roles: ['owner'] },
  { path: '/admin/campaigns', key: 'nav.campaigns', roles: ['owner'] },
  { path: '/admin/customers', key: 'nav.customers', roles: ['owner', 'staff'] },
  { path: '/admin/orders', key: 'nav.orders', roles: ['owner', 'staff'] },
  { path: '/admin/service', key: 'nav.service', roles: ['owner', 'staff'] },
  { path: '/admin/settings', key: 'nav.settings', roles: ['owner'] },
];

function OwnersOnly({ page: Page, ...props }: { page: (p: any) => any; [k: string]: unknown }) {
  const { session } = useSession();
  const { t } = useT();
  if (session.user.role !== 'owner') return <p class="state state-error" role="alert">{t('state.forbidden', { role: session.user.role })}</p>;
  return <Page {...props} />;
}

// Route components made once, so a page is not remounted each time the layout renders.
const OverviewRoute = () => <OwnersOnly page={OverviewPage} />;
const AcquisitionRoute = () => <OwnersOnly page={AcquisitionPage} />;
const SiteRoute = () => <OwnersOnly page={SitePage} />;
const SettingsRoute = () => <OwnersOnly page={SettingsPage} />;
const RecommendationsRoute = () => <OwnersOnly page={RecommendationsPage} />;
const SegmentsRoute = () => <OwnersOnly page={SegmentsPage} />;
const SegmentRoute = ({ id }: { id: string }) => <OwnersOnly page={SegmentPage} id={id} />;
const CampaignsRoute = () => <OwnersOnly page={CampaignsPage} />;
const CampaignRoute = ({ id }: { id: string }) => <OwnersOnly page={CampaignPage} id={id} />;
const CustomerRoute = ({ id }: { id: string }) => <CustomerPage id={id} />;
const ClaimRoute = ({ id }: { id: string }) => <ClaimPage id={id} />;
const OrderRoute = ({ id }: { id: string }) => <OrderPage id={id} />;

function NotFound() {
  const { t } = useT();
  return <p class="state">{t('state.notFound')}</p>;
}

function Layout({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const { t } = useT();
  const { session, signOut } = useSession();
  const { path } = useLocation();
  const current = (p: string) => (p === '/admin/' ? path === '/admin/' || path === '/admin' : path.startsWith(p));
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <span class="brand">{t('app.title')} · {session.shop.name}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {sections
              .filter((s) => s.roles.includes(session.user.role))
              .map((s) => (
                <li key={s.path}>
                  <a href={s.path} aria-current={current(s.path) ? 'page' : undefined}>
                    {t(s.key)}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <label class="lang">
          <span class="visually-hidden">{t('nav.language')}</span>
          <select value={lang} onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)} aria-label={t('nav.language')}>
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </label>
        <span class="user">{session.user.email} ({session.user.role})</span>
        <button type="button" class="secondary" onClick={signOut}>
          {t('nav.signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path="/admin/" component={session.user.role === 'owner' ? OverviewRoute : CustomersPage} />
          <Route path="/admin/acquisition" component={AcquisitionRoute} />
          <Route path="/admin/site" component={SiteRoute} />
          <Route path="/admin/recommendations" component={RecommendationsRoute} />
          <Route path="/admin/segments" component={SegmentsRoute} />
          <Route path="/admin/segments/:id" component={SegmentRoute} />
          <Route path="/admin/campaigns" component={CampaignsRoute} />
          <Route path="/admin/campaigns/:id" component={CampaignRoute} />
          <Route path="/admin/customers" component={CustomersPage} />
          <Route path="/admin/customers/:id" component={CustomerRoute} />
          <Route path="/admin/orders" component={OrdersPage} />
          <Route path="/admin/orders/:id" component={OrderRoute} />
          <Route path="/admin/service" component={ServicePage} />
          <Route path="/admin/service/claims/:id" component={ClaimRoute} />
          <Route path="/admin/settings" component={SettingsRoute} />
          <Route default component={NotFound} />
        </Router>
      </main>
    </>
  );
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [session, setSession] = useState<SessionInfo | null | undefined>();
  const t = useMemo(() => translator(lang), [lang]);
  const setLang = (l: Lang) => {
    saveLang(l);
    setLangState(l);
  };
  const signedIn = (s: SessionInfo | null) => {
    setCsrfToken(s?.csrfToken ?? '');
    setSession(s);
  };
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);
  useEffect(() => {
    whenSignedOut(() => signedIn(null));
    api<SessionInfo>('/admin/api/session').then(signedIn, () => signedIn(null));
  }, []);
  const fmt = useMemo(() => formatters(lang, session?.shop.currency ?? 'EUR'), [lang, session]);
  const signOut = () => void api('/admin/api/logout', { method: 'POST' }).finally(() => signedIn(null));
  return (
    <LangContext.Provider value={{ lang, t }}>
      {session === undefined ? (
        <Loading />
      ) : session === null ? (
        <SignInPage onSignedIn={signedIn} />
      ) : (
        <SessionContext.Provider value={{ session, fmt, signOut }}>
          <LocationProvider scope="/admin">
            <Layout lang={lang} setLang={setLang} />
          </LocationProvider>
        </SessionContext.Provider>
      )}
    </LangContext.Provider>
  );
}
