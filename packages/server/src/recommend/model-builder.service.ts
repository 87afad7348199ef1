import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { listProductViews } from '../ingest/index.js';
import type { Logger } from '../logger.js';
import { listPurchaseLines } from '../orders/index.js';
import { buildItemModels, defaultBuildParams, type BuildParams } from './build-item-models.js';
import { listShopIds } from '../shops/index.js';
import { insertModelRun, replaceItemModels } from './recommend.repository.js';

const VIEW_WINDOW_DAYS = 90;

/**
 * Rebuilds a shop's item models from its orders and recent product views and
 * records the run (the merchant sees when models were last built).
 * @example await rebuildShopModels(db, 'demo', { trigger: 'schedule' }) // => { baskets: 658, products: 312, ms: 180 }
 */
export async function rebuildShopModels(
  db: Db,
  shopId: string,
  opts: { trigger: string; now?: Date; params?: Partial<BuildParams> },
): Promise<{ baskets: number; products: number; ms: number }> {
  const started = new Date();
  const now = opts.now ?? started;
  const [lines, views] = await Promise.all([
    listPurchaseLines(db, shopId, { until: now }),
    listProductViews(db, shopId, { since: new Date(now.getTime() - VIEW_WINDOW_DAYS * 86_400_000), until: now }),
  ]);
  const models = buildItemModels(lines, views, { ...defaultBuildParams(now), ...opts.params });
  await replaceItemModels(db, shopId, [...models.values()]);
  const finished = new Date();
  const baskets = new Set(lines.map((l) => l.orderId)).size;
  const ms = finished.getTime() - started.getTime();
  await insertModelRun(db, { shop_id: shopId, started_at: started, finished_at: finished, trigger: opts.trigger, baskets, products: models.size, duration_ms: ms });
  return { baskets, products: models.size, ms };
}

/**
 * Rebuilds every shop's models unless another process is doing it right now
 * (a session advisory lock): many server processes, one builder at a time.
 * An aborted `signal` stops it before the next shop.
 */
export async function rebuildAllShopModels(db: Db, logger: Logger, trigger: string, signal?: AbortSignal): Promise<void> {
  await db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(7261127) as locked`.execute(conn);
    if (!rows[0]?.locked) return;
    try {
      for (const id of await listShopIds(conn)) {
        // Stopping (or the job's lease lost) between two shops: the next run builds them all again.
        signal?.throwIfAborted();
        const r = await rebuildShopModels(conn, id, { trigger });
        logger.info('recommendation models rebuilt', { shopId: id, ...r });
      }
    } finally {
      await sql`select pg_advisory_unlock(7261127)`.execute(conn);
    }
  });
}
