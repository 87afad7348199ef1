import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Db } from '../db/database.js';
import { addMerchantUser, listShopUsers } from './merchant-users.service.js';
import { merchantRoles, type MerchantRole } from './merchant-users.table.js';

/** Reads a password from the terminal without echoing it. */
function promptPassword(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) return reject(new Error('no password: pass --password, set VITRINA_PASSWORD, or run in a terminal to be asked'));
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    output._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/**
 * `vitrina users add --shop ID --email E --role owner|staff [--password P]`
 * (else VITRINA_PASSWORD, else asked on the terminal) and `vitrina users list --shop ID`.
 * @example await runUsersCommand(db, 'add', ['--shop', 'demo', '--email', 'ann@shop.test', '--role', 'staff'])
 * // prints {"id":"mu_...","shop_id":"demo","email":"ann@shop.test","role":"staff"}; returns 0
 */
export async function runUsersCommand(open: () => Promise<{ db: Db; close(): Promise<void> }>, sub: string | undefined, args: string[], fail: (m: string) => number): Promise<number> {
  const { values } = parseArgs({ args, options: { shop: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } } });
  if (!values.shop) return fail(`users ${sub ?? ''} needs --shop SHOP_ID`);
  if (sub === 'list') {
    const database = await open();
    try {
      process.stdout.write(JSON.stringify(await listShopUsers(database.db, values.shop)) + '\n');
      return 0;
    } finally {
      await database.close();
    }
  }
  if (sub !== 'add') return fail(`unknown command: users ${sub ?? ''}`);
  if (!values.email) return fail('users add needs --email E');
  const role = values.role as MerchantRole;
  if (!merchantRoles.includes(role)) return fail('users add needs --role owner or --role staff');
  const password = values.password ?? process.env.VITRINA_PASSWORD ?? (await promptPassword(`Password for ${values.email}: `));
  const database = await open();
  try {
    const result = await addMerchantUser(database.db, { shopId: values.shop, email: values.email, role, password });
    if (!result.ok) {
      const why = { shop_not_found: `no shop ${values.shop}`, email_taken: `${values.email} is already a user of ${values.shop}`, password_too_short: 'the password must have at least 10 characters', invalid_email: `${values.email} is not an e-mail address` };
      return fail(`users add: ${why[result.code]}`);
    }
    const u = result.user;
    process.stdout.write(JSON.stringify({ id: u.id, shop_id: u.shopId, email: u.email, role: u.role }) + '\n');
    return 0;
  } finally {
    await database.close();
  }
}
