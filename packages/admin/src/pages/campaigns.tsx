import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/index.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import type { SavedSegment } from './segments.js';

export type CampaignStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export interface Campaign {
  id: string;
  name: string;
  segment_id: string | null;
  definition: Record<string, unknown>;
  language: 'en' | 'ru';
  subject: string;
  intro: string;
  status: CampaignStatus;
  send_at: string | null;
  holdout_percent: number;
  product_count: number;
  planned_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
}
interface ListFigures {
  planned: number;
  heldOut: number;
  pending: number;
  sent: number;
  opened: number;
  clicked: number;
}

export const campaignStatusLabel = (t: Translate, s: string) => t(`campaignStatus.${s}` as MessageKey);

export function CampaignsPage() {
  const { t } = useT();
  const { fmt } = useSession();
  const [loaded, reload] = useApi<{ campaigns: (Campaign & { figures: ListFigures })[] }>('/v1/admin/campaigns');
  const share = (n: number, of: number) => (of > 0 ? fmt.pct(n / of) : '–');
  return (
    <>
      <h1>{t('campaigns.title')}</h1>
      <p class="help">{t('campaigns.intro')}</p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ campaigns }) => (
          <DataTable
            id="campaigns"
            title={t('campaigns.list')}
            rows={campaigns}
            empty={t('campaigns.empty')}
            columns={[
              { key: 'name', label: t('col.name'), value: (c) => c.name, render: (c) => <a href={`/admin/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</a> },
              { key: 'status', label: t('col.status'), value: (c) => campaignStatusLabel(t, c.status) },
              { key: 'when', label: t('campaigns.when'), value: (c) => c.started_at ?? c.send_at, render: (c) => fmt.dateTime(c.started_at ?? c.send_at) },
              { key: 'recipients', label: t('campaigns.recipients'), value: (c) => c.figures.planned - c.figures.heldOut, render: (c) => fmt.int(c.figures.planned - c.figures.heldOut), numeric: true },
              { key: 'sent', label: t('campaigns.sent'), value: (c) => c.figures.sent, render: (c) => fmt.int(c.figures.sent), numeric: true },
              { key: 'opened', label: t('campaigns.openedApprox'), value: (c) => c.figures.opened, render: (c) => share(c.figures.opened, c.figures.sent), numeric: true },
              { key: 'clicked', label: t('campaigns.clickRate'), value: (c) => c.figures.clicked, render: (c) => share(c.figures.clicked, c.figures.sent), numeric: true },
              { key: 'holdout', label: t('campaigns.heldOut'), value: (c) => c.figures.heldOut, render: (c) => fmt.int(c.figures.heldOut), numeric: true },
            ]}
          />
        )}
      </WhenLoaded>
      <NewCampaign />
    </>
  );
}

/** Local date-time (the browser's zone) as the API's ISO instant. */
const localToIso = (v: string) => new Date(v).toISOString();

function NewCampaign() {
  const { t, lang } = useT();
  const { query, route } = useLocation();
  const [segments] = useApi<{ segments: SavedSegment[] }>('/v1/admin/segments');
  const [f, setF] = useState({ name: '', segmentId: query.segment ?? '', language: lang, subject: '', intro: '', holdoutPercent: '10', productCount: '4', when: 'now' as 'now' | 'later' | 'draft', sendAt: '' });
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof f>) => setF({ ...f, ...patch });
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return (
    <form
      class="card"
      aria-labelledby="new-campaign-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        setBusy(true);
        try {
          const c = await api<Campaign>('/v1/admin/campaigns', {
            method: 'POST',
            body: { name: f.name.trim(), segmentId: f.segmentId, language: f.language, subject: f.subject.trim(), intro: f.intro, holdoutPercent: Number(f.holdoutPercent), productCount: Number(f.productCount) },
          });
          if (f.when === 'now') await api(`/v1/admin/campaigns/${encodeURIComponent(c.id)}/send`, { method: 'POST' });
          if (f.when === 'later') await api(`/v1/admin/campaigns/${encodeURIComponent(c.id)}/schedule`, { method: 'POST', body: { sendAt: localToIso(f.sendAt) } });
          route(`/admin/campaigns/${encodeURIComponent(c.id)}`);
        } catch (err) {
          setError(err as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="new-campaign-title">{t('campaigns.new')}</h2>
      <label class="field">
        {t('campaigns.name')}
        <input value={f.name} required maxLength={200} onInput={(e) => set({ name: value(e) })} />
      </label>
      <WhenLoaded loaded={segments}>
        {({ segments: list }) =>
          list.length === 0 ? (
            <p class="help">
              {t('campaigns.noSegments')} <a href="/admin/segments">{t('nav.segments')}</a>
            </p>
          ) : (
            <label class="field">
              {t('campaigns.audience')}
              <select value={f.segmentId} required onChange={(e) => set({ segmentId: (e.target as HTMLSelectElement).value })}>
                <option value="">{t('campaigns.pickSegment')}</option>
                {list.map((s) => (
                  <option value={s.id} key={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
          )
        }
      </WhenLoaded>
      <label class="field">
        {t('campaigns.language')}
        <select value={f.language} onChange={(e) => set({ language: (e.target as HTMLSelectElement).value as 'en' | 'ru' })}>
          <option value="en">English</option>
          <option value="ru">Русский</option>
        </select>
      </label>
      <label class="field">
        {t('campaigns.subject')}
        <input value={f.subject} required maxLength={200} onInput={(e) => set({ subject: value(e) })} />
      </label>
      <label class="field">
        {t('campaigns.introText')}
        <textarea rows={3} maxLength={2000} value={f.intro} onInput={(e) => set({ intro: (e.target as HTMLTextAreaElement).value })} />
      </label>
      <label class="field">
        {t('campaigns.productCount')}
        <input type="number" min="1" max="6" required value={f.productCount} onInput={(e) => set({ productCount: value(e) })} />
      </label>
      <label class="field">
        {t('campaigns.holdoutPercent')}
        <input type="number" min="0" max="90" required value={f.holdoutPercent} onInput={(e) => set({ holdoutPercent: value(e) })} aria-describedby="holdout-help" />
      </label>
      <p class="help" id="holdout-help">
        {t('campaigns.holdoutHelp')}
      </p>
      <fieldset class="inline-choices">
        <legend>{t('campaigns.sendWhen')}</legend>
        {(['now', 'later', 'draft'] as const).map((w) => (
          <label class="check" key={w}>
            <input type="radio" name="when" value={w} checked={f.when === w} onChange={() => set({ when: w })} /> {t(`campaigns.when.${w}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      {f.when === 'later' && (
        <label class="field">
          {t('campaigns.sendAt')}
          <input type="datetime-local" required value={f.sendAt} onInput={(e) => set({ sendAt: value(e) })} />
        </label>
      )}
      <button type="submit" disabled={busy}>
        {t(f.when === 'now' ? 'campaigns.createSend' : f.when === 'later' ? 'campaigns.createSchedule' : 'campaigns.createDraft')}
      </button>
      {error && <ErrorState error={error} />}
    </form>
  );
}
