/**
 * The configuration: `readConfig` against the SPEC's table, and the program itself (`src/start.ts`
 * run as a child process) refusing a bad environment before it contacts anything.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig, type Config } from '../../src/platform/config.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { startProgram, type Program } from '../support/program.js';

const BASE = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
  SLACK_SIGNING_SECRET: 'signing-secret',
  TEAM_CHANNEL_ID: 'C0123ABCD',
};

const X = {
  TWITTER_API_KEY: 'key',
  TWITTER_API_SECRET: 'key-secret',
  TWITTER_ACCESS_TOKEN: 'token',
  TWITTER_ACCESS_SECRET: 'token-secret',
};

function config(env: Record<string, string | undefined>): Config {
  const result = readConfig(env);
  if (!result.ok) throw new Error(`expected a valid configuration, got:\n${result.problems.join('\n')}`);
  return result.config;
}

function problems(env: Record<string, string | undefined>): string[] {
  const result = readConfig(env);
  if (result.ok) throw new Error('expected the configuration to be refused');
  return result.problems;
}

/** The problem lines that name this variable. */
const about = (lines: string[], name: string) => lines.filter((line) => line.startsWith(`${name}: `));

describe('readConfig: defaults', () => {
  it('fills every default of the SPEC table', () => {
    expect(config(BASE)).toEqual({
      slack: {
        botToken: 'xoxb-1-2-abc',
        appToken: undefined,
        signingSecret: 'signing-secret',
        mode: 'http',
        port: 3000,
        apiUrl: undefined,
      },
      teamChannelId: 'C0123ABCD',
      timeZone: 'Europe/Paris',
      locale: 'fr',
      approvalsRequired: 1,
      approveReactions: ['white_check_mark'],
      rejectReactions: ['x'],
      x: undefined,
      xApiUrl: undefined,
      tweetMaxLength: 280,
      followupRemindEverySeconds: 30 * 60,
      followupEscalateAfter: 3,
      shiftChanges: ['06:00', '14:00', '22:00'],
      databasePath: './data/comcell.sqlite',
      logLevel: 'info',
    });
  });

  it('treats empty and blank values as unset', () => {
    const blanks = Object.fromEntries(
      ['SLACK_APP_TOKEN', 'SLACK_MODE', 'PORT', 'TEAM_TIMEZONE', 'LOCALE', 'APPROVALS_REQUIRED', 'APPROVE_REACTIONS',
        'REJECT_REACTIONS', 'TWEET_MAX_LENGTH', 'FOLLOWUP_REMIND_EVERY', 'FOLLOWUP_ESCALATE_AFTER', 'SHIFT_CHANGES',
        'DATABASE_PATH', 'LOG_LEVEL', ...Object.keys(X)].map((name, i) => [name, i % 2 ? '' : '   ']),
    );
    expect(config({ ...BASE, ...blanks })).toEqual(config(BASE));
  });

  it('reads every variable when given', () => {
    const c = config({
      ...BASE,
      ...X,
      SLACK_MODE: 'http',
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      TEAM_TIMEZONE: 'America/Cayenne',
      LOCALE: 'en',
      APPROVALS_REQUIRED: '2',
      APPROVE_REACTIONS: ':+1:, white_check_mark ,ok_hand',
      REJECT_REACTIONS: 'x,no_entry',
      TWITTER_API_URL: 'http://127.0.0.1:9',
      TWEET_MAX_LENGTH: '200',
      FOLLOWUP_REMIND_EVERY: '1h30m',
      FOLLOWUP_ESCALATE_AFTER: '0',
      SHIFT_CHANGES: '07:00, 19:00:30',
      DATABASE_PATH: 'var/cell.sqlite',
      LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({
      slack: { mode: 'http', port: 8080, apiUrl: 'http://127.0.0.1:9/api/' },
      timeZone: 'America/Cayenne',
      locale: 'en',
      approvalsRequired: 2,
      approveReactions: ['+1', 'white_check_mark', 'ok_hand'],
      rejectReactions: ['x', 'no_entry'],
      x: { appKey: 'key', appSecret: 'key-secret', accessToken: 'token', accessSecret: 'token-secret' },
      xApiUrl: 'http://127.0.0.1:9',
      tweetMaxLength: 200,
      followupRemindEverySeconds: 5400,
      followupEscalateAfter: 0,
      shiftChanges: ['07:00', '19:00:30'],
      databasePath: 'var/cell.sqlite',
      logLevel: 'debug',
    });
  });

  it('accepts PORT=0 (any free port)', () => {
    expect(config({ ...BASE, PORT: '0' }).slack.port).toBe(0);
  });
});

describe('readConfig: Slack mode', () => {
  it('is socket when SLACK_APP_TOKEN is set, and then needs no signing secret', () => {
    const c = config({ SLACK_BOT_TOKEN: BASE.SLACK_BOT_TOKEN, TEAM_CHANNEL_ID: BASE.TEAM_CHANNEL_ID, SLACK_APP_TOKEN: 'xapp-1-A1-abc' });
    expect(c.slack).toMatchObject({ mode: 'socket', appToken: 'xapp-1-A1-abc', signingSecret: undefined });
  });

  it('is http without an app token, or when SLACK_MODE says so', () => {
    expect(config(BASE).slack.mode).toBe('http');
    expect(config({ ...BASE, SLACK_APP_TOKEN: 'xapp-1-A1-abc', SLACK_MODE: 'http' }).slack.mode).toBe('http');
  });

  it('requires the app token in socket mode', () => {
    const lines = problems({ ...BASE, SLACK_MODE: 'socket' });
    expect(about(lines, 'SLACK_APP_TOKEN')).toHaveLength(1);
    expect(about(lines, 'SLACK_APP_TOKEN')[0]).toMatch(/socket/);
    expect(lines).toHaveLength(1);
  });

  it('requires the signing secret in http mode', () => {
    const lines = problems({ SLACK_BOT_TOKEN: BASE.SLACK_BOT_TOKEN, TEAM_CHANNEL_ID: BASE.TEAM_CHANNEL_ID });
    expect(lines).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: .*http/)]);
    const explicit = problems({ SLACK_BOT_TOKEN: BASE.SLACK_BOT_TOKEN, TEAM_CHANNEL_ID: BASE.TEAM_CHANNEL_ID, SLACK_MODE: 'http', SLACK_APP_TOKEN: 'xapp-1' });
    expect(explicit).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: /)]);
  });
});

