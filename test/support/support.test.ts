/**
 * Self-tests of the fakes and the signed-request helper, driven by the real client
 * libraries, so that integration tests built on them can be trusted.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, webApi } from '@slack/bolt';
import { ApiRequestError, ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeSlack, startFakeSlack } from './fakeSlack.js';
import { type FakeX, startFakeX } from './fakeX.js';
import { slackPayloads, slackSender } from './slackRequests.js';
import { waitFor } from './waitFor.js';

// @slack/web-api is not a direct dependency: take the WebClient Bolt re-exports.
const { WebClient } = webApi;

const X_TOKENS = { appKey: 'ck', appSecret: 'cs', accessToken: 'at', accessSecret: 'as' };

function xClient(origin: string, tokens = X_TOKENS) {
  return new TwitterApi(tokens, {
    httpAgent: new http.Agent(),
    plugins: [{
      onBeforeRequestConfig({ params }) {
        params.url = params.url.replace(/^https:\/\/(api|upload)\.x\.com/, origin);
      },
    }],
  });
}

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('fake Slack', () => {
  let slack: FakeSlack;
  let client: InstanceType<typeof WebClient>;
  beforeAll(async () => {
    slack = await startFakeSlack({ members: ['UA', 'UB', 'UC', 'UD', 'UE'] });
    client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  it('answers chat.postMessage and chat.update through the real WebClient, decoding form values', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*#1*' } }];
    const posted = await client.chat.postMessage({ channel: 'CTEAM', text: 'hello', blocks });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    const reply = await client.chat.postMessage({ channel: 'CTEAM', text: 'r', thread_ts: posted.ts!, reply_broadcast: true });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));

    const [first, second] = slack.callsTo('chat.postMessage');
    expect(first).toMatchObject({ token: 'xoxb-test', args: { channel: 'CTEAM', text: 'hello', blocks } });
    expect(second!.args).toMatchObject({ thread_ts: posted.ts, reply_broadcast: true });

    await client.chat.update({ channel: 'CTEAM', ts: posted.ts!, text: 'edited' });
    expect(slack.message('CTEAM', posted.ts!)).toMatchObject({ text: 'edited', blocks });
    const link = await client.chat.getPermalink({ channel: 'CTEAM', message_ts: posted.ts! });
    expect(link.permalink).toBe(`https://slack.example/archives/CTEAM/p${posted.ts!.replace('.', '')}`);
    const missing = await failure(client.chat.update({ channel: 'CTEAM', ts: '1.2', text: 'x' }));
    expect(missing.data.error).toBe('message_not_found');
  });

  it('paginates conversations.members and refuses other channels', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.conversations.members({ channel: 'CTEAM', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.members!);
      cursor = page.response_metadata?.next_cursor || undefined;
      pages += 1;
    } while (cursor);
    expect({ seen, pages }).toEqual({ seen: ['UA', 'UB', 'UC', 'UD', 'UE'], pages: 3 });
    const other = await failure(client.conversations.members({ channel: 'COTHER' }));
    expect(other.data.error).toBe('channel_not_found');
  });

  it('injects one-shot failures in order, per method', async () => {
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    slack.failNext('chat.postMessage', { status: 500 });
    const first = await failure(client.chat.postMessage({ channel: 'CTEAM', text: 'a' }));
    expect(first.data.error).toBe('channel_not_found');
    const second = await failure(client.chat.postMessage({ channel: 'CTEAM', text: 'a' }));
    expect(second.code).toBe('slack_webapi_http_error');
    await client.chat.postMessage({ channel: 'CTEAM', text: 'a' });
    expect(slack.messages).toHaveLength(1);

    // A 429 makes the WebClient wait Retry-After even with retries: 0, unless told to reject.
    const impatient = new WebClient('xoxb-test', {
      slackApiUrl: slack.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true,
    });
    slack.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '7' } });
    const limited = await failure(impatient.chat.postMessage({ channel: 'CTEAM', text: 'a' }));
    expect({ code: limited.code, retryAfter: limited.retryAfter })
      .toEqual({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
  });

  it('serves reactions.get like Slack, omitting `reactions` when there are none', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'CTEAM', text: 'proposal' });
    const bare = await client.reactions.get({ channel: 'CTEAM', timestamp: ts! });
    expect(bare.message).not.toHaveProperty('reactions');
    slack.setReactions('CTEAM', ts!, [{ name: 'white_check_mark', users: ['UB', 'UC'] }]);
    slack.addReaction('CTEAM', ts!, 'x', 'UD');
    const got = await client.reactions.get({ channel: 'CTEAM', timestamp: ts!, full: true });
    expect(got.message!.reactions).toEqual([
      { name: 'white_check_mark', users: ['UB', 'UC'], count: 2 },
      { name: 'x', users: ['UD'], count: 1 },
    ]);
  });

  it('records views and response_url posts', async () => {
    const modal = (title: string) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text: title }, blocks: [] });
    const opened = await client.views.open({ trigger_id: slack.newTriggerId(), view: modal('T') });
    await client.views.update({ view_id: opened.view!.id!, view: modal('U') });
    expect(slack.views.map((v) => [v.method, v.id, v.view.title.text])).toEqual([
      ['views.open', opened.view!.id, 'T'], ['views.update', opened.view!.id, 'U'],
    ]);
    const res = await fetch(`${slack.origin}/response/abc`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}',
    });
    expect(res.status).toBe(200);
    expect(slack.responses).toEqual([{ url: `${slack.origin}/response/abc`, body: { text: 'hi' } }]);
  });

  it('serves registered files with the bot token, and a login page without it', async () => {
    slack.registerFile({ id: 'F1', name: 'photo.png', mimetype: 'image/png', content: Buffer.from([1, 2, 3]) });
    const { file } = await client.files.info({ file: 'F1' });
    const withToken = await fetch(file!.url_private_download!, { headers: { authorization: 'Bearer xoxb-test' } });
    expect(Buffer.from(await withToken.arrayBuffer())).toEqual(Buffer.from([1, 2, 3]));
    const without = await fetch(file!.url_private_download!);
    expect({ status: without.status, type: without.headers.get('content-type') }).toEqual({ status: 200, type: 'text/html' });
  });
});

describe('fake Slack: Socket Mode', () => {
  let slack: FakeSlack;
  const clients: WebSocket[] = [];
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.terminate();
    slack.reset();
  });
  afterAll(() => slack.close());

  /** A plain `ws` client: connects and resolves with the first message (hello). */
  function connect(url: string): Promise<{ ws: WebSocket; hello: any }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      clients.push(ws);
      ws.once('message', (data) => resolve({ ws, hello: JSON.parse(String(data)) }));
      ws.once('error', reject);
    });
  }

  it('opens a connection only for an app-level token, once per URL, and greets it with hello', async () => {
    const bot = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const refused = await failure(bot.apps.connections.open());
    expect(refused.data).toMatchObject({ ok: false, error: 'not_allowed_token_type' });

    const app = new WebClient('', { slackApiUrl: slack.url, retryConfig: { retries: 0 }, headers: { Authorization: 'Bearer xapp-1-A1-test' } });
    const opened = await app.apps.connections.open();
    expect(opened.url).toMatch(new RegExp(`^${slack.socket.url}\\?ticket=`));
    expect(slack.callsTo('apps.connections.open').at(-1)?.token).toBe('xapp-1-A1-test');

    const { hello } = await connect(opened.url!);
    expect(hello).toMatchObject({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } });
    expect(slack.socket.connections.at(-1)).toMatchObject({ open: true });
    // The same URL a second time is refused at the handshake.
    await expect(connect(opened.url!)).rejects.toThrow(/401/);
  });

  it('sends envelopes and resolves with their acknowledgement, or fails clearly', async () => {
    const app = new WebClient('', { slackApiUrl: slack.url, retryConfig: { retries: 0 }, headers: { Authorization: 'Bearer xapp-1-A1-test' } });
    const { ws } = await connect((await app.apps.connections.open()).url!);
    const received: any[] = [];
    ws.on('message', (data) => {
      const envelope = JSON.parse(String(data));
      received.push(envelope);
      if (envelope.payload.ack !== false) ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { echoed: envelope.type } }));
    });

    const ack = await slack.socket.send('slash_commands', { command: '/tweet' });
    expect(received[0]).toMatchObject({ type: 'slash_commands', payload: { command: '/tweet' }, accepts_response_payload: true });
    expect(ack).toEqual({ envelope_id: received[0].envelope_id, payload: { echoed: 'slash_commands' } });
    await slack.socket.send('events_api', { type: 'event_callback' }, { retryAttempt: 2, retryReason: 'timeout' });
    expect(received[1]).toMatchObject({ accepts_response_payload: false, retry_attempt: 2, retry_reason: 'timeout' });
    expect(new Set(slack.socket.envelopes.map((e) => e.envelope_id)).size).toBe(2);

    await expect(slack.socket.send('interactive', { ack: false }, { timeoutMs: 50 })).rejects.toThrow(/no acknowledgement of interactive envelope/);
    ws.close(1000);
    await waitFor(() => slack.socket.connections.at(-1)?.closeCode === 1000, 'the close');
    await expect(slack.socket.send('events_api', {})).rejects.toThrow(/no Socket Mode connection is open/);
  });
});

