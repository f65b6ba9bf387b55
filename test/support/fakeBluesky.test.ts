/**
 * Self-tests of the fake Bluesky PDS, driven by the official @atproto/api agent (and plain fetch where
 * the agent would mend the request itself): it must refuse what a PDS refuses, or tests built on it
 * would prove nothing.
 */
import { AtpAgent, XRPCError } from '@atproto/api';
import { TID } from '@atproto/common-web';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeBluesky, type FakeBluesky, type FakeBlueskyOptions } from './fakeBluesky.js';
import { waitFor } from './waitFor.js';

let fake: FakeBluesky;
let agent: AtpAgent;
let nowMs: number;

async function setUp(options: FakeBlueskyOptions = {}) {
  nowMs = Date.parse('2026-11-21T10:00:00Z');
  fake = await startFakeBluesky({ now: () => nowMs, ...options });
  agent = new AtpAgent({ service: fake.origin });
  await agent.login({ identifier: fake.handle, password: fake.appPassword });
}
afterEach(() => fake?.close());

async function refusal(promise: Promise<unknown>): Promise<XRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof XRPCError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const post = (extra: Record<string, unknown> = {}) => ({ $type: 'app.bsky.feed.post', text: 'Bonjour', createdAt: '2026-11-21T10:00:00.000Z', ...extra });
const create = (record: Record<string, unknown>, rkey: string = TID.nextStr()) =>
  agent.com.atproto.repo.createRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey, record });
const png = (side: number) => sharp({ create: { width: side, height: side, channels: 3, background: '#123456' } }).png().toBuffer();

