import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { api } from '../api.js';
import { Confirm } from '../components/confirm.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import type { Translate } from '../i18n/index.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { newCondition, SegmentBuilder, toDefinition, type AudienceCount, type ConditionDraft, type Definition } from './segment-builder.js';

export interface SavedSegment {
  id: string;
  name: string;
  definition: Definition;
  created_at: string;
}

/** A definition in words: "bought category Coffee and not region DE". */
export function describeDefinition(t: Translate, d: Definition): string {
  if (Array.isArray(d.all)) return (d.all as Definition[]).map((x) => describeDefinition(t, x)).join(` ${t('segments.and')} `);
  if (Array.isArray(d.any)) return (d.any as Definition[]).map((x) => describeDefinition(t, x)).join(` ${t('segments.or')} `);
  if (d.not) return `${t('segments.not')} (${describeDefinition(t, d.not as Definition)})`;
  const { type, ...rest } = d;
  const parts = Object.entries(rest).map(([k, v]) => {
    if (k === 'item' && v && typeof v === 'object') return Object.entries(v as Record<string, string>).map(([kind, name]) => `${kind} ${name}`).join('');
    if (Array.isArray(v)) return v.join(', ');
    return `${k} ${String(v)}`;
  });
  return [t(`cond.${String(type)}` as MessageKey), ...parts].join(': ');
}

/** A saved segment's live count, loaded on its own (the list answers without counts). */
function SegmentCount({ id }: { id: string }) {
  const { fmt } = useSession();
  const { t } = useT();
  const [count, setCount] = useState<AudienceCount | undefined>();
  useEffect(() => {
    let live = true;
    api<{ count: AudienceCount }>(`/v1/admin/segments/${encodeURIComponent(id)}`).then((s) => live && setCount(s.count), () => {});
    return () => {
      live = false;
    };
  }, [id]);
  return <>{count ? t('segments.countShort', { total: fmt.int(count.total), mailable: fmt.int(count.mailable) }) : '…'}</>;
}

export function SegmentsPage() {
  const { t } = useT();
  const [loaded, reload] = useApi<{ segments: SavedSegment[] }>('/v1/admin/segments');
  const [deleting, setDeleting] = useState<SavedSegment | undefined>();
  const [error, setError] = useState<Error | undefined>();
  return (
    <>
      <h1>{t('segments.title')}</h1>
      <p class="help">{t('segments.intro')}</p>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ segments }) => (
          <>
            {deleting && (
              <Confirm
                danger
                message={t('segments.confirmDelete', { name: deleting.name })}
                onCancel={() => setDeleting(undefined)}
                onConfirm={async () => {
                  try {
                    await api(`/v1/admin/segments/${encodeURIComponent(deleting.id)}`, { method: 'DELETE' });
                    setDeleting(undefined);
                    reload();
                  } catch (e) {
                    setError(e as Error);
                  }
                }}
              />
            )}
            {error && <ErrorState error={error} />}
            <DataTable
              id="segments"
              title={t('segments.saved')}
              rows={segments}
              empty={t('segments.empty')}
              columns={[
                { key: 'name', label: t('col.name'), value: (s) => s.name, render: (s) => <a href={`/admin/segments/${encodeURIComponent(s.id)}`}>{s.name}</a> },
                { key: 'conditions', label: t('segments.conditions'), value: (s) => describeDefinition(t, s.definition) },
                { key: 'count', label: t('segments.members'), value: () => '', render: (s) => <SegmentCount id={s.id} />, numeric: true },
                {
                  key: 'actions',
                  label: t('col.actions'),
                  value: () => '',
                  render: (s) => (
                    <button type="button" class="secondary" onClick={() => setDeleting(s)} aria-label={t('segments.deleteNamed', { name: s.name })}>
                      {t('segments.delete')}
                    </button>
                  ),
                },
              ]}
            />
          </>
        )}
      </WhenLoaded>
      <NewSegment onSaved={reload} />
    </>
  );
}

function NewSegment({ onSaved }: { onSaved: () => void }) {
  const { t } = useT();
  const { route } = useLocation();
  const [name, setName] = useState('');
  const [rows, setRows] = useState<ConditionDraft[]>([newCondition()]);
  const [join, setJoin] = useState<'all' | 'any'>('all');
  const [error, setError] = useState<Error | undefined>();
  const definition = toDefinition(rows, join);
  return (
    <form
      class="card"
      aria-labelledby="new-segment-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        if (!definition || !name.trim()) return;
        try {
          const s = await api<SavedSegment>('/v1/admin/segments', { method: 'POST', body: { name: name.trim(), definition } });
          onSaved();
          route(`/admin/segments/${encodeURIComponent(s.id)}`);
        } catch (err) {
          setError(err as Error);
        }
      }}
    >
      <h2 id="new-segment-title">{t('segments.new')}</h2>
      <label class="field">
        {t('segments.name')}
        <input value={name} required maxLength={200} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      <SegmentBuilder rows={rows} setRows={setRows} join={join} setJoin={setJoin} />
      <button type="submit" disabled={!definition || !name.trim()}>
        {t('segments.save')}
      </button>
      {error && <ErrorState error={error} />}
    </form>
  );
}
