/**
 * The fake Slack refuses what Slack refuses and fails as Slack fails, driven by the real WebClient: Block Kit
 * and message limits, trigger ids, scripted faults, history and replies, file uploads.
 */
import { webApi } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fakeSlack.js';
import { waitFor } from './waitFor.js';

const { WebClient } = webApi;
type Client = InstanceType<typeof WebClient>;

// The WebClient logs every refusal at error level: these tests want them, not their noise.
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error', setName() {} } as any;
const newClient = (url: string, extra: Record<string, unknown> = {}) =>
  new WebClient('xoxb-test', { slackApiUrl: url, retryConfig: { retries: 0 }, logger: quiet, ...extra });

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });
const modal = (title: string, blocks: any[] = []) => ({ type: 'modal' as const, title: plain(title), blocks });

describe('fake Slack: what Slack refuses', () => {
  let slack: FakeSlack;
  let client: Client;
  beforeAll(async () => {
    slack = await startFakeSlack({ members: ['UA', 'UB'], foreignChannels: ['CFOREIGN'] });
    client = newClient(slack.url);
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  it('answers invalid_blocks as Slack does, with the sentence and its pointer, and stores nothing', async () => {
    const refused = await failure(client.chat.postMessage({ channel: 'CTEAM', text: 'a', blocks: [section('x'.repeat(3001))] }));
    expect(refused.data).toEqual({
      ok: false, error: 'invalid_blocks',
      errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'],
      response_metadata: { messages: ['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] },
    });
    expect(slack.messages).toEqual([]);
    expect(slack.refusals.map((r) => [r.target, r.answer.error])).toEqual([['chat.postMessage', 'invalid_blocks']]);
    // Blocks that are not JSON at all.
    const garbled = await failure(client.apiCall('chat.postMessage', { channel: 'CTEAM', text: 'a', blocks: '[{"type":' }));
    expect(garbled.data.error).toBe('invalid_blocks_format');
    // The same checks on updates and ephemerals.
    const { ts } = await client.chat.postMessage({ channel: 'CTEAM', text: 'a', blocks: [section('ok')] });
    const update = await failure(client.chat.update({ channel: 'CTEAM', ts: ts!, blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'a' } }] as any }));
    expect(update.data.errors).toEqual(['unsupported type: mrkdwn [json-pointer:/blocks/0/text/type]']);
    const ephemeral = await failure(client.chat.postEphemeral({ channel: 'CTEAM', user: 'UA', blocks: [{ type: 'section' }] as any }));
    expect(ephemeral.data.errors).toEqual(['must define either `text` or `fields` [json-pointer:/blocks/0/type]']);
    expect(slack.message('CTEAM', ts!)!.blocks).toEqual([section('ok')]);
  });

  it('refuses a text over 40,000 characters, an update over 4,000 escaped bytes, and a message with nothing in it', async () => {
    await client.chat.postMessage({ channel: 'CTEAM', text: 'x'.repeat(40_000) });
    expect((await failure(client.chat.postMessage({ channel: 'CTEAM', text: 'x'.repeat(40_001) }))).data.error).toBe('msg_too_long');
    expect((await failure(client.chat.postEphemeral({ channel: 'CTEAM', user: 'UA', text: 'x'.repeat(40_001) }))).data.error).toBe('msg_too_long');
    const { ts } = await client.chat.postMessage({ channel: 'CTEAM', text: 'a' });
    await client.chat.update({ channel: 'CTEAM', ts: ts!, text: `${'x'.repeat(3990)}<@UA>` });
    // "é" is two bytes; a bare "&" becomes "&amp;": both push these over 4,000.
    expect((await failure(client.chat.update({ channel: 'CTEAM', ts: ts!, text: `${'x'.repeat(3999)}é` }))).data.error).toBe('msg_too_long');
    expect((await failure(client.chat.update({ channel: 'CTEAM', ts: ts!, text: `${'x'.repeat(3996)}&` }))).data.error).toBe('msg_too_long');
    expect((await failure(client.chat.postMessage({ channel: 'CTEAM', text: '' }))).data.error).toBe('no_text');
    expect((await failure(client.chat.postMessage({ channel: 'CFOREIGN', text: 'a' }))).data.error).toBe('not_in_channel');
  });

  it('refuses blocks carrying more than 12,000 characters in chat.postMessage, not through a response_url', async () => {
    const blocks = (n: number) => [section('x'.repeat(3000)), section('x'.repeat(3000)), section('x'.repeat(3000)), section('x'.repeat(n))];
    await client.chat.postMessage({ channel: 'CTEAM', text: 'a', blocks: blocks(3000) });
    expect((await failure(client.chat.postMessage({ channel: 'CTEAM', text: 'a', blocks: [...blocks(2999), { type: 'divider', block_id: 'ab' }] }))).data.error)
      .toBe('msg_blocks_too_long');
    const res = await fetch(`${slack.origin}/response/r1`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a', blocks: [...blocks(3000), { type: 'divider' }] }),
    });
    expect(res.status).toBe(200);
    // Bad blocks through a response_url: an HTTP 400 naming the error, and nothing shown.
    const bad = await fetch(`${slack.origin}/response/r2`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'a', blocks: [{ type: 'section', emoji: true }] }),
    });
    expect({ status: bad.status, body: await bad.text() }).toEqual({ status: 400, body: 'invalid_blocks' });
    expect(slack.responses.map((r) => r.url)).toEqual([`${slack.origin}/response/r1`]);
  });

  it('stores message metadata as Slack accepts it and refuses malformed metadata', async () => {
    const metadata = { event_type: 'proposal_posted', event_payload: { ref: 12, network: 'x', parts: [{ n: 1 }] } };
    const { ts } = await client.chat.postMessage({ channel: 'CTEAM', text: 'a', metadata });
    expect(slack.message('CTEAM', ts!)!.metadata).toEqual(metadata);
    const refusal = (m: unknown) => client.apiCall('chat.postMessage', { channel: 'CTEAM', text: 'a', metadata: m }).catch((e) => e.data.error);
    expect(await refusal('{"event_type":')).toBe('invalid_metadata_format');
    expect(await refusal({ event_type: 'proposal posted', event_payload: {} })).toBe('invalid_metadata_schema');
    expect(await refusal({ event_type: 'p', event_payload: { deep: { deeper: { a: 1 } } } })).toBe('invalid_metadata_schema');
    expect(await refusal({ event_type: 'p', event_payload: {}, extra: 1 })).toBe('invalid_metadata_schema');
    // chat.update keeps the metadata it is not given, and replaces the one it is.
    await client.chat.update({ channel: 'CTEAM', ts: ts!, text: 'b' });
    expect(slack.message('CTEAM', ts!)!.metadata).toEqual(metadata);
    await client.chat.update({ channel: 'CTEAM', ts: ts!, text: 'b', metadata: { event_type: 'proposal_published', event_payload: { ref: 12 } } });
    expect(slack.message('CTEAM', ts!)!.metadata!.event_type).toBe('proposal_published');
  });

  it('answers invalid_arguments for a bad view, with Slack lines in response_metadata', async () => {
    const refused = await failure(client.views.open({ trigger_id: slack.newTriggerId(), view: modal('x'.repeat(25)) }));
    expect(refused.data).toEqual({
      ok: false, error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    const home = await failure(client.views.publish({ user_id: 'UA', view: modal('T') as any }));
    expect(home.data.response_metadata.messages).toEqual(['[ERROR] unsupported type: modal [json-pointer:/view/type]']);
    expect(slack.views).toEqual([]);
  });

  it('takes each trigger id once, within 3 seconds of the fake clock, and refuses one it did not issue', async () => {
    let now = 1_795_000_000_000;
    const timed = await startFakeSlack({ now: () => now });
    try {
      const c = newClient(timed.url);
      const open = (trigger_id: string) => c.views.open({ trigger_id, view: modal('T') }).then(() => 'ok', (e) => e.data.error);
      const first = timed.newTriggerId();
      expect(first).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
      now += 3_000;
      expect(await open(first)).toBe('ok');
      expect(await open(first)).toBe('exchanged_trigger_id');
      const late = timed.newTriggerId();
      now += 3_001;
      expect(await open(late)).toBe('expired_trigger_id');
      expect(await open('12345.98765.abcd2358fdea')).toBe('invalid_trigger_id');
      expect(timed.views).toHaveLength(1);
    } finally {
      await timed.close();
    }
  });

  it('answers missing_scope for a method the token has no scope for, when it knows the scopes', async () => {
    const scoped = await startFakeSlack({ scopes: ['chat:write', 'channels:read'] });
    try {
      const c = newClient(scoped.url);
      await c.chat.postMessage({ channel: 'CTEAM', text: 'a' });
      const refused = await failure(c.conversations.history({ channel: 'CTEAM' }));
      expect(refused.data).toMatchObject({
        ok: false, error: 'missing_scope', needed: 'channels:history,groups:history,im:history,mpim:history', provided: 'chat:write,channels:read',
      });
    } finally {
      await scoped.close();
    }
  });

  it('refuses a views.update against a hash Slack no longer holds', async () => {
    const opened = await client.views.open({ trigger_id: slack.newTriggerId(), view: modal('T') });
    const first = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal('U') });
    expect(slack.views.at(-1)!.hash).toBe(first.view!.hash);
    const stale = await failure(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal('V') }));
    expect(stale.data.error).toBe('hash_conflict');
    expect((await failure(client.views.update({ view_id: 'VNOPE', view: modal('V') }))).data.error).toBe('not_found');
  });
});

