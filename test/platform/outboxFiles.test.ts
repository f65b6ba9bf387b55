/**
 * A message that carries files, through the real outbox, a real SQLite file and the real Web API client,
 * against the fake Slack's upload flow (files.getUploadURLExternal → POST of the bytes →
 * files.completeUploadExternal), with Slack failing at each step as it does.
 */
import { webApi } from '@slack/bolt';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommit, openDatabase, type DB } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { Outbox, type OutboxRow, type Rendered } from '../../src/platform/outbox.js';
import type { SlackClient } from '../../src/platform/slack.js';
import { TestClock } from '../support/clock.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { BOT_SCOPES } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const TEAM = 'CTEAM';
/** The Web API client's own log lines (a refused call is expected here): not printed. */
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };
const CHART = Buffer.from('\x89PNG fake chart bytes', 'latin1');
const CSV = Buffer.from('figure,value\r\nposts,3\r\n');

let dir: string;
let db: DB;
let commits: GroupCommit;
let slack: FakeSlack;
let clock: TestClock;
let outbox: Outbox;
let produced: string[];
let shown: Array<{ key: string; ts: string; adopted: boolean }>;
let failed: Array<{ key: string; reason: string }>;
let slackErrors: Array<{ method: string; error: string }>;
let rendered: Rendered;
/** Sends still under way when a test ends (a call Slack never answers): settled before the database closes. */
let inFlight: Array<Promise<void>>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comcell-outbox-files-'));
  db = openDatabase(join(dir, 'comcell.sqlite'));
  commits = new GroupCommit(db);
  clock = new TestClock();
  slack = await startFakeSlack({ members: ['UALICE', 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT', now: () => clock.now().getTime(), scopes: BOT_SCOPES });
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quiet }) as SlackClient;
  produced = [];
  inFlight = [];
  shown = [];
  failed = [];
  slackErrors = [];
  rendered = {
    text: 'Rapport de la semaine',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Publications :* 3' } }],
    files: [
      { name: 'rapport.png', title: 'Graphique', alt: 'Publications par jour', content: () => (produced.push('png'), CHART) },
      { name: 'rapport.csv', title: 'Chiffres', content: () => (produced.push('csv'), CSV) },
    ],
  };
  outbox = new Outbox(db, commits, client, clock, createLogger('silent'), () => 0.5, (method, error) =>
    slackErrors.push({ method, error: (error as { data?: { error?: string } }).data?.error ?? String((error as { statusCode?: number }).statusCode ?? 'other') }),
  );
  outbox.define('report', () => rendered, {
    shown: (row: OutboxRow, ts: string, _now: Date, adopted: boolean) => shown.push({ key: row.key, ts, adopted }),
    failed: (row: OutboxRow, reason: string) => failed.push({ key: row.key, reason }),
  });
});

