import { useState } from 'preact/hooks';
import { useT } from '../i18n/index.js';
import { lastDays, usePeriod } from '../period.js';

const presets = [7, 30, 90] as const;

/** Presets and two date fields: the period every analytics page reads from the address. */
export function PeriodPicker() {
  const { t } = useT();
  const [period, setPeriod] = usePeriod();
  const [draft, setDraft] = useState(period);
  const preset = presets.find((n) => {
    const p = lastDays(n);
    return p.from === period.from && p.to === period.to;
  });
  return (
    <form
      class="period"
      aria-label={t('period.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.from <= draft.to) setPeriod(draft);
      }}
    >
      <label>
        {t('period.label')}{' '}
        <select
          value={preset ? String(preset) : 'custom'}
          onChange={(e) => {
            const n = Number((e.target as HTMLSelectElement).value);
            if (!n) return;
            const p = lastDays(n);
            setDraft(p);
            setPeriod(p);
          }}
        >
          {presets.map((n) => (
            <option value={String(n)} key={n}>
              {t(`period.last${n}`)}
            </option>
          ))}
          <option value="custom">{t('period.custom')}</option>
        </select>
      </label>
      <label>
        {t('period.from')} <input type="date" value={draft.from} max={draft.to} onInput={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })} />
      </label>
      <label>
        {t('period.to')} <input type="date" value={draft.to} min={draft.from} onInput={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })} />
      </label>
      <button type="submit">{t('period.apply')}</button>
    </form>
  );
}
