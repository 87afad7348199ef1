import type { Db } from '../db/database.js';
import type { JobDefinition } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import { rebuildAllShopModels } from './model-builder.service.js';
import type { ModelStore } from './model-store.js';
import { listShopIds } from '../shops/index.js';
import { findLatestModelRun } from './recommend.repository.js';

export const MODEL_REBUILD_JOB = 'model-rebuild';

/**
 * At start, builds the models of every shop whose models were never built,
 * before the server takes requests, so that a fresh demo shows real
 * neighbours at once. A failure is logged: the scheduled rebuild tries again.
 * @example await buildUnbuiltShopModels(db, logger, store) // => true (some shop had none)
 */
export async function buildUnbuiltShopModels(db: Db, logger: Logger, store: ModelStore): Promise<boolean> {
  const shopIds = await listShopIds(db);
  const unbuilt = await Promise.all(shopIds.map(async (id) => !(await findLatestModelRun(db, id))));
  if (!unbuilt.some(Boolean)) return false;
  try {
    await rebuildAllShopModels(db, logger, 'first start');
    store.markStale();
  } catch (err) {
    logger.warn('model rebuild failed', { err });
  }
  return true;
}

/**
 * The models' rebuild over all shops every `intervalMinutes`, as a job for
 * the job runner (undefined when 0: never). The process that rebuilt marks
 * its own cached models stale; every other process's ModelStore sees the new
 * run within its reload time (30 s), when an entry that old is reloaded and
 * finds a newer `rec_model_runs` row. First due one interval after it is first
 * registered: the models were just built at start, or by the previous schedule.
 * @example startJobRunner({ db, logger, jobs: [modelRebuildJob(db, logger, store, 60)!] })
 */
export function modelRebuildJob(db: Db, logger: Logger, store: ModelStore, intervalMinutes: number): JobDefinition | undefined {
  if (!(intervalMinutes > 0)) return undefined;
  const intervalMs = intervalMinutes * 60_000;
  return {
    name: MODEL_REBUILD_JOB,
    intervalMs,
    firstRunInMs: intervalMs,
    async run({ signal }) {
      await rebuildAllShopModels(db, logger, 'schedule', signal);
      store.markStale();
    },
  };
}
