import Database from 'better-sqlite3';
import { mkdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * A consistent copy of the database while the bot keeps writing to it (`npm run db:backup`).
 *
 * SQLite's online backup API reads the pages inside one read transaction per step; in WAL mode a
 * reader never blocks the bot, and the bot never blocks the reader. By default better-sqlite3 copies
 * 100 pages per step, and SQLite restarts the copy from the first page whenever another connection
 * writes between two steps: a busy bot could keep a large backup from ever finishing. Copying every
 * page in one step reads one snapshot, so the copy is exactly the database as of one commit.
 */
const EVERY_PAGE_IN_ONE_STEP = 0x7fffffff;

/** The files SQLite keeps beside a WAL database: overwriting one of them corrupts the live database too. */
const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

/** Whether writing to `path` would overwrite the database at `databasePath`, or one of its side files. */
export function isDatabaseFile(databasePath: string, path: string): boolean {
  const target = canonical(path);
  if (SIDE_FILES.some((suffix) => target === canonical(databasePath) + suffix)) return true;
  // A hard link or a second symlink chain to the same file has another name: compare the files themselves.
  const a = statOrNull(databasePath);
  const b = statOrNull(path);
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

export async function backupDatabase(sourcePath: string, targetPath: string): Promise<{ pages: number }> {
  if (isDatabaseFile(sourcePath, targetPath)) {
    throw new Error(`refusing to write the backup over the live database itself (${targetPath})`);
  }
  if (!statOrNull(sourcePath)?.isFile()) throw new Error(`no database file at ${sourcePath}`);
  mkdirSync(dirname(resolve(targetPath)), { recursive: true });

  // Written beside the target and renamed once verified: an interrupted or corrupt copy never takes the
  // place of a good backup of the same name.
  const partial = join(dirname(resolve(targetPath)), `.${basename(targetPath)}.partial-${process.pid}`);
  const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    const { totalPages } = await source.backup(partial, { progress: () => EVERY_PAGE_IN_ONE_STEP });
    verifyCopy(partial);
    renameSync(partial, targetPath);
    return { pages: totalPages };
  } catch (error) {
    for (const suffix of SIDE_FILES) rmSync(partial + suffix, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/**
 * The copy inherits the WAL flag from the source; switching it to a rollback journal makes it one
 * self-contained file that can be moved or mailed without a -wal beside it (the bot turns WAL back on
 * when it opens a restored copy).
 */
function verifyCopy(path: string): void {
  const copy = new Database(path, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`the copy failed SQLite's integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
}

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** The absolute path with symlinks resolved, as far as it exists. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(canonical(parent), basename(absolute));
  }
}
