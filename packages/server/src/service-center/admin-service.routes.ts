import { claimStatuses, serviceSettingsSchema, storableText, supportedLocales, templateKeys, templateSchema, updateClaimSchema, type SupportedLocale, type TemplateKey } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { adminShop } from '../http/admin-auth.js';
import { HttpError, parseOrThrow } from '../http/errors.js';
import { idParam } from '../http/path-params.js';
import { changeClaimStatus, composeClaimStatusMessage } from './claim-status.service.js';
import { findClaim, findClaimPhoto, listClaims } from './claims.repository.js';
import { toClaimViews } from './claims.service.js';
import { findCustomerRelationship } from './customer-view.service.js';
import { defaultTemplates, findUnknownVariables, templateVariables } from './message-templates.js';
import type { PublicOrigin } from './public-origin.js';
import { loadServiceSettings } from './service-messages.js';
import { deleteServiceTemplate, listServiceTemplates, upsertServiceSettings, upsertServiceTemplate } from './service-settings.repository.js';

const claimNotFound = () => new HttpError(404, 'claim_not_found', 'No claim with that id in this shop.');

function templateParams(params: Record<string, string | undefined>): { key: TemplateKey; locale: SupportedLocale } {
  const key = params.key as TemplateKey;
  const locale = params.locale as SupportedLocale;
  if (!templateKeys.includes(key)) throw new HttpError(404, 'template_not_found', `Templates are ${templateKeys.join(', ')}.`);
  if (!supportedLocales.includes(locale)) throw new HttpError(404, 'template_not_found', `Languages are ${supportedLocales.join(', ')}.`);
  return { key, locale };
}

/**
 * Staff side of the service center, `/v1/admin/service/*`: a customer's whole
 * relationship by e-mail, claims and their status, message templates and the
 * shop's service settings.
 */
export function adminServiceRoutes(db: Db, publicOrigin: PublicOrigin): Router {
  const router = Router();

  router.get('/v1/admin/service/customers', async function getCustomer(req, res) {
    const { email } = parseOrThrow(z.object({ email: storableText.trim().min(3).max(320) }), req.query, 'query');
    const found = await findCustomerRelationship(db, adminShop(res).id, email);
    if (!found) throw new HttpError(404, 'customer_not_found', 'No customer or order with that e-mail in this shop.');
    res.json(found);
  });

  router.get('/v1/admin/service/claims', async function getClaims(req, res) {
    const q = parseOrThrow(z.object({ status: z.enum(claimStatuses).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), req.query, 'query');
    const shopId = adminShop(res).id;
    res.json({ claims: await toClaimViews(db, shopId, await listClaims(db, shopId, q)) });
  });

  router.get('/v1/admin/service/claims/:id', async function getClaim(req, res) {
    const shopId = adminShop(res).id;
    const claim = await findClaim(db, shopId, idParam(req));
    if (!claim) throw claimNotFound();
    const [view] = await toClaimViews(db, shopId, [claim]);
    res.json({ ...view, email: claim.email, customerName: claim.customer_name, hasPhoto: Boolean(claim.photo_type), locale: claim.locale });
  });

  router.get('/v1/admin/service/claims/:id/photo', async function getClaimPhoto(req, res) {
    const photo = await findClaimPhoto(db, adminShop(res).id, idParam(req));
    if (!photo) throw new HttpError(404, 'photo_not_found', 'This claim has no photo.');
    res.type(photo.type).send(photo.photo);
  });

  router.post('/v1/admin/service/claims/:id/preview', async function previewClaimMessage(req, res) {
    const shop = adminShop(res);
    const change = parseOrThrow(updateClaimSchema, req.body, 'status update');
    const claim = await findClaim(db, shop.id, idParam(req));
    if (!claim) throw claimNotFound();
    res.json(await composeClaimStatusMessage(db, shop, claim, change, publicOrigin()));
  });

  router.patch('/v1/admin/service/claims/:id', async function patchClaim(req, res) {
    const change = parseOrThrow(updateClaimSchema, req.body, 'status update');
    const result = await changeClaimStatus(db, adminShop(res), idParam(req), change, publicOrigin());
    if (!result.ok) throw claimNotFound();
    res.json({ ...result.claim, notified: result.notified });
  });

  router.get('/v1/admin/service/templates', async function getTemplates(_req, res) {
    const own = await listServiceTemplates(db, adminShop(res).id);
    const templates = templateKeys.flatMap((key) =>
      supportedLocales.map((locale) => {
        const mine = own.find((t) => t.key === key && t.locale === locale);
        const t = mine ?? defaultTemplates[key][locale];
        return { key, locale, subject: t.subject, body: t.body, isDefault: !mine, variables: templateVariables[key] };
      }),
    );
    res.json({ templates });
  });

  router.put('/v1/admin/service/templates/:key/:locale', async function putTemplate(req, res) {
    const { key, locale } = templateParams(req.params);
    const t = parseOrThrow(templateSchema, req.body, 'template');
    const unknown = findUnknownVariables(key, `${t.subject}\n${t.body}`);
    if (unknown.length) {
      throw new HttpError(400, 'unknown_variables', `Unknown placeholders: ${unknown.map((v) => `{{${v}}}`).join(', ')}. Available: ${templateVariables[key].join(', ')}.`);
    }
    await upsertServiceTemplate(db, adminShop(res).id, key, locale, t);
    res.json({ key, locale, ...t, isDefault: false, variables: templateVariables[key] });
  });

  router.delete('/v1/admin/service/templates/:key/:locale', async function resetTemplate(req, res) {
    const { key, locale } = templateParams(req.params);
    await deleteServiceTemplate(db, adminShop(res).id, key, locale);
    res.json({ key, locale, ...defaultTemplates[key][locale], isDefault: true, variables: templateVariables[key] });
  });

  router.get('/v1/admin/service/settings', async function getSettings(_req, res) {
    res.json(await loadServiceSettings(db, adminShop(res).id));
  });

  router.put('/v1/admin/service/settings', async function putSettings(req, res) {
    const s = parseOrThrow(serviceSettingsSchema, req.body, 'settings');
    const shopId = adminShop(res).id;
    await upsertServiceSettings(db, shopId, {
      ...(s.warrantyStartsAt ? { warranty_starts_at: s.warrantyStartsAt } : {}),
      ...(s.serviceCenterUrl !== undefined ? { service_center_url: s.serviceCenterUrl } : {}),
      ...(s.mailFrom !== undefined ? { mail_from: s.mailFrom } : {}),
    });
    res.json(await loadServiceSettings(db, shopId));
  });
  return router;
}
