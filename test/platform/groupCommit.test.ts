import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit, openDatabase, type DB } from '../../src/platform/database.js';

/** The group commit under /tweet: a turn's writes in one transaction, synced to disk off the event loop. */
describe('group commit', () => {
  const dirs: string[] = [];
  const dbs: DB[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const database = () => {
    const dir = mkdtempSync(join(tmpdir(), 'comcell-group-commit-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const db = openDatabase(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)');
    dbs.push(db);
    // Another connection, as another process would read the file.
    const reader = new Database(file, { readonly: true });
    dbs.push(reader);
    const count = () => (reader.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;
    return { db, file, count, commits: new GroupCommit(db) };
  };
  const insert = (db: DB, text: string) => () => Number(db.prepare('INSERT INTO notes (text) VALUES (?)').run(text).lastInsertRowid);

  it('commits the writes of one turn of the event loop together, after that turn, and resolves each with its result', async () => {
    const { db, count, commits } = database();
    const ids = [commits.run(insert(db, 'a')), commits.run(insert(db, 'b')), commits.run(insert(db, 'c'))];
    expect(count()).toBe(0); // nothing committed yet: the caller has not been answered either
    expect(await Promise.all(ids)).toEqual([1, 2, 3]);
    expect(count()).toBe(3);
  });

  it('fails one write alone: its changes are undone, the others of the batch are kept', async () => {
    const { db, count, commits } = database();
    const first = commits.run(insert(db, 'same'));
    const failing = commits.run(() => {
      db.prepare('INSERT INTO notes (text) VALUES (?)').run('half done');
      return insert(db, 'same')(); // UNIQUE violation after a first insert
    });
    const last = commits.run(insert(db, 'other'));
    await expect(failing).rejects.toThrow(/UNIQUE/);
    expect(await first).toBe(1);
    expect(await last).toBeGreaterThan(1);
    expect(count()).toBe(2);
    expect(db.prepare("SELECT COUNT(*) AS n FROM notes WHERE text = 'half done'").get()).toEqual({ n: 0 });
  });

  it('commits at once what is queued when a reader must see it', async () => {
    const { db, count, commits } = database();
    const id = commits.run(insert(db, 'needed now'));
    commits.commitPending();
    expect(count()).toBe(1);
    expect(await id).toBe(1);
  });

  it('leaves the connection at synchronous = FULL for every other write', async () => {
    const { db, commits } = database();
    await commits.run(insert(db, 'x'));
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('rejects, without an uncaught error, what is queued when the database closes first', async () => {
    const { db, commits } = database();
    const late = commits.run(insert(db, 'too late'));
    db.close();
    await expect(late).rejects.toThrow(/not open/);
  });

  it('syncs the WAL: flush resolves for every caller, one sync serving those that came meanwhile', async () => {
    const { db, count, commits } = database();
    await commits.run(insert(db, 'durable'));
    await expect(Promise.all([commits.flush(), commits.flush(), commits.flush()])).resolves.toEqual([undefined, undefined, undefined]);
    // What was committed before the sync is there for another connection, and the WAL is still usable.
    expect(count()).toBe(1);
    await commits.run(insert(db, 'after the sync'));
    await expect(commits.flush()).resolves.toBeUndefined();
    expect(count()).toBe(2);
    commits.close();
  });

  it('rejects flush when the WAL cannot be synced, so the caller does not tell anyone', async () => {
    const { db, file, commits } = database();
    await commits.run(insert(db, 'not durable'));
    unlinkSync(`${file}-wal`);
    await expect(commits.flush()).rejects.toThrow(/ENOENT/);
  });
});
