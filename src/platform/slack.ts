import { App, HTTPReceiver, LogLevel, webApi, type App as BoltApp, type Logger as BoltLogger } from '@slack/bolt';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { metricsHandler, type MetricsPage } from './metricsHttp.js';
import { slackFetch } from './slackHttp.js';
import { SeamlessSocketModeReceiver } from './socketMode.js';
import { slackStartupFailure } from './startupFailure.js';

type RetryOptions = webApi.RetryOptions;

export type SlackApp = BoltApp;
export type SlackClient = BoltApp['client'];

/**
 * Slack Web API calls are retried a few times over a few seconds, not Bolt's default of ten times over
 * thirty minutes: a person is waiting for the answer, and a message half an hour late is worse than
 * an error they can see and act on.
 */
export const SLACK_RETRIES: RetryOptions = { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true };

interface SlackAppHandle {
  app: SlackApp;
  /** The bot's identity, as auth.test gave it: checked before anything else is built. */
  auth: webApi.AuthTestResponse;
  /** Marks the bot ready: from then on GET /healthz answers 200. */
  setReady(ready: boolean): void;
}

/** Bolt logs through pino, so every line of the process is JSON. */
function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => {
      // Bolt logs a debug line for every request: format it only when someone will read it.
      if (child.isLevelEnabled('debug')) child.debug(msg.map(String).join(' '));
    },
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * The bot token is checked first (auth.test), and the app is built knowing the bot's ids: otherwise
 * Bolt calls auth.test itself from its constructor, a promise nobody awaits, whose rejection (a refused
 * token, Slack unreachable) escapes unhandled and crashes the start with a stack trace.
 *
 * `convoStore: false`: Bolt's conversation store (state kept per channel, unused here) costs every request
 * a look-up that fails by throwing an error, stack trace included.
 */
export async function createSlackApp(config: Config, log: Logger, retryConfig: RetryOptions = SLACK_RETRIES, metrics?: MetricsPage): Promise<SlackAppHandle> {
  let ready = false;
  const clientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: withTrailingSlash(config.slack.apiUrl) } : {}),
    retryConfig,
    fetch: slackFetch,
  };
  const logger = boltLogger(log);
  const auth = await verifyBotToken(config, { ...clientOptions, logger });
  const identity = { token: config.slack.botToken, botId: auth.bot_id, botUserId: auth.user_id, clientOptions, logger, convoStore: false as const };
  if (config.slack.mode === 'socket') {
    const receiver = new SeamlessSocketModeReceiver({
      appToken: config.slack.appToken!,
      clientOptions,
      boltLogger: logger,
      log: log.child({ component: 'socket-mode' }),
      apiUrl: config.slack.apiUrl,
    });
    const app = new App({ ...identity, receiver });
    return { app, auth, setReady: (r) => (ready = r) };
  }
  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret!,
    endpoints: '/slack/events',
    logger,
    // A payload Bolt itself cannot process (a button without a user) is answered, not left with a 500:
    // nobody can be told, and Slack must not retry it.
    processEventErrorHandler: async ({ error, response }) => {
      log.warn({ err: error }, 'a malformed Slack request Bolt could not process: answered, nothing done');
      if (!response.headersSent) {
        response.writeHead(200);
        response.end();
      }
      return false;
    },
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ready }));
        },
      },
      ...(metrics ? [{ path: '/metrics', method: ['GET'], handler: metricsHandler(metrics, log) }] : []),
    ],
  });
  const app = new App({ ...identity, receiver });
  return { app, auth, setReady: (r) => (ready = r) };
}

async function verifyBotToken(config: Config, options: webApi.WebClientOptions): Promise<webApi.AuthTestResponse> {
  try {
    return await new webApi.WebClient(config.slack.botToken, options).auth.test();
  } catch (error) {
    throw slackStartupFailure(error, {
      method: 'auth.test',
      variable: 'SLACK_BOT_TOKEN',
      what: 'the bot token (OAuth & Permissions → Bot User OAuth Token), that the app is installed in the workspace, and that this machine\'s address is allowed',
      apiUrl: config.slack.apiUrl,
    });
  }
}

