/**
 * The configuration: `readConfig` against the SPEC's table, and the program itself (`src/start.ts`
 * run as a child process) refusing a bad environment before it contacts anything.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig, secretsOf, type Config } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { startProgram, type Program } from '../support/program.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
      mastodon: undefined,
      bluesky: undefined,
      dryRun: new Set(),
      threadNumbering: false,
      reportAt: { weekday: 1, hour: 8, minute: 0 },
      metricsPort: null,
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
        'DATABASE_PATH', 'LOG_LEVEL', 'MASTODON_URL', 'MASTODON_TOKEN', 'BLUESKY_HANDLE', 'BLUESKY_APP_PASSWORD',
        'BLUESKY_SERVICE', 'DRY_RUN', 'THREAD_NUMBERING', 'METRICS_PORT', ...Object.keys(X)].map((name, i) => [name, i % 2 ? '' : '   ']),
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
      MASTODON_URL: 'https://social.example.gouv.fr/',
      MASTODON_TOKEN: 'mastodon-token-123',
      BLUESKY_HANDLE: '@cellule-com.bsky.social',
      BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop',
      BLUESKY_SERVICE: 'http://127.0.0.1:9',
      DRY_RUN: 'Mastodon, bluesky',
      THREAD_NUMBERING: 'on',
      REPORT_AT: 'ven 17:30',
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
      mastodon: { url: 'https://social.example.gouv.fr', token: 'mastodon-token-123' },
      bluesky: { handle: 'cellule-com.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop', service: 'http://127.0.0.1:9' },
      dryRun: new Set(['mastodon', 'bluesky']),
      threadNumbering: true,
      reportAt: { weekday: 5, hour: 17, minute: 30 },
      metricsPort: null,
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

describe('readConfig: Mastodon and Bluesky', () => {
  const MASTODON = { MASTODON_URL: 'https://social.example.gouv.fr', MASTODON_TOKEN: 'mastodon-token-123' };
  const BLUESKY = { BLUESKY_HANDLE: 'cellule-com.bsky.social', BLUESKY_APP_PASSWORD: 'abcd-efgh-ijkl-mnop' };

  it('are each both variables (the network is then one of the cell’s) or none', () => {
    expect(config({ ...BASE, ...MASTODON }).mastodon).toEqual({ url: 'https://social.example.gouv.fr', token: 'mastodon-token-123' });
    expect(config({ ...BASE, ...BLUESKY }).bluesky).toEqual({ ...{ handle: 'cellule-com.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' }, service: 'https://bsky.social' });
    expect(config(BASE)).toMatchObject({ mastodon: undefined, bluesky: undefined });
    // The PDS alone configures nothing: without an account there is nothing to publish with.
    expect(config({ ...BASE, BLUESKY_SERVICE: 'https://pds.example' }).bluesky).toBeUndefined();
  });

  it.each([
    ['MASTODON_URL', 'MASTODON_TOKEN', MASTODON],
    ['MASTODON_TOKEN', 'MASTODON_URL', MASTODON],
    ['BLUESKY_HANDLE', 'BLUESKY_APP_PASSWORD', BLUESKY],
    ['BLUESKY_APP_PASSWORD', 'BLUESKY_HANDLE', BLUESKY],
  ] as const)('names %s when only %s is given', (missing, given, pair) => {
    const lines = problems({ ...BASE, [given]: (pair as Record<string, string>)[given] });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^${missing}: required .*both or none.*; set: ${given}$`))]);
  });

  it('takes a handle with or without its @, or a DID, and keeps URLs without a trailing slash', () => {
    expect(config({ ...BASE, ...BLUESKY, BLUESKY_HANDLE: '@Cellule.Gendarmerie.fr' }).bluesky?.handle).toBe('Cellule.Gendarmerie.fr');
    expect(config({ ...BASE, ...BLUESKY, BLUESKY_HANDLE: 'did:plc:z72i7hdynmk6r22z27h6tvur' }).bluesky?.handle).toBe('did:plc:z72i7hdynmk6r22z27h6tvur');
    expect(config({ ...BASE, ...BLUESKY, BLUESKY_SERVICE: 'http://127.0.0.1:2583//' }).bluesky?.service).toBe('http://127.0.0.1:2583');
    expect(config({ ...BASE, ...MASTODON, MASTODON_URL: 'http://127.0.0.1:3000/' }).mastodon?.url).toBe('http://127.0.0.1:3000');
  });
});

describe('readConfig: DRY_RUN, THREAD_NUMBERING, REPORT_AT, METRICS_PORT', () => {
  it('DRY_RUN is a set of known networks, in any case, with spaces and repeats', () => {
    expect(config({ ...BASE, DRY_RUN: ' X , mastodon,x' }).dryRun).toEqual(new Set(['x', 'mastodon']));
    expect(config({ ...BASE, DRY_RUN: 'bluesky' }).dryRun).toEqual(new Set(['bluesky']));
  });

  it('DRY_RUN names an unknown network and the known ones', () => {
    expect(problems({ ...BASE, DRY_RUN: 'x,twitter,threads' })).toEqual([
      'DRY_RUN: unknown network twitter, threads: expected comma-separated names among x, mastodon, bluesky',
    ]);
  });

  it('THREAD_NUMBERING is on or off', () => {
    expect(config({ ...BASE, THREAD_NUMBERING: 'on' }).threadNumbering).toBe(true);
    expect(config({ ...BASE, THREAD_NUMBERING: ' OFF ' }).threadNumbering).toBe(false);
    for (const value of ['yes', 'true', '1', 'oui']) {
      expect(problems({ ...BASE, THREAD_NUMBERING: value }), value).toEqual(['THREAD_NUMBERING: expected on or off']);
    }
  });

  it('REPORT_AT takes a day in English or French and HH:MM', () => {
    const at = (value: string) => config({ ...BASE, REPORT_AT: value }).reportAt;
    expect(at('mon 08:00')).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(at('lun 08:00')).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(at('Mar 07:15')).toEqual({ weekday: 2, hour: 7, minute: 15 });
    expect(at('  dim   23:59 ')).toEqual({ weekday: 7, hour: 23, minute: 59 });
    expect(at('sunday 00:00')).toEqual({ weekday: 7, hour: 0, minute: 0 });
    expect(at('vendredi 17:30')).toEqual({ weekday: 5, hour: 17, minute: 30 });
  });

  it('REPORT_AT unset is monday 08:00, set but empty disables the report', () => {
    expect(config(BASE).reportAt).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(config({ ...BASE, REPORT_AT: undefined }).reportAt).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(config({ ...BASE, REPORT_AT: '' }).reportAt).toBeNull();
    expect(config({ ...BASE, REPORT_AT: '   ' }).reportAt).toBeNull();
  });

  it('REPORT_AT refuses anything else', () => {
    for (const value of ['mon', '08:00', 'mon 8:00', 'mon 24:00', 'mon 08:60', 'lundi 08h00', 'mo 08:00', 'mon08:00', 'mon 08:00:00', 'mon 08:00, thu 08:00']) {
      expect(problems({ ...BASE, REPORT_AT: value }), value).toEqual([expect.stringMatching(/^REPORT_AT: expected a day .*mon 08:00.*empty disables/)]);
    }
  });

  it('METRICS_PORT is a port in socket mode, and nothing when unset', () => {
    const socket = { SLACK_BOT_TOKEN: BASE.SLACK_BOT_TOKEN, TEAM_CHANNEL_ID: BASE.TEAM_CHANNEL_ID, SLACK_APP_TOKEN: 'xapp-1-A1-abc' };
    expect(config({ ...socket, METRICS_PORT: '9100' }).metricsPort).toBe(9100);
    expect(config({ ...socket, METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(config(socket).metricsPort).toBeNull();
    for (const value of ['http', '70000', '-1', '91.00']) {
      expect(about(problems({ ...socket, METRICS_PORT: value }), 'METRICS_PORT'), value).toHaveLength(1);
    }
  });

  it('METRICS_PORT in http mode is refused: /metrics is served on PORT there', () => {
    expect(problems({ ...BASE, METRICS_PORT: '9100' })).toEqual([expect.stringMatching(/^METRICS_PORT: only used in socket mode.*PORT/)]);
    expect(config(BASE).metricsPort).toBeNull();
  });
});

describe('readConfig: placeholders of a first start', () => {
  const socketBase = { SLACK_BOT_TOKEN: BASE.SLACK_BOT_TOKEN, TEAM_CHANNEL_ID: BASE.TEAM_CHANNEL_ID, SLACK_APP_TOKEN: 'xapp-1-A1-abc' };

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxb-', /only the prefix xoxb-/],
    ['SLACK_BOT_TOKEN', ' xoxb-… ', /placeholder/],
    ['SLACK_APP_TOKEN', 'xapp-', /only the prefix xapp-/],
    ['SLACK_APP_TOKEN', 'xapp-...', /placeholder/],
    ['SLACK_SIGNING_SECRET', 'change-me', /placeholder/],
    ['TEAM_CHANNEL_ID', 'C…', /placeholder/],
    ['TEAM_CHANNEL_ID', '<your channel id>', /placeholder/],
    ['TWITTER_API_KEY', 'CHANGEME', /placeholder/],
  ] as const)('%s=%s is refused by name, saying what to set', (name, value, why) => {
    const env = name === 'SLACK_APP_TOKEN' ? { ...socketBase, [name]: value } : { ...BASE, ...(name.startsWith('TWITTER') ? X : {}), [name]: value };
    const lines = problems(env);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${name}: `));
    expect(lines[0]).toMatch(why);
    expect(lines[0]).toMatch(/: set /);
  });

  it('refuses every placeholder of .env.example, each on its own line, the commented ones too', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const assignments = example
      .split('\n')
      .map((line) => /^#?\s*([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(([, name, value]) => [name!, value!] as const);
    const env = Object.fromEntries(assignments);
    const lines = problems(env);
    const placeholders = assignments.filter(([, value]) => /…|change-me/.test(value)).map(([name]) => name);
    // The file has placeholders for every secret and for the channel, so that a first start says what to fill.
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'TEAM_CHANNEL_ID', 'MASTODON_TOKEN', 'BLUESKY_APP_PASSWORD']) {
      expect(placeholders, name).toContain(name);
    }
    for (const name of placeholders) expect(about(lines, name), name).toEqual([expect.stringMatching(/placeholder|only the prefix/)]);
    // Its example values that are not placeholders are valid ones.
    const examples = assignments.filter(([name]) => !placeholders.includes(name));
    expect(examples.map(([name]) => name)).toEqual(expect.arrayContaining(['DRY_RUN', 'REPORT_AT', 'THREAD_NUMBERING']));
    for (const [name] of examples) expect(about(lines, name), name).toEqual([]);
  });
});

describe('secrets of every network', () => {
  const XS = {
    TWITTER_API_KEY: 'x-key-never-logged',
    TWITTER_API_SECRET: 'x-key-secret-never-logged',
    TWITTER_ACCESS_TOKEN: 'x-token-never-logged',
    TWITTER_ACCESS_SECRET: 'x-token-secret-never-logged',
  };
  const full = {
    ...BASE,
    ...XS,
    MASTODON_URL: 'https://social.example.gouv.fr',
    MASTODON_TOKEN: 'mastodon-token-never-logged',
    BLUESKY_HANDLE: 'cellule-com.bsky.social',
    BLUESKY_APP_PASSWORD: 'bsky-pass-never-logged',
  };

  it('secretsOf names every one of them', () => {
    const secrets = secretsOf(config(full));
    for (const secret of [BASE.SLACK_BOT_TOKEN, BASE.SLACK_SIGNING_SECRET, ...Object.values(XS), 'mastodon-token-never-logged', 'bsky-pass-never-logged']) {
      expect(secrets).toContain(secret);
    }
  });

  it('never reach a log line, whether logged as objects, as a whole config, or inside a message', () => {
    const c = config(full);
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', { destination, secrets: secretsOf(c) });
    log.info({ config: c }, 'the whole config');
    log.info({ mastodon: c.mastodon, bluesky: c.bluesky }, 'the accounts');
    log.info({ session: { accessJwt: 'eyJ.access.jwt', refreshJwt: 'eyJ.refresh.jwt' } }, 'a Bluesky session');
    log.info({ MASTODON_TOKEN: 'mastodon-token-never-logged', BLUESKY_APP_PASSWORD: 'bsky-pass-never-logged' }, 'the environment');
    log.error(new Error(`login refused for password bsky-pass-never-logged and token mastodon-token-never-logged`), 'an error');
    const all = lines.join('');
    expect(lines).toHaveLength(5);
    for (const secret of ['mastodon-token-never-logged', 'bsky-pass-never-logged', 'eyJ.access.jwt', 'eyJ.refresh.jwt', ...Object.values(XS), BASE.SLACK_SIGNING_SECRET]) {
      expect(all, secret).not.toContain(secret);
    }
    expect(all).toContain('[Redacted]');
    expect(all).toContain('cellule-com.bsky.social');
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

