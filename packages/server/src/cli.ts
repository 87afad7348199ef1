import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createLogger } from './logger.js';
import { createShop } from './shops/shops.service.js';
import { runImport } from './importer/import.command.js';
import { configureSecretKeys } from './secrets/secret-keys.js';
import { isKnownTimeZone, type DateFormat } from './importer/dates.js';
import { customerExportZip } from './privacy/customer-export-csv.js';
import { customerSelectorSchema } from './privacy/customer-selector.schema.js';
import { eraseCustomer, liftSuppression } from './privacy/erase-customer.service.js';
import { eraseShop } from './privacy/erase-shop.service.js';
import { exportCustomer } from './privacy/export-customer.service.js';
import type { ScoreSettings } from './profiles/scores.js';
import { findShopById } from './shops/shops.service.js';
import { listShops } from './shops/shops.repository.js';
import { runUsersCommand } from './merchant-users/users.command.js';

const dateFormats: Record<string, DateFormat> = { 'DD/MM/YYYY': 'DMY', 'MM/DD/YYYY': 'MDY', ISO: 'ISO' };

const selectorOptions = {
  email: { type: 'string' },
  'user-id': { type: 'string' },
  'anonymous-id': { type: 'string' },
  phone: { type: 'string' },
  'order-id': { type: 'string' },
} as const;

const usage = `Usage: vitrina <command>

  shops create --name NAME   create a shop; prints {"shop_id","write_key","admin_key"}
  shops list                 one JSON line per shop: id, name, write key, created
  migrate                    bring the database schema up to date
  import orders --shop SHOP_ID --file FILE.csv [--file ...] [--skip-guests]
                [--date-format DD/MM/YYYY|MM/DD/YYYY|ISO] [--timezone Europe/London] [--max-rejected 0.01]
                             import an order history (online-retail columns); re-runnable; exits 1 when
                             more than --max-rejected of the lines are malformed or nothing was imported
  import products --shop SHOP_ID --file FILE.csv
                             upsert a catalog (id,name,price,...) or the products of an order export
  customers erase --shop SHOP_ID (--email E | --user-id U | --anonymous-id A | --phone P | --order-id O)
                             erase a customer everywhere and suppress their identifiers; prints the counts
  customers export --shop SHOP_ID (same selectors) [--format json|zip]
                             everything held about a customer on stdout: one JSON document, or a ZIP of CSV files
  customers unsuppress --shop SHOP_ID (same selectors)
                             lift the suppression of the identifiers named
  shops delete --shop SHOP_ID --yes
                             delete a shop and all of its data
  users add --shop SHOP_ID --email E --role owner|staff [--password P]
                             add a user of the admin panel (password from --password, VITRINA_PASSWORD or asked)
  users list --shop SHOP_ID  the shop's panel users

  help [COMMAND]             this list, or one command's lines (also COMMAND --help)

The database is DATABASE_URL, or the embedded one in VITRINA_DATA_DIR (default ./.vitrina).
The embedded database belongs to one process: while a server runs on it, stop the server first.`;

/** The usage lines of one command (`vitrina import --help`), or all of them. */
function usageOf(command: string | undefined): string {
  if (!command) return usage;
  const lines = usage.split('\n');
  const picked: string[] = [];
  let inCommand = false;
  for (const line of lines.slice(2)) {
    if (/^  \S/.test(line)) inCommand = line.trimStart().startsWith(`${command} `) || line.trim() === command;
    if (inCommand) picked.push(line);
  }
  return picked.length ? `Usage: vitrina ${command} ...\n\n${picked.join('\n')}` : usage;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0) return fail('no command given');
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(usageOf(argv[0] === 'help' ? argv[1] : undefined) + '\n');
    return 0;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usageOf(argv[0]) + '\n');
    return 0;
  }
  currentCommand = argv[0];
  try {
    return await runCommand(argv);
  } catch (err) {
    // parseArgs' own errors name the option: a usage error (exit 2), with the command's usage.
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return fail((err as Error).message, argv[0]);
    throw err;
  }
}

