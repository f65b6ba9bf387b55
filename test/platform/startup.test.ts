/**
 * A start that fails, through the real program (`src/start.ts` in a child process): whatever fails —
 * Slack unreachable, a token refused, the port taken, the database folder or a migration — the program
 * ends with exit code 1 and one line on stderr that says what failed and what to check, with no stack
 * trace and no secret.
 */
import Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, type ExpectStatic } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { startProgram, type Program } from '../support/program.js';
import { waitFor } from '../support/waitFor.js';

const BOT_TOKEN = 'xoxb-startup-test-bot-token';
const APP_TOKEN = 'xapp-1-A1-startup-test-app-token';
const SIGNING_SECRET = 'startup-test-signing-secret';

/** Each test has its own fake Slack and folder. One program at a time: starting one compiles the sources, CPU-bound. */
describe('a start that fails ends with one clear line', { timeout: 60_000 }, () => {
  async function setup() {
    const slack = await startFakeSlack({ members: ['UA'], teamChannelId: 'CTEAM' });
    const dir = mkdtempSync(join(tmpdir(), 'comcell-startup-'));
    const running: Program[] = [];
    onTestFinished(async () => {
      for (const program of running) program.kill('SIGKILL');
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const run = (vars: Record<string, string> = {}): Program => {
      const program = startProgram({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.url,
        PORT: '0',
        TEAM_CHANNEL_ID: 'CTEAM',
        DATABASE_PATH: join(dir, 'data', 'comcell.sqlite'),
        ...vars,
      });
      running.push(program);
      return program;
    };
    return { slack, dir, run };
  }

  /** Exit code 1 and exactly one line on stderr, in the program's words: returns what follows the prefix. */
  async function failure(expect: ExpectStatic, program: Program): Promise<string> {
    expect(await program.exited).toBe(1);
    const lines = program.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines, program.stderr).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatch(/^comcell: could not start: \S/);
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) expect(program.stderr).not.toContain(secret);
    expect(program.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:|Unhandled|node:internal/);
    return line.slice('comcell: could not start: '.length);
  }

  async function freePort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    await new Promise((done) => server.close(done));
    return port;
  }

  it('Slack refusing the connection (nothing listens at SLACK_API_URL)', async ({ expect }) => {
    const { run } = await setup();
    const port = await freePort();
    const line = await failure(expect, run({ SLACK_API_URL: `http://127.0.0.1:${port}/api/` }));
    expect(line).toMatch(new RegExp(`^Slack could not be reached at http://127\\.0\\.0\\.1:${port}/api/ \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\): check the network, DNS, proxy and firewall, and SLACK_API_URL$`));
  });

  it('Slack’s name not resolving (getaddrinfo)', async ({ expect }) => {
    // .invalid never resolves (RFC 6761, section 6.4).
    const { run } = await setup();
    const line = await failure(expect, run({ SLACK_API_URL: 'http://slack.comcell-test.invalid/api/' }));
    expect(line).toMatch(/^Slack could not be reached at http:\/\/slack\.comcell-test\.invalid\/api\/ \(getaddrinfo \w+ slack\.comcell-test\.invalid\): check the network, DNS/);
  });

  it('Slack refusing the bot token (invalid_auth)', async ({ expect }) => {
    const { slack, run } = await setup();
    slack.failNext('auth.test', { error: 'invalid_auth' });
    const line = await failure(expect, run());
    expect(line).toMatch(/^Slack refused SLACK_BOT_TOKEN \(auth\.test: invalid_auth\): check the bot token \(OAuth & Permissions → Bot User OAuth Token\)/);
    expect(slack.callsTo('auth.test')).toHaveLength(1);
    expect(slack.callsTo('auth.test')[0]!.token).toBe(BOT_TOKEN);
    // Nothing was attempted after the refusal.
    expect(slack.calls.map((c) => c.method)).toEqual(['auth.test']);
  });

  it('Slack refusing the app-level token in Socket Mode (invalid_auth on apps.connections.open)', async ({ expect }) => {
    const { slack, run } = await setup();
    slack.failNext('apps.connections.open', { error: 'invalid_auth' });
    const line = await failure(expect, run({ SLACK_MODE: 'socket', SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' }));
    expect(line).toMatch(/^Slack refused SLACK_APP_TOKEN \(apps\.connections\.open: invalid_auth\): check the app-level token .*connections:write/);
    expect(slack.socket.connections).toEqual([]);
  });

  it('the Socket Mode handshake refused by Slack', async ({ expect }) => {
    const { slack, run } = await setup();
    slack.socket.refuseNextHandshakes(1, 403);
    const line = await failure(expect, run({ SLACK_MODE: 'socket', SLACK_APP_TOKEN: APP_TOKEN, SLACK_SIGNING_SECRET: '' }));
    expect(line).toMatch(/^the Socket Mode connection to Slack failed \(Slack answered HTTP 403 to the WebSocket handshake\): check/);
  });

  it('PORT already taken', async ({ expect }) => {
    const { run } = await setup();
    const taken = http.createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    onTestFinished(() => new Promise<void>((done) => taken.close(() => done())));
    const { port } = taken.address() as AddressInfo;
    const line = await failure(expect, run({ PORT: String(port) }));
    expect(line).toBe(`PORT ${port} is already in use on this machine: stop the program that holds it, or set another PORT`);
  });

  it('the database folder cannot be created', async ({ expect }) => {
    const { slack, dir, run } = await setup();
    // A file where the folder should be: refused to root as well, unlike permissions.
    writeFileSync(join(dir, 'not-a-folder'), 'a file');
    const path = join(dir, 'not-a-folder', 'comcell.sqlite');
    const line = await failure(expect, run({ DATABASE_PATH: path }));
    // Node says EEXIST or ENOTDIR depending on the version: either names the file in the way.
    expect(line).toMatch(/^the database folder for (\S+) could not be created \(E(EXIST|NOTDIR): (\S+)\): check DATABASE_PATH and that this user may write there$/);
    expect(line).toContain(`for ${path} `);
    expect(line).toContain(`: ${join(dir, 'not-a-folder')})`);
    // The database is opened before Slack is contacted.
    expect(slack.calls).toEqual([]);
  });

  it('a file that is not a database', async ({ expect }) => {
    const { dir, run } = await setup();
    mkdirSync(join(dir, 'data'));
    const path = join(dir, 'data', 'comcell.sqlite');
    writeFileSync(path, 'not a database, but a text file of some length '.repeat(100));
    const line = await failure(expect, run({ DATABASE_PATH: path }));
    expect(line).toBe(`the database ${path} could not be opened (file is not a database): the file is not a SQLite database: check DATABASE_PATH`);
  });

  it('a migration failing, named, with nothing of it kept', async ({ expect }) => {
    const { dir, run } = await setup();
    mkdirSync(join(dir, 'data'));
    const path = join(dir, 'data', 'comcell.sqlite');
    // A database from something else: a `proposals` table that the first migration would create.
    const other = new Database(path);
    other.exec('CREATE TABLE proposals (id INTEGER PRIMARY KEY, note TEXT)');
    other.close();
    const line = await failure(expect, run({ DATABASE_PATH: path }));
    expect(line).toMatch(new RegExp(`^the database ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} could not be brought up to date: migration 001_proposals\\.sql failed: table proposals already exists; nothing of that migration was kept: restore a backup`));
    const after = new Database(path, { readonly: true });
    const tables = after.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const recorded = after.prepare('SELECT version FROM schema_migrations').all();
    after.close();
    expect(tables).toEqual([{ name: 'proposals' }, { name: 'schema_migrations' }]);
    expect(recorded).toEqual([]);
  });
});

describe('a stop asked while starting', { timeout: 60_000 }, () => {
  it('SIGTERM before the bot is ready: it starts, then stops cleanly, exit 0', async () => {
    const slack = await startFakeSlack({ members: ['UA'], teamChannelId: 'CTEAM' });
    const dir = mkdtempSync(join(tmpdir(), 'comcell-startup-'));
    const program = startProgram({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PORT: '0',
      TEAM_CHANNEL_ID: 'CTEAM',
      DATABASE_PATH: join(dir, 'data', 'comcell.sqlite'),
    });
    onTestFinished(async () => {
      program.kill('SIGKILL');
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    });
    // Slack holds its answer to auth.test: the program is mid-start when the signal comes.
    const release = slack.holdNext('auth.test');
    await waitFor(() => slack.callsTo('auth.test').length === 1, 'the start to reach Slack', 30_000);
    program.kill('SIGTERM');
    release();
    expect(await program.exited).toBe(0);
    const messages = program.logs().map((l) => String(l.msg));
    const ready = messages.findIndex((m) => m.startsWith('comcell ready'));
    expect(ready).toBeGreaterThanOrEqual(0);
    expect(messages.indexOf('stopping')).toBeGreaterThan(ready);
    expect(messages.indexOf('comcell stopped')).toBeGreaterThan(messages.indexOf('stopping'));
    expect(program.stderr).toBe('');
  });
});
