import { resolve } from 'node:path';
import { z } from 'zod';

const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** What the Shopify app asks for unless `SHOPIFY_SCOPES` says otherwise: what the built parts use (see docs/shopify.md). */
export const DEFAULT_SHOPIFY_SCOPES = 'read_orders,read_products,read_customers,write_app_proxy';

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  VITRINA_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  VITRINA_DATA_DIR: z.string().min(1).default('./.vitrina'),
  VITRINA_DEMO: z.enum(['0', '1']).default('1'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  VITRINA_MODEL_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(15),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Vitrina Service <service@vitrina.test>'),
  VITRINA_INGEST_INFLIGHT: z.coerce
    .number({ error: 'must be a whole number of transactions, at least 1' })
    .int('must be a whole number of transactions, at least 1')
    .min(1, 'must be at least 1 (0 would stop ingestion)')
    .max(64, 'must be at most 64 (each holds a pool connection)')
    .default(2),
  VITRINA_TRUST_PROXY: z
    .string()
    .regex(
      /^(\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*))$/,
      'must be the number of proxies in front (e.g. 1), or a comma-separated list of their addresses or subnets (e.g. loopback, 10.0.0.0/8)',
    )
    .optional(),
  VITRINA_WORKERS: z.coerce
    .number({ error: 'must be a whole number of processes, at least 1' })
    .int('must be a whole number of processes, at least 1')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64')
    .default(1),
  SHOPIFY_API_KEY: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/, "must be the app's client id from the Partner Dashboard").optional(),
  SHOPIFY_API_SECRET: z.string().min(16, "must be the app's client secret from the Partner Dashboard").max(200).optional(),
  SHOPIFY_SCOPES: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, 'must be comma-separated access scopes, such as read_orders,read_products')
    .default(DEFAULT_SHOPIFY_SCOPES),
  // Test-only: where the token endpoint is reached instead of https://{shop} (a local peer).
  SHOPIFY_ADMIN_ORIGIN_OVERRIDE: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
  /** Older keys, comma-separated, during a rotation: they open what they sealed until the next start seals it again. */
  VITRINA_OLD_SECRET_KEYS: z.string().optional(),
  VITRINA_SECRET_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
});

/** The Shopify app's credentials; present only when both the key and the secret are set. */
export interface ShopifyConfig {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  /** The public URL Shopify redirects to and sends webhooks to (`VITRINA_PUBLIC_URL`). */
  appUrl: string;
  /** Where the shop's admin (the token endpoint) is reached: `https://{shop}` unless overridden for a test peer. */
  adminOriginOverride: string | undefined;
}

export interface Config {
  port: number;
  host: string;
  /** Where shoppers reach this server (`VITRINA_PUBLIC_URL`): the base of links in e-mails when a shop has not set its own service page. */
  publicUrl: string | undefined;
  /** A Postgres server; when absent the server runs on embedded Postgres (PGlite) in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  logLevel: LogLevel;
  /** Minutes between rebuilds of the recommendation models over all shoppers; 0 turns the schedule off. */
  modelIntervalMinutes: number;
  /** Where the outbox sends e-mail; without it messages wait in the outbox (the demo then runs a local SMTP sink). */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Ingest transactions in flight at once on Postgres, each holding a pool connection (the embedded database always uses 1). */
  ingestInFlight: number;
  /** Server processes sharing the port (`VITRINA_WORKERS`), one per core at most; above 1 only on a Postgres server. */
  workers: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (the
   * per-address limits of the order lookup and the sign-in): none by default,
   * so that a client talking to the server directly cannot claim any address.
   */
  trustProxy: false | number | string[];
  /** The Shopify app (`SHOPIFY_API_KEY`, `SHOPIFY_API_SECRET`); without it the /shopify routes answer 404. */
  shopify: ShopifyConfig | undefined;
  /** `VITRINA_SECRET_KEY`: seals secrets stored in the database (Shopify's tokens); required with Shopify. */
  secretKey: Buffer | undefined;
}

export class ConfigError extends Error {}

/**
 * The data folder as an absolute path, relative to where the user ran the
 * command: npm and pnpm run a package's script in the package's folder but
 * say where they were started in INIT_CWD, so `pnpm start` at the workspace
 * root keeps its data in the root's `./.vitrina`, as the README says.
 */
