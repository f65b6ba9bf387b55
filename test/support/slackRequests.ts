import { readable } from './readable.js';
/**
 * Sends requests to the bot's `POST /slack/events` exactly as Slack would: same
 * content types, same field names, signed with the signing secret. Bolt verifies
 * the signature over the raw body and rejects `application/x-www-form-urlencoded`
 * with a charset appended, so bodies are built here byte for byte.
 */
import { createHmac } from 'node:crypto';

export interface SlackHttpResult {
  status: number;
  text: string;
  /** The body as the bot sent it. */
  raw?: string;
  json?: any;
}

export interface SenderOptions {
  /** e.g. `http://127.0.0.1:PORT/slack/events` */
  botUrl: string;
  signingSecret: string;
  /** Origin of the fake Slack: slash commands' `response_url`s point at `${responseBase}/response/...`. */
  responseBase?: string;
  teamChannelId?: string;
  /** Epoch milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /** Where trigger ids come from: the fake Slack's `newTriggerId`, so that views.open accepts them. */
  triggerId?: () => string;
}

export interface RawOptions {
  /** Seconds; defaults to now. An old value makes the request stale. */
  timestamp?: number;
  badSignature?: boolean;
  unsigned?: boolean;
  contentType?: string;
}

const FORM = 'application/x-www-form-urlencoded';

/** Slack's signature: `v0=` + hex HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`). */
export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** What Slack does to user text before sending it in a command (`&`, `<`, `>` become entities). */
export function escapeLikeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface PayloadOptions {
  /** Origin of the fake Slack: slash commands' `response_url`s point at `${responseBase}/response/...`. */
  responseBase?: string;
  teamChannelId?: string;
  /** Epoch milliseconds; defaults to `Date.now`. */
  now?: () => number;
  /**
   * Where trigger ids come from: the fake Slack's `newTriggerId`, so that views.open accepts them (Slack
   * refuses a trigger id it did not issue). Without it, ids of Slack's shape that no fake knows.
   */
  triggerId?: () => string;
}

/**
 * What Slack sends, as objects: the fields of a slash command, the body of an event callback, the
 * payload of an interaction. Over HTTP they are form-encoded or JSON (`slackSender`); in Socket Mode
 * each one is an envelope's `payload` as it is.
 */
/** Slack's event ids are unique in a workspace: shared by every sender, so a restarted bot's new sender never reuses one. */
let eventCounter = 0;

