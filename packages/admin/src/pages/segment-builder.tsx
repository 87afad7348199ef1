import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';
import { useSession } from '../session.js';
import { segments } from './customers.js';

/** The conditions the server's audiences take (packages/server/src/campaigns/segment.schema.ts). */
export const conditionTypes = ['rfm_segment', 'lifetime_value', 'orders_count', 'last_order', 'bought', 'viewed', 'reorder_due', 'region', 'language', 'marketing_consent'] as const;
export type ConditionType = (typeof conditionTypes)[number];

/** One row of the builder, as the merchant fills it in (text fields as typed). */
export interface ConditionDraft {
  type: ConditionType;
  exclude: boolean;
  rfm: string[];
  min: string;
  max: string;
  lastOrder: 'withinDays' | 'moreThanDaysAgo';
  days: string;
  itemKind: 'category' | 'brand' | 'productId';
  item: string;
  notBought: boolean;
  codes: string;
  consent: boolean;
}

export const newCondition = (type: ConditionType = 'rfm_segment'): ConditionDraft => ({ type, exclude: false, rfm: [], min: '', max: '', lastOrder: 'withinDays', days: '', itemKind: 'category', item: '', notBought: false, codes: '', consent: true });

export type Definition = Record<string, unknown>;
export interface AudienceCount {
  total: number;
  mailable: number;
}

const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) || Number(s) < 0 ? undefined : Number(s));
const int = (s: string) => {
  const n = num(s);
  return n === undefined || !Number.isInteger(n) ? undefined : n;
};

