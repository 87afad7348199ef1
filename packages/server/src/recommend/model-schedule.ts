import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { rebuildAllShopModels } from './model-builder.service.js';
import type { ModelStore } from './model-store.js';
import { listShopIds } from '../shops/shops.repository.js';
import { findLatestModelRun } from './recommend.repository.js';

/**
 * Rebuilds the models over all shoppers every `intervalMinutes` (0: never).
 * At start, shops whose models were never built get them before the server
 * takes requests, so that a fresh demo shows real neighbours at once.
 */
export async function startModelSchedule(db: Db, logger: Logger, store: ModelStore, intervalMinutes: number) {
  let running: Promise<void> = Promise.resolve();
  const run = (trigger: string) => {
    running = running
      .then(() => rebuildAllShopModels(db, logger, trigger))
      .then(() => store.markStale())
      .catch((err) => logger.warn('model rebuild failed', { err }));
    return running;
  };
  const shopIds = await listShopIds(db);
  const unbuilt = await Promise.all(shopIds.map(async (id) => !(await findLatestModelRun(db, id))));
  if (unbuilt.some(Boolean)) await run('first start');
  const timer = intervalMinutes > 0 ? setInterval(() => void run('schedule'), intervalMinutes * 60_000) : undefined;
  timer?.unref();
  return {
    stop: () => clearInterval(timer),
    /** Resolves when no rebuild is in progress. */
    idle: () => running,
  };
}