describe('fake Slack: failures as Slack fails', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack({ members: ['UA'] });
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());
  const client = (extra: Record<string, unknown> = {}) => newClient(slack.url, { rejectRateLimitedCalls: true, ...extra });

  it('rate limits with Retry-After seconds', async () => {
    slack.failNext('chat.postMessage', { retryAfter: 30 });
    const limited = await failure(client().chat.postMessage({ channel: 'CTEAM', text: 'a' }));
    expect({ code: limited.code, retryAfter: limited.retryAfter }).toEqual({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
    expect(slack.messages).toEqual([]);
  });

  it('stays silent until the client gives up, or cuts the connection', async () => {
    slack.failNext('chat.postMessage', { hang: true });
    const silent = await failure(client({ timeout: 200 }).chat.postMessage({ channel: 'CTEAM', text: 'a' }));
    expect(silent.code).toBe('slack_webapi_request_error');
    slack.failNext('chat.postMessage', { cut: true });
    const cut = await failure(client().chat.postMessage({ channel: 'CTEAM', text: 'a' }));
    expect(cut.code).toBe('slack_webapi_request_error');
    expect(slack.messages).toEqual([]);
    expect(slack.callsTo('chat.postMessage').map((c) => c.fault)).toEqual([{ hang: true }, { cut: true }]);
  });

  it('does the work and then loses the answer', async () => {
    slack.failNext('chat.postMessage', { status: 500, applied: true });
    slack.failNext('chat.postMessage', { cut: true, applied: true });
    slack.failNext('chat.update', { hang: true, applied: true });
    const lost = await failure(client().chat.postMessage({ channel: 'CTEAM', text: 'posted, answer lost' }));
    expect(lost.code).toBe('slack_webapi_http_error');
    expect((await failure(client().chat.postMessage({ channel: 'CTEAM', text: 'posted, cut' }))).code).toBe('slack_webapi_request_error');
    expect(slack.messages.map((m) => m.text)).toEqual(['posted, answer lost', 'posted, cut']);
    const ts = slack.messages[0]!.ts;
    await failure(client({ timeout: 200 }).chat.update({ channel: 'CTEAM', ts, text: 'edited, no answer' }));
    expect(slack.message('CTEAM', ts)!.text).toBe('edited, no answer');
  });

  it('fails every call, or every call to listed methods, during an outage, until restored', async () => {
    slack.outage({ status: 503 }, ['chat.postMessage', 'response_url']);
    expect((await failure(client().chat.postMessage({ channel: 'CTEAM', text: 'a' }))).code).toBe('slack_webapi_http_error');
    expect((await failure(client().chat.postMessage({ channel: 'CTEAM', text: 'b' }))).code).toBe('slack_webapi_http_error');
    expect((await fetch(`${slack.origin}/response/x`, { method: 'POST', body: '{"text":"a"}' })).status).toBe(503);
    await client().auth.test();
    slack.outage({ error: 'fatal_error' });
    expect((await failure(client().auth.test())).data.error).toBe('fatal_error');
    slack.restore();
    await client().chat.postMessage({ channel: 'CTEAM', text: 'back' });
    expect(slack.messages.map((m) => m.text)).toEqual(['back']);
  });
});

