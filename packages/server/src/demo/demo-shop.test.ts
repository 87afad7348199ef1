import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase, testLogger } from '../test-support/test-database.js';
import { seedDemoShopIfEmpty } from './demo-shop.js';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.close());

describe('seedDemoShopIfEmpty', () => {
  it('says the demo shop does not exist when the first shop was made another way (so its keys are not printed)', async () => {
    await createShop(database.db, { name: 'Made by the CLI' });
    expect(await seedDemoShopIfEmpty(database.db, testLogger)).toMatchObject({ seeded: false, exists: false });
  });
});
