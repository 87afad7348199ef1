/**
 * False when no number in the JSON text can be beyond a double's range:
 * JSON.parse turns `1e400` into Infinity, which JSON (and so jsonb) cannot
 * hold and JSON.stringify writes as null. Only a number with a three-digit
 * exponent or over 308 digits can overflow, so a body without one needs no
 * walk. A match inside a string only costs that walk.
 * @example jsonMayHoldHugeNumbers('{"price":1e400}') // => true
 */
export function jsonMayHoldHugeNumbers(jsonText: string): boolean {
  return hugeNumber.test(jsonText);
}
const hugeNumber = /[eE][+]?\d{3}|\d{309}/;

/**
 * The paths (`properties.price`, `traits.scores.2`) of the numbers a parsed
 * JSON value holds that are not finite, found without recursion; at most 20.
 * @example findNonFiniteNumbers({ properties: { price: Infinity } }, ['properties']) // => ['properties.price']
 */
export function findNonFiniteNumbers(event: Record<string, unknown>, fields: string[]): string[] {
  const found: string[] = [];
  const stack: [unknown, string][] = fields.map((f) => [event[f], f]);
  while (stack.length > 0 && found.length < 20) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) found.push(path);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) stack.push([x, `${path}.${k}`]);
    }
  }
  return found.sort();
}
