import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState } from '../components/states.js';
import type { MessageKey } from '../i18n/en.js';
import { useT } from '../i18n/index.js';

interface ImportResult {
  applied: number;
  notified: number;
  rows: { line: number; orderId: string | null; result: string }[];
}

/** Delivery statuses for many orders at once, from a CSV file (order, status, carrier, tracking_number, note). */
export function OrderStatusImport({ onImported }: { onImported: () => void }) {
  const { t } = useT();
  const [file, setFile] = useState<File | undefined>();
  const [notify, setNotify] = useState(true);
  const [result, setResult] = useState<ImportResult | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <section class="card" aria-labelledby="orders-import-title">
      <h2 id="orders-import-title">{t('orders.import')}</h2>
      <p class="help">{t('orders.importHelp')}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!file) return;
          setError(undefined);
          setResult(undefined);
          setBusy(true);
          try {
            const r = await api<ImportResult>('/v1/admin/orders/status-import', { method: 'POST', body: { csv: await file.text(), notify } });
            setResult(r);
            onImported();
          } catch (err) {
            setError(err as Error);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          {t('orders.importFile')}
          <input type="file" accept=".csv,text/csv" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0])} />
        </label>
        <label class="check">
          <input type="checkbox" checked={notify} onChange={(e) => setNotify((e.target as HTMLInputElement).checked)} /> {t('orders.notify')}
        </label>
        <button type="submit" disabled={!file || busy}>
          {t('orders.importSubmit')}
        </button>
      </form>
      {error && <ErrorState error={error} />}
      {result && (
        <>
          <p class="notice" role="status">
            {t('orders.imported', { applied: String(result.applied), total: String(result.rows.length), notified: String(result.notified) })}
          </p>
          {result.rows.some((r) => r.result !== 'applied') && (
            <DataTable
              id="orders-import-problems"
              title={t('orders.importProblems')}
              rows={result.rows.filter((r) => r.result !== 'applied')}
              columns={[
                { key: 'line', label: t('col.line'), value: (r) => r.line, numeric: true },
                { key: 'order', label: t('col.order'), value: (r) => r.orderId },
                { key: 'result', label: t('col.problem'), value: (r) => t(`orders.problem.${r.result}` as MessageKey) },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