afterEach(async () => {
  await slack.close();
  await Promise.allSettled(inFlight);
  commits.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function post(target = TEAM, key = 'report:1'): void {
  outbox.write([{ op: 'post', key, channel: target, render: 'report', data: {} }], clock.now());
}

/** Lets the outbox send what is due, then again after every retry falls due (as the scheduler would). */
async function drain(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await outbox.run();
    const due = outbox.nextDue();
    if (!due) return;
    if (due > clock.now()) clock.set(due);
  }
}

const shares = () => slack.messages.filter((m) => (m.files ?? []).length > 0);
const stored = () => db.prepare(`SELECT state, files, ts FROM outbox WHERE key = 'report:1'`).get() as { state: string; files: string | null; ts: string | null };

describe('a message with files', () => {
  it('uploads each file once and shares them with the blocks in one message', async () => {
    post();
    await drain();
    expect(slack.callsTo('files.getUploadURLExternal').map((c) => c.args)).toEqual([
      { filename: 'rapport.png', length: String(CHART.length), alt_txt: 'Publications par jour' },
      { filename: 'rapport.csv', length: String(CSV.length) },
    ]);
    const completions = slack.callsTo('files.completeUploadExternal');
    expect(completions).toHaveLength(1);
    expect(completions[0]!.args.channel_id).toBe(TEAM);
    // The blocks, and no initial_comment (which would make Slack ignore them).
    expect(completions[0]!.args.initial_comment).toBeUndefined();
    const [share] = shares();
    expect(shares()).toHaveLength(1);
    expect(share!.blocks).toEqual(rendered.blocks);
    expect(share!.files.map((f: { name: string; title: string }) => [f.name, f.title])).toEqual([['rapport.png', 'Graphique'], ['rapport.csv', 'Chiffres']]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(produced).toEqual(['png', 'csv']);
    expect(stored()).toMatchObject({ state: 'done', ts: share!.ts });
    expect(shown).toEqual([{ key: 'report:1', ts: share!.ts, adopted: false }]);
  });

  it('uploads again a file whose bytes Slack did not take; the files it has are kept', async () => {
    // The CSV's bytes are refused once (the fault is queued as the CSV is produced, just before its upload).
    let first = true;
    rendered.files = [rendered.files![0]!, { ...rendered.files![1]!, content: () => (first && slack.failNext('upload_url', { status: 503 }), (first = false), produced.push('csv'), CSV) }];
    post();
    await outbox.run();
    expect(JSON.parse(stored().files!).uploaded.map((u: { name: string }) => u.name)).toEqual(['rapport.png']);
    expect(shares()).toHaveLength(0);
    expect(slackErrors).toEqual([{ method: 'upload', error: '503' }]);
    await drain();
    expect(slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual(['rapport.png', 'rapport.csv', 'rapport.csv']);
    expect(produced).toEqual(['png', 'csv', 'csv']);
    expect(shares()).toHaveLength(1);
    expect(shares()[0]!.files.map((f: { name: string }) => f.name)).toEqual(['rapport.png', 'rapport.csv']);
  });

  it('asks a new upload URL when Slack refused one for a while, without uploading the others again', async () => {
    let first = true;
    rendered.files = [rendered.files![0]!, { ...rendered.files![1]!, content: () => (first && slack.failNext('files.getUploadURLExternal', { retryAfter: 1 }), (first = false), CSV) }];
    post();
    await drain();
    expect(slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual(['rapport.png', 'rapport.csv', 'rapport.csv']);
    expect(slackErrors).toEqual([{ method: 'files.getUploadURLExternal', error: 'other' }]);
    expect(shares()).toHaveLength(1);
  });

  it('shares once when the completion was done but its answer lost: the file is found, not completed again', async () => {
    slack.failNext('files.completeUploadExternal', { status: 500, applied: true });
    post();
    await outbox.run();
    expect(shares()).toHaveLength(1);
    expect(stored().state).toBe('pending');
    await drain();
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(slack.callsTo('files.info').length).toBeGreaterThan(0);
    expect(shares()).toHaveLength(1);
    expect(shown).toEqual([{ key: 'report:1', ts: shares()[0]!.ts, adopted: true }]);
    expect(produced).toEqual(['png', 'csv']);
  });

  it('completes again when the completion never reached Slack (a cut connection), still one share', async () => {
    slack.failNext('files.completeUploadExternal', { cut: true });
    post();
    await drain();
    expect(slack.callsTo('files.completeUploadExternal')).toHaveLength(2);
    expect(shares()).toHaveLength(1);
    expect(shown).toEqual([{ key: 'report:1', ts: shares()[0]!.ts, adopted: false }]);
    expect(slackErrors.map((e) => e.method)).toEqual(['files.completeUploadExternal']);
  });

  it('survives a restart between the upload and the completion: a new outbox finishes, once', async () => {
    slack.failNext('files.completeUploadExternal', { hang: true });
    post();
    inFlight.push(outbox.run());
    // The process "dies" with the completion in flight: a new outbox on the same file takes over.
    await waitFor(() => slack.callsTo('files.completeUploadExternal')[0], 'the completion in flight');
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 }, logger: quiet }) as SlackClient;
    const next = new Outbox(db, commits, client, clock, createLogger('silent'));
    next.define('report', () => rendered, { shown: (row, ts, _now, adopted) => shown.push({ key: row.key, ts, adopted }) });
    next.recover();
    await next.run();
    expect(shares()).toHaveLength(1);
    expect(stored().state).toBe('done');
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(2);
  });

  it('fails for good, and says so, when Slack refuses the message (blocks over its limits)', async () => {
    rendered.blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    post();
    await drain();
    expect(shares()).toHaveLength(0);
    expect(failed).toEqual([{ key: 'report:1', reason: 'invalid_blocks' }]);
    expect(stored().state).toBe('failed');
    expect(slackErrors).toEqual([{ method: 'files.completeUploadExternal', error: 'invalid_blocks' }]);
  });

  it('fails, without calling Slack again, when a file cannot be produced (ours, not Slack’s)', async () => {
    rendered.files = [rendered.files![0]!, { ...rendered.files![1]!, content: async () => Promise.reject(new Error('no font')) }];
    post();
    await drain();
    expect(failed).toEqual([{ key: 'report:1', reason: 'file_content' }]);
    expect(stored().state).toBe('failed');
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(slackErrors).toEqual([]);
  });

  it('sends a person’s files to their messages with the app, the text as the comment when there are no blocks', async () => {
    rendered = { text: 'Graphique et chiffres du rapport', files: rendered.files };
    post('UALICE');
    await drain();
    const dm = slack.directMessage('UALICE');
    expect(dm).toMatch(/^D/);
    expect(slack.callsTo('conversations.open')[0]!.args).toEqual({ users: 'UALICE' });
    const [share] = shares();
    expect(share).toMatchObject({ channel: dm, text: 'Graphique et chiffres du rapport' });
    expect(slack.callsTo('files.completeUploadExternal')[0]!.args).toMatchObject({ channel_id: dm, initial_comment: 'Graphique et chiffres du rapport' });
  });

  it('is shown once: a later refresh of it calls Slack no more', async () => {
    post();
    await drain();
    const calls = slack.calls.length;
    outbox.write([{ op: 'refresh', key: 'report:1' }], clock.now());
    await drain();
    expect(slack.calls.length).toBe(calls);
    expect(stored().state).toBe('done');
    expect(shares()).toHaveLength(1);
  });
});
