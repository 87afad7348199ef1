import { z } from 'zod';
import { segments } from '../profiles/index.js';

const days = z.number().int().min(0).max(3650);
const range = { min: z.number().min(0).optional(), max: z.number().min(0).optional() };
/** A product, a category or a brand, by the catalogue's own id or name. */
const item = z
  .object({ productId: z.string().min(1).max(200).optional(), category: z.string().min(1).max(200).optional(), brand: z.string().min(1).max(200).optional() })
  .refine((x) => [x.productId, x.category, x.brand].filter(Boolean).length === 1, 'name exactly one of productId, category, brand');

/** One condition on a shopper; every condition is about the profile (a shopper as Vitrina knows them). */
export const segmentConditionSchema = z.discriminatedUnion('type', [
  /** The RFM segment (profiles/scores.ts), computed at the time of evaluation. */
  z.object({ type: z.literal('rfm_segment'), in: z.array(z.enum(segments)).min(1) }),
  /** Revenue so far, in the shop's currency. */
  z.object({ type: z.literal('lifetime_value'), ...range }),
  z.object({ type: z.literal('orders_count'), ...range }),
  /** Last order at least `moreThanDaysAgo` and at most `withinDays` days ago (a shopper without orders matches neither). */
  z.object({ type: z.literal('last_order'), withinDays: days.optional(), moreThanDaysAgo: days.optional() }),
  /** Bought it ever, or within the last `withinDays`. */
  z.object({ type: z.literal('bought'), item, withinDays: days.optional() }),
  /** Viewed it (a `Product Viewed` event), within `withinDays`; `notBought`: and never bought it. */
  z.object({ type: z.literal('viewed'), item, withinDays: days.optional(), notBought: z.boolean().optional() }),
  /** A product they rebuy is expected within `withinDays` from now, or overdue (their mean interval, or the product's repurchase days after one purchase). */
  z.object({ type: z.literal('reorder_due'), withinDays: days }),
  /** Region (ISO country code) of the profile. */
  z.object({ type: z.literal('region'), in: z.array(z.string().regex(/^[A-Za-z]{2}$/)).min(1) }),
  /** Language of the shopper's latest event with a locale (`context.locale`, its first two letters). */
  z.object({ type: z.literal('language'), in: z.array(z.string().regex(/^[a-z]{2}$/)).min(1) }),
  /** Consent to marketing (`consent.marketing` in traits or event context). */
  z.object({ type: z.literal('marketing_consent'), value: z.boolean() }),
]);
export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export type SegmentDefinition = SegmentCondition | { all: SegmentDefinition[] } | { any: SegmentDefinition[] } | { not: SegmentDefinition };

/**
 * An audience: a condition, or `all` / `any` / `not` of definitions, nested at most 8 deep.
 * @example segmentDefinitionSchema.parse({ all: [{ type: 'rfm_segment', in: ['champions'] }, { type: 'region', in: ['DE'] }] })
 */
export const segmentDefinitionSchema: z.ZodType<SegmentDefinition> = z.lazy(() =>
  z.union([
    segmentConditionSchema,
    z.object({ all: z.array(segmentDefinitionSchema).min(1).max(50) }).strict(),
    z.object({ any: z.array(segmentDefinitionSchema).min(1).max(50) }).strict(),
    z.object({ not: segmentDefinitionSchema }).strict(),
  ]),
).refine((d) => depth(d) <= 8, 'nested more than 8 deep');

function depth(d: SegmentDefinition): number {
  if ('all' in d) return 1 + Math.max(...d.all.map(depth));
  if ('any' in d) return 1 + Math.max(...d.any.map(depth));
  if ('not' in d) return 1 + depth(d.not);
  return 1;
}