/** A raw XRPC call with a given token: the agent would refresh an expired one by itself. */
async function raw(nsid: string, token: string, init: RequestInit = {}) {
  const response = await fetch(`${fake.origin}/xrpc/${nsid}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  return { status: response.status, body: (await response.json()) as { error?: string; message?: string } };
}

describe('fake Bluesky: sessions', () => {
  beforeEach(() => setUp());

  it('refuses a wrong app password with 401', async () => {
    const other = new AtpAgent({ service: fake.origin });
    const error = await refusal(other.login({ identifier: fake.handle, password: 'faux' }));
    expect([error.status, error.error, error.message]).toEqual([401, 'AuthenticationRequired', 'Invalid identifier or password']);
  });

  it('an access token expires after 120 minutes or when told; the agent refreshes it through refreshSession', async () => {
    const first = agent.session!.accessJwt;
    expect((await raw('com.atproto.server.getSession', first)).status).toBe(200);
    nowMs += 121 * 60_000;
    expect(await raw('com.atproto.server.getSession', first)).toEqual({ status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } });
    await agent.com.atproto.server.getSession();
    expect(agent.session!.accessJwt).not.toBe(first);
    expect(fake.requestsTo('com.atproto.server.refreshSession')).toHaveLength(1);

    const second = agent.session!.accessJwt;
    fake.expireAccessTokens();
    expect((await raw('com.atproto.server.getSession', second)).body.error).toBe('ExpiredToken');
  });

  it('a refresh token rotates: the old one works for 2 hours more, then is revoked; an access token cannot refresh', async () => {
    const old = agent.session!.refreshJwt;
    const access = agent.session!.accessJwt;
    expect((await raw('com.atproto.server.refreshSession', old, { method: 'POST' })).status).toBe(200);
    nowMs += 60 * 60_000;
    expect((await raw('com.atproto.server.refreshSession', old, { method: 'POST' })).status).toBe(200);
    nowMs += 61 * 60_000;
    expect(await raw('com.atproto.server.refreshSession', old, { method: 'POST' })).toEqual({ status: 400, body: { error: 'ExpiredToken', message: 'Token has been revoked' } });
    expect((await raw('com.atproto.server.refreshSession', access, { method: 'POST' })).body.error).toBe('InvalidToken');
    expect((await raw('com.atproto.repo.createRecord', old, { method: 'POST' })).body.error).toBe('InvalidToken');
  });

  it('without a token a write is 401 AuthMissing', async () => {
    const response = await fetch(`${fake.origin}/xrpc/com.atproto.repo.createRecord`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'AuthMissing', message: 'Authentication Required' });
  });
});

describe('fake Bluesky: createRecord', () => {
  beforeEach(() => setUp());

  it('stores a valid post under its key and answers uri, cid, commit and the rate-limit headers', async () => {
    const rkey = TID.nextStr();
    const { data, headers } = await create(post(), rkey);
    expect(data.uri).toBe(`at://${fake.did}/app.bsky.feed.post/${rkey}`);
    expect(data.cid).toBe(fake.posts()[0]!.cid);
    expect(headers).toMatchObject({ 'ratelimit-limit': '5000', 'ratelimit-remaining': '4997', 'ratelimit-policy': '5000;w=3600' });
    expect(Number(headers['ratelimit-reset'])).toBe(Math.floor(nowMs / 1000) + 3600);
    const read = await agent.com.atproto.repo.getRecord({ repo: fake.handle, collection: 'app.bsky.feed.post', rkey });
    expect(read.data).toEqual({ uri: data.uri, cid: data.cid, value: post() });
  });

  it('refuses a key used before with a bare 500, as the reference PDS does, and keeps one record', async () => {
    const rkey = TID.nextStr();
    await create(post(), rkey);
    const error = await refusal(create(post({ text: 'Encore' }), rkey));
    expect([error.status, error.error, error.message]).toEqual([500, 'InternalServerError', 'Internal Server Error']);
    expect(fake.posts()).toHaveLength(1);
  });

  it.each([
    ['a key that is not a TID', post(), 'self', /must be a valid TID/],
    ['a key outside the record-key syntax', post(), 'a b', /Invalid record key/],
    ['301 graphemes', post({ text: 'é'.repeat(301) }), undefined, /longer than 300 graphemes/],
    ['3,025 bytes in 121 graphemes', post({ text: '👨‍👩‍👧‍👦'.repeat(121) }), undefined, /longer than 3000/],
    ['a createdAt that is not a datetime', post({ createdAt: '21/11/2026 10:00' }), undefined, /createdAt must be an valid atproto datetime/],
    ['no createdAt', { $type: 'app.bsky.feed.post', text: 'x' }, undefined, /must have the property "createdAt"/],
    ['a facet past the end of the text', post({ facets: [{ index: { byteStart: 0, byteEnd: 8 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }] }] }), undefined, /not inside the text's 7 bytes/],
    ['a facet cutting a character', post({ text: 'été', facets: [{ index: { byteStart: 1, byteEnd: 3 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'x' }] }] }), undefined, /cuts a character/],
    ['a facet of an unknown kind', post({ facets: [{ index: { byteStart: 0, byteEnd: 3 }, features: [{ $type: 'com.example.facet#bold' }] }] }), undefined, /unknown feature/],
    ['a mention without a DID', post({ facets: [{ index: { byteStart: 0, byteEnd: 3 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: '' }] }] }), undefined, /did must be a valid did/],
    ['another record type', { $type: 'app.bsky.feed.like', createdAt: '2026-11-21T10:00:00.000Z' }, undefined, /Invalid \$type/],
  ])('refuses %s (400)', async (_name, record, rkey, message) => {
    const error = await refusal(create(record as Record<string, unknown>, rkey));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(message);
    expect(fake.posts()).toHaveLength(0);
  });

  it('refuses a write to another repo', async () => {
    const error = await refusal(agent.com.atproto.repo.createRecord({ repo: 'did:plc:quelquunaaaaaaaaaaaaaaaa', collection: 'app.bsky.feed.post', rkey: TID.nextStr(), record: post() }));
    expect(error.status).toBe(401);
  });

  it('checks reply refs: the records must exist with these CIDs, the root must be the thread\'s', async () => {
    const root = fake.seedPost('Racine', { did: 'did:plc:autreaaaaaaaaaaaaaaaaaaa' });
    const ref = { uri: root.uri, cid: root.cid };
    const { data } = await create(post({ reply: { root: ref, parent: ref } }));
    const child = { uri: data.uri, cid: data.cid };
    await create(post({ reply: { root: ref, parent: child } }));

    expect((await refusal(create(post({ reply: { root: child, parent: child } })))).message).toMatch(/is not the thread's root/);
    const wrongCid = { uri: root.uri, cid: data.cid };
    expect((await refusal(create(post({ reply: { root: wrongCid, parent: wrongCid } })))).message).toMatch(/has CID/);
    const gone = { uri: `${root.uri.slice(0, -13)}3kzzzzzzzzzzz`, cid: root.cid };
    expect((await refusal(create(post({ reply: { root: gone, parent: gone } })))).message).toMatch(/could not be found/);
  });

  it('checks images: at most 4, each with alt, blobs this repo uploaded, as uploaded', async () => {
    const { data } = await agent.uploadBlob(await png(8), { encoding: 'image/png' });
    const image = { image: data.blob, alt: 'Carte' };
    const embed = (images: unknown[]) => post({ embed: { $type: 'app.bsky.embed.images', images } });
    await create(embed([image, image, image, image]));

    expect((await refusal(create(embed([image, image, image, image, image]))))).toMatchObject({ status: 400 });
    expect((await refusal(create(embed([{ image: data.blob }])))).message).toMatch(/must have the property "alt"/);
    const json = data.blob.toJSON() as { ref: { $link: string }; size: number };
    const unknown = { ...json, ref: { $link: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' } };
    expect(await refusal(create(embed([{ image: unknown, alt: '' }])))).toMatchObject({ status: 400, error: 'BlobNotFound' });
    expect(await refusal(create(embed([{ image: { ...json, mimeType: 'image/jpeg' }, alt: '' }])))).toMatchObject({ error: 'InvalidMimeType' });
    expect(await refusal(create(embed([{ image: { ...json, size: json.size + 1 }, alt: '' }])))).toMatchObject({ error: 'InvalidSize' });
  });

  it('a lost answer and a 5xx with `create` keep the record; a hang ends when the fake closes', async () => {
    fake.script('com.atproto.repo.createRecord', { kind: 'lostAnswer' }, { kind: 'serverError', status: 503, create: true });
    expect((await refusal(create(post({ text: 'perdu' })))).status).toBe(1); // ResponseType.Unknown: no answer
    expect((await refusal(create(post({ text: 'panne' })))).status).toBe(503);
    expect(fake.posts().map((r) => r.value.text)).toEqual(['perdu', 'panne']);

    fake.script('com.atproto.repo.createRecord', { kind: 'hang' });
    const hanging = refusal(create(post()));
    await waitFor(() => fake.requestsTo('com.atproto.repo.createRecord').length === 3, 'the hanging request');
    await fake.close();
    expect((await hanging).status).toBe(1);
  });

  it('uploadBlob: over 1,000,000 bytes is 413; the type comes from the bytes', async () => {
    const error = await refusal(agent.uploadBlob(new Uint8Array(1_000_001), { encoding: 'image/jpeg' }));
    expect([error.status, error.error]).toEqual([413, 'PayloadTooLarge']);
    const { data } = await agent.uploadBlob(await png(4), { encoding: 'image/jpeg' });
    expect(data.blob.mimeType).toBe('image/png');
  });

  it('refuses an image blob over the lexicon limit in a post', async () => {
    await fake.close();
    await setUp({ blobUploadLimit: 5 * 1024 * 1024 });
    const { data } = await agent.uploadBlob(Buffer.concat([await png(4), Buffer.alloc(1_000_000)]), { encoding: 'image/png' });
    const error = await refusal(create(post({ embed: { $type: 'app.bsky.embed.images', images: [{ image: data.blob, alt: '' }] } })));
    expect(error.message).toMatch(/blob too big \(maximum 1000000/);
  });
});

describe('fake Bluesky: reads, limits and faults', () => {
  beforeEach(() => setUp({ writePointsPerHour: 6 }));

  it('getRecord: RecordNotFound, a missing parameter; resolveHandle: known, unknown, malformed', async () => {
    const missing = await refusal(agent.com.atproto.repo.getRecord({ repo: fake.did, collection: 'app.bsky.feed.post', rkey: TID.nextStr() }));
    expect([missing.status, missing.error]).toEqual([400, 'RecordNotFound']);
    const response = await fetch(`${fake.origin}/xrpc/com.atproto.repo.getRecord?repo=${fake.did}&collection=app.bsky.feed.post`);
    expect(await response.json()).toEqual({ error: 'InvalidRequest', message: 'Error: Params must have the property "rkey"' });

    fake.addAccount('prefecture73.example.fr', 'did:plc:prefecture73aaaaaaaaaaaaa');
    expect((await agent.resolveHandle({ handle: 'Prefecture73.example.fr' })).data.did).toBe('did:plc:prefecture73aaaaaaaaaaaaa');
    expect((await refusal(agent.resolveHandle({ handle: 'inconnu.example.fr' }))).message).toBe('Unable to resolve handle');
    expect((await refusal(agent.resolveHandle({ handle: 'pas un handle' }))).message).toBe('Error: handle must be a valid handle');
  });

  it('counts writes: past the hour\'s budget, 429 with RateLimit-Reset, until the hour is over', async () => {
    await create(post());
    await create(post());
    const limited = await refusal(create(post()));
    expect(limited.status).toBe(429);
    expect(limited.headers).toMatchObject({ 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.floor(nowMs / 1000) + 3600) });
    nowMs += 3600_000;
    await create(post());
    expect(fake.posts()).toHaveLength(3);
  });

  it('answers a method called with the wrong verb 400, and one it does not know 501', async () => {
    const wrongVerb = await fetch(`${fake.origin}/xrpc/com.atproto.repo.createRecord`);
    expect(wrongVerb.status).toBe(400);
    expect(await wrongVerb.json()).toEqual({ error: 'InvalidRequest', message: 'Incorrect HTTP method (GET) expected POST' });
    const unknown = await fetch(`${fake.origin}/xrpc/app.bsky.feed.getTimeline`);
    expect([unknown.status, ((await unknown.json()) as { error: string }).error]).toEqual([501, 'MethodNotImplemented']);
  });
});
