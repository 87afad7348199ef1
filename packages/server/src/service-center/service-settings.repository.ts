import type { Db } from '../db/database.js';
import type { ServiceSettings } from './service-center.table.js';
import type { MessageTemplate } from './message-templates.js';

export async function findServiceSettings(db: Db, shopId: string): Promise<ServiceSettings | undefined> {
  return db.selectFrom('service_settings').selectAll().where('shop_id', '=', shopId).executeTakeFirst();
}

export async function upsertServiceSettings(
  db: Db,
  shopId: string,
  fields: { warranty_starts_at?: 'delivery' | 'purchase'; service_center_url?: string | null; mail_from?: string | null },
): Promise<void> {
  await db
    .insertInto('service_settings')
    .values({ shop_id: shopId, service_center_url: null, mail_from: null, ...fields })
    .onConflict((oc) => oc.column('shop_id').doUpdateSet({ ...fields, updated_at: new Date() }))
    .execute();
}

export async function findServiceTemplate(db: Db, shopId: string, key: string, locale: string): Promise<MessageTemplate | undefined> {
  return db.selectFrom('service_templates').select(['subject', 'body']).where('shop_id', '=', shopId).where('key', '=', key).where('locale', '=', locale).executeTakeFirst();
}

export async function listServiceTemplates(db: Db, shopId: string) {
  return db.selectFrom('service_templates').selectAll().where('shop_id', '=', shopId).execute();
}

export async function upsertServiceTemplate(db: Db, shopId: string, key: string, locale: string, t: MessageTemplate): Promise<void> {
  await db
    .insertInto('service_templates')
    .values({ shop_id: shopId, key, locale, subject: t.subject, body: t.body })
    .onConflict((oc) => oc.columns(['shop_id', 'key', 'locale']).doUpdateSet({ subject: t.subject, body: t.body, updated_at: new Date() }))
    .execute();
}

export async function deleteServiceTemplate(db: Db, shopId: string, key: string, locale: string): Promise<boolean> {
  const res = await db.deleteFrom('service_templates').where('shop_id', '=', shopId).where('key', '=', key).where('locale', '=', locale).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
