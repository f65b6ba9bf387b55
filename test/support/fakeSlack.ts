/**
 * A fake Slack Web API on a real loopback HTTP server, so the real Bolt app and its real WebClient can be
 * driven end to end (`clientOptions.slackApiUrl = fake.url`). It refuses what Slack refuses and answers as
 * Slack answers (HTTP 200 with `ok: false` for API errors; `invalid_blocks` with Slack's own sentences for
 * bad Block Kit, see `blockKit.ts`), keeps the state tests assert on, and fails on demand as Slack fails
 * (`fakeSlackFaults.ts`): one call at a time, or in an outage.
 */
import { readable } from './readable.js';
import type http from 'node:http';
import { deliverFault, faultScript, type SlackFault } from './fakeSlackFaults.js';
import { type FakeFile, fileService } from './fakeSlackFiles.js';
import { type ChannelAccess, historyHandlers } from './fakeSlackHistory.js';
import { type StoredView, triggerBook, viewHandlers } from './fakeSlackViews.js';
import { type FakeSocketMode, startFakeSocketMode } from './fakeSocketMode.js';
import { parseBody, readBody, sendJson, startLoopbackServer } from './loopbackServer.js';
import { isRefusal, messageRefusal, type Refusal } from './slackMessageRules.js';

export type { FakeSocketMode, SocketAck, SocketEnvelope, SocketSendOptions } from './fakeSocketMode.js';
export type { SlackFailure, SlackFault } from './fakeSlackFaults.js';
export type { FakeFile } from './fakeSlackFiles.js';

export interface SlackCall {
  method: string;
  /** What the bot sent, with no-break spaces as ordinary ones (what tests read). */
  args: Record<string, any>;
  /** Exactly what the bot sent. */
  raw?: Record<string, any>;
  token?: string;
  /** `performance.now()` in this process when the call arrived (benchmarks measure against it). */
  receivedAt?: number;
  /** The scripted fault this call met, if any. */
  fault?: SlackFault;
}

/** A message in a channel, in its current state (updates are applied in place). */
export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: any[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** What the bot last sent for it, byte for byte (no-break spaces kept): its text, blocks and attachments (not enumerable). */
  sent?: { text?: string; blocks?: any; attachments?: any };
  [key: string]: any;
}

export interface FakeSlackOptions {
  members?: string[];
  botUserId?: string;
  teamChannelId?: string;
  /** Epoch milliseconds (default `Date.now`): trigger ids expire and message timestamps are taken by it. */
  now?: () => number;
  /** Other channels the bot is in (their history is readable even before the bot posts there). */
  channels?: string[];
  /** Channels that exist but the bot is not in: posting or reading there answers `not_in_channel`. */
  foreignChannels?: string[];
  /**
   * The bot token's scopes (the manifest's `oauth_config.scopes.bot`). When given, a method needing a scope
   * the token lacks answers `missing_scope`, as Slack does; when absent, scopes are not checked.
   */
  scopes?: string[];
  /** Display names users.info gives (default: the id in lower case), so that what the bot names reads like a person. */
  names?: Record<string, string>;
}

// Bot scopes per method, any one of which will do ("Scopes" on each method's page, docs.slack.dev/reference/methods).
const SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'], 'chat.update': ['chat:write'], 'chat.postEphemeral': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.members': ['channels:read', 'groups:read', 'im:read', 'mpim:read'],
  'reactions.get': ['reactions:read'], 'users.info': ['users:read'], 'files.info': ['files:read'],
  'files.getUploadURLExternal': ['files:write'], 'files.completeUploadExternal': ['files:write'],
  'conversations.open': ['channels:manage', 'groups:write', 'im:write', 'mpim:write'],
};