/** A row as the API's condition; undefined while it is incomplete (left out of the count until filled in). */
export function toCondition(c: ConditionDraft): Definition | undefined {
  const cond = ((): Definition | undefined => {
    switch (c.type) {
      case 'rfm_segment':
        return c.rfm.length ? { type: c.type, in: c.rfm } : undefined;
      case 'lifetime_value':
      case 'orders_count': {
        const min = num(c.min);
        const max = num(c.max);
        if (min === undefined && max === undefined) return undefined;
        return { type: c.type, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
      }
      case 'last_order': {
        const days = int(c.days);
        return days === undefined ? undefined : { type: c.type, [c.lastOrder]: days };
      }
      case 'bought':
      case 'viewed': {
        if (!c.item.trim()) return undefined;
        const days = int(c.days);
        return { type: c.type, item: { [c.itemKind]: c.item.trim() }, ...(days !== undefined ? { withinDays: days } : {}), ...(c.type === 'viewed' && c.notBought ? { notBought: true } : {}) };
      }
      case 'reorder_due': {
        const days = int(c.days);
        return days === undefined ? undefined : { type: c.type, withinDays: days };
      }
      case 'region':
      case 'language': {
        const codes = c.codes
          .split(/[\s,;]+/)
          .map((x) => x.trim())
          .filter((x) => (c.type === 'region' ? /^[A-Za-z]{2}$/.test(x) : /^[a-zA-Z]{2}$/.test(x)))
          .map((x) => (c.type === 'region' ? x.toUpperCase() : x.toLowerCase()));
        return codes.length ? { type: c.type, in: [...new Set(codes)] } : undefined;
      }
      case 'marketing_consent':
        return { type: c.type, value: c.consent };
    }
  })();
  return cond && c.exclude ? { not: cond } : cond;
}

/** The whole audience: every (or any) complete row; undefined when no row is complete. */
export function toDefinition(rows: ConditionDraft[], join: 'all' | 'any'): Definition | undefined {
  const parts = rows.map(toCondition).filter((x): x is Definition => x !== undefined);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { [join]: parts };
}

/** The live count of a definition, asked again (after a short pause) whenever it changes. */
export function useLiveCount(definition: Definition | undefined): { count?: AudienceCount; error?: string; busy: boolean } {
  const key = definition ? JSON.stringify(definition) : '';
  const [state, setState] = useState<{ count?: AudienceCount; error?: string; busy: boolean }>({ busy: false });
  useEffect(() => {
    if (!key) return setState({ busy: false });
    let live = true;
    setState((s) => ({ ...s, busy: true }));
    const timer = setTimeout(() => {
      api<AudienceCount>('/v1/admin/segments/count', { method: 'POST', body: { definition: JSON.parse(key) } }).then(
        (count) => live && setState({ count, busy: false }),
        (e: Error) => live && setState({ error: e.message, busy: false }),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return state;
}

/** The rows of conditions, how they join, and the live count beside them. */
export function SegmentBuilder({ rows, setRows, join, setJoin }: { rows: ConditionDraft[]; setRows: (r: ConditionDraft[]) => void; join: 'all' | 'any'; setJoin: (j: 'all' | 'any') => void }) {
  const { t } = useT();
  const { fmt } = useSession();
  const definition = toDefinition(rows, join);
  const live = useLiveCount(definition);
  const set = (i: number, patch: Partial<ConditionDraft>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div class="builder">
      <label class="field">
        {t('segments.join')}
        <select value={join} onChange={(e) => setJoin((e.target as HTMLSelectElement).value as 'all' | 'any')}>
          <option value="all">{t('segments.joinAll')}</option>
          <option value="any">{t('segments.joinAny')}</option>
        </select>
      </label>
      <ol class="conditions">
        {rows.map((c, i) => (
          <li key={i}>
            <fieldset class="condition">
              <legend>{t('segments.condition', { n: i + 1 })}</legend>
              <label>
                {t('segments.type')}{' '}
                <select value={c.type} onChange={(e) => set(i, { ...newCondition((e.target as HTMLSelectElement).value as ConditionType), exclude: c.exclude })}>
                  {conditionTypes.map((ty) => (
                    <option value={ty} key={ty}>
                      {t(`cond.${ty}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </label>
              <ConditionFields c={c} set={(p) => set(i, p)} />
              <label class="check">
                <input type="checkbox" checked={c.exclude} onChange={(e) => set(i, { exclude: (e.target as HTMLInputElement).checked })} /> {t('segments.exclude')}
              </label>
              <button type="button" class="secondary" onClick={() => setRows(rows.filter((_, j) => j !== i))} disabled={rows.length === 1} aria-label={t('segments.removeCondition', { n: i + 1 })}>
                {t('segments.remove')}
              </button>
              {!toCondition(c) && <p class="help">{t('segments.incomplete')}</p>}
            </fieldset>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary" onClick={() => setRows([...rows, newCondition()])}>
        {t('segments.addCondition')}
      </button>
      <p class="live-count" role="status" aria-live="polite">
        {!definition
          ? t('segments.countNone')
          : live.error
            ? t('state.error', { message: live.error })
            : live.count
              ? t('segments.count', { total: fmt.int(live.count.total), mailable: fmt.int(live.count.mailable) })
              : t('state.loading')}
      </p>
    </div>
  );
}

function ConditionFields({ c, set }: { c: ConditionDraft; set: (p: Partial<ConditionDraft>) => void }) {
  const { t } = useT();
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  const days = (label: MessageKey) => (
    <label>
      {t(label)} <input type="number" min="0" max="3650" inputMode="numeric" value={c.days} onInput={(e) => set({ days: value(e) })} />
    </label>
  );
  switch (c.type) {
    case 'rfm_segment':
      return (
        <fieldset class="inline-choices">
          <legend>{t('cond.rfm_segment')}</legend>
          {segments.map((s) => (
            <label class="check" key={s}>
              <input type="checkbox" checked={c.rfm.includes(s)} onChange={(e) => set({ rfm: (e.target as HTMLInputElement).checked ? [...c.rfm, s] : c.rfm.filter((x) => x !== s) })} /> {s}
            </label>
          ))}
        </fieldset>
      );
    case 'lifetime_value':
    case 'orders_count':
      return (
        <>
          <label>
            {t('segments.min')} <input type="number" min="0" value={c.min} onInput={(e) => set({ min: value(e) })} />
          </label>
          <label>
            {t('segments.max')} <input type="number" min="0" value={c.max} onInput={(e) => set({ max: value(e) })} />
          </label>
        </>
      );
    case 'last_order':
      return (
        <>
          <label>
            {t('segments.when')}{' '}
            <select value={c.lastOrder} onChange={(e) => set({ lastOrder: (e.target as HTMLSelectElement).value as ConditionDraft['lastOrder'] })}>
              <option value="withinDays">{t('segments.withinDays')}</option>
              <option value="moreThanDaysAgo">{t('segments.moreThanDaysAgo')}</option>
            </select>
          </label>
          {days('segments.days')}
        </>
      );
    case 'bought':
    case 'viewed':
      return (
        <>
          <label>
            {t('segments.itemKind')}{' '}
            <select value={c.itemKind} onChange={(e) => set({ itemKind: (e.target as HTMLSelectElement).value as ConditionDraft['itemKind'] })}>
              <option value="category">{t('segments.category')}</option>
              <option value="brand">{t('segments.brand')}</option>
              <option value="productId">{t('segments.productId')}</option>
            </select>
          </label>
          <label>
            {t('segments.item')} <input value={c.item} maxLength={200} onInput={(e) => set({ item: value(e) })} />
          </label>
          {days('segments.withinDaysOptional')}
          {c.type === 'viewed' && (
            <label class="check">
              <input type="checkbox" checked={c.notBought} onChange={(e) => set({ notBought: (e.target as HTMLInputElement).checked })} /> {t('segments.notBought')}
            </label>
          )}
        </>
      );
    case 'reorder_due':
      return days('segments.reorderDays');
    case 'region':
    case 'language':
      return (
        <label>
          {t(c.type === 'region' ? 'segments.regions' : 'segments.languages')} <input value={c.codes} maxLength={200} onInput={(e) => set({ codes: value(e) })} />
        </label>
      );
    case 'marketing_consent':
      return (
        <label>
          {t('cond.marketing_consent')}{' '}
          <select value={c.consent ? 'yes' : 'no'} onChange={(e) => set({ consent: (e.target as HTMLSelectElement).value === 'yes' })}>
            <option value="yes">{t('segments.consentYes')}</option>
            <option value="no">{t('segments.consentNo')}</option>
          </select>
        </label>
      );
  }
}
