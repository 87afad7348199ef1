import type { Generated, Insertable, Selectable } from 'kysely';

export interface CustomersTable {
  shop_id: string;
  /** The shop's own customer id. */
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  region: string | null;
  city: string | null;
  postal_code: string | null;
  address: string | null;
  created_at: Generated<Date>;
}
export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;

/** What a profile takes from the shop's record of a customer. */
export type CustomerContact = Pick<Customer, 'id' | 'email' | 'first_name' | 'last_name' | 'region'>;
