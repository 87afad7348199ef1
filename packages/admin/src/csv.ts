/** A column of a table: its header and how a row's cell reads, as text for the CSV too. */
export interface Column<Row> {
  key: string;
  label: string;
  value: (row: Row) => string | number | null | undefined;
  numeric?: boolean;
}

function quote(cell: string | number | null | undefined): string {
  const text = cell === null || cell === undefined ? '' : String(cell);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: prefixed with a quote (OWASP's CSV injection advice).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Rows as CSV (RFC 4180: CRLF line ends, quotes doubled).
 * @example toCsv([{ q: 'drone', n: 2 }], [{ key: 'q', label: 'Query', value: (r) => r.q }, { key: 'n', label: 'Searches', value: (r) => r.n }])
 * // => 'Query,Searches\r\ndrone,2\r\n'
 */
export function toCsv<Row>(rows: Row[], columns: Column<Row>[]): string {
  const lines = [columns.map((c) => quote(c.label)).join(','), ...rows.map((r) => columns.map((c) => quote(c.value(r))).join(','))];
  return lines.join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary link (a blob: URL, which the panel's CSP allows). */
export function downloadFile(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([type.startsWith('text/csv') ? '\ufeff' + text : text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
