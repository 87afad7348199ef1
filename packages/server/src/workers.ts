import cluster from 'node:cluster';
import type { Logger } from './logger.js';

/** Set by the primary in each worker's environment: '1' for the one that runs the background jobs. */
const JOBS_ENV = 'VITRINA_WORKER_JOBS';

/**
 * Whether this process runs the background jobs: every process does, except
 * the workers our own primary started to serve requests only (a process
 * manager's cluster mode starts workers of its own, which keep their jobs).
 */
export function runsJobs(): boolean {
  return process.env[JOBS_ENV] !== '0';
}

/**
 * The primary of `count` server processes sharing one port (node:cluster), for
 * a process per core. The first starts alone: it migrates the database, seeds
 * the demo and runs the background jobs; the others start once it listens and
 * only serve requests (no state that matters lives in a process, so any of
 * them can answer any request). A worker that dies is replaced, after a pause
 * that grows while replacements keep failing. A first start that fails stops
 * everything: a bad configuration or an unreachable database would fail again.
 * SIGTERM and SIGINT stop the workers gracefully, then the primary.
 */
export function runWorkers(count: number, logger: Logger): void {
  let stopping = false;
  let everListened = false;
  let pauseMs = 1_000;

  const fork = (jobs: boolean) => {
    const worker = cluster.fork({ [JOBS_ENV]: jobs ? '1' : '0' });
    let listened = false;
    worker.once('listening', () => {
      listened = true;
      pauseMs = 1_000;
      if (!everListened) {
        everListened = true;
        for (let i = 1; i < count; i++) fork(false);
        logger.info('server processes started', { workers: count });
      }
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!everListened) {
        logger.error('the first server process failed to start', { code, signal });
        stop(code || 1);
        return;
      }
      logger.error('a server process died; starting another', { code, signal, listened, inMs: pauseMs });
      setTimeout(() => !stopping && fork(jobs), pauseMs);
      if (!listened) pauseMs = Math.min(pauseMs * 2, 30_000);
    });
  };

  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is NonNullable<typeof w> => w !== undefined && !w.isDead());
    if (alive.length === 0) process.exit(exitCode);
    let left = alive.length;
    for (const w of alive) {
      w.once('exit', () => --left === 0 && process.exit(exitCode));
      w.process.kill('SIGTERM');
    }
    // Each worker gives requests in flight 10 s; past that, stop regardless.
    setTimeout(() => process.exit(exitCode || 1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  fork(true);
}