export function slackPayloads(opts: PayloadOptions = {}) {
  const now = opts.now ?? Date.now;
  const channel = opts.teamChannelId ?? 'CTEAM';
  const responseBase = opts.responseBase ?? 'http://127.0.0.1:9';
  let counter = 0;
  const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;
  const eventTs = () => `${Math.floor(now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: 'T1' });
  const newTriggerId = opts.triggerId ?? (() => `${++counter}.${Math.floor(now() / 1000)}.${unique()}`);

  /** A slash command's fields, all strings as Slack sends them, with its response_url and trigger_id. */
  function command(userId: string, name: string, text: string, extra: Record<string, string> = {}) {
    const responseUrl = `${responseBase}/response/${unique()}`;
    const triggerId = newTriggerId();
    const fields: Record<string, string> = {
      token: 'legacy-verification-token', team_id: 'T1', team_domain: 'comcell-test',
      channel_id: channel, channel_name: 'cellule-com', user_id: userId, user_name: userId.toLowerCase(),
      command: name.startsWith('/') ? name : `/${name}`, text, api_app_id: 'A1',
      is_enterprise_install: 'false', response_url: responseUrl, trigger_id: triggerId, ...extra,
    };
    return { fields, responseUrl, triggerId };
  }

  /** An `event_callback` body around `inner`. */
  function event(inner: Record<string, any>, extra: { eventId?: string } = {}): Record<string, any> {
    return {
      token: 'legacy-verification-token', team_id: 'T1', api_app_id: 'A1', type: 'event_callback',
      event_id: extra.eventId ?? `Ev${String(++eventCounter).padStart(8, '0')}`,
      event_time: Math.floor(now() / 1000), event: inner,
      authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
  }

  const reaction = (type: 'reaction_added' | 'reaction_removed') =>
    (userId: string, name: string, inChannel: string, ts: string) => ({
      type, user: userId, reaction: name, item: { type: 'message', channel: inChannel, ts },
      item_user: 'UBOT', event_ts: eventTs(),
    });
  const membership = (type: 'member_joined_channel' | 'member_left_channel') =>
    (userId: string, inChannel: string) => ({ type, user: userId, channel: inChannel, channel_type: 'C', team: 'T1', event_ts: eventTs() });

  return {
    command,
    event,
    /** The inner events, to wrap with `event(...)`. */
    reactionAdded: reaction('reaction_added'),
    reactionRemoved: reaction('reaction_removed'),
    memberJoined: membership('member_joined_channel'),
    memberLeft: membership('member_left_channel'),
    appHomeOpened: (userId: string) => ({ type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: eventTs() }),

    /** A button press on a message, shaped like Slack's `block_actions` payload. */
    blockAction(userId: string, action: { action_id: string; value?: string; block_id?: string },
      where: { channel?: string; messageTs: string; message?: Record<string, any> }) {
      const inChannel = where.channel ?? channel;
      return {
        type: 'block_actions', user: user(userId), api_app_id: 'A1', token: 'legacy-verification-token',
        container: { type: 'message', message_ts: where.messageTs, channel_id: inChannel, is_ephemeral: false },
        trigger_id: newTriggerId(), team: { id: 'T1', domain: 'comcell-test' },
        enterprise: null, is_enterprise_install: false, channel: { id: inChannel, name: 'cellule-com' },
        message: where.message ?? { type: 'message', ts: where.messageTs, user: 'UBOT', text: '' },
        state: { values: {} }, response_url: `${responseBase}/response/${unique()}`,
        actions: [{
          type: 'button', block_id: action.block_id ?? 'actions', action_id: action.action_id,
          text: { type: 'plain_text', text: action.action_id }, value: action.value, action_ts: eventTs(),
        }],
      };
    },

    /** A modal submitted by a user: `view` needs at least `callback_id` and `state.values`. */
    viewSubmission(userId: string, view: Record<string, any>) {
      return {
        type: 'view_submission', team: { id: 'T1', domain: 'comcell-test' }, user: user(userId),
        api_app_id: 'A1', token: 'legacy-verification-token', trigger_id: newTriggerId(),
        view: {
          id: 'VSUBMITTED', team_id: 'T1', type: 'modal', private_metadata: '', state: { values: {} }, hash: '1.x',
          ...view,
        },
        response_urls: [], is_enterprise_install: false, enterprise: null,
      };
    },
  };
}

export type SlackPayloads = ReturnType<typeof slackPayloads>;

export function slackSender(opts: SenderOptions) {
  const now = opts.now ?? Date.now;
  const payloads = slackPayloads(opts);

  async function raw(body: string, headers: Record<string, string> = {}, options: RawOptions = {}): Promise<SlackHttpResult> {
    const timestamp = options.timestamp ?? Math.floor(now() / 1000);
    const guessed = body.trimStart().startsWith('{') ? 'application/json' : FORM;
    const contentType = options.contentType ?? headers['content-type'] ?? guessed;
    const signed: Record<string, string> = { ...headers, 'content-type': contentType };
    if (!options.unsigned) {
      const secret = options.badSignature ? `${opts.signingSecret}-wrong` : opts.signingSecret;
      signed['x-slack-request-timestamp'] = String(timestamp);
      signed['x-slack-signature'] = signSlackRequest(secret, timestamp, body);
    }
    const response = await fetch(opts.botUrl, { method: 'POST', headers: signed, body });
    // What the bot answered, with no-break spaces as ordinary ones (readable.ts); `raw` keeps its bytes.
    const raw = await response.text();
    const text = readable(raw);
    const result: SlackHttpResult = { status: response.status, text, raw };
    if ((response.headers.get('content-type') ?? '').includes('json') || /^[{[]/.test(text)) {
      try {
        result.json = JSON.parse(text);
      } catch {
        // Not JSON after all: `text` has it.
      }
    }
    return result;
  }

  const form = (fields: Record<string, string>) => raw(new URLSearchParams(fields).toString(), { 'content-type': FORM });

  async function command(userId: string, name: string, text: string, extra: Record<string, string> = {}) {
    const { fields, responseUrl, triggerId } = payloads.command(userId, name, text, extra);
    const result = await form(fields);
    return { ...result, responseUrl, triggerId };
  }

  function event(
    inner: Record<string, any>,
    extra: { eventId?: string; retryNum?: number; retryReason?: string } = {},
  ): Promise<SlackHttpResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (extra.retryNum !== undefined) headers['x-slack-retry-num'] = String(extra.retryNum);
    if (extra.retryReason !== undefined) headers['x-slack-retry-reason'] = extra.retryReason;
    return raw(JSON.stringify(payloads.event(inner, extra)), headers);
  }

  type EventExtra = Parameters<typeof event>[1];
  const reaction = (type: 'reactionAdded' | 'reactionRemoved') =>
    (userId: string, name: string, inChannel: string, ts: string, extra?: EventExtra) =>
      event(payloads[type](userId, name, inChannel, ts), extra);
  const membership = (type: 'memberJoined' | 'memberLeft') =>
    (userId: string, inChannel: string, extra?: EventExtra) => event(payloads[type](userId, inChannel), extra);

  const interaction = (payload: Record<string, any>) => form({ payload: JSON.stringify(payload) });

  return {
    raw,
    command,
    event,
    interaction,
    reactionAdded: reaction('reactionAdded'),
    reactionRemoved: reaction('reactionRemoved'),
    memberJoined: membership('memberJoined'),
    memberLeft: membership('memberLeft'),
    appHomeOpened: (userId: string, extra?: EventExtra) => event(payloads.appHomeOpened(userId), extra),

    /** A button press on a message, shaped like Slack's `block_actions` payload. */
    blockAction(userId: string, action: { action_id: string; value?: string; block_id?: string },
      where: { channel?: string; messageTs: string; message?: Record<string, any> }) {
      return interaction(payloads.blockAction(userId, action, where));
    },

    /** A modal submitted by a user: `view` needs at least `callback_id` and `state.values`. */
    viewSubmission(userId: string, view: Record<string, any>) {
      return interaction(payloads.viewSubmission(userId, view));
    },
  };
}

export type SlackSender = ReturnType<typeof slackSender>;