export interface FakeSlack {
  /** Socket Mode: `apps.connections.open` and the WebSocket server it points to. */
  socket: FakeSocketMode;
  /** Web API base, ending with `/api/`. */
  url: string;
  origin: string;
  members: string[];
  calls: SlackCall[];
  messages: FakeMessage[];
  ephemerals: Array<Record<string, any>>;
  views: StoredView[];
  /** The id of a person's direct messages with the bot, once conversations.open opened them. */
  directMessage(user: string): string | undefined;
  /** Bodies posted to response URLs that Slack accepted (`raw`, not enumerable: exactly as sent). */
  responses: Array<{ url: string; body: any; raw?: any }>;
  /** Every `ok: false` the fake answered of itself (not scripted faults): what the bot sent that Slack refuses. */
  refusals: Array<{ target: string; args: Record<string, any>; answer: Refusal }>;
  callsTo(method: string): SlackCall[];
  message(channel: string, ts: string): FakeMessage | undefined;
  setReactions(channel: string, ts: string, reactions: Array<{ name: string; users: string[] }>): void;
  addReaction(channel: string, ts: string, name: string, user: string): void;
  removeReaction(channel: string, ts: string, name: string, user: string): void;
  registerFile(file: FakeFile): Record<string, any>;
  /** A trigger id as Slack sends with a command or an interaction: good once, for 3 seconds of `now`. */
  newTriggerId(): string;
  /** One-shot faults, queued per target: a method name, `'response_url'` or `'upload_url'`. */
  failNext(target: string, fault: SlackFault): void;
  /** Every call (or every call to `targets`) fails with `fault` until `restore()`. */
  outage(fault: SlackFault, targets?: string[]): void;
  restore(): void;
  /**
   * Holds the answer to the next call of `method` until the returned function is called: a slow Slack,
   * with no clock in it. The call is recorded when it arrives.
   */
  holdNext(method: string): () => void;
  reset(): void;
  close(): Promise<void>;
}

// The WebClient form-encodes every argument, so objects arrive as JSON strings and booleans as
// "true"/"false": decode them so tests can assert on real values. A JSON argument that does not parse is
// left as sent, for the method to refuse as Slack does.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata', 'files'];
const BOOLEAN_ARGS = [
  'reply_broadcast', 'unfurl_links', 'unfurl_media', 'mrkdwn', 'as_user', 'link_names', 'full', 'include_locale',
  'exclude_archived', 'replace_original', 'delete_original', 'inclusive', 'include_all_metadata',
];

function decodeArgs(raw: Record<string, any>): Record<string, any> {
  const args = { ...raw };
  for (const key of JSON_ARGS) {
    if (typeof args[key] === 'string') {
      try {
        args[key] = JSON.parse(args[key]);
      } catch {
        // Left as sent.
      }
    }
  }
  for (const key of BOOLEAN_ARGS) {
    if (args[key] === 'true') args[key] = true;
    if (args[key] === 'false') args[key] = false;
  }
  return args;
}

/** Sets a property that `toEqual` and JSON leave out: the bytes sent, beside what tests compare. */
function hidden<T extends object>(target: T, name: string, value: unknown): T {
  Object.defineProperty(target, name, { value, enumerable: false, writable: true, configurable: true });
  return target;
}

