import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/database.js';

/**
 * A database made by the previous version (migrations 001–005, one tweet per proposal in `proposals`)
 * opened by this one: every published, failed or uncertain proposal becomes one X delivery, nothing lost.
 */
const MIGRATIONS = resolve(import.meta.dirname, '..', '..', 'migrations');

describe('upgrading a database of the previous version', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('turns each publication into one X delivery, keeps every link, failure and message', () => {
    dir = mkdtempSync(join(tmpdir(), 'comcell-upgrade-'));
    const old = join(dir, 'old-migrations');
    mkdirSync(old);
    for (const file of readdirSync(MIGRATIONS).filter((f) => Number.parseInt(f, 10) <= 5)) copyFileSync(join(MIGRATIONS, file), join(old, file));
    const path = join(dir, 'comcell.sqlite');
    openDatabase(path, old).close();

    const db = new Database(path);
    const at = '2026-11-20T10:00:00.000Z';
    const proposal = db.prepare(
      `INSERT INTO proposals (ref, author_id, state, current_version, approved_at, publish_started_at, tweet_id, tweet_url, dry_run, failure_code, failure_detail, created_at, updated_at, published_at)
       VALUES (?, 'UAUTHOR', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const version = db.prepare(`INSERT INTO proposal_versions (ref, version, text, weighted_length, channel_id, message_ts, created_at) VALUES (?, 1, ?, 10, 'CTEAM', ?, ?)`);
    const rows: Array<[number, string, string | null, string | null, number, string | null, string | null, string | null]> = [
      [1, 'published', '111', 'https://x.com/cellule/status/111', 0, null, null, at],
      [2, 'published', 'dryrun-abc', null, 1, null, null, at],
      [3, 'failed', null, null, 0, 'refused', 'HTTP 401: Unauthorized', null],
      [4, 'uncertain', null, null, 0, 'unknown', 'timeout', null],
      [5, 'failed', null, null, 0, 'slack_post_failed', 'channel_not_found', null],
      [6, 'waiting', null, null, 0, 'rate_limited', '2026-11-20T10:15:00.000Z', null],
      [7, 'publishing', null, null, 0, null, null, null],
      [8, 'pending', null, null, 0, null, null, null],
    ];
    for (const [ref, state, tweetId, url, dryRun, code, detail, publishedAt] of rows) {
      proposal.run(ref, state, at, state === 'pending' ? null : at, tweetId, url, dryRun, code, detail, at, at, publishedAt);
      version.run(ref, `Texte ${ref}`, ref === 5 || ref === 8 ? null : `1700000000.00010${ref}`, at);
    }
    db.close();

    const upgraded = openDatabase(path);
    try {
      const deliveries = upgraded
        .prepare(
          `SELECT d.ref, d.network, d.state, d.dry_run, d.failure_code, d.failure_detail, d.wait_until, p.remote_id, p.url, p.attempted_at
           FROM deliveries d JOIN delivery_parts p ON p.delivery_id = d.id ORDER BY d.ref`,
        )
        .all();
      expect(deliveries).toEqual([
        { ref: 1, network: 'x', state: 'published', dry_run: 0, failure_code: null, failure_detail: null, wait_until: null, remote_id: '111', url: 'https://x.com/cellule/status/111', attempted_at: at },
        { ref: 2, network: 'x', state: 'published', dry_run: 1, failure_code: null, failure_detail: null, wait_until: null, remote_id: 'dryrun-abc', url: null, attempted_at: at },
        { ref: 3, network: 'x', state: 'failed', dry_run: 0, failure_code: 'credentials', failure_detail: 'HTTP 401: Unauthorized', wait_until: null, remote_id: null, url: null, attempted_at: at },
        { ref: 4, network: 'x', state: 'uncertain', dry_run: 0, failure_code: 'unknown', failure_detail: 'timeout', wait_until: null, remote_id: null, url: null, attempted_at: at },
        { ref: 6, network: 'x', state: 'waiting', dry_run: 0, failure_code: null, failure_detail: null, wait_until: '2026-11-20T10:15:00.000Z', remote_id: null, url: null, attempted_at: at },
        // Interrupted while publishing: its attempt may have been made; the next start looks before posting.
        { ref: 7, network: 'x', state: 'publishing', dry_run: 0, failure_code: null, failure_detail: null, wait_until: null, remote_id: null, url: null, attempted_at: at },
      ]);
      // The proposal keeps its own failure (a message Slack would not show); publication failures moved.
      expect(upgraded.prepare('SELECT ref, failure_code FROM proposals WHERE failure_code IS NOT NULL').all()).toEqual([{ ref: 5, failure_code: 'slack_post_failed' }]);
      // Shown messages are kept by the outbox, to be updated in place; the unshown open one will be shown.
      expect(upgraded.prepare("SELECT key, state, ts FROM outbox WHERE key IN ('proposal:1:v1', 'proposal:8:v1') ORDER BY key").all()).toEqual([
        { key: 'proposal:1:v1', state: 'done', ts: '1700000000.000101' },
        { key: 'proposal:8:v1', state: 'pending', ts: null },
      ]);
      // Every version is one part: its text.
      expect(upgraded.prepare('SELECT COUNT(*) AS n FROM proposal_parts').get()).toEqual({ n: 8 });
    } finally {
      upgraded.close();
    }
  });
});
