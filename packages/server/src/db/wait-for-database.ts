import { isDatabaseUnavailable } from '../http/errors.js';
import type { Logger } from '../logger.js';

/**
 * Runs `step` (the start's migrations) until the database answers: a server
 * started while Postgres is down or restarting waits for it, with a log line
 * each try, instead of exiting; any other failure (a bad migration, a wrong
 * password) fails at once. Gives up after `maxWaitMs` (default: never).
 * @example await untilDatabaseAnswers(() => migrateToLatest(db), logger)
 */
export async function untilDatabaseAnswers<T>(step: () => Promise<T>, logger: Logger, opts: { maxWaitMs?: number; signal?: AbortSignal } = {}): Promise<T> {
  const started = Date.now();
  let pauseMs = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isDatabaseUnavailable(err) || opts.signal?.aborted) throw err;
      if (opts.maxWaitMs !== undefined && Date.now() - started + pauseMs > opts.maxWaitMs) throw err;
      logger.warn('database unreachable at start; waiting for it', { attempt, retryInMs: pauseMs, err: (err as Error).message });
      await new Promise((r) => setTimeout(r, pauseMs));
      pauseMs = Math.min(pauseMs * 2, 5_000);
    }
  }
}
