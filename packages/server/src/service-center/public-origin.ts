import type { Config } from '../config.js';

/**
 * This server's public origin, the base of links in e-mails when the shop has
 * not set its own service page: `VITRINA_PUBLIC_URL`, else the host and port it
 * listens on. Never the request's Host header: anyone can forge that, and the
 * e-mail would then carry a 30-day verified link to the forger's site.
 * @example publicOriginFor({ publicUrl: undefined, host: '127.0.0.1' }, 8787) // => 'http://127.0.0.1:8787'
 */
export function publicOriginFor(config: Pick<Config, 'publicUrl' | 'host'>, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

/** Reads the public origin when a link is made (the port is known only once the server listens). */
export type PublicOrigin = () => string;
