import { createHash, randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { IdentifierKind } from './privacy.table.js';

/** Who a data-rights request is about: any one (or more) of their identifiers. */
export interface CustomerSelector {
  userId?: string | undefined;
  anonymousId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  orderId?: string | undefined;
}

/** E-mails compare case-insensitively, as the rest of Vitrina looks them up. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
/** A phone number by its digits only: `+44 20 7946 0000` and `442079460000` are one number. */
export const normalizePhone = (phone: string) => phone.replace(/\D+/g, '');

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The suppression hash of one identifier: SHA-256 of `salt:kind:value`, the
 * value normalized. `suppressionHashSql` computes the same in Postgres.
 * @example identifierHash('9f…', 'email', 'Ann@Example.com') // => <Buffer 3a 1f …> (as for 'ann@example.com')
 */
export function identifierHash(salt: string, kind: IdentifierKind, value: string): Buffer {
  return createHash('sha256').update(`${salt}:${kind}:${normalizeValue(kind, value)}`, 'utf8').digest();
}

export function normalizeValue(kind: IdentifierKind, value: string): string {
  return kind === 'email' ? normalizeEmail(value) : kind === 'phone' ? normalizePhone(value) : value;
}

/**
 * `identifierHash` in SQL, for a value already normalized (e-mails
 * lowercased). Null when the value is null.
 */
export function suppressionHashSql(salt: RawBuilder<unknown>, kind: IdentifierKind, value: RawBuilder<unknown>): RawBuilder<Buffer | null> {
  return sql<Buffer | null>`sha256(convert_to((${salt}) || ${sql.lit(`:${kind}:`)} || (${value}), 'UTF8'))`;
}

/**
 * The shop's suppression salt for a statement's rows: `left join` it with
 * `shopSaltJoin(shop id)` and read it as `shopSaltJoinColumn` (null for a
 * shop that never erased anyone).
 */
export function shopSaltJoin(shopId: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`left join privacy_salts ps on ps.shop_id = ${shopId}`;
}
export const shopSaltJoinColumn = sql<string | null>`ps.salt`;

/**
 * True for an event row that carries no suppressed identifier: its anonymous
 * id, user id, or an e-mail in its traits or properties. The ingest path puts
 * it in the statement that stores events (an anti-join, no query per event);
 * a shop without a salt never computes a hash.
 */
export function unsuppressedEventSql(
  e: { shopId: RawBuilder<unknown>; salt: RawBuilder<unknown>; anonymousId: RawBuilder<unknown>; userId: RawBuilder<unknown>; traits: RawBuilder<unknown>; properties: RawBuilder<unknown> },
): RawBuilder<boolean> {
  return sql<boolean>`(${e.salt} is null or not exists (
    select 1 from suppressed_identifiers sx where sx.shop_id = ${e.shopId} and sx.hash in (
      ${suppressionHashSql(e.salt, 'anonymous', e.anonymousId)},
      ${suppressionHashSql(e.salt, 'user', e.userId)},
      ${suppressionHashSql(e.salt, 'email', sql`lower(${e.traits} ->> 'email')`)},
      ${suppressionHashSql(e.salt, 'email', sql`lower(${e.properties} ->> 'email')`)})))`;
}
