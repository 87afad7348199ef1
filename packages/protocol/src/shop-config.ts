import { z } from 'zod';

/** How a shop asks its shoppers for consent: `opt-in` sends and stores nothing until they agree; `opt-out` tracks until they refuse. */
export const consentModes = ['opt-in', 'opt-out'] as const;
export type ConsentMode = (typeof consentModes)[number];

/**
 * `GET /v1/config?writeKey=`: what a storefront needs to know of its shop
 * before tracking, public and cacheable (it names no shopper).
 */
export const shopConfigSchema = z.object({ consent: z.enum(consentModes) });
export type ShopConfig = z.infer<typeof shopConfigSchema>;
