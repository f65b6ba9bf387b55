import Database from 'better-sqlite3';
import { closeSync, fsync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationFailure } from './startupFailure.js';

export type DB = Database.Database;
type Statement = Database.Statement;

/** migrations/ at the project root, whether we run from src/ (tsx, tests) or dist/src/ (npm start). */
function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'migrations'), join(here, '..', '..', '..', 'migrations')];
  for (const folder of candidates) {
    try {
      readdirSync(folder);
      return folder;
    } catch {
      // try the next layout
    }
  }
  throw new Error('migrations folder not found next to the program');
}

export function openDatabase(path: string, folder = migrationsFolder()): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a transaction that was committed survives a power cut too; the cost (one fsync per commit) is
  // small next to a Slack round trip, and a lost approval or a lost "published" record is not acceptable.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, folder);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Applies numbered .sql files in order, each in its own transaction, and records each one. */
function migrate(db: DB, folder: string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const files = readdirSync(folder)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  const done: string[] = [];
  for (const file of files) {
    const version = parseInt(file, 10);
    if (applied.has(version)) continue;
    const sql = readFileSync(join(folder, file), 'utf8');
    try {
      db.transaction(() => {
        db.exec(sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          version,
          file,
          new Date().toISOString(),
        );
      })();
    } catch (error) {
      // SQLite's message does not say which file: the person restoring the database needs to know.
      throw new MigrationFailure(file, error);
    }
    done.push(file);
  }
  return done;
}

/**
 * Group commit for the hottest writes (a new proposal and its message ts: two per /tweet), so that a
 * burst of commands is neither stored nor synced to disk one commit at a time on the event loop.
 *
 * - `run(work)` queues `work` for a transaction shared with every other `run` of this turn of the event
 *   loop, committed right after the turn's I/O (`setImmediate`) with `synchronous = NORMAL`: one commit
 *   writes each touched page once for the whole batch. Each work runs in its own savepoint, so one that
 *   throws fails alone. The promise resolves once the batch is committed: in the WAL, safe if the
 *   process dies, not yet if the power is cut.
 * - `flush()` syncs the WAL file in libuv's thread pool, off the event loop. Every commit made before a
 *   sync starts is covered by it, so under load one sync serves many. Whoever writes through `run` must
 *   await `flush()` before anyone is told of the change.
 * - `commitPending()` commits the queued work at once: a reader that must see it calls it first, and so
 *   does every write transaction opened with `immediateTransaction`.
 *
 * The WAL keeps its inode while a connection is open (SQLite deletes it only when the last one closes),
 * so the descriptor opened once for the syncs stays the right file until `close()`.
 */
/** Each connection's group commit, so that any write transaction first commits what it has queued. */
const groupCommits = new WeakMap<DB, GroupCommit>();

/**
 * A write transaction (BEGIN IMMEDIATE) that starts with what the connection's group commit has queued:
 * its reads see every write made before it. Every store opens its transactions with it.
 */
export function immediateTransaction<T>(db: DB, work: () => T): T {
  groupCommits.get(db)?.commitPending();
  return db.transaction(work).immediate();
}

export class GroupCommit {
  private queued: Array<{ work: () => unknown; settle: (error: unknown, value?: unknown) => void }> = [];
  private committing = false;
  private sql: Record<'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'undo', Statement> | null = null;
  private fd: number | null = null;
  private syncing = false;
  private closed = false;
  /** Callers whose commits the next sync must cover. */
  private waitingForSync: Array<(error: Error | null) => void> = [];

  constructor(private readonly db: DB) {
    groupCommits.set(db, this);
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.commitPending());
      this.queued.push({ work, settle: (error, value) => (error === undefined ? resolve(value as T) : reject(error)) });
    });
  }

  commitPending(): void {
    // Inside a batch its reads already see its writes; inside another transaction the safety level cannot
    // change, and the batch was committed when that transaction began (`immediateTransaction`).
    if (this.committing || this.queued.length === 0 || this.db.inTransaction) return;
    const batch = this.queued;
    this.queued = [];
    const outcomes: Array<{ error?: unknown; value?: unknown }> = [];
    this.committing = true;
    try {
      this.sql ??= {
        begin: this.db.prepare('BEGIN IMMEDIATE'),
        commit: this.db.prepare('COMMIT'),
        rollback: this.db.prepare('ROLLBACK'),
        savepoint: this.db.prepare('SAVEPOINT group_commit_item'),
        release: this.db.prepare('RELEASE group_commit_item'),
        undo: this.db.prepare('ROLLBACK TO group_commit_item'),
      };
      const sql = this.sql;
      this.db.pragma('synchronous = NORMAL');
      sql.begin.run();
      for (const { work } of batch) {
        sql.savepoint.run();
        try {
          outcomes.push({ value: work() });
        } catch (error) {
          sql.undo.run();
          outcomes.push({ error: error ?? new Error('failed') });
        }
        sql.release.run();
      }
      sql.commit.run();
    } catch (error) {
      // The commit itself failed: nothing of the batch is stored.
      if (this.db.open && this.db.inTransaction) this.sql?.rollback.run();
      outcomes.length = 0;
      for (let i = 0; i < batch.length; i++) outcomes.push({ error });
    } finally {
      if (this.db.open) this.db.pragma('synchronous = FULL');
      this.committing = false;
    }
    batch.forEach(({ settle }, i) => settle(outcomes[i]!.error, outcomes[i]!.value));
  }

  /** Resolves once every commit made before this call is on disk. */
  flush(): Promise<void> {
    if (this.db.memory) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('the database is closed'));
    return new Promise((resolve, reject) => {
      this.waitingForSync.push((error) => (error ? reject(error) : resolve()));
      if (!this.syncing) this.syncBatch();
    });
  }

  /** Commits what is queued and closes the descriptor (after a sync under way); call before the database is closed. */
  close(): void {
    this.commitPending();
    this.closed = true;
    if (!this.syncing) this.closeFile();
  }

  private closeFile(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private syncBatch(): void {
    const batch = this.waitingForSync;
    this.waitingForSync = [];
    this.syncing = true;
    const done = (error: Error | null) => {
      this.syncing = false;
      for (const settle of batch) settle(error);
      if (this.closed) {
        this.closeFile();
        for (const settle of this.waitingForSync.splice(0)) settle(new Error('the database is closed'));
      } else if (this.waitingForSync.length > 0) this.syncBatch();
    };
    try {
      this.fd ??= openSync(`${this.db.name}-wal`, 'r+');
    } catch (error) {
      done(error as Error);
      return;
    }
    fsync(this.fd, done);
  }
}
