import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CSV_COLUMNS, writeAuditCsv, type AuditCsvOptions } from '../../src/audit/export.js';
import { appendAudit } from '../../src/audit/log.js';
import { openDatabase, type DB } from '../../src/platform/database.js';
import { ALICE, AUTHOR, startHarness, type Harness } from '../support/harness.js';
import { escapeLikeSlack } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

const run = promisify(execFile);

/**
 * A strict RFC 4180 reader, written apart from the exporter so that it checks it: CRLF between
 * records, a quoted field holds anything with its quotes doubled, an unquoted one holds no comma,
 * quote, CR or LF. Anything else throws.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      for (i += 1; ; ) {
        const quote = text.indexOf('"', i);
        if (quote === -1) throw new Error(`unterminated quoted field from ${i}`);
        field += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        field += '"';
        i += 1;
      }
    } else {
      const plain = /[^",\r\n]*/y;
      plain.lastIndex = i;
      field = plain.exec(text)![0];
      i += field.length;
    }
    record.push(field);
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    if (!text.startsWith('\r\n', i)) throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
    records.push(record);
    record = [];
    i += 2;
    if (i === text.length) return records;
  }
}

/** The CSV as the rows a reader gets, keyed by the header. */
function rowsOf(csv: string): Record<string, string>[] {
  const [header, ...records] = parseCsv(csv);
  expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
  for (const r of records) expect(r).toHaveLength(header!.length);
  return records.map((r) => Object.fromEntries(header!.map((name, k) => [name, r[k]!])));
}

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function exportCsv(db: DB, options?: AuditCsvOptions): Promise<string> {
  const out = new Collector();
  await writeAuditCsv(db, out, options);
  return out.text;
}

describe('audit:export after the real loop', () => {
  let h: Harness;
  // A comma, quotes, a newline and an ampersand: every CSV quoting rule, and Slack's encoding.
  const text = 'Accident sur l’A9, sortie 29 : "évitez le secteur".\nDéviation par la D613 & la N113.';

  beforeAll(async () => {
    h = await startHarness();
    const m = await h.propose(escapeLikeSlack(text));
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    const stateOf1 = () => (h.bot.db.prepare('SELECT state FROM proposals WHERE ref = 1').get() as { state: string }).state;
    await waitFor(() => stateOf1() === 'published', 'the publication');
  });
  afterAll(() => h?.close());

  it('lists the proposal, its approval and its publication, with the exact text, in order', async () => {
    const db = new Database(h.dbPath, { readonly: true });
    const csv = await exportCsv(db);
    db.close();

    // The quoting as a spreadsheet expects it, independent of any reader.
    expect(csv).toContain('"Accident sur l’A9, sortie 29 : ""évitez le secteur"".\nDéviation par la D613 & la N113."');
    const rows = rowsOf(csv).filter((r) => r.ref === '1');
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['proposed', AUTHOR],
      ['approved', ALICE],
      ['publishing', ALICE],
      ['published', 'comcell'],
    ]);
    const [tweet] = h.x.tweets;
    expect(tweet!.text).toBe(text);
    for (const r of rows) {
      expect(r.text).toBe(text);
      expect(r.subject).toBe('proposal');
      expect(new Date(r.at!).toISOString()).toBe(r.at);
    }
    expect(JSON.parse(rows[3]!.detail!)).toMatchObject({ from: 'publishing', remoteId: tweet!.id });
    // A delivery's events name their network; the others none.
    expect(rows.map((r) => r.network)).toEqual(['', '', '', 'x']);
    expect(rows.map((r) => Number(r.id))).toEqual([...rows.map((r) => Number(r.id))].sort((a, b) => a - b));
  });

  it('is append-only: the database refuses to change or delete an entry', () => {
    const db = new Database(h.dbPath);
    try {
      expect(() => db.prepare("UPDATE audit_log SET text = 'autre chose' WHERE ref = 1").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE ref = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE ref = 1 AND text = ?").get(text)).toEqual({ n: 4 });
    } finally {
      db.close();
    }
  });
});

