import { z } from 'zod';
import { storableText } from './storable-text.js';

export const recommendationKinds = ['showcase', 'cross-sell', 'reorder', 'up-sell', 'gifts'] as const;
export type RecommendationKind = (typeof recommendationKinds)[number];

export const recommendationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(8),
  anonymousId: storableText.min(1).max(200).optional(),
  userId: storableText.min(1).max(200).optional(),
  /** Hex HMAC-SHA256 of userId by the shop's signing secret: unlocks the customer's own history. */
  signature: z.string().max(128).optional(),
  region: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code').optional(),
  products: storableText
    .max(4000)
    .optional()
    .transform((s) => (s ? s.split(',').map((p) => p.trim()).filter(Boolean) : [])),
});
export type RecommendationQuery = z.infer<typeof recommendationQuerySchema>;

/** One recommended product, with what a page needs to render it and why it was picked. */
export const recommendedItemSchema = z.object({
  productId: z.string(),
  name: z.string(),
  price: z.number(),
  currency: z.string(),
  url: z.string(),
  imageUrl: z.string(),
  category: z.string(),
  brand: z.string(),
  score: z.number(),
  reason: z.object({ code: z.string(), text: z.string() }),
  recommendationId: z.string(),
});
export type RecommendedItem = z.infer<typeof recommendedItemSchema>;

export const recommendationResponseSchema = z.object({
  kind: z.enum(recommendationKinds),
  items: z.array(recommendedItemSchema),
});
export type RecommendationResponse = z.infer<typeof recommendationResponseSchema>;
