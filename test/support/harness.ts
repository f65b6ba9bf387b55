import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'yaml';
import { startBot, type Bot } from '../../src/main.js';
import { readConfig } from '../../src/platform/config.js';
import { TestClock } from './clock.js';
import { startFakeSlack, type FakeSlack, type FakeMessage } from './fakeSlack.js';
import { startFakeMastodon, type FakeMastodon } from './fakeMastodon.js';
import { startFakeBluesky, type FakeBluesky } from './fakeBluesky.js';
import { startFakeX, xKeysFromEnv, type FakeX } from './fakeX.js';
import { slackSender, type SlackSender } from './slackRequests.js';
import { waitFor } from './waitFor.js';

export const TEAM = 'CTEAM';
export const SECRET = 'test-signing-secret-0123456789';
/** The app-level token of `startHarness(..., { socket: true })`. */
export const APP_TOKEN = 'xapp-1-A1-1234567890-test-app-level-token';
/** Members of the team channel in every test: an author and three colleagues (and the bot). */
export const AUTHOR = 'UAUTHOR';
export const ALICE = 'UALICE';
export const BOB = 'UBOB';
export const CAROL = 'UCAROL';
export const OUTSIDER = 'UOUTSIDER';
export const BOT = 'UBOT';

/** The bot token's scopes as manifest.yml installs the app: the fake Slack answers `missing_scope` beyond them. */
export const BOT_SCOPES: string[] = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')).oauth_config.scopes.bot;

export const X_KEYS = {
  TWITTER_API_KEY: 'x-api-key-abcdef',
  TWITTER_API_SECRET: 'x-api-secret-abcdef',
  TWITTER_ACCESS_TOKEN: 'x-access-token-abcdef',
  TWITTER_ACCESS_SECRET: 'x-access-secret-abcdef',
};

/** A delivery as stored, flattened with its last posted part (what the tests check). */
export interface Delivery {
  state: string;
  dry_run: number;
  failure_code: string | null;
  failure_detail: string | null;
  lost_answers: number;
  remote_id: string | null;
  url: string | null;
}