describe('audit:export', () => {
  let dir: string;
  let dbPath: string;
  const at = (iso: string) => new Date(iso);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'comcell-audit-'));
    dbPath = join(dir, 'comcell.sqlite');
    const db = openDatabase(dbPath);
    const entries: Array<[string, string]> = [
      ['2026-03-01T08:00:00.000Z', '-5°C ce matin : prudence sur les routes.'],
      ['2026-03-01T22:59:59.999Z', '=HYPERLINK("https://example.invalid","clic")'],
      ['2026-03-01T23:00:00.000Z', '+33 : appelez le 17.'],
      ['2026-03-02T09:00:00.000Z', '@prefet34 merci'],
      ['2026-03-02T10:00:00.000Z', 'Texte ordinaire, sans formule.'],
    ];
    entries.forEach(([when, words], k) => {
      appendAudit(db, { at: at(when), actor: AUTHOR, subject: 'proposal', ref: k + 1, action: 'proposed', text: words, detail: { version: 1 } });
    });
    appendAudit(db, { at: at('2026-03-02T11:00:00.000Z'), actor: 'comcell', subject: 'duty', action: 'taken' });
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("guards spreadsheet users from formulas with a leading ', unless asked for the raw text", async () => {
    const db = new Database(dbPath, { readonly: true });
    const guarded = rowsOf(await exportCsv(db)).map((r) => r.text);
    const raw = rowsOf(await exportCsv(db, { escapeFormulas: false })).map((r) => r.text);
    db.close();
    expect(guarded).toEqual([
      "'-5°C ce matin : prudence sur les routes.",
      `'=HYPERLINK("https://example.invalid","clic")`,
      "'+33 : appelez le 17.",
      "'@prefet34 merci",
      'Texte ordinaire, sans formule.',
      '',
    ]);
    expect(raw.slice(0, 4)).toEqual([
      '-5°C ce matin : prudence sur les routes.',
      '=HYPERLINK("https://example.invalid","clic")',
      '+33 : appelez le 17.',
      '@prefet34 merci',
    ]);
  });

  it('keeps only the entries since an instant, the boundary included, and leaves empty what is null', async () => {
    const db = new Database(dbPath, { readonly: true });
    const rows = rowsOf(await exportCsv(db, { since: at('2026-03-01T23:00:00.000Z') }));
    db.close();
    expect(rows.map((r) => r.id)).toEqual(['3', '4', '5', '6']);
    expect(rows[3]).toMatchObject({ actor: 'comcell', subject: 'duty', ref: '', action: 'taken', text: '', detail: '' });
  });

  it('streams: while the output is stalled, the rows are still being read, not all loaded', async () => {
    const big = join(dir, 'big.sqlite');
    const db = openDatabase(big);
    db.transaction(() => {
      for (let k = 0; k < 5000; k++) appendAudit(db, { at: new Date(Date.UTC(2026, 0, 1, 0, 0, k)), actor: AUTHOR, subject: 'proposal', ref: k, action: 'proposed', text: `Texte ${k} ${'x'.repeat(200)}` });
    })();
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let received = '';
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk, _encoding, done) {
        received += String(chunk);
        // The first chunk is taken; the next waits until the test says so.
        if (received.length === String(chunk).length) done();
        else void stalled.then(() => done());
      },
    });
    const exporting = writeAuditCsv(db, out);
    await waitFor(() => received.length > 0, 'the first chunk');
    // better-sqlite3 refuses a write while a statement is iterating: proof the export still holds its cursor.
    expect(() => db.exec('SELECT 1')).toThrow(/busy/);
    expect(received.length).toBeLessThan(100_000);
    release();
    expect(await exporting).toEqual({ rows: 5000 });
    expect(rowsOf(received)).toHaveLength(5000);
    db.close();
  });

  it('runs as `npm run audit:export`, on a read-only connection, to stdout or to FILE', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: dbPath, TEAM_TIMEZONE: 'Europe/Paris' };
    for (const name of Object.keys(env)) if (/^(SLACK|TWITTER)_/.test(name)) delete env[name];
    const script = ['--import', 'tsx', 'scripts/audit-export.ts'];

    // 2 March in Paris begins at 23:00 UTC on 1 March.
    const { stdout } = await run(process.execPath, [...script, '--since', '2026-03-02'], { env });
    expect(rowsOf(stdout).map((r) => r.id)).toEqual(['3', '4', '5', '6']);

    const file = join(dir, 'out', 'audit.csv');
    const written = await run(process.execPath, [...script, '--raw', file], { env });
    expect(written.stdout).toMatch(/6 audit entries written to .*audit\.csv/);
    expect(rowsOf(readFileSync(file, 'utf8'))[0]!.text).toBe('-5°C ce matin : prudence sur les routes.');

    const badDay = await run(process.execPath, [...script, '--since', '2026-02-30'], { env }).catch((e) => e);
    expect(badDay.code).toBe(2);
    expect(badDay.stderr).toMatch(/--since expects a day YYYY-MM-DD/);

    const overDatabase = await run(process.execPath, [...script, dbPath], { env }).catch((e) => e);
    expect(overDatabase.code).toBe(1);
    expect(overDatabase.stderr).toMatch(/refusing to write the CSV over the database/);
    const db = new Database(dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 6 });
    db.close();
  });
});