describe('fake Slack: history and threads', () => {
  let slack: FakeSlack;
  let client: Client;
  beforeAll(async () => {
    slack = await startFakeSlack({ members: ['UA'], foreignChannels: ['CFOREIGN'] });
    client = newClient(slack.url);
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  async function thread() {
    const parent = await client.chat.postMessage({ channel: 'CTEAM', text: 'parent', metadata: { event_type: 'proposal', event_payload: { ref: 1 } } });
    const other = await client.chat.postMessage({ channel: 'CTEAM', text: 'other' });
    const r1 = await client.chat.postMessage({ channel: 'CTEAM', text: 'reply 1', thread_ts: parent.ts! });
    const r2 = await client.chat.postMessage({ channel: 'CTEAM', text: 'reply 2', thread_ts: parent.ts!, reply_broadcast: true });
    await client.chat.postMessage({ channel: 'COTHER', text: 'elsewhere' });
    return { parent: parent.ts!, other: other.ts!, r1: r1.ts!, r2: r2.ts! };
  }

  it('lists a channel newest first, with broadcast replies, paginated, metadata only when asked', async () => {
    const t = await thread();
    const all = await client.conversations.history({ channel: 'CTEAM' });
    expect(all.messages!.map((m) => [m.text, m.subtype])).toEqual([['reply 2', 'thread_broadcast'], ['other', undefined], ['parent', undefined]]);
    expect(all.messages![2]).toMatchObject({ ts: t.parent, thread_ts: t.parent, reply_count: 2, latest_reply: t.r2 });
    expect(all.messages![2]).not.toHaveProperty('metadata');
    expect(all.has_more).toBe(false);
    const withMetadata = await client.conversations.history({ channel: 'CTEAM', include_all_metadata: true });
    expect(withMetadata.messages![2]!.metadata).toEqual({ event_type: 'proposal', event_payload: { ref: 1 } });

    const first = await client.conversations.history({ channel: 'CTEAM', limit: 2 });
    expect({ texts: first.messages!.map((m) => m.text), more: first.has_more }).toEqual({ texts: ['reply 2', 'other'], more: true });
    const second = await client.conversations.history({ channel: 'CTEAM', limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect({ texts: second.messages!.map((m) => m.text), more: second.has_more }).toEqual({ texts: ['parent'], more: false });

    const between = await client.conversations.history({ channel: 'CTEAM', oldest: t.parent, latest: t.r2 });
    expect(between.messages!.map((m) => m.text)).toEqual(['other']);
    const inclusive = await client.conversations.history({ channel: 'CTEAM', oldest: t.parent, latest: t.r2, inclusive: true });
    expect(inclusive.messages!.map((m) => m.text)).toEqual(['reply 2', 'other', 'parent']);
  });

  it('answers for channels it cannot read as Slack does', async () => {
    await thread();
    const error = (args: Record<string, unknown>) => client.apiCall('conversations.history', args).catch((e) => e.data.error);
    expect(await error({ channel: 'CFOREIGN' })).toBe('not_in_channel');
    expect(await error({ channel: 'CNOWHERE' })).toBe('channel_not_found');
    expect(await error({ channel: 'CTEAM', latest: 'yesterday' })).toBe('invalid_ts_latest');
    expect(await error({ channel: 'CTEAM', cursor: 'bm9wZQ==' })).toBe('invalid_cursor');
    const missing = await failure(client.apiCall('conversations.history', {}));
    expect(missing.data).toMatchObject({ error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: channel'] } });
    expect((await client.conversations.history({ channel: 'COTHER' })).messages!.map((m) => m.text)).toEqual(['elsewhere']);
  });

  it('lists a thread: its parent, then its replies oldest first, from the parent or from a reply', async () => {
    const t = await thread();
    const replies = await client.conversations.replies({ channel: 'CTEAM', ts: t.parent });
    expect(replies.messages!.map((m) => [m.text, m.thread_ts])).toEqual([['parent', t.parent], ['reply 1', t.parent], ['reply 2', t.parent]]);
    expect(replies.messages![1]).toMatchObject({ parent_user_id: 'UBOT' });
    expect((await client.conversations.replies({ channel: 'CTEAM', ts: t.r1 })).messages!.map((m) => m.text)).toEqual(['parent', 'reply 1', 'reply 2']);
    const first = await client.conversations.replies({ channel: 'CTEAM', ts: t.parent, limit: 2 });
    expect(first.messages!.map((m) => m.text)).toEqual(['parent', 'reply 1']);
    const next = await client.conversations.replies({ channel: 'CTEAM', ts: t.parent, limit: 2, cursor: first.response_metadata!.next_cursor! });
    expect({ texts: next.messages!.map((m) => m.text), more: next.has_more }).toEqual({ texts: ['reply 2'], more: false });
    expect((await client.conversations.replies({ channel: 'CTEAM', ts: t.other })).messages!.map((m) => m.text)).toEqual(['other']);
    expect((await failure(client.conversations.replies({ channel: 'CTEAM', ts: '1.000001' }))).data.error).toBe('thread_not_found');
  });
});

describe('fake Slack: file uploads', () => {
  let slack: FakeSlack;
  let client: Client;
  beforeAll(async () => {
    slack = await startFakeSlack({ members: ['UA'] });
    client = newClient(slack.url);
  });
  afterEach(() => slack.reset());
  afterAll(() => slack.close());

  it('takes files.uploadV2 from the real WebClient: uploaded, shared in the channel, readable with the token', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);
    const done = await client.files.uploadV2({ channel_id: 'CTEAM', file: bytes, filename: 'carte.png', title: 'Carte', initial_comment: 'Le secteur' });
    const id = (done as any).files[0].files[0].id as string;
    const shared = await waitFor(() => slack.messages.find((m) => m.files), 'the share message');
    expect(shared).toMatchObject({ channel: 'CTEAM', text: 'Le secteur', files: [{ id, name: 'carte.png', title: 'Carte', mimetype: 'image/png', size: 8 }] });
    const { file } = await client.files.info({ file: id });
    expect(file!.shares).toEqual({ public: { CTEAM: [{ ts: shared.ts }] } });
    const download = await fetch(file!.url_private_download!, { headers: { authorization: 'Bearer xoxb-test' } });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
    const history = await client.conversations.history({ channel: 'CTEAM' });
    expect(history.messages![0]!.files![0]!.id).toBe(id);
  });

  it('refuses bytes of another length than declared, a file never uploaded, and a second completion', async () => {
    const ticket = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 5 });
    const short = await fetch(ticket.upload_url!, { method: 'POST', body: 'abcd' });
    expect(short.status).toBe(400);
    const complete = () => client.files.completeUploadExternal({ files: [{ id: ticket.file_id! }], channel_id: 'CTEAM' });
    expect((await failure(complete())).data.error).toBe('file_not_found');
    expect((await fetch(ticket.upload_url!, { method: 'POST', body: 'abcde' })).status).toBe(200);
    expect((await complete()).files).toEqual([{ id: ticket.file_id, title: 'a.txt' }]);
    expect((await failure(complete())).data.error).toBe('file_not_found');
    expect(slack.messages.filter((m) => m.files)).toHaveLength(1);
    expect((await failure(client.files.getUploadURLExternal({ filename: 'a.txt', length: 0 }))).data.error).toBe('missing_argument');
  });

  /** A file uploaded (its bytes sent), not yet completed. */
  async function uploaded(name: string, content: string): Promise<string> {
    const ticket = await client.files.getUploadURLExternal({ filename: name, length: Buffer.byteLength(content) });
    expect((await fetch(ticket.upload_url!, { method: 'POST', body: content })).status).toBe(200);
    return ticket.file_id!;
  }

  it('shares files with blocks, checked as a message’s; an initial comment makes it ignore them; files.info only after completion', async () => {
    const id = await uploaded('chiffres.csv', 'a,b\r\n');
    expect((await failure(client.files.info({ file: id }))).data.error).toBe('file_not_found');
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Rapport*' } }];
    const bad = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    expect((await failure(client.files.completeUploadExternal({ files: [{ id }], channel_id: 'CTEAM', blocks: bad as never }))).data.error).toBe('invalid_blocks');
    await client.files.completeUploadExternal({ files: [{ id, title: 'Chiffres' }], channel_id: 'CTEAM', blocks: blocks as never });
    expect(slack.messages.find((m) => m.files)).toMatchObject({ text: '', blocks, files: [{ id, title: 'Chiffres' }] });
    expect((await client.files.info({ file: id })).file!.id).toBe(id);
    const other = await uploaded('b.txt', 'b');
    await client.files.completeUploadExternal({ files: [{ id: other }], channel_id: 'CTEAM', initial_comment: 'Voici', blocks: bad as never });
    expect(slack.messages.find((m) => m.files?.[0]?.id === other)).toMatchObject({ text: 'Voici' });
    expect(slack.messages.find((m) => m.files?.[0]?.id === other)!.blocks).toBeUndefined();
  });

  it('opens a person’s direct messages with conversations.open, the same each time', async () => {
    const first = await client.conversations.open({ users: 'UALICE' });
    expect(first.channel!.id).toMatch(/^D\d{10}$/);
    const again = await client.conversations.open({ users: 'UALICE' });
    expect(again).toMatchObject({ already_open: true, channel: { id: first.channel!.id } });
    expect(slack.directMessage('UALICE')).toBe(first.channel!.id);
    expect((await failure(client.conversations.open({} as never))).data.error).toBe('users_list_not_supplied');
    expect((await failure(client.conversations.open({ users: 'nobody' }))).data.error).toBe('user_not_found');
    const id = await uploaded('carte.png', 'png');
    await client.files.completeUploadExternal({ files: [{ id }], channel_id: first.channel!.id, initial_comment: 'Pour vous' });
    expect(slack.messages.find((m) => m.files)).toMatchObject({ channel: first.channel!.id, text: 'Pour vous' });
  });
});

describe('fake Slack: scopes', () => {
  it('refuses conversations.open and the upload methods to a token without im:write or files:write', async () => {
    const slack = await startFakeSlack({ members: ['UA'], scopes: ['chat:write', 'files:read'] });
    try {
      const client = newClient(slack.url);
      expect((await failure(client.conversations.open({ users: 'UALICE' }))).data.error).toBe('missing_scope');
      expect((await failure(client.files.getUploadURLExternal({ filename: 'a.txt', length: 1 }))).data.error).toBe('missing_scope');
    } finally {
      await slack.close();
    }
  });
});