export function resolveDataDir(dir: string, env: Record<string, string | undefined>): string {
  if (dir.startsWith('memory://')) return dir;
  return resolve(env.INIT_CWD || process.cwd(), dir);
}

/**
 * Reads the configuration from environment variables.
 * @example loadConfig({ PORT: '9000' }) // => { port: 9000, databaseUrl: undefined, dataDir: './.vitrina', ... }
 * @throws ConfigError naming each bad variable and what it must be.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = configSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  // The embedded database and the demo's in-memory mailbox belong to one process.
  const workersNeed =
    c.VITRINA_WORKERS > 1 && !c.DATABASE_URL
      ? 'DATABASE_URL (the embedded database belongs to one process)'
      : c.VITRINA_WORKERS > 1 && c.VITRINA_DEMO === '1' && !c.SMTP_URL
        ? "SMTP_URL or VITRINA_DEMO=0 (the demo's mailbox lives in one process)"
        : undefined;
  if (workersNeed) {
    throw new ConfigError(`Invalid configuration:\n  VITRINA_WORKERS=${JSON.stringify(env.VITRINA_WORKERS)}: more than one process needs ${workersNeed}`);
  }
  // Secrets at rest are sealed with it; a key kept beside a shared database would protect nothing.
  if (c.DATABASE_URL && !c.VITRINA_SECRET_KEY) {
    throw new ConfigError('Invalid configuration:\n  VITRINA_SECRET_KEY: required with DATABASE_URL (32 random bytes in base64: openssl rand -base64 32); it seals the secrets stored in the database');
  }
  const shopifyNeeds = shopifyMissing(c);
  if (shopifyNeeds) throw new ConfigError(`Invalid configuration:\n  ${shopifyNeeds}`);
  const shopify: ShopifyConfig | undefined =
    c.SHOPIFY_API_KEY && c.SHOPIFY_API_SECRET
      ? {
          apiKey: c.SHOPIFY_API_KEY,
          apiSecret: c.SHOPIFY_API_SECRET,
          scopes: c.SHOPIFY_SCOPES.split(','),
          appUrl: c.VITRINA_PUBLIC_URL!.replace(/\/+$/, ''),
          adminOriginOverride: c.SHOPIFY_ADMIN_ORIGIN_OVERRIDE?.replace(/\/+$/, ''),
        }
      : undefined;
  return {
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.VITRINA_PUBLIC_URL,
    databaseUrl: c.DATABASE_URL,
    dataDir: resolveDataDir(c.VITRINA_DATA_DIR, env),
    demo: c.VITRINA_DEMO === '1',
    logLevel: c.LOG_LEVEL,
    modelIntervalMinutes: c.VITRINA_MODEL_INTERVAL_MINUTES,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    ingestInFlight: c.VITRINA_INGEST_INFLIGHT,
    workers: c.VITRINA_WORKERS,
    trustProxy: !c.VITRINA_TRUST_PROXY ? false : /^\d+$/.test(c.VITRINA_TRUST_PROXY) ? Number(c.VITRINA_TRUST_PROXY) : c.VITRINA_TRUST_PROXY.split(',').map((x) => x.trim()),
    shopify,
    secretKey: c.VITRINA_SECRET_KEY ? Buffer.from(c.VITRINA_SECRET_KEY, 'base64') : undefined,
  };
}

/** What a Shopify configuration lacks, as a line of the error; undefined when it is whole or absent. */
function shopifyMissing(c: z.infer<typeof configSchema>): string | undefined {
  if (!c.SHOPIFY_API_KEY && !c.SHOPIFY_API_SECRET) return undefined;
  if (!c.SHOPIFY_API_KEY) return 'SHOPIFY_API_KEY: must be set with SHOPIFY_API_SECRET';
  if (!c.SHOPIFY_API_SECRET) return 'SHOPIFY_API_SECRET: must be set with SHOPIFY_API_KEY';
  // Shopify's tokens are stored sealed; Shopify redirects and delivers to a public URL.
  if (!c.VITRINA_SECRET_KEY) return 'VITRINA_SECRET_KEY: required with SHOPIFY_API_KEY (32 random bytes in base64: openssl rand -base64 32)';
  if (!c.VITRINA_PUBLIC_URL) return 'VITRINA_PUBLIC_URL: required with SHOPIFY_API_KEY (the https:// URL Shopify redirects to and sends webhooks to)';
  return undefined;
}
