import { storableText } from '@vitrina/protocol';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import { parseOrThrow } from '../http/errors.js';
import { requireShopByWriteKey } from '../http/write-key.js';
import { findCatalogProducts } from './catalog.repository.js';
import type { Product } from './products.table.js';

const catalogQuery = z.object({
  ids: storableText
    .max(4000)
    .optional()
    .transform((s) => (s ? s.split(',').map((p) => p.trim()).filter(Boolean).slice(0, 100) : [])),
  q: storableText.max(200).optional(),
  category: storableText.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
});

/** A product as a storefront page shows it; the same field names as a recommended item. */
function toCatalogProduct(p: Product) {
  return {
    productId: p.id,
    name: p.name,
    description: p.description,
    category: p.category,
    brand: p.brand,
    price: Number(p.price),
    currency: p.currency,
    url: p.url,
    imageUrl: p.image_url,
    inStock: p.in_stock,
    warrantyMonths: p.warranty_months,
  };
}

/** `GET /v1/products?writeKey=&ids=&q=&category=&limit=`: the public catalog, for storefront pages. */
export function catalogRoutes(db: Db): Router {
  const router = Router();
  router.get('/v1/products', async function getProducts(req, res) {
    const shop = await requireShopByWriteKey(db, req);
    const query = parseOrThrow(catalogQuery, req.query, 'query');
    const products = await findCatalogProducts(db, shop.id, query);
    res.json({ products: products.map(toCatalogProduct) });
  });
  return router;
}
