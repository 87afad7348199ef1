import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another process holds the embedded database's folder. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`The embedded database in ${dir} is in use by process ${pid} (a Vitrina server or command). Stop it, or use DATABASE_URL to share a Postgres server.`);
  }
}

export interface EmbeddedLock {
  release(): void;
}

const LOCK_FILE = 'vitrina.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded database's folder for this process: a lock file with its
 * pid, created exclusively. PGlite is one process's database, and a second
 * writer would lose its writes (or the first's) at the next restart. A lock
 * left by a process that died is taken over.
 * @example const lock = lockDataDir('/srv/vitrina'); ...; lock.release()
 * @throws DatabaseLockedError naming the process that holds it.
 */
export function lockDataDir(dir: string): EmbeddedLock {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        try {
          if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
        } catch {}
      };
      // A process that exits without closing (an uncaught error) still lets go.
      process.on('exit', release);
      return { release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSafe(path), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DatabaseLockedError(dir, pid);
      // Stale (its process is gone) or half-written: take it over.
      try {
        unlinkSync(path);
      } catch {}
    }
  }
  throw new Error(`Could not lock ${path}`);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
