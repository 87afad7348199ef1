/**
 * Numbers for ids, in order of first sight: models index typed arrays by
 * product number instead of keying maps by id.
 * @example const ids = createIdInterner(); ids.idOf('p-7') // => 0; ids.idOf('p-9') // => 1; ids.idOf('p-7') // => 0
 */
export function createIdInterner() {
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  return {
    ids,
    indexOf,
    idOf(id: string): number {
      let i = indexOf.get(id);
      if (i === undefined) {
        i = ids.length;
        indexOf.set(id, i);
        ids.push(id);
      }
      return i;
    },
  };
}
