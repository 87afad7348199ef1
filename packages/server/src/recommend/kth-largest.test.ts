import { describe, expect, it } from 'vitest';
import { kthLargest } from './rank-showcase.js';

describe('kthLargest', () => {
  it('finds the k-th largest like a full sort, ties and all', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 400);
      // Few distinct values in some rounds: neighbour scores often tie.
      const distinct = round % 3 === 0 ? 4 : 1000;
      const values = Float64Array.from({ length: n }, () => Math.floor(random() * distinct) / 7);
      const k = 1 + Math.floor(random() * n);
      const expected = [...values].sort((a, b) => b - a)[k - 1];
      expect(kthLargest(values.slice(), k)).toBe(expected);
    }
  });
});
