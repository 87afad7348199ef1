import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * The Shopify slice's part of erasing a customer (privacy/erase-customer.service.ts
 * calls it): data-request exports about them, and the bodies of deliveries
 * given up on (`failed`) that mention them. Applied deliveries hold no body;
 * pending ones are applied soon, their orders stored anonymized (the
 * customer's identifiers are suppressed by then), and lose their body too.
 * @example await deleteShopifyRecordsOf(tx, 'shop_1', { customerIds: ['7001'], emails: ['ann@example.com'] }) // => { shopify_data_requests: 1, shopify_webhook_inbox: 0 }
 */
export async function deleteShopifyRecordsOf(db: Db, shopId: string, who: { customerIds: string[]; emails: string[] }): Promise<Record<string, number>> {
  if (who.customerIds.length === 0 && who.emails.length === 0) return {};
  const requests = await sql`
    delete from shopify_data_requests where shop_id = ${shopId}
      and (customer_id = any(${who.customerIds}::text[]) or lower(email) = any(${who.emails}::text[]))`.execute(db);
  // The customer's id and e-mail may sit anywhere in a payload: the id as any
  // value equal to it (Shopify sends it as a number, or a string past 2^53),
  // the e-mail within any text, case-insensitively.
  const bodies = await sql`
    update shopify_webhook_inbox set body = null
    where shop_id = ${shopId} and status = 'failed' and body is not null and (
      exists (select 1 from unnest(${who.customerIds}::text[]) i
        where jsonb_path_exists(body, '$.** ? (@ == $s)', jsonb_build_object('s', i))
           or (i ~ '^[0-9]{1,15}$' and jsonb_path_exists(body, '$.** ? (@ == $n)', jsonb_build_object('n', i::numeric))))
      or exists (select 1 from unnest(${who.emails}::text[]) e where strpos(lower(body::text), e) > 0))`.execute(db);
  return { shopify_data_requests: Number(requests.numAffectedRows ?? 0), shopify_webhook_inbox: Number(bodies.numAffectedRows ?? 0) };
}
