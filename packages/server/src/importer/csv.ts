import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Splits one CSV line (RFC 4180 quoting: `"a, b"`, `""` for a quote).
 * @example parseCsvLine('"536365","WHITE METAL LANTERN",6,2.55') // => ['536365', 'WHITE METAL LANTERN', '6', '2.55']
 */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          value += line.slice(i);
          i = line.length;
          break;
        }
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      const comma = line.indexOf(',', i);
      i = comma < 0 ? line.length + 1 : comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** The rows of a CSV file with a header line, as objects keyed by column name, with their line numbers. */
export async function* readCsvRows(path: string): AsyncGenerator<{ line: number; row: Record<string, string>; columns: number }> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let header: string[] | undefined;
  let n = 0;
  for await (const raw of rl) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    const fields = parseCsvLine(text);
    if (!header) {
      header = fields.map((f) => f.trim());
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => (row[h] = fields[i] ?? ''));
    yield { line: n, row, columns: fields.length === header.length ? fields.length : -fields.length };
  }
}

/** The header line's column names, or undefined for an empty file. */
export async function readCsvHeader(path: string): Promise<string[] | undefined> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const raw of rl) {
      const text = raw.replace(/^\uFEFF/, '');
      if (text.trim()) return parseCsvLine(text).map((f) => f.trim());
    }
    return undefined;
  } finally {
    rl.close();
  }
}

/** A file the importer cannot read as a whole (wrong columns, dates it cannot tell apart): nothing of it is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'missing_columns' | 'ambiguous_dates' | 'mixed_dates' | 'empty_file',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks that a header has, for each required column, one of its accepted names.
 * @throws ImportFileError naming the required columns, the missing ones and the header found.
 */
export function requireColumns(file: string, header: string[] | undefined, required: string[][], optional: string[]): void {
  if (!header) throw new ImportFileError('empty_file', `${file} is empty: it needs a header line with the columns ${required.map((r) => r[0]).join(', ')}.`);
  const missing = required.filter((names) => !names.some((n) => header.includes(n)));
  if (missing.length === 0) return;
  throw new ImportFileError(
    'missing_columns',
    `${file} needs the columns ${required.map((r) => r.join(' or ')).join(', ')}` +
      (optional.length ? ` (optional: ${optional.join(', ')})` : '') +
      `; missing: ${missing.map((r) => r[0]).join(', ')}. Its header: ${header.slice(0, 20).join(', ') || '(none)'}.`,
  );
}
