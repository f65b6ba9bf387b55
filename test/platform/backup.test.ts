import Database from 'better-sqlite3';
import { execFile, spawn } from 'node:child_process';
import { existsSync, linkSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../src/platform/backup.js';
import { ALICE, startHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const run = promisify(execFile);

/** The env of a person running the script: DATABASE_PATH only, none of the bot's secrets. */
function scriptEnv(databasePath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath };
  for (const name of Object.keys(env)) if (/^(SLACK|TWITTER)_/.test(name)) delete env[name];
  return env;
}

function open(path: string) {
  return new Database(path, { readonly: true, fileMustExist: true });
}

describe('db:backup while the bot runs', () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'comcell-backup-'));
    const m = await h.propose('Accident sur l’A9 : évitez le secteur.');
    await h.propose('Prévention : fermez vos portières.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => h.x.tweets.length === 1, 'the first proposal published');
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the proposals and their audit log into a new folder, as one verified self-contained file', async () => {
    const target = join(dir, 'nested', 'folder', 'copy.sqlite');
    const { pages } = await backupDatabase(h.dbPath, target);
    expect(pages).toBeGreaterThan(1);

    const copy = open(target);
    try {
      expect(copy.prepare('SELECT ref, state FROM proposals ORDER BY ref').all()).toEqual([
        { ref: 1, state: 'published' },
        { ref: 2, state: 'pending' },
      ]);
      expect(copy.prepare('SELECT text FROM proposal_versions WHERE ref = 1').get()).toEqual({ text: 'Accident sur l’A9 : évitez le secteur.' });
      expect(copy.prepare("SELECT actor FROM audit_log WHERE ref = 1 AND action = 'approved'").all()).toEqual([{ actor: ALICE }]);
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
    // Nothing beside the copy: no -wal to forget, no partial file left over.
    expect(readdirSync(join(dir, 'nested', 'folder'))).toEqual(['copy.sqlite']);

    // The bot did not notice: it still takes proposals, and the copy stays the snapshot it was.
    await h.propose('Circulation rétablie sur la RN113.');
    const again = open(target);
    expect(again.prepare('SELECT count(*) AS n FROM proposals').get()).toEqual({ n: 2 });
    again.close();
  });

  it('refuses to write over the live database, under any of its names, and leaves it intact', async () => {
    const link = join(dir, 'hard-link.sqlite');
    const symlink = join(dir, 'symlink.sqlite');
    linkSync(h.dbPath, link);
    symlinkSync(h.dbPath, symlink);
    for (const target of [h.dbPath, `${h.dbPath}-wal`, `${h.dbPath}-shm`, link, symlink, join(h.dbPath, '..', '.', 'comcell.sqlite')]) {
      await expect(backupDatabase(h.dbPath, target), target).rejects.toThrow(/live database/);
    }
    expect(h.bot.db.prepare('SELECT count(*) AS n FROM proposals').get()).toEqual({ n: 3 });
    expect(h.bot.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('fails with the reason, and leaves nothing behind, when the source is missing', async () => {
    const target = join(dir, 'from-nothing.sqlite');
    await expect(backupDatabase(join(dir, 'missing.sqlite'), target)).rejects.toThrow(/no database file at .*missing\.sqlite/);
    expect(existsSync(target)).toBe(false);
  });

  it('runs as `npm run db:backup -- FILE` with DATABASE_PATH alone, and says where the copy is', async () => {
    const target = join(dir, 'by-script.sqlite');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/db-backup.ts', target], {
      env: scriptEnv(h.dbPath),
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(target);
    expect(lines[0]).toMatch(/\(\d+ pages/);
    const copy = open(target);
    expect(copy.prepare('SELECT count(*) AS n FROM proposals').get()).toEqual({ n: 3 });
    copy.close();
  });

  it('exits 2 with the usage when FILE is missing, and 1 with the reason when the copy fails', async () => {
    const missing = await run(process.execPath, ['--import', 'tsx', 'scripts/db-backup.ts'], { env: scriptEnv(h.dbPath) }).catch((e) => e);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/usage: npm run db:backup -- FILE/);

    const refused = await run(process.execPath, ['--import', 'tsx', 'scripts/db-backup.ts', h.dbPath], { env: scriptEnv(h.dbPath) }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/live database/);
  });
});

describe('db:backup while another process writes', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies a committed prefix of the writes every time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'comcell-backup-race-'));
    const source = join(dir, 'busy.sqlite');
    const setup = new Database(source);
    setup.pragma('journal_mode = WAL');
    setup.exec('CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    setup.close();

    // A writer in a process of its own, as the bot is: 2000 commits of one row each (1 kB, so the file
    // has hundreds of pages and WAL checkpoints happen meanwhile). It pauses half way until told to go
    // on, so that at least one copy is certainly taken in the middle of the run.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.pragma('busy_timeout = 5000');
         const insert = db.prepare('INSERT INTO scratch (id, body) VALUES (?, ?)');
         const write = (from, to) => { for (let i = from; i <= to; i++) insert.run(i, 'x'.repeat(1000)); };
         write(1, 1000);
         process.stdout.write('half\\n');
         process.stdin.once('data', () => { write(1001, 2000); db.close(); process.exit(0); });`,
        source,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    let said = '';
    writer.stdout.on('data', (chunk) => (said += String(chunk)));
    await waitFor(() => said.includes('half'), 'the writer half way', 20_000);

    // Each copy replaces the previous one, as a nightly backup to the same name does.
    const target = join(dir, 'copy.sqlite');
    const counts: number[] = [];
    const copy = async () => {
      await backupDatabase(source, target);
      const db = open(target);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // Row i is committed before row i + 1: a consistent copy holds exactly 1..count.
        const { count, max, sum } = db.prepare('SELECT count(*) AS count, max(id) AS max, sum(id) AS sum FROM scratch').get() as {
          count: number; max: number | null; sum: number | null;
        };
        expect(max ?? 0).toBe(count);
        expect(sum ?? 0).toBe((count * (count + 1)) / 2);
        counts.push(count);
      } finally {
        db.close();
      }
    };

    await copy();
    writer.stdin.write('go\n');
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      await copy();
      await new Promise((resolve) => setImmediate(resolve)); // let the writer's exit be seen, however fast copies are
    }
    expect(await exited).toBe(0);
    await copy();

    expect(counts[0]).toBe(1000);
    expect(counts.at(-1)).toBe(2000);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts); // later copies never lose a commit
  });
});
