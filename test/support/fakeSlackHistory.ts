/**
 * conversations.history and conversations.replies over the messages the fake holds, as Slack answers them
 * (https://docs.slack.dev/reference/methods/conversations.history and .../conversations.replies): newest
 * first in history, a thread's parent then its replies oldest first in replies, `oldest`/`latest`
 * exclusive unless `inclusive`, cursor pagination with `has_more` and `response_metadata.next_cursor`,
 * metadata only with `include_all_metadata`. A thread reply shows in history only when it was broadcast
 * (`reply_broadcast`), as a `thread_broadcast` message.
 */
import type { FakeMessage } from './fakeSlack.js';

export type ChannelAccess = 'member' | 'not_in_channel' | 'channel_not_found';

export interface HistoryStore {
  messages: FakeMessage[];
  access(channel: string): ChannelAccess;
  /** Epoch milliseconds: `latest` defaults to now. */
  now(): number;
}

type Handler = (args: Record<string, any>) => Record<string, any>;

const tsNumber = (ts: string) => Number(ts);
const validTs = (v: unknown) => typeof v === 'string' && /^\d+(\.\d+)?$/.test(v);
const missing = (field: string) => ({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] missing required field: ${field}`] } });

// Slack's cursors are opaque base64 ("bmV4dF90czoxNTEyMDg1ODYxMDAwNTQz" decodes to "next_ts:1512085861000543").
const encodeCursor = (ts: string) => Buffer.from(`next_ts:${ts}`).toString('base64');
function decodeCursor(cursor: unknown): string | undefined {
  const m = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(String(cursor), 'base64').toString('utf8'));
  return m?.[1];
}

const isReply = (m: FakeMessage) => m.thread_ts !== undefined && m.thread_ts !== m.ts;
const isBroadcast = (m: FakeMessage) => isReply(m) && m.reply_broadcast === true;

/** A message as Slack returns it to a reader: no call arguments, thread fields where they belong. */
export function messageObject(m: FakeMessage, all: FakeMessage[], withMetadata: boolean): Record<string, any> {
  const out: Record<string, any> = {
    type: 'message', ...(m.subtype ? { subtype: m.subtype } : {}), ...(isBroadcast(m) ? { subtype: 'thread_broadcast' } : {}),
    user: m.user, ...(m.bot_id ? { bot_id: m.bot_id, app_id: m.app_id } : {}), team: m.team, text: m.text ?? '', ts: m.ts,
  };
  for (const field of ['blocks', 'attachments', 'files', 'upload', 'edited'] as const) {
    if (m[field] !== undefined) out[field] = m[field];
  }
  if (isReply(m)) {
    out.thread_ts = m.thread_ts;
    const parent = all.find((p) => p.channel === m.channel && p.ts === m.thread_ts);
    if (parent) out.parent_user_id = parent.user;
  } else {
    const replies = all.filter((r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts);
    if (replies.length > 0) {
      const users = [...new Set(replies.map((r) => r.user as string))];
      Object.assign(out, { thread_ts: m.ts, reply_count: replies.length, reply_users_count: users.length, reply_users: users, latest_reply: replies.at(-1)!.ts });
    }
  }
  if (withMetadata && m.metadata !== undefined) out.metadata = m.metadata;
  return out;
}

interface Window {
  oldest: number;
  latest: number;
  inclusive: boolean;
  limit: number;
}

function window(args: Record<string, any>, now: number, maxLimit: number, defaultLimit: number): Window | Record<string, any> {
  if (args.oldest !== undefined && !validTs(args.oldest)) return { ok: false, error: 'invalid_ts_oldest' };
  if (args.latest !== undefined && !validTs(args.latest)) return { ok: false, error: 'invalid_ts_latest' };
  const asked = Number(args.limit);
  return {
    oldest: args.oldest !== undefined ? Number(args.oldest) : 0,
    latest: args.latest !== undefined ? Number(args.latest) : now / 1000,
    // "Ignored unless either timestamp is specified."
    inclusive: (args.inclusive === true || args.inclusive === 'true' || args.inclusive === '1') && (args.oldest !== undefined || args.latest !== undefined),
    // history: "Maximum of 999", default 100; replies: 1..1000, default 1000. Out-of-range asks are clamped.
    limit: Number.isInteger(asked) && asked >= 1 ? Math.min(asked, maxLimit) : defaultLimit,
  };
}

const inWindow = (w: Window) => (m: FakeMessage) => {
  const t = tsNumber(m.ts);
  return w.inclusive ? t >= w.oldest && t <= w.latest : t > w.oldest && t < w.latest;
};

function page(list: FakeMessage[], limit: number) {
  const shown = list.slice(0, limit);
  const next = list[limit];
  return { shown, has_more: next !== undefined, ...(next ? { response_metadata: { next_cursor: encodeCursor(next.ts) } } : {}) };
}

const truthy = (v: unknown) => v === true || v === 'true' || v === '1';

export function historyHandlers(store: HistoryStore): Record<string, Handler> {
  function checked(args: Record<string, any>) {
    if (!args.channel) return { error: missing('channel') };
    const access = store.access(String(args.channel));
    if (access !== 'member') return { error: { ok: false, error: access } };
    if (args.cursor !== undefined && args.cursor !== '' && decodeCursor(args.cursor) === undefined) return { error: { ok: false, error: 'invalid_cursor' } };
    return { channel: String(args.channel), from: args.cursor ? decodeCursor(args.cursor) : undefined };
  }

  return {
    'conversations.history': (args) => {
      const c = checked(args);
      if (c.error) return c.error;
      const w = window(args, store.now(), 999, 100);
      if ('ok' in w) return w;
      const list = store.messages
        .filter((m) => m.channel === c.channel && (!isReply(m) || isBroadcast(m)))
        .filter(inWindow(w as Window))
        .filter((m) => c.from === undefined || tsNumber(m.ts) <= tsNumber(c.from))
        .sort((a, b) => tsNumber(b.ts) - tsNumber(a.ts));
      const { shown, ...rest } = page(list, (w as Window).limit);
      const withMetadata = truthy(args.include_all_metadata);
      return { ok: true, messages: shown.map((m) => messageObject(m, store.messages, withMetadata)), pin_count: 0, ...rest };
    },

    'conversations.replies': (args) => {
      const c = checked(args);
      if (c.error) return c.error;
      // "ts must be the timestamp of an existing message with 0 or more replies" (a parent or a reply).
      const asked = store.messages.find((m) => m.channel === c.channel && m.ts === String(args.ts ?? ''));
      const parentTs = asked ? (isReply(asked) ? asked.thread_ts! : asked.ts) : undefined;
      const parent = store.messages.find((m) => m.channel === c.channel && m.ts === parentTs);
      if (!parent) return { ok: false, error: 'thread_not_found' };
      const w = window(args, store.now(), 1000, 1000);
      if ('ok' in w) return w;
      const replies = store.messages
        .filter((m) => m.channel === c.channel && m.thread_ts === parent.ts && m.ts !== parent.ts)
        .filter(inWindow(w as Window))
        .sort((a, b) => tsNumber(a.ts) - tsNumber(b.ts));
      // The parent leads the first page only; a continuation page starts at its cursor.
      const list = c.from === undefined ? [parent, ...replies] : replies.filter((m) => tsNumber(m.ts) >= tsNumber(c.from!));
      const { shown, ...rest } = page(list, (w as Window).limit);
      const withMetadata = truthy(args.include_all_metadata);
      return { ok: true, messages: shown.map((m) => messageObject(m, store.messages, withMetadata)), ...rest };
    },
  };
}
