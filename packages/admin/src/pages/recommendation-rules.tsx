import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { customerName, segments } from './customers.js';

const actions = ['pin', 'exclude', 'boost'] as const;
const targets = ['product', 'category', 'brand', 'tag'] as const;
const placements = ['all', 'showcase', 'cross-sell', 'reorder'] as const;
const previewKinds = ['showcase', 'reorder', 'gifts'] as const;

interface Rule {
  id: number;
  action: string;
  target: string;
  value: string;
  weight: number;
  placement: string;
  starts_at: string | null;
  ends_at: string | null;
}
interface Preview {
  items: { productId: string; name: string; price: number; reason: { code: string; text: string } }[];
}

/** The merchant's rules (add, remove) beside a live preview of what one shopper is shown. */
export function RecommendationRules() {
  const { t } = useT();
  const { fmt } = useSession();
  const [rules, reloadRules] = useApi<{ rules: Rule[] }>('/v1/admin/recommendations/rules');
  const [shopper, setShopper] = useState('');
  const [segment, setSegment] = useState('');
  const [standIn, setStandIn] = useState<string | undefined>();
  const [kind, setKind] = useState<string>('showcase');
  const [asked, setAsked] = useState<{ shopper: string; kind: string; tick: number } | undefined>();
  const [preview, reloadPreview] = useApi<Preview>(asked ? `/v1/admin/customers/${encodeURIComponent(asked.shopper)}/recommendations?kind=${asked.kind}&limit=8` : undefined);
  const [error, setError] = useState<Error | undefined>();
  // A rule change shows in the preview at once: the server drops its cached model for the shop.
  const changed = () => {
    reloadRules();
    if (asked) reloadPreview();
  };
  const remove = async (id: number) => {
    setError(undefined);
    try {
      await api(`/v1/admin/recommendations/rules/${id}`, { method: 'DELETE' });
      changed();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <>
      <WhenLoaded loaded={rules} onRetry={reloadRules}>
        {({ rules }) => (
          <DataTable
            id="recs-rules"
            title={t('recs.rules')}
            help={t('recs.rulesHelp')}
            rows={rules}
            empty={t('recs.noRules')}
            columns={[
              { key: 'action', label: t('col.action'), value: (r) => t(`rule.${r.action}` as MessageKey) },
              { key: 'target', label: t('col.target'), value: (r) => `${t(`rule.target.${r.target}` as MessageKey)}: ${r.value}` },
              { key: 'weight', label: t('col.weight'), value: (r) => (r.action === 'boost' ? r.weight : null), numeric: true },
              { key: 'placement', label: t('col.placement'), value: (r) => t(`rule.placement.${r.placement}` as MessageKey) },
              { key: 'from', label: t('col.from'), value: (r) => r.starts_at, render: (r) => (r.starts_at ? fmt.dateTime(r.starts_at) : '–') },
              { key: 'until', label: t('col.until'), value: (r) => r.ends_at, render: (r) => (r.ends_at ? fmt.dateTime(r.ends_at) : '–') },
              {
                key: 'remove',
                label: t('col.actions'),
                value: () => null,
                render: (r) => (
                  <button type="button" class="secondary" onClick={() => void remove(r.id)} aria-label={t('recs.removeRule', { rule: `${r.action} ${r.target} ${r.value}` })}>
                    {t('settings.remove')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </WhenLoaded>
      {error && <ErrorState error={error} />}
      <RuleForm onAdded={changed} />
      <section class="card" aria-labelledby="recs-preview-title">
        <h2 id="recs-preview-title">{t('recs.preview')}</h2>
        <p class="help">{t('recs.previewHelp')}</p>
        <form
          class="filters"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(undefined);
            setStandIn(undefined);
            if (!segment) {
              if (shopper.trim()) setAsked({ shopper: shopper.trim(), kind, tick: Date.now() });
              return;
            }
            // A segment is previewed through its most valuable customer (the customers list is sorted by value).
            try {
              const { customers } = await api<{ customers: { id: string; email: string | null; firstName: string | null; lastName: string | null }[] }>(`/v1/admin/customers?segment=${segment}&limit=1`);
              const top = customers[0];
              if (!top) {
                setAsked(undefined);
                setStandIn(t('recs.segmentEmpty'));
                return;
              }
              setStandIn(t('recs.segmentShopper', { who: customerName(top) }));
              setAsked({ shopper: top.id, kind, tick: Date.now() });
            } catch (err) {
              setError(err as Error);
            }
          }}
        >
          <label>
            {t('recs.segment')}{' '}
            <select value={segment} onChange={(e) => setSegment((e.target as HTMLSelectElement).value)}>
              <option value="">{t('recs.oneCustomer')}</option>
              {segments.map((s) => (
                <option value={s} key={s}>
                  {s.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('recs.shopper')} <input value={shopper} required={!segment} disabled={Boolean(segment)} maxLength={200} onInput={(e) => setShopper((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            {t('recs.kind')}{' '}
            <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)}>
              {previewKinds.map((k) => (
                <option value={k} key={k}>
                  {t(`rule.placement.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('recs.show')}</button>
        </form>
        {standIn && (
          <p class="help" role="status">
            {standIn}
          </p>
        )}
        {asked && (
          <WhenLoaded loaded={preview} onRetry={reloadPreview}>
            {({ items }) =>
              items.length === 0 ? (
                <p class="state">{t('recs.previewEmpty')}</p>
              ) : (
                <ol class="preview" aria-label={t('recs.previewList')}>
                  {items.map((i) => (
                    <li key={i.productId}>
                      <strong>{i.name}</strong> · {fmt.money(i.price)} <span class="help">{i.reason.text}</span>
                    </li>
                  ))}
                </ol>
              )
            }
          </WhenLoaded>
        )}
      </section>
    </>
  );
}

// "Until" names the last day the rule holds; the server takes the instant it stops.
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function RuleForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useT();
  const [action, setAction] = useState<string>('pin');
  const [target, setTarget] = useState<string>('product');
  const [value, setValue] = useState('');
  const [weight, setWeight] = useState('1');
  const [placement, setPlacement] = useState<string>('all');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const select = (label: string, current: string, set: (v: string) => void, options: readonly string[], key: (o: string) => MessageKey) => (
    <label class="field">
      {label}
      <select value={current} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        {options.map((o) => (
          <option value={o} key={o}>
            {t(key(o))}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      class="card"
      aria-labelledby="recs-add-title"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(undefined);
        setDone(false);
        try {
          await api('/v1/admin/recommendations/rules', {
            method: 'POST',
            body: { action, target, value: value.trim(), placement, ...(action === 'boost' ? { weight: Number(weight) } : {}), ...(from ? { startsAt: from } : {}), ...(until ? { endsAt: dayAfter(until) } : {}) },
          });
          setValue('');
          setDone(true);
          onAdded();
        } catch (err) {
          setError(err as Error);
        }
      }}
    >
      <h2 id="recs-add-title">{t('recs.addRule')}</h2>
      <div class="filters">
        {select(t('col.action'), action, setAction, actions, (o) => `rule.${o}` as MessageKey)}
        {select(t('col.target'), target, setTarget, targets, (o) => `rule.target.${o}` as MessageKey)}
        <label class="field">
          {t('recs.value')}
          <input value={value} required maxLength={200} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
        </label>
        {action === 'boost' && (
          <label class="field">
            {t('recs.weight')}
            <input type="number" min={-0.99} max={100} step="any" value={weight} onInput={(e) => setWeight((e.target as HTMLInputElement).value)} />
          </label>
        )}
        {select(t('col.placement'), placement, setPlacement, placements, (o) => `rule.placement.${o}` as MessageKey)}
        <label class="field">
          {t('recs.from')}
          <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          {t('recs.until')}
          <input type="date" value={until} onInput={(e) => setUntil((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <button type="submit">{t('recs.addRule')}</button>
      {done && (
        <span class="notice" role="status">
          {' '}
          {t('recs.ruleAdded')}
        </span>
      )}
      {error && <ErrorState error={error} />}
    </form>
  );
}
