import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, lockDataDir } from './embedded-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'vitrina-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockDataDir', () => {
  it('refuses a folder another live process holds, naming its pid', async () => {
    // A real second process holds the lock file.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'vitrina.lock'), `${holder.pid}\n`);
      let err: unknown;
      try {
        lockDataDir(dir);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DatabaseLockedError);
      expect((err as Error).message).toContain(`process ${holder.pid}`);
      expect((err as Error).message).toContain('DATABASE_URL');
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a lock its dead owner left, and lets go on release', async () => {
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dir, 'vitrina.lock'), `${dead.pid}\n`);
    const lock = lockDataDir(dir);
    expect(readFileSync(join(dir, 'vitrina.lock'), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    const again = lockDataDir(dir);
    again.release();
  });
});
