/**
 * A random RFC 4122 version 4 UUID. Built from `crypto.getRandomValues`
 * because `crypto.randomUUID` exists only in secure contexts (not on http shops).
 * @example createUuid() // => '3b241101-e2bb-4255-8caf-4136c566a962'
 */
export function createUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 15) | 64; // version 4
  bytes[8] = (bytes[8]! & 63) | 128; // RFC 4122 variant
  let hex = '';
  bytes.forEach((b, i) => (hex += (i == 4 || i == 6 || i == 8 || i == 10 ? '-' : '') + (b + 256).toString(16).slice(1)));
  return hex;
}
