import type { Insertable, Selectable } from 'kysely';

export interface ServicePointsTable {
  shop_id: string;
  id: string;
  name: string;
  address: string;
  city: string;
  postal_code: string;
  lat: number;
  lon: number;
  hours: string;
  email: string;
  /** Categories it repairs; empty means any. */
  categories: string[];
  brands: string[];
}
export type ServicePoint = Selectable<ServicePointsTable>;
export type NewServicePoint = Insertable<ServicePointsTable>;