describe('fake X', () => {
  let x: FakeX;
  beforeAll(async () => { x = await startFakeX({ keys: X_TOKENS }); });
  afterEach(() => x.reset());
  afterAll(() => x.close());

  it('serves a real twitter-api-v2 client: me, tweet, reply, timeline', async () => {
    const client = xClient(x.origin);
    expect((await client.v2.me()).data).toEqual({ id: '4242', name: 'Cellule com', username: 'GendarmerieTest' });
    const first = await client.v2.tweet({ text: 'Vols & cambriolages https://example.org/a' });
    // A snowflake, as on X: the creation time in its high bits.
    expect(first.data.id).toMatch(/^\d{19}$/);
    // X answers with the text as it stores it: entities escaped, links on t.co.
    expect(first.data.text).toMatch(/^Vols &amp; cambriolages https:\/\/t\.co\/\w{10}$/);
    const second = await client.v2.tweet({ text: 'Fin', reply: { in_reply_to_tweet_id: first.data.id } });
    expect(Number((BigInt(first.data.id) >> 22n) + 1288834974657n)).toBe(Date.parse(x.tweets[0]!.createdAt));
    expect(x.tweets.map((t) => [t.text, t.replyTo])).toEqual([
      ['Vols & cambriolages https://example.org/a', undefined], ['Fin', first.data.id],
    ]);
    expect(x.requestsTo('POST /2/tweets')[0]!.headers.authorization).toMatch(/^OAuth oauth_consumer_key="ck"/);

    const timeline = await client.v2.userTimeline('4242', { max_results: 5, 'tweet.fields': ['created_at'] });
    expect(timeline.tweets.map((t) => t.id)).toEqual([second.data.id, first.data.id]);
    expect(timeline.tweets[0]!.created_at).toBe(x.tweets[1]!.createdAt);
    expect(timeline.meta).toMatchObject({ result_count: 2, newest_id: second.data.id, oldest_id: first.data.id });
    // As on X: optional fields only when asked for, and max_results within 5..100.
    expect((await client.v2.userTimeline('4242', { max_results: 5 })).tweets[0]).not.toHaveProperty('created_at');
    expect((await failure(client.v2.userTimeline('4242', { max_results: 3 }))).code).toBe(400);
  });

  it('surfaces scripted faults as the library reports them', async () => {
    const client = xClient(x.origin);
    x.script('POST /2/tweets', { kind: 'duplicate' }, { kind: 'rateLimited', resetEpochSeconds: 1_900_000_000 });
    const duplicate = await failure(client.v2.tweet({ text: 'same' }));
    expect(duplicate).toBeInstanceOf(ApiResponseError);
    expect({ code: duplicate.code, detail: duplicate.data.detail }).toEqual({
      code: 403, detail: 'You are not allowed to create a Tweet with duplicate content.',
    });
    const limited = await failure(client.v2.tweet({ text: 'same' }));
    expect(limited.rateLimitError).toBe(true);
    expect(limited.rateLimit).toMatchObject({ remaining: 0, reset: 1_900_000_000 });

    x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' });
    const forbidden = await failure(client.v2.userTimeline('4242'));
    expect(forbidden.data.reason).toBe('client-not-enrolled');
    expect(x.tweets).toHaveLength(0);
  });

  it('cutAfterCreate stores the tweet while the client sees a network error', async () => {
    x.script('POST /2/tweets', { kind: 'cutAfterCreate' }, { status: 503, createTweet: true });
    const cut = await failure(xClient(x.origin).v2.tweet({ text: 'accident A9' }));
    expect(cut).toBeInstanceOf(ApiRequestError);
    const unavailable = await failure(xClient(x.origin).v2.tweet({ text: 'accident A9 bis' }));
    expect(unavailable.code).toBe(503);
    expect(x.tweets.map((t) => t.text)).toEqual(['accident A9', 'accident A9 bis']);
  });

  it('close() returns even while a request hangs', async () => {
    const lonely = await startFakeX({ keys: X_TOKENS });
    lonely.script('GET /2/users/me', { kind: 'hang' });
    const pending = failure(xClient(lonely.origin).v2.me());
    await waitFor(() => lonely.requests.length === 1, 'the hanging request to arrive');
    await lonely.close();
    expect(await pending).toBeInstanceOf(ApiRequestError);
  });
});

