import type { Db } from '../db/database.js';
import { findMerchantUserByEmail, addMerchantUser } from '../merchant-users/index.js';

/** The demo shop's panel users. Their passwords are printed at start and in the README: demo only. */
export const DEMO_OWNER = { email: 'owner@demo.vitrina.test', password: 'vitrina-demo-owner', role: 'owner' } as const;
export const DEMO_STAFF = { email: 'staff@demo.vitrina.test', password: 'vitrina-demo-staff', role: 'staff' } as const;

/** Adds the demo owner and staff user to the demo shop when they are missing (also on a demo database made before they existed). */
export async function ensureDemoMerchantUsers(db: Db, shopId: string): Promise<void> {
  for (const u of [DEMO_OWNER, DEMO_STAFF]) {
    if (await findMerchantUserByEmail(db, shopId, u.email)) continue;
    await addMerchantUser(db, { shopId, ...u });
  }
}
