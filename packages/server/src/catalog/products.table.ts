import type { Generated, Insertable, Selectable } from 'kysely';

export interface ProductsTable {
  shop_id: string;
  id: string;
  name: string;
  description: Generated<string>;
  category: Generated<string>;
  brand: Generated<string>;
  price: number;
  currency: Generated<string>;
  url: Generated<string>;
  image_url: Generated<string>;
  /** Regions (ISO country codes) where it can be bought; empty means everywhere. */
  regions: Generated<string[]>;
  in_stock: Generated<boolean>;
  warranty_months: Generated<number>;
  consumable: Generated<boolean>;
  /** Typical days between two purchases of a consumable. */
  repurchase_days: number | null;
  tags: Generated<string[]>;
  created_at: Generated<Date>;
  /** Set on every change: readers that cache the catalog compare it. */
  updated_at: Generated<Date>;
}
export type Product = Selectable<ProductsTable>;
export type NewProduct = Insertable<ProductsTable>;
