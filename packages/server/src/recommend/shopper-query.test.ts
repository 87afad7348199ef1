import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { selectCustomerRegion } from '../customers/customers.repository.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { selectBuyerPurchases } from '../orders/buyer-purchases.repository.js';
import { selectRecentProducts } from '../profiles/profiles.queries.js';

// Compiles only: no database is reached.
const db: Db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('the parts of the shopper query', () => {
  // Postgres settles on one generic plan for a prepared statement only when
  // that plan is as cheap as planning each call. A bound `or $6` (for `false`)
  // may be true for all it knows, which makes the generic plan a table scan:
  // it then planned every shopper's query again, doubling its time.
  it('bind the shop, the shopper and kinds of identity, never a boolean or a number', () => {
    const who = { customerId: 'c-1', anonymousId: 'a-1' };
    for (const q of [selectBuyerPurchases(db, 's', who), selectRecentProducts(db, 's', who), selectCustomerRegion(db, 's', 'c-1')]) {
      const { parameters } = q.compile();
      for (const p of parameters) expect(['s', 'c-1', 'a-1', 'customer', 'device', 'anon:a-1']).toContain(p);
    }
  });
});