const encodeCursor = (offset: number) => Buffer.from(`members:${offset}`).toString('base64');
function decodeCursor(cursor: string): number | undefined {
  const match = /^members:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? 'UBOT';
  const teamChannelId = options.teamChannelId ?? 'CTEAM';
  const now = options.now ?? Date.now;
  const foreign = new Set(options.foreignChannels ?? []);
  const reactions = new Map<string, Array<{ name: string; users: string[] }>>();
  const faults = faultScript();
  const triggers = triggerBook(now);
  const holds = new Map<string, Array<Promise<void>>>();
  /** Conversations with people, by their user ids (conversations.open). */
  const directMessages = new Map<string, string>();

  // Socket Mode: a WebSocket server of its own, on another loopback port.
  const socket = await startFakeSocketMode();

  // Message timestamps follow `now`, in microseconds, and never repeat nor go back: the counter survives reset().
  let lastMicros = 0;
  const nextTs = () => {
    lastMicros = Math.max(Math.floor(now() * 1000), lastMicros + 1);
    return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
  };
  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const botMessageFields = { type: 'message', user: botUserId, bot_id: 'BBOT', app_id: 'A1', team: 'T1' };

  /** Posting: anywhere but a channel the bot is not in. Reading: also only where a channel is known to exist. */
  const postAccess = (channel: string): ChannelAccess => (foreign.has(channel) ? 'not_in_channel' : 'member');
  const readAccess = (channel: string): ChannelAccess => {
    if (foreign.has(channel)) return 'not_in_channel';
    const known = channel === teamChannelId || options.channels?.includes(channel) || fake.messages.some((m) => m.channel === channel);
    return known ? 'member' : 'channel_not_found';
  };

  function post(message: { channel: string; [key: string]: any }): FakeMessage {
    const stored: FakeMessage = { ...botMessageFields, ...message, ts: nextTs() };
    fake.messages.push(stored);
    return stored;
  }

  const files = fileService({ origin: () => fake.origin, access: postAccess, post });
  const views = viewHandlers({ triggers, record: (v) => fake.views.push(v) });
  const history = historyHandlers({
    get messages() {
      return fake.messages;
    },
    access: readAccess,
    now,
  });

  type Handler = (args: Record<string, any>, token?: string) => Record<string, any>;
  const handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true, url: 'https://comcell-test.slack.example/', team: 'Comcell Test', user: 'comcell',
      team_id: 'T1', user_id: botUserId, bot_id: 'BBOT', is_enterprise_install: false,
    }),
    'apps.connections.open': (_args, token) => {
      // The app-level token only: Slack refuses a bot token here.
      if (!token?.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      return { ok: true, url: socket.openConnection() };
    },
    'conversations.members': (args) => {
      if (args.channel !== teamChannelId) return { ok: false, error: 'channel_not_found' };
      const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 1000);
      const offset = args.cursor ? decodeCursor(String(args.cursor)) : 0;
      if (offset === undefined) return { ok: false, error: 'invalid_cursor' };
      const page = fake.members.slice(offset, offset + limit);
      const more = offset + limit < fake.members.length;
      return { ok: true, members: page, response_metadata: { next_cursor: more ? encodeCursor(offset + limit) : '' } };
    },
    // conversations.open: `users`, "Comma separated lists of users. If only one user is included, this creates
    // a 1:1 DM" (reference), up to 8 ("too_many_users"); the same conversation each time. Errors:
    // users_list_not_supplied, user_not_found.
    'conversations.open': (args) => {
      if (!args.users) return { ok: false, error: 'users_list_not_supplied' };
      const users = String(args.users).split(',').filter(Boolean);
      if (users.length > 8) return { ok: false, error: 'too_many_users' };
      if (!users.every((u) => /^[UW][A-Z0-9]{2,}$/.test(u))) return { ok: false, error: 'user_not_found' };
      const key = users.join(',');
      const already = directMessages.has(key);
      if (!already) directMessages.set(key, `${users.length === 1 ? 'D' : 'G'}${String(directMessages.size + 1).padStart(10, '0')}`);
      return { ok: true, ...(already ? { already_open: true } : {}), channel: { id: directMessages.get(key)! } };
    },
    'chat.postMessage': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      const access = postAccess(String(args.channel));
      if (access !== 'member') return { ok: false, error: access };
      const checked = messageRefusal('chat.postMessage', args);
      if (isRefusal(checked)) return checked;
      const message = post({ ...args, channel: String(args.channel) });
      const { channel, ...visible } = message;
      return { ok: true, channel, ts: message.ts, message: visible };
    },
    'chat.update': (args) => {
      const message = fake.message(String(args.channel), String(args.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      const checked = messageRefusal('chat.update', args);
      if (isRefusal(checked)) return checked;
      // "If you don't include this field, the message's previous metadata will be retained" (and so the blocks).
      for (const field of ['text', 'blocks', 'attachments', 'metadata']) {
        if (args[field] !== undefined) message[field] = args[field];
      }
      message.edited = { user: botUserId, ts: nextTs() };
      const { channel, ...visible } = message;
      return { ok: true, channel, ts: message.ts, text: message.text, message: visible };
    },
    'chat.postEphemeral': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      if (!args.user) return { ok: false, error: 'user_not_found' };
      const access = postAccess(String(args.channel));
      if (access !== 'member') return { ok: false, error: access };
      // Slack refuses ephemerals to someone outside the channel; the team channel is the one we model.
      if (args.channel === teamChannelId && !fake.members.includes(String(args.user))) {
        return { ok: false, error: 'user_not_in_channel' };
      }
      const checked = messageRefusal('chat.postEphemeral', args);
      if (isRefusal(checked)) return checked;
      const message_ts = nextTs();
      fake.ephemerals.push({ ...args, message_ts });
      return { ok: true, message_ts };
    },
    'chat.getPermalink': (args) => {
      const message = fake.message(String(args.channel), String(args.message_ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      return {
        ok: true, channel: message.channel,
        permalink: `https://slack.example/archives/${message.channel}/p${message.ts.replace('.', '')}`,
      };
    },
    'reactions.get': (args) => {
      // Slack names the argument `timestamp` here, not `ts`.
      if (!args.channel || !args.timestamp) return { ok: false, error: 'no_item_specified' };
      const channel = String(args.channel);
      const ts = String(args.timestamp);
      const stored = reactions.get(key(channel, ts)) ?? [];
      const message = fake.message(channel, ts);
      if (!message && stored.length === 0) return { ok: false, error: 'message_not_found' };
      const body: Record<string, any> = { type: 'message', text: message?.text ?? '', user: message?.user, ts };
      // Slack omits `reactions` entirely when a message has none.
      if (stored.length > 0) {
        body.reactions = stored.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
      }
      return { ok: true, type: 'message', channel, message: body };
    },
    'users.info': (args) => {
      if (!args.user) return { ok: false, error: 'user_not_found' };
      const id = String(args.user);
      const name = options.names?.[id] ?? (id === botUserId ? 'comcell' : id.toLowerCase());
      return {
        ok: true,
        user: {
          id, team_id: 'T1', name, real_name: name, deleted: false, is_bot: id === botUserId,
          tz: 'Europe/Paris', profile: { display_name: name, real_name: name },
        },
      };
    },
    ...views.handlers,
    ...files.handlers,
    ...history,
  };

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) return sendJson(res, status, body, headers);
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  }

  function refused(target: string, args: Record<string, any>, answer: Record<string, any>) {
    if (answer.ok === false) fake.refusals.push({ target, args, answer: answer as Refusal });
  }

  /**
   * What a message, an ephemeral or a view was sent as, byte for byte, beside its readable copy: a property
   * left out of enumeration, so tests comparing what Slack shows see only the readable fields.
   */
  function keepSent(method: string, sent: Record<string, any>, result: Record<string, any>) {
    const shown = { text: sent.text, blocks: sent.blocks, attachments: sent.attachments };
    if (method === 'chat.postMessage' || method === 'chat.update') {
      const message = fake.message(String(result.channel), String(result.ts));
      if (message) hidden(message, 'sent', shown);
    } else if (method === 'chat.postEphemeral') {
      const ephemeral = fake.ephemerals.at(-1);
      if (ephemeral) hidden(ephemeral, 'sent', shown);
    } else if (method.startsWith('views.')) {
      const view = fake.views.at(-1);
      if (view) hidden(view, 'sent', sent.view);
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const receivedAt = performance.now();
    const requestUrl = new URL(req.url ?? '/', fake.origin);
    const path = requestUrl.pathname;

    if (req.method === 'GET' && path.startsWith('/files-pri/')) {
      const file = files.download(path, req.headers.authorization);
      return send(res, 200, file.body, { 'content-type': file.type });
    }

    const body = await readBody(req);
    if (req.method === 'POST' && path.startsWith('/upload/v1/')) {
      const fault = faults.take('upload_url');
      if (fault && !fault.applied) return deliverFault(req, res, fault);
      const result = files.upload(path.slice('/upload/v1/'.length), body, req.headers['content-type'] ?? '');
      return fault ? deliverFault(req, res, fault) : send(res, result.status, result.text);
    }

    if (path.startsWith('/response/')) {
      // Bolt's respond() posts JSON.
      const decoded = readable(parseBody(body, req.headers['content-type'] ?? 'application/json') ?? {});
      const fault = faults.take('response_url');
      if (fault && !fault.applied) return deliverFault(req, res, fault);
      // A response URL works like an incoming webhook, which refuses a bad payload with an HTTP 400 naming the
      // error (reported, e.g. kanbn/kan#453). Not documented for response URLs: strict, a refusal a client sees.
      const checked = messageRefusal('response_url', decoded);
      if (isRefusal(checked)) {
        refused('response_url', decoded, checked);
        return fault ? deliverFault(req, res, fault) : send(res, 400, checked.error);
      }
      fake.responses.push(hidden({ url: `${fake.origin}${req.url}`, body: decoded }, 'raw', parseBody(body, req.headers['content-type'] ?? 'application/json')));
      return fault ? deliverFault(req, res, fault) : send(res, 200, { ok: true });
    }

    if (!path.startsWith('/api/')) return send(res, 404, 'not found');
    const method = path.slice('/api/'.length);
    const raw = { ...Object.fromEntries(requestUrl.searchParams), ...parseBody(body, req.headers['content-type']) };
    const header = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = header?.[1] ?? (typeof raw.token === 'string' ? raw.token : undefined);
    delete raw.token;
    const sent = decodeArgs(raw);
    // Checked and shown with ordinary spaces (readable.ts); `raw` keeps the bytes sent.
    const args = readable(sent);
    const call: SlackCall = token === undefined ? { method, args, raw: sent, receivedAt } : { method, args, raw: sent, token, receivedAt };
    fake.calls.push(call);

    const hold = holds.get(method)?.shift();
    if (hold) await hold;
    const fault = faults.take(method);
    if (fault) call.fault = fault;
    if (fault && !fault.applied) return deliverFault(req, res, fault);
    if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
    const handler = handlers[method];
    const needed = SCOPES[method];
    const result = !handler
      ? { ok: false, error: 'unknown_method' }
      : options.scopes && token.startsWith('xoxb-') && needed && !needed.some((s) => options.scopes!.includes(s))
        ? { ok: false, error: 'missing_scope', needed: needed.join(','), provided: options.scopes.join(',') }
        : handler(args, token);
    refused(method, args, result);
    if (result.ok) keepSent(method, sent, result);
    // "Done, then the answer lost": the handler ran (the message is posted), the client hears the fault.
    if (fault) return deliverFault(req, res, fault);
    send(res, 200, result);
  }

  const server = await startLoopbackServer(handle, (res, error) =>
    send(res, 200, { ok: false, error: 'invalid_arguments', detail: String(error) }),
  );
  const origin = server.origin;

  const fake: FakeSlack = {
    socket,
    url: `${origin}/api/`,
    origin,
    members: [...(options.members ?? [])],
    calls: [],
    messages: [],
    ephemerals: [],
    views: [],
    responses: [],
    refusals: [],
    callsTo: (method) => fake.calls.filter((call) => call.method === method),
    directMessage: (user) => directMessages.get(user),
    message: (channel, ts) => fake.messages.find((m) => m.channel === channel && m.ts === ts),
    setReactions(channel, ts, list) {
      reactions.set(key(channel, ts), list.map((r) => ({ name: r.name, users: [...r.users] })));
    },
    addReaction(channel, ts, name, user) {
      const list = reactions.get(key(channel, ts)) ?? [];
      const entry = list.find((r) => r.name === name);
      if (!entry) list.push({ name, users: [user] });
      else if (!entry.users.includes(user)) entry.users.push(user);
      reactions.set(key(channel, ts), list);
    },
    removeReaction(channel, ts, name, user) {
      const list = (reactions.get(key(channel, ts)) ?? [])
        .map((r) => (r.name === name ? { name, users: r.users.filter((u) => u !== user) } : r))
        .filter((r) => r.users.length > 0);
      reactions.set(key(channel, ts), list);
    },
    registerFile: (file) => files.register(file),
    newTriggerId: () => triggers.issue(),
    failNext: (target, fault) => faults.failNext(target, fault),
    holdNext(method) {
      let release!: () => void;
      holds.set(method, [...(holds.get(method) ?? []), new Promise<void>((resolve) => (release = resolve))]);
      return () => release();
    },
    outage: (fault, targets) => faults.outage(fault, targets),
    restore: () => faults.restore(),
    reset() {
      fake.calls.length = 0;
      fake.messages.length = 0;
      fake.ephemerals.length = 0;
      fake.views.length = 0;
      fake.responses.length = 0;
      fake.refusals.length = 0;
      reactions.clear();
      directMessages.clear();
      files.clear();
      views.clear();
      triggers.clear();
      faults.clear();
      fake.socket.envelopes.length = 0;
      fake.socket.acks.length = 0;
    },
    close: async () => {
      await Promise.all([server.close(), socket.close()]);
    },
  };
  return fake;
}