async function runCommand(argv: string[]): Promise<number> {
  const config = loadConfig();
  configureSecretKeys({ env: process.env, databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, (l) => process.stderr.write(l));
  const [command, sub, ...rest] = argv;
  const openMigrated = async () => {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    await migrateToLatest(database.db);
    return database;
  };

  if (command === 'migrate') {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    try {
      const applied = await migrateToLatest(database.db);
      process.stdout.write(JSON.stringify({ applied }) + '\n');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'shops' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
    if (!values.name?.trim()) return fail('shops create needs --name NAME');
    const database = await openMigrated();
    try {
      process.stdout.write(JSON.stringify(await createShop(database.db, { name: values.name.trim() })) + '\n');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'import' && (sub === 'orders' || sub === 'products')) {
    const { values } = parseArgs({
      args: rest,
      options: {
        shop: { type: 'string' },
        file: { type: 'string', multiple: true },
        'skip-guests': { type: 'boolean' },
        'max-rejected': { type: 'string' },
        'date-format': { type: 'string' },
        timezone: { type: 'string' },
      },
    });
    if (!values.shop || !values.file?.length) return fail(`import ${sub} needs --shop SHOP_ID and --file FILE.csv`);
    const maxRejected = values['max-rejected'] === undefined ? undefined : Number(values['max-rejected']);
    if (maxRejected !== undefined && !(maxRejected >= 0 && maxRejected <= 1)) return fail('--max-rejected must be a share of the lines from 0 to 1, e.g. 0.05');
    const dateFormat = values['date-format'] === undefined ? undefined : dateFormats[values['date-format'].toUpperCase()];
    if (values['date-format'] !== undefined && !dateFormat) return fail('--date-format must be DD/MM/YYYY, MM/DD/YYYY or ISO');
    if (values.timezone !== undefined && !isKnownTimeZone(values.timezone)) return fail(`--timezone must be an IANA time zone such as Europe/London, not ${JSON.stringify(values.timezone)}`);
    const database = await openMigrated();
    try {
      return await runImport(database.db, sub, values.shop, values.file, { skipGuests: values['skip-guests'] === true, maxRejected, dateFormat, timeZone: values.timezone });
    } finally {
      await database.close();
    }
  }
  if (command === 'customers' && (sub === 'erase' || sub === 'export' || sub === 'unsuppress')) {
    const { values } = parseArgs({ args: rest, options: { shop: { type: 'string' }, format: { type: 'string' }, ...selectorOptions } });
    if (values.format !== undefined && (sub !== 'export' || !['json', 'zip'].includes(values.format))) return fail('--format is json or zip, for customers export');
    const who = customerSelectorSchema.safeParse({ userId: values['user-id'], anonymousId: values['anonymous-id'], email: values.email, phone: values.phone, orderId: values['order-id'] });
    if (!values.shop) return fail(`customers ${sub} needs --shop SHOP_ID`);
    if (!who.success) return fail(`customers ${sub}: ${who.error.issues.map((i) => [i.path.join('.'), i.message].filter(Boolean).join(': ')).join('; ')}`);
    const database = await openMigrated();
    try {
      const shop = await findShopById(database.db, values.shop);
      if (!shop) return fail(`no shop ${values.shop}`);
      if (sub === 'export' && values.format === 'zip') {
        process.stdout.write(customerExportZip(await exportCustomer(database.db, shop.id, who.data, shop.settings as ScoreSettings, 'cli')));
        return 0;
      }
      const result =
        sub === 'erase'
          ? await eraseCustomer(database.db, shop.id, who.data, 'cli')
          : sub === 'export'
            ? await exportCustomer(database.db, shop.id, who.data, shop.settings as ScoreSettings, 'cli')
            : { lifted: await liftSuppression(database.db, shop.id, who.data, 'cli') };
      process.stdout.write(JSON.stringify(result, null, sub === 'export' ? 2 : 0) + '\n');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'shops' && sub === 'list') {
    parseArgs({ args: rest, options: {} });
    const database = await openMigrated();
    try {
      for (const shop of await listShops(database.db)) process.stdout.write(JSON.stringify(shop) + '\n');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'shops' && sub === 'delete') {
    const { values } = parseArgs({ args: rest, options: { shop: { type: 'string' }, yes: { type: 'boolean' } } });
    if (!values.shop) return fail('shops delete needs --shop SHOP_ID');
    if (!values.yes) return fail(`shops delete erases every row of ${values.shop}; add --yes to confirm`);
    const database = await openMigrated();
    try {
      const result = await eraseShop(database.db, values.shop, 'cli');
      if (!result.ok) return fail(`no shop ${values.shop}`);
      process.stdout.write(JSON.stringify({ deleted: values.shop, rows: result.rows }) + '\n');
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === 'users') return runUsersCommand(openMigrated, sub, rest, fail);
  return fail(command ? `unknown command: ${[command, sub].filter(Boolean).join(' ')}` : 'no command given');
}

/** The command being run: a usage error shows its lines only. */
let currentCommand: string | undefined;

function fail(message: string, command = currentCommand): number {
  process.stderr.write(`vitrina: ${message}\n\n${usageOf(command)}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `vitrina: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