describe('readConfig: X keys', () => {
  it('are all four (a real account) or none (dry run)', () => {
    expect(config({ ...BASE, ...X }).x).toEqual({ appKey: 'key', appSecret: 'key-secret', accessToken: 'token', accessSecret: 'token-secret' });
    expect(config(BASE).x).toBeUndefined();
  });

  it('names each missing key when only some are given', () => {
    const keys = Object.keys(X) as Array<keyof typeof X>;
    for (let n = 1; n < keys.length; n++) {
      const given = Object.fromEntries(keys.slice(0, n).map((k) => [k, X[k]]));
      const lines = problems({ ...BASE, ...given });
      for (const missing of keys.slice(n)) expect(about(lines, missing)).toHaveLength(1);
      for (const present of keys.slice(0, n)) expect(about(lines, present)).toEqual([]);
      expect(lines).toHaveLength(keys.length - n);
      expect(lines.join('\n')).toContain('all four or none');
    }
  });

  it('counts a blank key as missing', () => {
    const lines = problems({ ...BASE, ...X, TWITTER_ACCESS_SECRET: '  ' });
    expect(lines).toEqual([expect.stringMatching(/^TWITTER_ACCESS_SECRET: required/)]);
  });
});

describe('readConfig: SHIFT_CHANGES', () => {
  it('takes HH:MM and HH:MM:SS, comma-separated, with spaces', () => {
    expect(config({ ...BASE, SHIFT_CHANGES: '06:00:30 , 14:00,22:00:00' }).shiftChanges).toEqual(['06:00:30', '14:00', '22:00:00']);
    expect(config({ ...BASE, SHIFT_CHANGES: '00:00' }).shiftChanges).toEqual(['00:00']);
  });

  it('refuses anything else', () => {
    for (const value of ['6h', '24:00', '06:60', '06:00:60', '06:00,', '6:00', '06:00;14:00', 'midi']) {
      expect(about(problems({ ...BASE, SHIFT_CHANGES: value }), 'SHIFT_CHANGES'), value).toHaveLength(1);
    }
  });
});

describe('readConfig: invalid values', () => {
  const cases: Array<[string, string]> = [
    ['SLACK_BOT_TOKEN', 'xoxp-user-token'],
    ['SLACK_APP_TOKEN', 'not-an-app-token'],
    ['SLACK_MODE', 'websocket'],
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['SLACK_API_URL', 'ftp://slack.example/api/'],
    ['TEAM_CHANNEL_ID', '#cellule-com'],
    ['TEAM_TIMEZONE', 'Mars/Olympus_Mons'],
    ['LOCALE', 'de'],
    ['APPROVALS_REQUIRED', '0'],
    ['APPROVALS_REQUIRED', 'two'],
    ['APPROVALS_REQUIRED', '1.5'],
    ['APPROVE_REACTIONS', 'thumbs up!'],
    ['APPROVE_REACTIONS', ','],
    ['REJECT_REACTIONS', 'x, 🚫'],
    ['TWITTER_API_URL', 'api.x.com'],
    ['TWEET_MAX_LENGTH', '0'],
    ['TWEET_MAX_LENGTH', 'beaucoup'],
    ['FOLLOWUP_REMIND_EVERY', '0m'],
    ['FOLLOWUP_REMIND_EVERY', '30 minutes'],
    ['FOLLOWUP_ESCALATE_AFTER', '-1'],
    ['FOLLOWUP_ESCALATE_AFTER', 'trois'],
    ['SHIFT_CHANGES', '25:00'],
    ['LOG_LEVEL', 'verbose'],
  ];

  it.each(cases)('%s=%s is named on its own line', (name, value) => {
    const lines = problems({ ...BASE, [name]: value });
    expect(about(lines, name)).toHaveLength(1);
    // The problem is about that variable alone: nothing else is blamed.
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeGreaterThan(name.length + 10);
  });

  it('names each required variable that is missing', () => {
    const lines = problems({});
    expect(about(lines, 'SLACK_BOT_TOKEN')).toEqual([expect.stringContaining('required')]);
    expect(about(lines, 'TEAM_CHANNEL_ID')).toEqual([expect.stringContaining('required')]);
    expect(about(lines, 'SLACK_SIGNING_SECRET')).toHaveLength(1);
    expect(lines).toHaveLength(3);
  });

  it('reports every problem at once, one line each, without echoing secrets', () => {
    const env = Object.fromEntries(cases.filter(([name], i) => cases.findIndex(([n]) => n === name) === i));
    const lines = problems({ ...env, SLACK_SIGNING_SECRET: 'do-not-echo-this-secret', TWITTER_API_KEY: 'do-not-echo-this-key' });
    const names = [...new Set(cases.map(([name]) => name)), 'TWITTER_API_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'];
    for (const name of names) expect(about(lines, name), name).toHaveLength(1);
    expect(lines).toHaveLength(names.length);
    for (const line of lines) expect(line).toMatch(/^[A-Z_]+: \S/);
    expect(lines.join('\n')).not.toContain('do-not-echo-this');
  });
});

