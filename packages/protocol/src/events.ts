import { z } from 'zod';

/**
 * Limits on what one event and one request may hold. They follow Segment's
 * tracking API limits so that existing Segment clients fit unchanged.
 */
export const ingestLimits = {
  maxEventBytes: 32 * 1024,
  maxRequestBytes: 500 * 1024,
  maxEventsPerBatch: 2500,
  maxIdLength: 200,
  maxNameLength: 200,
  /** Keys in one event, counted over every nested object. */
  maxPropertyKeys: 500,
  /** Nesting of objects and arrays below the event. */
  maxDepth: 10,
  /** Characters in one string value. */
  maxStringLength: 8192,
} as const;

const id = z.string().min(1).max(ingestLimits.maxIdLength);
const isoTime = z.iso.datetime({ offset: true });
/**
 * A plain JSON object of any content (properties, context, traits), passed on
 * as it is: a record schema would copy every object key by key, and the
 * events' contents are bounded by the server's shape limits instead.
 */
const looseObject = z.custom<Record<string, unknown>>(isPlainObject, { message: 'Invalid input: expected an object' });

function isPlainObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const common = {
  messageId: id,
  timestamp: isoTime.optional(),
  originalTimestamp: isoTime.optional(),
  anonymousId: id.optional(),
  userId: id.optional(),
  context: looseObject.optional(),
  integrations: looseObject.optional(),
};

function withSomeIdentity<T extends z.ZodType<{ anonymousId?: string; userId?: string }>>(schema: T) {
  return schema.refine((e) => Boolean(e.anonymousId ?? e.userId), {
    message: 'an event needs an anonymousId or a userId',
    path: ['anonymousId'],
  });
}

export const trackEventSchema = withSomeIdentity(
  z.object({ ...common, type: z.literal('track'), event: z.string().min(1).max(ingestLimits.maxNameLength), properties: looseObject.optional() }),
);
export const pageEventSchema = withSomeIdentity(
  z.object({ ...common, type: z.literal('page'), name: z.string().max(ingestLimits.maxNameLength).optional(), category: z.string().optional(), properties: looseObject.optional() }),
);
export const screenEventSchema = withSomeIdentity(
  z.object({ ...common, type: z.literal('screen'), name: z.string().max(ingestLimits.maxNameLength).optional(), properties: looseObject.optional() }),
);
export const identifyEventSchema = withSomeIdentity(
  z.object({ ...common, type: z.literal('identify'), traits: looseObject.optional() }),
);
export const groupEventSchema = withSomeIdentity(
  z.object({ ...common, type: z.literal('group'), groupId: id, traits: looseObject.optional() }),
);
export const aliasEventSchema = z.object({ ...common, type: z.literal('alias'), previousId: id, userId: id });

/** One event, in the Segment spec's shape (track, page, screen, identify, group, alias). */
export const eventSchema = z.discriminatedUnion('type', [
  trackEventSchema,
  pageEventSchema,
  screenEventSchema,
  identifyEventSchema,
  groupEventSchema,
  aliasEventSchema,
]);
export type VitrinaEvent = z.infer<typeof eventSchema>;
export type EventType = VitrinaEvent['type'];

/**
 * The envelope of `POST /v1/batch`. Events are parsed one by one after the
 * envelope, so that one bad event is recorded as failed without losing the others.
 */
export const batchEnvelopeSchema = z.object({
  writeKey: z.string().optional(),
  sentAt: isoTime.optional(),
  context: looseObject.optional(),
  batch: z.array(z.unknown()).min(1).max(ingestLimits.maxEventsPerBatch),
});
export type BatchEnvelope = z.infer<typeof batchEnvelopeSchema>;

/** What the sdk sends: the envelope with well-formed events. */
export type BatchRequest = Omit<BatchEnvelope, 'batch'> & { batch: VitrinaEvent[] };

export const batchResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  failures: z.array(z.object({ index: z.number().int(), messageId: z.string().optional(), reason: z.string(), message: z.string() })),
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;
