/**
 * The fake X refuses what X refuses: requests not signed with the app's keys, bodies outside X's
 * OpenAPI document, texts over 280, replies to unknown tweets, media it would not attach. Driven by
 * the real twitter-api-v2 client over loopback HTTP, as the bot drives it.
 */
import http from 'node:http';
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeX, type FakeX, type XKeys } from './fakeX.js';
import { hmacSha1Signature, percentEncode, signatureBaseString } from './fakeX/oauth1.js';

const KEYS: XKeys = { appKey: 'cell-app-key', appSecret: 'cell-app-secret', accessToken: '4242-cell-token', accessSecret: 'cell-token-secret' };
const DAY = 24 * 60 * 60 * 1000;

function xClient(origin: string, keys: XKeys = KEYS, ...plugins: ITwitterApiClientPlugin[]) {
  return new TwitterApi(keys, {
    httpAgent: new http.Agent(),
    plugins: [{ onBeforeRequestConfig({ params }) { params.url = params.url.replace(/^https:\/\/(api|upload)\.x\.com/, origin); } }, ...plugins],
  });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: number; data: any }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiResponseError) return { code: error.code, data: error.data };
    throw error;
  }
  throw new Error('expected X to refuse');
}

/** A plugin standing for someone who changes the body after the client signed the request. */
function replaceBody(body: string): ITwitterApiClientPlugin {
  return {
    onBeforeRequest({ computedParams, requestOptions }) {
      computedParams.body = body;
      requestOptions.headers = { ...requestOptions.headers, 'content-length': String(Buffer.byteLength(body)) };
    },
  };
}

const messages = (r: { data: any }) => (r.data.errors ?? []).map((e: { message: string }) => e.message);
const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };
const png = (bytes: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(Math.max(0, bytes - 8), 7)]);

let clock = Date.parse('2026-11-21T10:00:00Z');
let x: FakeX;
let client: TwitterApi;
beforeAll(async () => {
  x = await startFakeX({ keys: KEYS, now: () => clock });
  client = xClient(x.origin);
});
afterEach(() => x.reset());
afterAll(() => x.close());

