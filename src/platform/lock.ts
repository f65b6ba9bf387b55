import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** One process per database: the lock, held until `release()` or the process's end (the OS drops it then). */
export interface DatabaseLock {
  release(): void;
}

const RETRY_MS = 500;

/**
 * Takes the database's lock: an exclusive transaction held open on a small file beside it
 * (`DATABASE_PATH.lock`). SQLite's file lock is the operating system's, so it goes with the process —
 * a SIGKILL frees it at once for the restart — and a second process on the same database cannot take it.
 *
 * The database file itself is not locked this way: backups and the audit export read it while the bot runs.
 * A second process waits as a standby (SPEC "Running": one process per database) and takes over as soon as
 * the first has stopped; `onWait` is told once that it waits.
 */
export async function lockDatabase(path: string, onWait: () => void, signal?: AbortSignal): Promise<DatabaseLock> {
  if (path === ':memory:') return { release() {} };
  mkdirSync(dirname(path), { recursive: true });
  let told = false;
  for (;;) {
    const lock = tryLock(`${path}.lock`);
    if (lock) return lock;
    if (!told) onWait();
    told = true;
    if (signal?.aborted) throw new Error('stopped while waiting for the database lock');
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

function tryLock(file: string): DatabaseLock | null {
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  return {
    release() {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