/**
 * The message with its blocks already encoded as JSON, the form the Web API client sends them in anyway.
 * Before sending, the client copies every nested object of a request to build a debug line, whether
 * debug is logged or not, and tests every key against a regular expression: for a proposal message that
 * is a tenth of the cost of a /tweet. A string is copied at once. Same bytes on the wire.
 */
export function withEncodedBlocks<M extends { blocks?: readonly unknown[] }>(message: M): Omit<M, 'blocks'> & { blocks?: string } {
  return message.blocks ? { ...message, blocks: JSON.stringify(message.blocks) } : (message as Omit<M, 'blocks'>);
}

/**
 * The client the outbox sends messages with: no retry of its own (a post retried after its answer was lost
 * would be a second message — the outbox looks for it first) and a rate limit reported at once, not waited on.
 */
export function createOutboxClient(config: Config): SlackClient {
  return new webApi.WebClient(config.slack.botToken, {
    ...(config.slack.apiUrl ? { slackApiUrl: withTrailingSlash(config.slack.apiUrl) } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: slackFetch,
    logLevel: LogLevel.ERROR,
  }) as SlackClient;
}

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

const MEMBERS_TTL_MS = 5 * 60 * 1000;

/** A Slack user id; anything else (missing, empty) in a payload is nobody. */
function isUserId(value: unknown): value is string {
  return typeof value === 'string' && /^[UW][A-Z0-9]{2,}$/.test(value);
}

/**
 * Who belongs to the team channel. Read with conversations.members, kept at most five minutes, and
 * corrected at once by member_joined_channel / member_left_channel events.
 */
export class TeamMembers {
  private members: Set<string> | null = null;
  private fetchedAt = 0;
  private inFlight: Promise<Set<string>> | null = null;

  constructor(
    private readonly client: SlackClient,
    private readonly channelId: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** The bot is in the channel too, but it is not a colleague: its reactions never count. */
    private readonly botUserId: string,
    /** Told the members each time the list is read (their names are learned from it). */
    private readonly onRead: (members: ReadonlySet<string>) => void = () => {},
  ) {}

  async isMember(userId: string): Promise<boolean> {
    return isUserId(userId) && userId !== this.botUserId && (await this.current()).has(userId);
  }

  joined(userId: string): void {
    if (isUserId(userId)) this.members?.add(userId);
  }

  left(userId: string): void {
    this.members?.delete(userId);
  }

  private async current(): Promise<Set<string>> {
    const fresh = this.members && this.clock.now().getTime() - this.fetchedAt < MEMBERS_TTL_MS;
    if (fresh) return this.members!;
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = null));
    try {
      return await this.inFlight;
    } catch (error) {
      // Slack unreachable: an older list is better than refusing every member of the cell.
      if (this.members) {
        this.log.warn({ err: error }, 'team members could not be refreshed; using the previous list');
        return this.members;
      }
      throw error;
    }
  }

  private async fetch(): Promise<Set<string>> {
    const members = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.client.conversations.members({ channel: this.channelId, limit: 1000, cursor });
      for (const id of page.members ?? []) members.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    this.members = members;
    this.fetchedAt = this.clock.now().getTime();
    members.delete(this.botUserId);
    this.onRead(members);
    return members;
  }
}

/** A file shared in Slack, fetched with the bot token (its private URL needs it). */
export async function downloadSlackFile(client: SlackClient, token: string, fileId: string): Promise<{ data: Buffer; mimeType: string }> {
  const info = await client.files.info({ file: fileId });
  const url = info.file?.url_private_download ?? info.file?.url_private;
  if (!url) throw new Error(`file ${fileId} has no download URL`);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'follow' });
  const type = response.headers.get('content-type') ?? '';
  // Without a valid token Slack answers 200 with its HTML login page, not the file.
  if (!response.ok || type.startsWith('text/html')) throw new Error(`file ${fileId} could not be downloaded (HTTP ${response.status})`);
  return { data: Buffer.from(await response.arrayBuffer()), mimeType: info.file?.mimetype ?? type };
}

/**
 * Answers the person who pressed a button, privately, without touching the message they pressed it on.
 * A failure to tell is not worth failing the action for: it is swallowed.
 */
/** An answer only the person who typed the command sees (an acknowledgement's body). */
export function ephemeral(text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text };
}

export function privateAnswer(respond: (message: object) => Promise<unknown>): (text: string) => Promise<void> {
  return async (text) => {
    await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
  };
}
