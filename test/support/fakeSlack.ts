/**
 * A fake Slack Web API on a real loopback HTTP server, so the real Bolt app and its
 * real WebClient can be driven end to end (`clientOptions.slackApiUrl = fake.url`).
 * It answers like Slack does (HTTP 200 with `ok: false` for API errors), keeps the
 * state tests assert on, and lets tests inject failures one call at a time.
 */
import type http from 'node:http';
import { type FakeSocketMode, startFakeSocketMode } from './fakeSocketMode.js';
import { parseBody, readBody, sendJson, startLoopbackServer } from './loopbackServer.js';

export type { FakeSocketMode, SocketAck, SocketEnvelope, SocketSendOptions } from './fakeSocketMode.js';

export interface SlackCall {
  method: string;
  args: Record<string, any>;
  token?: string;
  /** `performance.now()` in this process when the call arrived (benchmarks measure against it). */
  receivedAt?: number;
}

/** A message the bot posted, in its current state (updates are applied in place). */
export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: any[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  [key: string]: any;
}

export type SlackFailure = { error: string } | { status: number; headers?: Record<string, string> };

export interface FakeFile {
  id: string;
  name: string;
  mimetype: string;
  content: Buffer | string;
}

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
  views: Array<{ method: string; id: string; view: any; args: Record<string, any> }>;
  responses: Array<{ url: string; body: any }>;
  callsTo(method: string): SlackCall[];
  message(channel: string, ts: string): FakeMessage | undefined;
  setReactions(channel: string, ts: string, reactions: Array<{ name: string; users: string[] }>): void;
  addReaction(channel: string, ts: string, name: string, user: string): void;
  removeReaction(channel: string, ts: string, name: string, user: string): void;
  registerFile(file: FakeFile): Record<string, any>;
  /** One-shot, queued per method; `'response_url'` targets the `/response/...` route. */
  failNext(method: string, failure: SlackFailure): void;
  /**
   * Holds the answer to the next call of `method` until the returned function is called: a slow Slack,
   * with no clock in it. The call is recorded when it arrives.
   */
  holdNext(method: string): () => void;
  reset(): void;
  close(): Promise<void>;
}

// The WebClient form-encodes every argument, so objects arrive as JSON strings and
// booleans as "true"/"false": decode them so tests can assert on real values.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];
const BOOLEAN_ARGS = [
  'reply_broadcast', 'unfurl_links', 'unfurl_media', 'mrkdwn', 'as_user', 'link_names', 'full',
  'include_locale', 'exclude_archived', 'replace_original', 'delete_original',
];

function decodeArgs(raw: Record<string, any>): Record<string, any> {
  const args = { ...raw };
  for (const key of JSON_ARGS) {
    if (typeof args[key] === 'string') {
      try {
        args[key] = JSON.parse(args[key]);
      } catch {
        // Leave it as sent: a test asserting on it will show what the bot sent.
      }
    }
  }
  for (const key of BOOLEAN_ARGS) {
    if (args[key] === 'true') args[key] = true;
    if (args[key] === 'false') args[key] = false;
  }
  return args;
}