export interface Harness {
  slack: FakeSlack;
  x: FakeX;
  /** The fake Mastodon instance and Bluesky PDS, when `startHarness(..., { networks })` asked for them. */
  mastodon?: FakeMastodon;
  bluesky?: FakeBluesky;
  bot: Bot;
  /** Signed HTTP requests to the bot: HTTP mode only (in Socket Mode, `slack.socket.send`). */
  send: SlackSender;
  clock: TestClock;
  dbPath: string;
  /** Every JSON log line the bot wrote. */
  logs: string[];
  env: Record<string, string>;
  /** Moves the test clock and lets the bot's scheduler fire what fell due; resolves once its effects are done. */
  advance(ms: number): Promise<number>;
  /** Stops the bot (as SIGTERM would) without starting it again; `restart` or `start` brings it back. */
  stop(): Promise<void>;
  start(extraEnv?: Record<string, string>): Promise<void>;
  /** Stops the bot and starts a new one on the same database and fakes. */
  restart(extraEnv?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
  /** Sends `/tweet text` as `user` and returns the proposal message once the bot has posted it. */
  propose(text: string, user?: string): Promise<FakeMessage>;
  /**
   * Sends a reaction event and resolves once the bot has finished with it (its "reaction handled" log
   * line), with what the bot made of it: so a test can assert that nothing changed.
   */
  react(change: 'added' | 'removed', user: string, emoji: string, ts: string, extra?: { eventId?: string; retryNum?: number; retryReason?: string }): Promise<string>;
  /** Reads the bot's database (read-only, a connection of its own), as a test checks what was stored. */
  query<T = Record<string, any>>(sql: string, ...params: unknown[]): T[];
  /** A proposal's delivery on a network (X by default), with its last part's remote id and link, as stored. */
  delivery(ref: number, network?: string): Delivery | undefined;
  /** The bot's messages in the team channel that are proposals (not thread replies). */
  proposalMessages(): FakeMessage[];
  threadReplies(ts: string): FakeMessage[];
}

export async function startHarness(
  extraEnv: Record<string, string> = {},
  options: {
    dryRun?: boolean;
    stopGraceMs?: number;
    /** Where the test clock starts (default 2026-11-21T10:00:00Z). */
    start?: Date | string;
    /** Socket Mode (`SLACK_MODE=socket` with an app-level token) instead of HTTP; `h.send` is then unusable. */
    socket?: boolean;
    /** Also publish on these networks, each with its fake (on the test clock). */
    networks?: Array<'mastodon' | 'bluesky'>;
    /** Display names the fake Slack gives the members (default: their ids in lower case). */
    names?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const clock = new TestClock(options.start);
  // Slack's clock is the test's: a trigger id expires, and message timestamps move, only as the test moves time.
  const slack = await startFakeSlack({
    members: [AUTHOR, ALICE, BOB, CAROL, BOT], teamChannelId: TEAM, botUserId: BOT, now: () => clock.now().getTime(), scopes: BOT_SCOPES,
    ...(options.names ? { names: options.names } : {}),
  });
  const x = await startFakeX({ keys: xKeysFromEnv(X_KEYS), now: () => clock.now().getTime() });
  const mastodon = options.networks?.includes('mastodon') ? await startFakeMastodon({ now: () => clock.now().getTime() }) : undefined;
  const bluesky = options.networks?.includes('bluesky') ? await startFakeBluesky({ now: () => clock.now().getTime() }) : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'comcell-test-'));
  const dbPath = join(dir, 'comcell.sqlite');
  const logs: string[] = [];
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: 'xoxb-test-bot-token-123',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_MODE: 'http',
    PORT: '0',
    SLACK_API_URL: slack.url,
    TEAM_CHANNEL_ID: TEAM,
    TWITTER_API_URL: x.origin,
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'debug',
    ...(options.socket ? { SLACK_MODE: 'socket', SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...(options.dryRun ? {} : X_KEYS),
    ...(mastodon ? { MASTODON_URL: mastodon.origin, MASTODON_TOKEN: 'mastodon-token' } : {}),
    ...(bluesky ? { BLUESKY_HANDLE: bluesky.handle, BLUESKY_APP_PASSWORD: bluesky.appPassword, BLUESKY_SERVICE: bluesky.origin } : {}),
    ...extraEnv,
  };

  const boot = async (vars: Record<string, string>) => {
    const parsed = readConfig(vars);
    if (!parsed.ok) throw new Error(`test configuration refused: ${parsed.problems.join('; ')}`);
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    return startBot(parsed.config, { clock, slackRetries: { retries: 0 }, logDestination: destination, host: '127.0.0.1', stopGraceMs: options.stopGraceMs });
  };

  let bot = await boot(env);
  let eventCounter = 0;
  const harness: Harness = {
    slack,
    x,
    ...(mastodon ? { mastodon } : {}),
    ...(bluesky ? { bluesky } : {}),
    bot,
    send: sender(bot),
    clock,
    dbPath,
    logs,
    env,
    async advance(ms) {
      clock.advance(ms);
      const fired = await harness.bot.scheduler.tick();
      await harness.bot.scheduler.settle();
      return fired;
    },
    async stop() {
      await harness.bot.stop();
    },
    async start(more = {}) {
      bot = await boot({ ...env, ...more });
      harness.bot = bot;
      harness.send = sender(bot);
      await bot.scheduler.tick();
      await bot.scheduler.settle();
    },
    async restart(more = {}) {
      await harness.stop();
      await harness.start(more);
    },
    async close() {
      await harness.bot.stop();
      await Promise.all([slack.close(), x.close(), mastodon?.close(), bluesky?.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
    async propose(text, user = AUTHOR) {
      const before = harness.proposalMessages().length;
      const response = await harness.send.command(user, '/tweet', text);
      if (response.status !== 200) throw new Error(`/tweet answered ${response.status}: ${response.text}`);
      return waitFor(() => harness.proposalMessages()[before], `the proposal message for "${text}"`);
    },
    query(sql, ...params) {
      const db = new Database(dbPath, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as never[];
      } finally {
        db.close();
      }
    },
    async react(change, user, emoji, ts, extra = {}) {
      const eventId = extra.eventId ?? `EvH${++eventCounter}`;
      const already = logs.length;
      // Slack keeps the reaction on the message whatever becomes of the event: reactions.get shows it.
      if (change === 'added') slack.addReaction(TEAM, ts, emoji, user);
      else slack.removeReaction(TEAM, ts, emoji, user);
      const send = change === 'added' ? harness.send.reactionAdded : harness.send.reactionRemoved;
      const response = await send(user, emoji, TEAM, ts, { ...extra, eventId });
      if (response.status !== 200) throw new Error(`reaction event answered ${response.status}`);
      const line = await waitFor(
        () => logs.slice(already).map((l) => JSON.parse(l)).find((l) => l.msg === 'reaction handled' && l.eventId === eventId),
        `the bot to handle reaction event ${eventId}`,
      );
      return line.effect as string;
    },
    delivery: (ref, network = 'x') =>
      harness.query<Delivery>(
        `SELECT d.state, d.dry_run, d.failure_code, d.failure_detail, d.lost_answers,
           (SELECT remote_id FROM delivery_parts WHERE delivery_id = d.id AND remote_id IS NOT NULL ORDER BY part DESC LIMIT 1) AS remote_id,
           (SELECT url FROM delivery_parts WHERE delivery_id = d.id AND remote_id IS NOT NULL ORDER BY part DESC LIMIT 1) AS url
         FROM deliveries d JOIN proposals p ON p.ref = d.ref AND p.current_version = d.version WHERE d.ref = ? AND d.network = ?`,
        ref,
        network,
      )[0],
    // Proposal messages are the bot's channel messages that quote a tweet text in a rich-text block.
    proposalMessages: () =>
      slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts && (m.blocks ?? []).some((b: { type?: string }) => b.type === 'rich_text')),
    threadReplies: (ts) => slack.messages.filter((m) => m.thread_ts === ts),
  };
  return harness;

  function sender(b: Bot): SlackSender {
    if (b.port === null) return httpOnly();
    return slackSender({
      botUrl: `http://127.0.0.1:${b.port}/slack/events`,
      signingSecret: SECRET,
      responseBase: slack.origin,
      teamChannelId: TEAM,
      triggerId: slack.newTriggerId,
    });
  }
}

/** In Socket Mode the bot has no HTTP endpoint: any use of `h.send` fails saying so. */
function httpOnly(): SlackSender {
  return new Proxy({} as SlackSender, {
    get(_target, name) {
      if (typeof name === 'symbol' || name === 'then' || name === 'toJSON') return undefined; // not a promise, nor printable
      return () => Promise.reject(new Error(`h.send.${String(name)} is HTTP-only: the bot runs in Socket Mode (use h.slack.socket.send)`));
    },
  });
}

/** All the text a message shows (fallback and blocks), to assert on what a person reads. */
export function shown(message: { text?: string; blocks?: any[] } | undefined): string {
  if (!message) return '';
  return [message.text ?? '', JSON.stringify(message.blocks ?? [])].join('\n');
}

/** Every text of a message that Slack parses as mrkdwn (its fallback and its mrkdwn blocks), where `<…>` would notify or link. */
export function mrkdwnOf(message: { text?: string; blocks?: any[] }): string[] {
  const found: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') found.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks ?? []);
  return found;
}

/** A proposal message's first line, as Slack shows it (no-break spaces as ordinary ones): its state, in words. */
export function firstLine(message: { blocks?: any[] } | undefined): string {
  return String(message?.blocks?.[0]?.text?.text ?? '').split('\n')[0]!;
}
