import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Confirm } from '../components/confirm.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';

type KeyKind = 'write' | 'admin';
interface Rotation {
  kind: KeyKind;
  rotatedAt: string;
  actor: string;
  oldKeyValidUntil: string;
  oldWriteKey: string | null;
}
interface Rotated {
  kind: KeyKind;
  key: string;
  oldKeyValidUntil: string;
}
// The overlaps offered, in hours: none, an hour, a day, a week, 30 days (the most the server allows).
const overlaps = [0, 1, 24, 168, 720] as const;

/** The shop's keys: the public write key, rotation of either key with an overlap, and the record of rotations. */
export function KeysSection() {
  const { t } = useT();
  const { fmt } = useSession();
  const [loaded, reload] = useApi<{ writeKey: string; rotations: Rotation[] }>('/v1/admin/keys');
  const [kind, setKind] = useState<KeyKind>('write');
  const [hours, setHours] = useState<number>(24);
  const [asking, setAsking] = useState(false);
  const [rotated, setRotated] = useState<Rotated | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const act = async (fn: () => Promise<void>) => {
    setError(undefined);
    try {
      await fn();
      reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  const rotate = () =>
    act(async () => {
      setAsking(false);
      setRotated(await api<Rotated>('/v1/admin/keys/rotate', { method: 'POST', body: { kind, graceHours: hours } }));
    });
  const inOverlap = (rows: Rotation[], k: KeyKind) => rows.some((r) => r.kind === k && new Date(r.oldKeyValidUntil).getTime() > Date.now());
  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('keys.title')}</h2>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ writeKey, rotations }) => (
          <>
            <dl class="facts">
              <dt>{t('keys.writeKey')}</dt>
              <dd>
                <code>{writeKey}</code>
              </dd>
              <dt>{t('keys.adminKey')}</dt>
              <dd>{t('keys.adminKeyHidden')}</dd>
            </dl>
            <form
              class="filters keys-form"
              aria-label={t('keys.rotate')}
              onSubmit={(e) => {
                e.preventDefault();
                setRotated(undefined);
                setAsking(true);
              }}
            >
              <label>
                {t('keys.kind')}{' '}
                <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as KeyKind)}>
                  <option value="write">{t('keys.writeKey')}</option>
                  <option value="admin">{t('keys.adminKey')}</option>
                </select>
              </label>
              <label>
                {t('keys.overlap')}{' '}
                <select value={String(hours)} onChange={(e) => setHours(Number((e.target as HTMLSelectElement).value))}>
                  {overlaps.map((h) => (
                    <option value={String(h)} key={h}>
                      {t(`keys.overlap.${h}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">{t('keys.rotate')}</button>
            </form>
            {asking && <Confirm message={t(hours === 0 ? 'keys.confirmNow' : 'keys.confirm', { key: t(kind === 'write' ? 'keys.writeKey' : 'keys.adminKey'), overlap: t(`keys.overlap.${hours}` as MessageKey) })} danger={hours === 0} onConfirm={() => void rotate()} onCancel={() => setAsking(false)} />}
            {rotated && (
              <div class="notice new-key" role="status">
                <p>{t(rotated.kind === 'admin' ? 'keys.newAdmin' : 'keys.newWrite', { until: fmt.dateTime(rotated.oldKeyValidUntil) })}</p>
                <label class="field">
                  {t('keys.newKey')}
                  <input readOnly value={rotated.key} size={60} onFocus={(e) => (e.target as HTMLInputElement).select()} />
                </label>
              </div>
            )}
            <DataTable
              id="key-rotations"
              title={t('keys.rotations')}
              rows={rotations}
              empty={t('keys.noRotations')}
              columns={[
                { key: 'kind', label: t('keys.kind'), value: (r) => t(r.kind === 'write' ? 'keys.writeKey' : 'keys.adminKey') },
                { key: 'at', label: t('keys.rotatedAt'), value: (r) => r.rotatedAt, render: (r) => fmt.dateTime(r.rotatedAt) },
                { key: 'by', label: t('keys.by'), value: (r) => r.actor },
                { key: 'old', label: t('keys.oldKey'), value: (r) => r.oldWriteKey ?? t('keys.adminKeyHidden') },
                {
                  key: 'until',
                  label: t('keys.oldValidUntil'),
                  value: (r) => r.oldKeyValidUntil,
                  render: (r) => (new Date(r.oldKeyValidUntil).getTime() > Date.now() ? fmt.dateTime(r.oldKeyValidUntil) : t('keys.stopped', { at: fmt.dateTime(r.oldKeyValidUntil) })),
                },
              ]}
            />
            {(['write', 'admin'] as const)
              .filter((k) => inOverlap(rotations, k))
              .map((k) => (
                <button type="button" class="danger" key={k} onClick={() => void act(async () => void (await api('/v1/admin/keys/revoke-old', { method: 'POST', body: { kind: k } })))}>
                  {t(k === 'write' ? 'keys.revokeWrite' : 'keys.revokeAdmin')}
                </button>
              ))}
          </>
        )}
      </WhenLoaded>
      {error && <ErrorState error={error} />}
    </section>
  );
}
