import { z } from 'zod';

/** Who a data-rights request is about, as the admin API and the command line take it. */
// Postgres text cannot hold NUL; an id with one is refused here, not by the database.
const id = (max: number) => z.string().trim().min(1).max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
export const customerSelectorSchema = z
  .object({ userId: id(200), anonymousId: id(200), email: id(320), phone: id(50), orderId: id(200) })
  .partial()
  .strict()
  .refine((s) => Object.values(s).some(Boolean), 'name the customer by at least one of userId, anonymousId, email, phone, orderId');
