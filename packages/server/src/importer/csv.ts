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