describe('signed Slack requests', () => {
  it('signs as Slack does (checked independently) and drives the real Bolt app', async () => {
    const slack = await startFakeSlack({ members: ['UA'] });
    const secret = 'shh-signing-secret';
    const app = new App({
      token: 'xoxb-test', signingSecret: secret, logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
    });
    app.command('/duty', async ({ ack, respond, command }) => {
      await ack();
      await respond({ text: `echo ${command.text}` });
    });
    app.event('reaction_added', async ({ event, client }) => {
      await client.reactions.get({ channel: event.item.channel, timestamp: event.item.ts });
    });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as http.Server;
    try {
      const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
      const send = slackSender({ botUrl, signingSecret: secret, responseBase: slack.origin });

      const ok = await send.command('UA', '/duty', 'take');
      expect(ok.status).toBe(200);
      await waitFor(() => slack.responses.find((r) => r.url === ok.responseUrl), 'the respond() post');
      expect(slack.responses[0]!.body).toEqual({ text: 'echo take' });

      slack.setReactions('CTEAM', '1700000001.000100', [{ name: 'white_check_mark', users: ['UA'] }]);
      await send.reactionAdded('UA', 'white_check_mark', 'CTEAM', '1700000001.000100');
      await waitFor(() => slack.callsTo('reactions.get').length === 1, 'the reactions.get call');

      expect((await send.raw('payload=%7B%7D', {}, { badSignature: true })).status).toBe(401);
      const stale = Math.floor(Date.now() / 1000) - 6 * 60;
      expect((await send.raw('{"type":"event_callback"}', {}, { timestamp: stale })).status).toBe(401);
    } finally {
      await app.stop();
      await slack.close();
    }
  });

  it('produces the v0 HMAC over the exact bytes sent', async () => {
    let seen: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    const sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      req.on('end', () => { seen = { headers: req.headers, body }; res.end('{}'); });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    try {
      const port = (sink.address() as AddressInfo).port;
      const send = slackSender({ botUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: 's3cr3t', now: () => 1_700_000_000_000 });
      await send.command('UA', '/tweet', 'Vols & <https://a.example|lien> é');
      const { headers, body } = seen!;
      expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(headers['x-slack-request-timestamp']).toBe('1700000000');
      const expected = `v0=${createHmac('sha256', 's3cr3t').update(`v0:1700000000:${body}`).digest('hex')}`;
      expect(headers['x-slack-signature']).toBe(expected);
      expect(new URLSearchParams(body).get('text')).toBe('Vols & <https://a.example|lien> é');
    } finally {
      await new Promise((resolve) => sink.close(resolve));
    }
  });

  it('gives every event an id of its own, across senders (a restarted bot gets a new sender; Slack never reuses an id)', () => {
    // Two senders doing the same thing, as two runs of the bot each get one.
    const ids = [slackPayloads(), slackPayloads()].flatMap((payloads) => {
      const reaction = payloads.reactionAdded('UALICE', 'white_check_mark', 'CTEAM', '1.000001');
      return [payloads.event(reaction).event_id, payloads.event(reaction).event_id];
    });
    expect(new Set(ids).size).toBe(4);
  });
});
