import type { ItemModel } from './build-item-models.js';
import { createIdInterner } from './id-interner.js';

/** One kind of neighbour list of every product, flattened into typed arrays. */
export interface NeighbourLists {
  /** Item i's neighbours are entries start[i] .. start[i + 1] - 1. */
  start: Int32Array;
  to: Int32Array;
  sim: Float32Array;
  support: Int32Array;
}

/**
 * Products by number, with their neighbour lists as flat typed arrays: the
 * showcase adds up neighbours of dozens of seeds per request, and numbers and
 * typed arrays make that a tight loop with no garbage.
 */
export interface NeighbourIndex {
  ids: string[];
  indexOf: Map<string, number>;
  purchase: NeighbourLists;
  view: NeighbourLists;
}

export function buildNeighbourIndex(items: ItemModel[]): NeighbourIndex {
  const { ids, indexOf, idOf } = createIdInterner();
  for (const m of items) idOf(m.productId);
  for (const m of items) for (const list of [m.coPurchase, m.coView]) for (const [n] of list) idOf(n);
  const flatten = (pick: (m: ItemModel) => ItemModel['coPurchase']): NeighbourLists => {
    const start = new Int32Array(ids.length + 1);
    let total = 0;
    const byIndex = new Map(items.map((m) => [indexOf.get(m.productId)!, pick(m)]));
    for (let i = 0; i < ids.length; i++) {
      start[i] = total;
      total += byIndex.get(i)?.length ?? 0;
    }
    start[ids.length] = total;
    const to = new Int32Array(total);
    const sim = new Float32Array(total);
    const support = new Int32Array(total);
    for (const [i, list] of byIndex) {
      let k = start[i]!;
      for (const [n, s, c] of list) {
        to[k] = indexOf.get(n)!;
        sim[k] = s;
        support[k] = c;
        k++;
      }
    }
    return { start, to, sim, support };
  };
  return { ids, indexOf, purchase: flatten((m) => m.coPurchase), view: flatten((m) => m.coView) };
}
