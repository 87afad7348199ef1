import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorState } from '../components/states.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { claimStatuses } from './service.js';

/** An owner moves a claim on: the new status, a note, and whether the shopper is told by e-mail. */
export function ClaimStatusForm({ id, status, onSaved }: { id: string; status: string; onSaved: () => void }) {
  const { t } = useT();
  const [next, setNext] = useState(status);
  const [note, setNote] = useState('');
  const [notify, setNotify] = useState(true);
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  return (
    <form
      class="card"
      aria-labelledby="claim-change-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        try {
          const r = await api<{ notified: boolean }>(`/v1/admin/service/claims/${encodeURIComponent(id)}`, { method: 'PATCH', body: { status: next, notify, ...(note.trim() ? { note: note.trim() } : {}) } });
          setDone(r.notified ? t('claim.notified') : t('claim.saved'));
          setNote('');
          onSaved();
        } catch (err) {
          setError(err as Error);
        }
      }}
    >
      <h2 id="claim-change-title">{t('claim.change')}</h2>
      <label class="field">
        {t('claim.newStatus')}
        <select value={next} onChange={(e) => setNext((e.target as HTMLSelectElement).value)}>
          {claimStatuses.map((s) => (
            <option value={s} key={s}>
              {t(`status.${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        {t('claim.note')}
        <input value={note} maxLength={2000} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      <label class="check">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify((e.target as HTMLInputElement).checked)} /> {t('claim.notify')}
      </label>
      <button type="submit">{t('claim.save')}</button>
      {done && (
        <p class="notice" role="status">
          {done}
        </p>
      )}
      {error && <ErrorState error={error} />}
    </form>
  );
}
