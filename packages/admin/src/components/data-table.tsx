import type { ComponentChildren } from 'preact';
import { downloadFile, toCsv, type Column } from '../csv.js';
import { useT } from '../i18n/index.js';

export interface TableColumn<Row> extends Column<Row> {
  /** How the cell shows on screen, when not as its CSV text. */
  render?: (row: Row) => ComponentChildren;
}

/**
 * A titled table with an "Export CSV" button and a readable empty state.
 * @example <DataTable id="channels" title="Sessions by channel" rows={channels} columns={[...]} />
 */
export function DataTable<Row>({ id, title, rows, columns, empty, help }: { id: string; title: string; rows: Row[]; columns: TableColumn<Row>[]; empty?: string; help?: string }) {
  const { t } = useT();
  const headingId = `${id}-title`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{title}</h2>
        <button type="button" class="secondary" disabled={rows.length === 0} onClick={() => downloadFile(`${id}.csv`, toCsv(rows, columns))} aria-label={`${t('table.export')}: ${title}`}>
          {t('table.export')}
        </button>
      </div>
      {help && <p class="help">{help}</p>}
      {rows.length === 0 ? (
        <p class="state">{empty ?? t('state.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col" class={c.numeric ? 'num' : undefined} key={c.key}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td class={c.numeric ? 'num' : undefined} key={c.key}>
                      {c.render ? c.render(row) : (c.value(row) ?? '–')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