const encodeCursor = (offset: number) => Buffer.from(`members:${offset}`).toString('base64');
function decodeCursor(cursor: string): number | undefined {
  const match = /^members:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

export async function startFakeSlack(
  options: { members?: string[]; botUserId?: string; teamChannelId?: string } = {},
): Promise<FakeSlack> {
  const botUserId = options.botUserId ?? 'UBOT';
  const teamChannelId = options.teamChannelId ?? 'CTEAM';
  const reactions = new Map<string, Array<{ name: string; users: string[] }>>();
  const files = new Map<string, FakeFile>();
  const failures = new Map<string, SlackFailure[]>();
  const holds = new Map<string, Array<Promise<void>>>();
  // Counters survive reset() so timestamps and ids stay unique for the server's life.
  let tsCounter = 0;
  let viewCounter = 0;
  const homeViewIds = new Map<string, string>();
  const viewsById = new Map<string, any>();

  // Socket Mode: a WebSocket server of its own, on another loopback port.
  const socket = await startFakeSocketMode();

  const nextTs = () => `${1700000000 + ++tsCounter}.000100`;
  const key = (channel: string, ts: string) => `${channel}/${ts}`;
  const fileUrl = (f: FakeFile) => `${fake.origin}/files-pri/${f.id}/${encodeURIComponent(f.name)}`;
  const fileObject = (f: FakeFile) => ({
    id: f.id, name: f.name, title: f.name, mimetype: f.mimetype, filetype: f.mimetype.split('/')[1],
    size: Buffer.byteLength(f.content), url_private: fileUrl(f), url_private_download: fileUrl(f),
  });
  const botMessageFields = { type: 'message', user: botUserId, bot_id: 'BBOT', app_id: 'A1', team: 'T1' };

  function storeView(method: string, id: string, view: any, args: Record<string, any>) {
    const stored = {
      ...view, id, team_id: 'T1', app_id: 'A1', bot_id: 'BBOT', root_view_id: id,
      previous_view_id: null, state: { values: {} }, hash: `${Date.now()}.${id}`,
    };
    viewsById.set(id, stored);
    fake.views.push({ method, id, view, args });
    return { ok: true, view: stored };
  }

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
    'chat.postMessage': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      if (!args.text && !args.blocks && !args.attachments) return { ok: false, error: 'no_text' };
      const ts = nextTs();
      const message: FakeMessage = { ...botMessageFields, ...args, channel: String(args.channel), ts };
      fake.messages.push(message);
      const { channel, ...visible } = message;
      return { ok: true, channel, ts, message: visible };
    },
    'chat.update': (args) => {
      const message = fake.message(String(args.channel), String(args.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
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
      // Slack refuses ephemerals to someone outside the channel; the team channel is the one we model.
      if (args.channel === teamChannelId && !fake.members.includes(String(args.user))) {
        return { ok: false, error: 'user_not_in_channel' };
      }
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
    'views.open': (args) => {
      if (!args.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
      if (!args.view) return { ok: false, error: 'invalid_arguments' };
      return storeView('views.open', `V${String(++viewCounter).padStart(8, '0')}`, args.view, args);
    },
    'views.update': (args) => {
      const id = args.view_id ? String(args.view_id) : undefined;
      if (!id || !viewsById.has(id)) return { ok: false, error: 'not_found' };
      return storeView('views.update', id, args.view, args);
    },
    'views.publish': (args) => {
      if (!args.user_id) return { ok: false, error: 'invalid_arguments' };
      const user = String(args.user_id);
      const id = homeViewIds.get(user) ?? `V${String(++viewCounter).padStart(8, '0')}`;
      homeViewIds.set(user, id);
      return storeView('views.publish', id, args.view, args);
    },
    'users.info': (args) => {
      if (!args.user) return { ok: false, error: 'user_not_found' };
      const id = String(args.user);
      const name = id === botUserId ? 'comcell' : id.toLowerCase();
      return {
        ok: true,
        user: {
          id, team_id: 'T1', name, real_name: name, deleted: false, is_bot: id === botUserId,
          tz: 'Europe/Paris', profile: { display_name: name, real_name: name },
        },
      };
    },
    'files.info': (args) => {
      const file = files.get(String(args.file));
      return file ? { ok: true, file: fileObject(file) } : { ok: false, error: 'file_not_found' };
    },
  };

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (typeof body !== 'string') return sendJson(res, status, body, headers);
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(body);
  }

  function takeFailure(name: string): SlackFailure | undefined {
    return failures.get(name)?.shift();
  }

  function sendFailure(res: http.ServerResponse, failure: SlackFailure) {
    if ('error' in failure) return send(res, 200, { ok: false, error: failure.error });
    const body = failure.status === 429 ? { ok: false, error: 'ratelimited' } : 'fake Slack failure';
    send(res, failure.status, body, failure.headers);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const receivedAt = performance.now();
    const requestUrl = new URL(req.url ?? '/', fake.origin);
    const path = requestUrl.pathname;

    if (req.method === 'GET' && path.startsWith('/files-pri/')) {
      const file = files.get(decodeURIComponent(path.split('/')[2] ?? ''));
      // Without a token Slack serves its login page with a 200, not an error.
      if (!file || !/^Bearer \S+/.test(req.headers.authorization ?? '')) {
        return send(res, 200, '<!DOCTYPE html><html>sign in</html>', { 'content-type': 'text/html' });
      }
      res.writeHead(200, { 'content-type': file.mimetype });
      return res.end(file.content);
    }

    const body = await readBody(req);
    if (path.startsWith('/response/')) {
      // Bolt's respond() posts JSON; record whatever came, decoded.
      const decoded = parseBody(body, req.headers['content-type'] ?? 'application/json') ?? {};
      fake.responses.push({ url: `${fake.origin}${req.url}`, body: decoded });
      const failure = takeFailure('response_url');
      return failure ? sendFailure(res, failure) : send(res, 200, { ok: true });
    }

    if (!path.startsWith('/api/')) return send(res, 404, 'not found');
    const method = path.slice('/api/'.length);
    const raw = { ...Object.fromEntries(requestUrl.searchParams), ...parseBody(body, req.headers['content-type']) };
    const header = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const token = header?.[1] ?? (typeof raw.token === 'string' ? raw.token : undefined);
    delete raw.token;
    const args = decodeArgs(raw);
    fake.calls.push(token === undefined ? { method, args, receivedAt } : { method, args, token, receivedAt });

    const hold = holds.get(method)?.shift();
    if (hold) await hold;
    const failure = takeFailure(method);
    if (failure) return sendFailure(res, failure);
    if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
    const handler = handlers[method];
    send(res, 200, handler ? handler(args, token) : { ok: false, error: 'unknown_method' });
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
    callsTo: (method) => fake.calls.filter((call) => call.method === method),
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
    registerFile(file) {
      files.set(file.id, file);
      return fileObject(file);
    },
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    holdNext(method) {
      let release!: () => void;
      holds.set(method, [...(holds.get(method) ?? []), new Promise<void>((resolve) => (release = resolve))]);
      return () => release();
    },
    reset() {
      fake.calls.length = 0;
      fake.messages.length = 0;
      fake.ephemerals.length = 0;
      fake.views.length = 0;
      fake.responses.length = 0;
      reactions.clear();
      files.clear();
      failures.clear();
      holds.clear();
      fake.socket.envelopes.length = 0;
      fake.socket.acks.length = 0;
    },
    close: async () => {
      await Promise.all([server.close(), socket.close()]);
    },
  };
  return fake;
}