describe('fake X: OAuth 1.0a signatures', () => {
  it('computes the base string and signature of X’s worked example (docs.x.com, Creating a signature)', () => {
    const params: Array<[string, string]> = [
      ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'], ['include_entities', 'true'],
      ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'], ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
      ['oauth_signature_method', 'HMAC-SHA1'], ['oauth_timestamp', '1318622958'],
      ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'], ['oauth_version', '1.0'],
    ];
    const base = signatureBaseString('post', 'https://api.x.com/1.1/statuses/update.json', params);
    expect(base).toBe(
      'POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog'
      + '%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958'
      + '%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0'
      + '%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(hmacSha1Signature(base, 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw', 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE'))
      .toBe('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=');
    expect(percentEncode("Dogs, Cats & Mice ~ *!'()é")).toBe('Dogs%2C%20Cats%20%26%20Mice%20~%20%2A%21%27%28%29%C3%A9');
  });

  it('answers a request with no credentials, or a bearer token, with X’s bare 401', async () => {
    const bare = await fetch(`${x.origin}/2/users/me`);
    expect({ status: bare.status, body: await bare.json(), limit: bare.headers.get('x-rate-limit-limit') })
      .toEqual({ status: 401, body: UNAUTHORIZED, limit: null });
    const bearer = await fetch(`${x.origin}/2/users/me`, { headers: { authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAA' } });
    expect(bearer.status).toBe(401);
  });

  it.each([
    ['a wrong consumer key', { appKey: 'someone-else' }],
    ['a wrong consumer secret', { appSecret: 'wrong-secret' }],
    ['a wrong access token', { accessToken: '4242-another-token' }],
    ['a wrong token secret', { accessSecret: 'wrong-token-secret' }],
  ])('refuses the real client signing with %s, reads and writes alike', async (_name, wrong) => {
    const stranger = xClient(x.origin, { ...KEYS, ...wrong });
    expect(await refusal(stranger.v2.me())).toEqual({ code: 401, data: UNAUTHORIZED });
    expect(await refusal(stranger.v2.tweet({ text: 'Pas nous.' }))).toEqual({ code: 401, data: UNAUTHORIZED });
    expect(x.tweets).toHaveLength(0);
  });

  it('verifies the URL the client signed: one rewritten after signing is refused', async () => {
    // twitter-api-v2 signs after onBeforeRequestConfig (the bot's routing plugin) and before onBeforeRequest.
    const lateRewrite: ITwitterApiClientPlugin = {
      onBeforeRequest({ computedParams }) { computedParams.url.searchParams.set('max_results', '6'); },
    };
    const signedFive = xClient(x.origin, KEYS, lateRewrite);
    expect((await refusal(signedFive.v2.userTimeline('4242', { max_results: 5 }))).code).toBe(401);
    expect((await client.v2.userTimeline('4242', { max_results: 6 })).meta.result_count).toBe(0);
  });

  it('puts a form-encoded body in the signature, and only that kind of body', async () => {
    // Signed with the form parameters (RFC 5849 §3.4.1.3.1): past the signature, X then wants JSON.
    const form = await refusal(client.v2.post('tweets', { text: 'Formulaire' }, { forceBodyMode: 'url' }));
    expect({ code: form.code, messages: messages(form) }).toEqual({ code: 400, messages: ['Requests with bodies must have content-type of application/json.'] });
    const tamper = replaceBody('text=Autre');
    expect((await refusal(xClient(x.origin, KEYS, tamper).v2.post('tweets', { text: 'Formulaire' }, { forceBodyMode: 'url' }))).code).toBe(401);
    // A JSON body is not signed: changing it does not touch the signature.
    await xClient(x.origin, KEYS, replaceBody('{"text":"Autre texte"}')).v2.tweet({ text: 'Texte signé' });
    expect(x.tweets.map((t) => t.text)).toEqual(['Autre texte']);
  });

  it('refuses a request replayed with the same nonce', async () => {
    await client.v2.me();
    const first = x.requestsTo('GET /2/users/me')[0]!;
    const again = await fetch(`${x.origin}/2/users/me`, { headers: { authorization: String(first.headers.authorization) } });
    expect(again.status).toBe(401);
  });
});

describe('fake X: POST /2/tweets', () => {
  it('creates the tweet and answers its text as X renders it', async () => {
    const posted = await client.v2.tweet({ text: 'Vols & <cambriolages> https://example.org/a' });
    expect(posted.data.text).toMatch(/^Vols &amp; &lt;cambriolages&gt; https:\/\/t\.co\/\w{10}$/);
    expect((posted.data as { edit_history_tweet_ids?: string[] }).edit_history_tweet_ids).toEqual([posted.data.id]);
    expect(x.tweets[0]).toMatchObject({ id: posted.data.id, text: 'Vols & <cambriolages> https://example.org/a', createdAt: '2026-11-21T10:00:00.000Z' });
  });

  it('refuses fields outside CreatePostsRequest, at the top and inside, in X’s validator words', async () => {
    const top = await refusal(client.v2.post('tweets', { text: 'a', in_reply_to_tweet_id: '1' }));
    expect(top.code).toBe(400);
    expect(top.data).toMatchObject({ title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.' });
    expect(top.data.errors).toEqual([{
      parameters: { '$.in_reply_to_tweet_id': ['"1"'] },
      message: '$.in_reply_to_tweet_id: is not defined in the schema and the schema does not allow additional properties',
    }]);
    const inner = await refusal(client.v2.post('tweets', { text: 'a', media: { media_ids: ['1'], alt_text: 'x' } }));
    expect(messages(inner)).toEqual(['$.media.alt_text: is not defined in the schema and the schema does not allow additional properties']);
    expect(x.tweets).toHaveLength(0);
  });

  it('refuses wrong types and malformed ids', async () => {
    expect(messages(await refusal(client.v2.post('tweets', { text: 42 })))).toEqual(['$.text: integer found, string expected']);
    const reply = await refusal(client.v2.tweet({ text: 'a', reply: { in_reply_to_tweet_id: 'douze' } }));
    expect(reply.data.errors).toEqual([{
      parameters: { '$.reply.in_reply_to_tweet_id': ['"douze"'] },
      message: '$.reply.in_reply_to_tweet_id: does not match the regex pattern ^[0-9]{1,19}$',
    }]);
    expect(messages(await refusal(client.v2.post('tweets', { text: 'a', reply: {} }))))
      .toEqual(['$.reply.in_reply_to_tweet_id: is missing but it is required']);
    expect(messages(await refusal(client.v2.post('tweets', { text: 'a', reply_settings: 'everyone' }))))
      .toEqual(['$.reply_settings: does not have a value in the enumeration [following, mentionedUsers, subscribers, verified]']);
  });

  it('refuses a body that is not JSON, a query parameter, and an empty tweet', async () => {
    const broken = await refusal(client.v2.post('tweets', Buffer.from('{"text": '), { headers: { 'content-type': 'application/json' } }));
    expect(broken.code).toBe(400);
    const query = await refusal(client.v2.post('tweets?dry_run=true', { text: 'a' }));
    expect(messages(query)).toEqual(['The query parameter [dry_run] is not one of []']);
    expect(messages(await refusal(client.v2.tweet({ text: '' })))).toEqual(['$.text: is missing but it is required']);
    expect(x.tweets).toHaveLength(0);
  });

  it('counts the text as twitter-text v3 does: 280 weighted goes out, 281 is refused as X refuses it', async () => {
    const link = 'https://example.gouv.fr/une/adresse/bien/plus/longue/que/vingt-trois/caracteres';
    const atLimit = [`${'a'.repeat(280)}`, `${'é'.repeat(256)} ${link}`, '😀'.repeat(140), '事'.repeat(140)];
    for (const text of atLimit) await client.v2.tweet({ text });
    expect(x.tweets).toHaveLength(4);
    for (const text of [`${'a'.repeat(281)}`, `${'é'.repeat(257)} ${link}`, '😀'.repeat(141), '事'.repeat(141)]) {
      const tooLong = await refusal(client.v2.tweet({ text }));
      expect({ code: tooLong.code, messages: messages(tooLong) }).toEqual({
        code: 400,
        messages: ['Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.'],
      });
    }
    expect(x.tweets).toHaveLength(4);
  });

  it('replies only to a tweet it has, with X’s 403 otherwise', async () => {
    const first = await client.v2.tweet({ text: 'Accident A9.' });
    await client.v2.tweet({ text: 'Fin.', reply: { in_reply_to_tweet_id: first.data.id } });
    const gone = await refusal(client.v2.tweet({ text: 'Fin ?', reply: { in_reply_to_tweet_id: '1999999999999999999' } }));
    expect(gone).toEqual({
      code: 403,
      data: { detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.', type: 'about:blank', title: 'Forbidden', status: 403 },
    });
    expect(x.tweets.map((t) => t.replyTo)).toEqual([undefined, first.data.id]);
  });

  it('attaches 1 to 4 finalized, unexpired media of the account, and a GIF only alone', async () => {
    const upload = (type: 'image/png' | 'image/gif' = 'image/png') => client.v2.uploadMedia(png(64), { media_type: type });
    const ids = [await upload(), await upload(), await upload(), await upload(), await upload()];
    const invalid = (r: { code: number; data: any }) => ({ code: r.code, messages: messages(r) });
    expect(invalid(await refusal(client.v2.post('tweets', { text: 'a', media: { media_ids: [] } }))))
      .toEqual({ code: 400, messages: ['$.media.media_ids: there must be a minimum of 1 items in the array'] });
    expect(invalid(await refusal(client.v2.post('tweets', { text: 'a', media: { media_ids: ids } }))))
      .toEqual({ code: 400, messages: ['$.media.media_ids: there must be a maximum of 4 items in the array'] });
    const unknown = await refusal(client.v2.tweet({ text: 'a', media: { media_ids: [ids[0]!, '1234567890123456789'] } }));
    expect(unknown.data.errors).toEqual([{ parameters: { 'media.media_ids': [ids[0], '1234567890123456789'] }, message: 'Your media IDs are invalid.' }]);
    const pending = (await client.v2.post('media/upload/initialize', { media_type: 'image/png', total_bytes: 10 })).data.id as string;
    expect(messages(await refusal(client.v2.tweet({ text: 'a', media: { media_ids: [pending] } })))).toEqual(['Your media IDs are invalid.']);

    const four = await client.v2.tweet({ text: 'Quatre photos', media: { media_ids: ids.slice(0, 4) as [string, string, string, string] } });
    // X's text of a tweet with media ends with the media's link.
    expect(four.data.text).toMatch(/^Quatre photos https:\/\/t\.co\/\w{10}$/);
    const gif = await upload('image/gif');
    expect(x.media.find((m) => m.id === gif)?.category).toBe('tweet_gif');
    expect(messages(await refusal(client.v2.tweet({ text: 'a', media: { media_ids: [gif, ids[4]!] } }))))
      .toEqual(['The Tweet exceeds the number of allowed attachment types.']);
    await client.v2.tweet({ text: '', media: { media_ids: [gif] } }); // media alone needs no text

    clock += DAY; // media ids expire after a day
    expect(messages(await refusal(client.v2.tweet({ text: 'Trop tard', media: { media_ids: [ids[4]!] } })))).toEqual(['Your media IDs are invalid.']);
    clock -= DAY;
    expect(x.tweets.map((t) => t.mediaIds?.length)).toEqual([4, 1]);
  });
});

describe('fake X: media upload and metadata', () => {
  it('assembles a chunked upload from the real client, segment by segment, with its alt text', async () => {
    const image = png(2500);
    const id = await client.v2.uploadMedia(image, { media_type: 'image/png' }, 1000);
    await client.v2.createMediaMetadata(id, { alt_text: { text: 'Carte des secteurs' } });
    const media = x.media.find((m) => m.id === id)!;
    expect(media).toMatchObject({ category: 'tweet_image', totalBytes: 2500, appendedBytes: 2500, finalized: true, altText: 'Carte des secteurs' });
    expect(media.segments.map((s) => s.length)).toEqual([1000, 1000, 500]);
    expect(media.data).toEqual(image);
    const status = await client.v2.get('media/upload', { command: 'STATUS', media_id: id });
    expect(status.data).toMatchObject({ id, media_key: `3_${id}`, processing_info: { state: 'succeeded' } });
  });

  it('holds images to 5 MB and animated GIFs to 15 MB at initialize, in X’s words', async () => {
    const init = (body: object) => client.v2.post('media/upload/initialize', body);
    await init({ media_type: 'image/jpeg', media_category: 'tweet_image', total_bytes: 5 * 1024 * 1024 });
    expect(messages(await refusal(init({ media_type: 'image/jpeg', total_bytes: 5 * 1024 * 1024 + 1 })))).toEqual(['File size exceeds 5242880 bytes.']);
    await init({ media_type: 'image/gif', total_bytes: 15 * 1024 * 1024 });
    expect(messages(await refusal(init({ media_type: 'image/gif', total_bytes: 15 * 1024 * 1024 + 1 })))).toEqual(['File size exceeds 15728640 bytes.']);
  });

  it('refuses initialize bodies outside InitializeMediaUploadRequest', async () => {
    const init = (body: object) => refusal(client.v2.post('media/upload/initialize', body));
    expect(messages(await init({ media_type: 'image/heic', total_bytes: 10 }))).toEqual([
      '$.media_type: does not have a value in the enumeration [video/mp4, video/webm, video/mp2t, video/quicktime, text/srt, text/vtt, image/jpeg, image/gif, image/bmp, image/png, image/webp, image/pjpeg, image/tiff, model/gltf-binary, model/vnd.usdz+zip]',
    ]);
    expect(messages(await init({ media_type: 'image/png', total_bytes: -1 }))).toEqual(['$.total_bytes: must have a minimum value of 0']);
    expect(messages(await init({ media_type: 'image/png', command: 'INIT' })))
      .toEqual(['$.command: is not defined in the schema and the schema does not allow additional properties']);
    expect(x.media).toHaveLength(0);
  });

  it('refuses appends outside AppendMediaUploadRequest, to unknown media, and a finalize whose segments do not add up', async () => {
    const id = (await client.v2.post('media/upload/initialize', { media_type: 'image/png', total_bytes: 10 })).data.id as string;
    const append = (body: Record<string, unknown>, media = id) => client.v2.post(`media/upload/${media}/append`, body, { forceBodyMode: 'form-data' });
    expect(messages(await refusal(append({ segment_index: 1000, media: Buffer.alloc(5) })))).toEqual(['$.segment_index: does not match the regex pattern ^[0-9]{1,3}$']);
    expect(messages(await refusal(append({ segment_index: 0 })))).toEqual(['$.media: is missing but it is required']);
    expect(messages(await refusal(append({ segment_index: 0, media: Buffer.alloc(5), media_id: id }))))
      .toEqual(['$.media_id: is not defined in the schema and the schema does not allow additional properties']);
    expect((await refusal(append({ segment_index: 0, media: Buffer.alloc(5) }, '1234567890123456789'))).code).toBe(400);

    const last = (await client.v2.post('media/upload/initialize', { media_type: 'image/png', total_bytes: 3 })).data.id as string;
    await append({ segment_index: 999, media: Buffer.alloc(3) }, last); // the highest index X takes

    await append({ segment_index: 0, media: Buffer.alloc(5) });
    const short = await refusal(client.v2.post(`media/upload/${id}/finalize`));
    expect(messages(short)).toEqual(['Segments do not add up to provided total file size.']);
    await append({ segment_index: 1, media: Buffer.alloc(5) });
    await client.v2.post(`media/upload/${id}/finalize`);
    expect(x.media.find((m) => m.id === id)).toMatchObject({ appendedBytes: 10, finalized: true });
    expect(x.media.find((m) => m.id === last)?.appendedBytes).toBe(3);
  });

  it('takes alt text up to 1,000 characters, for the account’s media only', async () => {
    const id = await client.v2.uploadMedia(png(100), { media_type: 'image/png' });
    await client.v2.createMediaMetadata(id, { alt_text: { text: 'é'.repeat(1000) } });
    expect(x.media[0]!.altText).toHaveLength(1000);
    const long = await refusal(client.v2.createMediaMetadata(id, { alt_text: { text: 'é'.repeat(1001) } }));
    expect(long.data.errors).toEqual([{ parameters: { '$.metadata.alt_text.text': [JSON.stringify('é'.repeat(1001))] }, message: '$.metadata.alt_text.text: may only be 1000 characters long' }]);
    expect(messages(await refusal(client.v2.post('media/metadata', { id, metadata: { alt_text: {} } }))))
      .toEqual(['$.metadata.alt_text.text: is missing but it is required']);
    expect((await refusal(client.v2.createMediaMetadata('1234567890123456789', { alt_text: { text: 'x' } }))).code).toBe(400);
    expect(messages(await refusal(client.v2.get('media/upload', { command: 'STATUS', media_id: id, verbose: 'true' }))))
      .toEqual(['The query parameter [verbose] is not one of [media_id,command]']);
  });

  it('keeps scripted faults on the media routes', async () => {
    x.script('POST /2/media/upload/initialize', { status: 503, body: { title: 'Service Unavailable' } });
    expect((await refusal(client.v2.uploadMedia(png(100), { media_type: 'image/png' }))).code).toBe(503);
    expect(x.media).toHaveLength(0);
  });
});
