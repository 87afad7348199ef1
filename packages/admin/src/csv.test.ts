import { describe, expect, it } from 'vitest';
import { toCsv, type Column } from './csv.js';

const columns: Column<{ q: string; n: number }>[] = [
  { key: 'q', label: 'Query', value: (r) => r.q },
  { key: 'n', label: 'Searches', value: (r) => r.n },
];

describe('toCsv', () => {
  it('writes a header and CRLF rows, quoting commas, quotes and line breaks', () => {
    expect(toCsv([{ q: 'drone', n: 2 }, { q: 'a, "b"\nc', n: 1 }], columns)).toBe('Query,Searches\r\ndrone,2\r\n"a, ""b""\nc",1\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas, but not negative numbers', () => {
    expect(toCsv([{ q: '=HYPERLINK("x")', n: -3 }], columns)).toBe('Query,Searches\r\n"\'=HYPERLINK(""x"")",-3\r\n');
  });
});
