/**
 * The database (SPEC, "Data"): SQLite in WAL mode with foreign keys on; the numbered SQL files of
 * `migrations/` applied in order at start, each in a transaction, each recorded with its file name;
 * and a second start applies nothing again.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/platform/database.js';
import { AUTHOR, startHarness, type Harness } from '../support/harness.js';

type Migration = { version: number; name: string; applied_at: string };

/** `migrations/` at the project root. */
const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/** The project's migrations as the SPEC names them: `NNN_name.sql`, in numeric order. */
const projectMigrations = () =>
  readdirSync(MIGRATIONS)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10));

describe('the bot’s database', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is in WAL mode with foreign keys on, on the bot’s own connection and in the file', async () => {
    h = await startHarness();
    expect(h.bot.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(h.bot.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // WAL is a property of the file: another connection (an operator's, a backup) finds it too.
    const other = new Database(h.dbPath, { readonly: true });
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      other.close();
    }
    // Foreign keys are enforced: an approval of a proposal that does not exist is refused, and nothing is written.
    expect(() =>
      h!.bot.db.prepare('INSERT INTO approvals (ref, version, user_id, approved_at) VALUES (?, ?, ?, ?)').run(999, 1, AUTHOR, new Date().toISOString()),
    ).toThrow(/FOREIGN KEY/);
    expect(h.query('SELECT count(*) AS n FROM approvals')).toEqual([{ n: 0 }]);
  });

  it('records every migration of migrations/, in order, with its file name; a second start applies none again', async () => {
    h = await startHarness();
    const files = projectMigrations();
    expect(files.length).toBeGreaterThan(0);
    const applied = h.query<Migration>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    expect(applied.map((m) => ({ version: m.version, name: m.name }))).toEqual(files.map((f) => ({ version: parseInt(f, 10), name: f })));
    // Applied one after the other, in that order.
    const times = applied.map((m) => m.applied_at);
    expect(times).toEqual([...times].sort());
    for (const time of times) expect(new Date(time).toISOString()).toBe(time);

    // Data written by the first start is still there after the second, and no migration ran again.
    const message = await h.propose('Texte écrit avant le redémarrage.');
    await h.restart();
    expect(h.query<Migration>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).toEqual(applied);
    expect(h.query('SELECT ref, text, message_ts FROM proposal_versions')).toEqual([
      { ref: 1, text: 'Texte écrit avant le redémarrage.', message_ts: message.ts },
    ]);
    expect(h.bot.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(h.bot.db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('openDatabase and its migrations', () => {
  const dirs: string[] = [];
  const dbs: DB[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'comcell-database-'));
    dirs.push(dir);
    return dir;
  };
  /** A migrations folder with these files. */
  const folderWith = (files: Record<string, string>) => {
    const folder = join(tempDir(), 'migrations');
    mkdirSync(folder);
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(folder, name), sql);
    return folder;
  };
  const recorded = (db: DB) => db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Array<{ version: number; name: string }>;

  it('creates the file (and its folder) in WAL mode with foreign keys on, and applies the project’s migrations', () => {
    const path = join(tempDir(), 'data', 'comcell.sqlite');
    const db = openDatabase(path);
    dbs.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(recorded(db).map((m) => m.name)).toEqual(projectMigrations());
    const before = db.prepare('SELECT * FROM schema_migrations ORDER BY version').all();
    db.close();

    // Opened again: nothing to apply, the records unchanged (applied_at included).
    const again = openDatabase(path);
    dbs.push(again);
    expect(again.prepare('SELECT * FROM schema_migrations ORDER BY version').all()).toEqual(before);
  });

  it('applies in numeric order, not the order of the names, and only what is new', () => {
    // Sorted as strings, 10_ would come before 2_: it alters a table that 2_ creates.
    const folder = folderWith({
      '1_notes.sql': 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);',
      '2_tags.sql': 'CREATE TABLE tags (id INTEGER PRIMARY KEY, note_id INTEGER NOT NULL REFERENCES notes (id));',
      '10_tag_names.sql': 'ALTER TABLE tags ADD COLUMN name TEXT;',
      'README.md': 'not a migration',
      'notes.sql': 'not numbered: not a migration',
    });
    const path = join(tempDir(), 'db.sqlite');
    const db = openDatabase(path, folder);
    dbs.push(db);
    expect(recorded(db)).toEqual([
      { version: 1, name: '1_notes.sql' },
      { version: 2, name: '2_tags.sql' },
      { version: 10, name: '10_tag_names.sql' },
    ]);
    expect(() => db.prepare('INSERT INTO tags (note_id, name) VALUES (42, ?)').run('orphan')).toThrow(/FOREIGN KEY/);

    const first = db.prepare('SELECT * FROM schema_migrations ORDER BY version').all();
    db.close();

    // A new file: the next start applies it alone (were 1_ run again, its CREATE TABLE would fail).
    writeFileSync(join(folder, '11_note_dates.sql'), 'ALTER TABLE notes ADD COLUMN created_at TEXT;');
    const next = openDatabase(path, folder);
    dbs.push(next);
    const records = next.prepare('SELECT * FROM schema_migrations ORDER BY version').all() as Migration[];
    expect(records.slice(0, 3)).toEqual(first);
    expect(records.map((m) => m.name)).toEqual(['1_notes.sql', '2_tags.sql', '10_tag_names.sql', '11_note_dates.sql']);
    expect(next.prepare('SELECT created_at FROM notes').all()).toEqual([]);
  });

  it('applies each migration in its own transaction: a failing one leaves nothing of itself, and is not recorded', () => {
    const folder = folderWith({
      '1_notes.sql': 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);',
      '2_broken.sql': 'CREATE TABLE half (id INTEGER PRIMARY KEY); INSERT INTO notes (text) VALUES (\'x\'); THIS IS NOT SQL;',
    });
    const path = join(tempDir(), 'db.sqlite');
    expect(() => dbs.push(openDatabase(path, folder))).toThrow(/syntax error/);
    const db = new Database(path, { readonly: true });
    dbs.push(db);
    expect(recorded(db)).toEqual([{ version: 1, name: '1_notes.sql' }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").all()).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM notes').get()).toEqual({ n: 0 });
  });
});
