import { z } from 'zod';

/**
 * `GET /v1/profile?writeKey&anonymousId&userId&signature`: what a page may
 * know about its own visitor. Checkout details are released only to a
 * verified shopper: the shop's backend signs the customer id with the shop's
 * signing secret (hex HMAC-SHA256 of the id) and the sdk passes it along.
 */
export const profileResponseSchema = z.object({
  known: z.boolean(),
  verified: z.boolean(),
  firstName: z.string().optional(),
  segment: z.string().optional(),
  region: z.string().optional(),
  /** The shop's loyalty rule says this verified customer is due a discount. */
  loyaltyDiscountDue: z.boolean().optional(),
  checkout: z
    .object({
      deliveryMethod: z.string().optional(),
      paymentType: z.string().optional(),
      address: z
        .object({
          name: z.string().optional(),
          line1: z.string().optional(),
          city: z.string().optional(),
          postalCode: z.string().optional(),
          country: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
});
export type ProfileResponse = z.infer<typeof profileResponseSchema>;
