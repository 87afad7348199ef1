/**
 * The cookies of a request's Cookie header, by name (the first of a repeated name wins).
 * @example readCookies('a=1; vitrina_session=demo.x') // => { a: '1', vitrina_session: 'demo.x' }
 */
export function readCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed value is no cookie of ours.
    }
  }
  return out;
}

/**
 * A Set-Cookie value: HttpOnly and SameSite=Strict always, Secure when the panel is served over https.
 * @example serializeCookie('vitrina_session', 'demo.x', { maxAgeSeconds: 43200, secure: false })
 * // => 'vitrina_session=demo.x; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict'
 */
export function serializeCookie(name: string, value: string, opts: { maxAgeSeconds: number; secure: boolean }): string {
  return [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${opts.maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(opts.secure ? ['Secure'] : [])].join('; ');
}