// ---------------------------------------------------------------------------------------------
// The program: `node --import tsx src/start.ts`, as `npm start` would run it, with its own env.

const running: Program[] = [];
function runProgram(vars: Record<string, string>): Program {
  const program = startProgram(vars);
  running.push(program);
  return program;
}

describe('the program refuses a bad configuration before contacting anything', () => {
  let slack: FakeSlack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    for (const program of running.splice(0)) program.kill('SIGKILL');
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    slack = undefined;
    dir = undefined;
  });

  it('exits 2 with one line per problem, and Slack receives no call', async () => {
    slack = await startFakeSlack({ members: ['UA'], teamChannelId: 'CTEAM' });
    dir = mkdtempSync(join(tmpdir(), 'comcell-config-'));
    const program = runProgram({
      SLACK_BOT_TOKEN: 'xoxb-valid-but-unused',
      SLACK_SIGNING_SECRET: 'a-signing-secret-never-echoed',
      SLACK_API_URL: slack.url,
      PORT: '0',
      TEAM_CHANNEL_ID: 'CTEAM',
      DATABASE_PATH: join(dir, 'never', 'created.sqlite'),
      APPROVALS_REQUIRED: 'zero',
      LOCALE: 'de',
      SHIFT_CHANGES: '06:00,25:00',
      TWITTER_API_KEY: 'only-one-x-key',
    });
    expect(await program.exited).toBe(2);

    const lines = program.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines[0]).toMatch(/configuration refused/);
    const problemLines = lines.slice(1).map((line) => line.trim());
    const expected = ['APPROVALS_REQUIRED', 'LOCALE', 'SHIFT_CHANGES', 'TWITTER_API_SECRET', 'TWITTER_ACCESS_TOKEN', 'TWITTER_ACCESS_SECRET'];
    for (const name of expected) expect(about(problemLines, name), name).toHaveLength(1);
    expect(problemLines).toHaveLength(expected.length);
    expect(program.stderr).not.toContain('a-signing-secret-never-echoed');
    expect(program.stderr).not.toContain('only-one-x-key');
    expect(program.stdout).toBe('');
    // The program has exited: anything it would have sent has arrived by now.
    expect(slack.calls).toEqual([]);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('with a good configuration, starts, answers /healthz, and stops on SIGTERM with exit 0', async () => {
    slack = await startFakeSlack({ members: ['UA'], teamChannelId: 'CTEAM' });
    dir = mkdtempSync(join(tmpdir(), 'comcell-config-'));
    const program = runProgram({
      SLACK_BOT_TOKEN: 'xoxb-test-token-for-the-program',
      SLACK_SIGNING_SECRET: 'a-signing-secret',
      SLACK_API_URL: slack.url,
      PORT: '0',
      TEAM_CHANNEL_ID: 'CTEAM',
      DATABASE_PATH: join(dir, 'data', 'comcell.sqlite'),
    });
    const ready = await program.ready();
    expect(ready).toMatchObject({ mode: 'http', dryRun: ['x'] });
    // The same fake that saw nothing from a refused configuration is contacted by a good one.
    expect(slack.callsTo('auth.test').length).toBeGreaterThan(0);
    expect(slack.callsTo('auth.test')[0]!.token).toBe('xoxb-test-token-for-the-program');
    const health = await fetch(`http://127.0.0.1:${ready.port}/healthz`);
    expect(health.status).toBe(200);
    program.kill('SIGTERM');
    expect(await program.exited).toBe(0);
    expect(program.stdout).not.toContain('xoxb-test-token-for-the-program');
  });
});

