import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { KeysSection } from './settings-keys.js';
import { UsersSection } from './settings-users.js';

interface Retention {
  eventRetentionDays: number | null;
  failedEventRetentionDays: number | null;
}
interface Job {
  name: string;
  intervalMs: number;
  nextRunAt: string;
  running: boolean;
  lastFinishedAt: string | null;
  lastError: string | null;
  failing: boolean;
}

export function SettingsPage() {
  const { t } = useT();
  const { fmt } = useSession();
  const [retention, reloadRetention] = useApi<Retention>('/v1/admin/privacy/retention');
  const [jobs, reloadJobs] = useApi<{ jobs: Job[] }>('/v1/admin/jobs');
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <WhenLoaded loaded={retention} onRetry={reloadRetention}>
        {(r) => <RetentionForm initial={r} />}
      </WhenLoaded>
      <UsersSection />
      <KeysSection />
      <WhenLoaded loaded={jobs} onRetry={reloadJobs}>
        {({ jobs }) => (
          <DataTable
            id="jobs"
            title={t('settings.jobs')}
            rows={jobs}
            columns={[
              { key: 'job', label: t('col.job'), value: (j) => j.name },
              { key: 'lastRun', label: t('col.lastRun'), value: (j) => j.lastFinishedAt, render: (j) => fmt.dateTime(j.lastFinishedAt) },
              { key: 'nextRun', label: t('col.nextRun'), value: (j) => j.nextRunAt, render: (j) => fmt.dateTime(j.nextRunAt) },
              { key: 'health', label: t('col.health'), value: (j) => (j.failing ? t('settings.failing', { error: j.lastError ?? '' }) : j.running ? t('settings.running') : t('settings.ok')) },
            ]}
          />
        )}
      </WhenLoaded>
    </>
  );
}

function RetentionForm({ initial }: { initial: Retention }) {
  const { t } = useT();
  const [events, setEvents] = useState(initial.eventRetentionDays?.toString() ?? '');
  const [failed, setFailed] = useState(initial.failedEventRetentionDays?.toString() ?? '');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => setSaved(false), [events, failed]);
  const days = (s: string) => (s.trim() === '' ? null : Number(s));
  return (
    <form
      class="card"
      aria-labelledby="retention-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        try {
          await api('/v1/admin/privacy/retention', { method: 'PUT', body: { eventRetentionDays: days(events), failedEventRetentionDays: days(failed) } });
          setSaved(true);
        } catch (err) {
          setError(err as Error);
        }
      }}
    >
      <h2 id="retention-title">{t('settings.retention')}</h2>
      <label class="field">
        {t('settings.eventDays')}
        <input type="number" min={1} max={3650} value={events} onInput={(e) => setEvents((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        {t('settings.failedDays')}
        <input type="number" min={1} max={3650} required value={failed} onInput={(e) => setFailed((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">{t('settings.save')}</button>
      {saved && (
        <span class="notice" role="status">
          {' '}
          {t('settings.saved')}
        </span>
      )}
      {error && <ErrorState error={error} />}
    </form>
  );
}
