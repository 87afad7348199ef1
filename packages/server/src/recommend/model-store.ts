import { findCatalogVersion, listAllProducts } from '../catalog/index.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { ItemModel } from './build-item-models.js';
import { findItemModels, findLatestModelRun, listRules } from './recommend.repository.js';
import { assembleShopModel, type ShopModel } from './shop-model.js';

interface Entry {
  model: ShopModel;
  loadedAt: number;
  /** The model run the item models came from: they are re-read only when a new run lands. */
  runId: number | undefined;
  items: ItemModel[];
  /** What the catalog and rules looked like at load: unchanged, the model is kept as it is. */
  version: string;
  reloading?: Promise<void>;
}

/**
 * Per-shop models cached in this process. A request never waits for a
 * refresh once a shop is loaded: an entry older than `ttlMs` is served while a
 * fresh copy loads. Catalog and rule changes show within `ttlMs`, or at once
 * through `invalidate`.
 */
export class ModelStore {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<ShopModel>>();

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
  ) {}

  async get(shopId: string): Promise<ShopModel> {
    const entry = this.entries.get(shopId);
    if (entry) {
      if (Date.now() - entry.loadedAt > this.ttlMs && !entry.reloading) {
        entry.reloading = this.load(shopId).then(
          () => {},
          (err) => {
            entry.reloading = undefined;
            this.logger.warn('model reload failed', { shopId, err });
          },
        );
      }
      return entry.model;
    }
    let pending = this.loading.get(shopId);
    if (!pending) {
      pending = this.load(shopId).finally(() => this.loading.delete(shopId));
      this.loading.set(shopId, pending);
    }
    return pending;
  }

  /**
   * Loads the models of these shops, one after another, so that shoppers do
   * not wait a second or more for a large shop's model after the server
   * starts. Resolves when all are loaded or after `budgetMs`, whichever is
   * first; the rest go on loading in the background. A shop that fails to
   * load is left to its first request.
   */
  async preload(shopIds: string[], budgetMs: number): Promise<void> {
    const started = Date.now();
    const all = (async () => {
      for (const id of shopIds) {
        await this.get(id).catch((err) => this.logger.warn('model preload failed', { shopId: id, err }));
      }
      this.logger.info('models loaded', { shops: shopIds.length, ms: Date.now() - started });
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, budgetMs)))]);
    clearTimeout(timer);
  }

  /**
   * Marks every cached model out of date, e.g. after the scheduled rebuild:
   * each is reloaded in the background on its shop's next request while the
   * current one is still served, so no shopper waits for the new models.
   */
  markStale(): void {
    for (const entry of this.entries.values()) entry.loadedAt = 0;
  }

  /** Drops the cached model, e.g. after a rebuild or a rule change. */
  invalidate(shopId: string): void {
    this.entries.delete(shopId);
  }

  private async load(shopId: string): Promise<ShopModel> {
    const previous = this.entries.get(shopId);
    const [catalogVersion, rules, run] = await Promise.all([
      findCatalogVersion(this.db, shopId),
      listRules(this.db, shopId),
      findLatestModelRun(this.db, shopId),
    ]);
    const version = `${catalogVersion}|${rules.map((r) => r.id).join(',')}`;
    // Assembling a large shop's model blocks the event loop for tens of
    // milliseconds: do it only when the catalog, the rules or the models changed.
    if (previous && previous.runId === run?.id && previous.version === version) {
      this.entries.set(shopId, { ...previous, loadedAt: Date.now(), reloading: undefined });
      return previous.model;
    }
    // Parsing every product's neighbours is the costly part; only a new run needs it.
    const [products, items] = await Promise.all([
      listAllProducts(this.db, shopId),
      previous && previous.runId === run?.id ? previous.items : findItemModels(this.db, shopId),
    ]);
    const reuse = previous && previous.items === items;
    const model = assembleShopModel(shopId, products, items, rules, run?.finished_at ?? null, reuse ? previous.model.neighbours : undefined);
    this.entries.set(shopId, { model, loadedAt: Date.now(), runId: run?.id, items, version });
    return model;
  }
}
