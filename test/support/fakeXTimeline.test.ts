/**
 * The fake X's reads, GET /2/users/me and GET /2/users/{id}/tweets: only the parameters and values
 * X's document lists, newest first, paged with `next_token`, and an account busy enough that reading
 * one page is not reading the account.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ApiResponseError, TwitterApi } from 'twitter-api-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeX, type FakeX, type XKeys } from './fakeX.js';
import { hmacSha1Signature, percentEncode, signatureBaseString } from './fakeX/oauth1.js';

const KEYS: XKeys = { appKey: 'cell-app-key', appSecret: 'cell-app-secret', accessToken: '4242-cell-token', accessSecret: 'cell-token-secret' };
const MINUTE = 60_000;
const START = Date.parse('2026-11-21T10:00:00Z');

async function refusal(promise: Promise<unknown>): Promise<{ code: number; data: any }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiResponseError) return { code: error.code, data: error.data };
    throw error;
  }
  throw new Error('expected X to refuse');
}
/** A GET signed with the app's keys by the fake's own signer (itself checked against X's worked example). */
async function signedGet(path: string, query: Array<[string, string]>) {
  const oauth: Array<[string, string]> = [
    ['oauth_consumer_key', KEYS.appKey], ['oauth_nonce', randomUUID().replace(/-/g, '')], ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Math.floor(Date.now() / 1000))], ['oauth_token', KEYS.accessToken], ['oauth_version', '1.0'],
  ];
  const signature = hmacSha1Signature(signatureBaseString('GET', `${x.origin}${path}`, [...query, ...oauth]), KEYS.appSecret, KEYS.accessSecret);
  const header = [...oauth, ['oauth_signature', signature]].map(([k, v]) => `${percentEncode(k!)}="${percentEncode(v!)}"`).join(', ');
  const search = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return fetch(`${x.origin}${path}?${search}`, { headers: { authorization: `OAuth ${header}` } });
}
const messages = (r: { data: any }) => (r.data.errors ?? []).map((e: { message: string }) => e.message);

let clock = START;
let x: FakeX;
let client: TwitterApi;
beforeAll(async () => {
  x = await startFakeX({ keys: KEYS, now: () => clock });
  client = new TwitterApi(KEYS, {
    httpAgent: new http.Agent(),
    plugins: [{ onBeforeRequestConfig({ params }) { params.url = params.url.replace(/^https:\/\/(api|upload)\.x\.com/, x.origin); } }],
  });
});
afterEach(() => {
  x.reset();
  clock = START;
});
afterAll(() => x.close());

/** One page, as a raw GET: what X answers to exactly these parameters. */
const page = (query: Record<string, string | number>) => client.v2.get('users/4242/tweets', query);

describe('fake X: GET /2/users/me', () => {
  it('answers the account, and refuses parameters and values the document does not list', async () => {
    expect((await client.v2.me({ 'user.fields': ['created_at'] })).data).toEqual({ id: '4242', name: 'Cellule com', username: 'GendarmerieTest' });
    const unknown = await refusal(client.v2.get('users/me', { fields: 'id' }));
    expect(unknown).toMatchObject({ code: 400, data: { title: 'Invalid Request', type: 'https://api.x.com/2/problems/invalid-request' } });
    expect(unknown.data.errors).toEqual([{
      parameters: { fields: ['id'] }, message: 'The query parameter [fields] is not one of [user.fields,expansions,tweet.fields,post.fields]',
    }]);
    const value = await refusal(client.v2.get('users/me', { 'user.fields': 'id,followers' }));
    expect(value.data.errors[0].parameters).toEqual({ 'user.fields': ['id,followers'] });
    expect(messages(value)[0]).toMatch(/^The `user\.fields` query parameter value \[followers\] is not one of \[affiliation,confirmed_email,/);
  });
});

describe('fake X: GET /2/users/{id}/tweets parameters', () => {
  it('takes max_results from 5 to 100, in X’s words otherwise', async () => {
    for (const max of [5, 100]) expect((await page({ max_results: max })).meta).toEqual({ result_count: 0 });
    for (const max of ['4', '101', '7.5', 'dix']) {
      expect(messages(await refusal(page({ max_results: max })))).toEqual([`The \`max_results\` query parameter value [${max}] is not between 5 and 100`]);
    }
  });

  it('takes only the tweet.fields, post.fields and expansions values X’s document lists', async () => {
    const fields = await refusal(page({ 'tweet.fields': 'created_at,views' }));
    expect(fields.data.errors).toEqual([{
      parameters: { 'tweet.fields': ['created_at,views'] },
      message: 'The `tweet.fields` query parameter value [views] is not one of [article,attachments,author_id,card_uri,community_id,context_annotations,conversation_id,created_at,display_text_range,edit_controls,edit_history_tweet_ids,entities,geo,id,in_reply_to_user_id,lang,media_metadata,non_public_metrics,note_tweet,organic_metrics,possibly_sensitive,promoted_metrics,public_metrics,referenced_tweets,reply_settings,scopes,source,suggested_source_links,suggested_source_links_with_counts,text,withheld]',
    }]);
    // post.fields (2.167) has no author_id; tweet.fields (2.159) has.
    expect(messages(await refusal(page({ 'post.fields': 'author_id' })))[0]).toMatch(/^The `post\.fields` query parameter value \[author_id\] is not one of \[article,article_title,/);
    expect(messages(await refusal(page({ expansions: 'bogus' })))[0]).toMatch(/^The `expansions` query parameter value \[bogus\] is not one of \[article\.cover_media,/);
    expect(messages(await refusal(page({ 'tweet.fields': '' })))).toEqual(['The `tweet.fields` query parameter can not be empty']);
    expect(messages(await refusal(page({ exclude: 'quotes' })))).toEqual(['The `exclude` query parameter value [quotes] is not one of [replies,retweets]']);
    await page({ 'tweet.fields': 'created_at,author_id', expansions: 'author_id', 'user.fields': 'username', 'media.fields': 'alt_text', exclude: 'retweets' });
  });

  it('refuses an unknown or repeated parameter, malformed ids and times, and a token it did not give', async () => {
    const unknown = await refusal(page({ count: 20 }));
    expect(messages(unknown)).toEqual([
      'The query parameter [count] is not one of [id,since_id,until_id,max_results,pagination_token,exclude,start_time,end_time,tweet.fields,expansions,media.fields,poll.fields,user.fields,place.fields,post.fields]',
    ]);
    // The client library cannot send a name twice (it keeps query parameters in an object): signed by hand.
    const twice = await signedGet('/2/users/4242/tweets', [['max_results', '5'], ['max_results', '10']]);
    expect({ status: twice.status, messages: messages({ data: await twice.json() }) })
      .toEqual({ status: 400, messages: ['The query parameter [max_results] is given more than once'] });
    expect(messages(await refusal(page({ since_id: '12ab' })))).toEqual(['The `since_id` query parameter value [12ab] does not match ^[0-9]{1,19}$']);
    expect(messages(await refusal(client.v2.get('users/GendarmerieTest/tweets')))).toEqual(['The `id` query parameter value [GendarmerieTest] does not match ^[0-9]{1,19}$']);
    expect((await refusal(page({ start_time: '2026-11-21 10:00' }))).code).toBe(400);
    expect(messages(await refusal(page({ start_time: '2009-01-01T00:00:00Z' }))))
      .toEqual(["Invalid 'start_time':'2009-01-01T00:00:00Z'. 'start_time' must be on or after 2010-11-06T00:00:00.000Z"]);
    expect((await page({ start_time: '2010-11-06T00:00:00Z' })).meta.result_count).toBe(0);
    expect((await refusal(page({ end_time: '2010-11-06T00:00:00Z' }))).code).toBe(400);
    expect((await refusal(page({ pagination_token: 'page-2' }))).code).toBe(400);
    // An RFC 3339 time with milliseconds, as toISOString() writes it, is taken.
    expect((await page({ start_time: '2026-11-21T09:58:00.000Z' })).meta.result_count).toBe(0);
  });

  it('answers another user’s id as X does: 200 with a not-found error', async () => {
    const other = await client.v2.get('users/9999/tweets');
    expect(other.errors[0]).toMatchObject({ title: 'Not Found Error', resource_id: '9999' });
  });
});

describe('fake X: the timeline of a busy account', () => {
  it('serves newest first, filters by ids and times (inclusive at the second), and adds fields only when asked', async () => {
    const seeded = x.seedTweets(6, { at: '2026-11-21T08:00:00Z', everyMs: 10 * MINUTE });
    expect(seeded.map((t) => t.createdAt)).toEqual(['08:00', '08:10', '08:20', '08:30', '08:40', '08:50'].map((hm) => `2026-11-21T${hm}:00.000Z`));
    const ids = seeded.map((t) => t.id);
    expect([...ids].sort()).toEqual(ids); // snowflakes: later is larger
    const all = await page({ max_results: 10 });
    expect(all.data.map((t: { id: string }) => t.id)).toEqual([...ids].reverse());
    expect(all.data[0]).toEqual({ id: ids[5], text: 'Publication courante n°6', edit_history_tweet_ids: [ids[5]] });
    expect(all.meta).toEqual({ result_count: 6, newest_id: ids[5], oldest_id: ids[0] });

    const window = await page({ start_time: '2026-11-21T08:10:00Z', end_time: '2026-11-21T08:30:00Z', 'tweet.fields': 'created_at' });
    expect(window.data.map((t: { created_at: string }) => t.created_at)).toEqual(['08:30', '08:20', '08:10'].map((hm) => `2026-11-21T${hm}:00.000Z`));
    const between = await page({ since_id: ids[1]!, until_id: ids[4]! });
    expect(between.data.map((t: { id: string }) => t.id)).toEqual([ids[3], ids[2]]);
    // The post vocabulary answers in post words.
    expect((await page({ 'post.fields': 'created_at', max_results: 5 })).data[0]).toHaveProperty('edit_history_post_ids', [ids[5]]);
  });

  it('pages with next_token until the oldest tweet, and the real client’s paginator walks all pages', async () => {
    x.seedTweets(250, { at: '2026-11-20T00:00:00Z', everyMs: MINUTE });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const one = await page({ max_results: 100, ...(token ? { pagination_token: token } : {}) });
      seen.push(...one.data.map((t: { id: string }) => t.id));
      token = one.meta.next_token;
      pages += 1;
    } while (token);
    expect({ pages, count: seen.length, unique: new Set(seen).size }).toEqual({ pages: 3, count: 250, unique: 250 });
    expect(seen).toEqual(x.tweets.map((t) => t.id).reverse());

    const paginator = await client.v2.userTimeline('4242', { max_results: 100 });
    await paginator.fetchLast();
    expect(paginator.tweets).toHaveLength(250);
  });

  it('hides an older tweet from a lookup that reads only the first page', async () => {
    clock = Date.parse('2026-11-21T10:00:00Z');
    const ours = (await client.v2.tweet({ text: 'Accident A9, évitez le secteur.' })).data.id;
    // Others post on the account after ours (a colleague, a scheduling tool): ours is now on page 2.
    x.seedTweets(30, { at: '2026-11-21T10:00:30Z', everyMs: 1000 });
    const query = { start_time: '2026-11-21T09:58:00.000Z', max_results: 20, 'tweet.fields': 'created_at' };
    const first = await page(query);
    expect(first.data.map((t: { id: string }) => t.id)).not.toContain(ours);
    expect(first.meta.next_token).toBeDefined();
    const second = await page({ ...query, pagination_token: first.meta.next_token });
    expect(second.data.map((t: { id: string }) => t.id)).toContain(ours);
  });

  it('reaches only the most recent 3,200 tweets, and 800 with exclude=replies', async () => {
    x.seedTweets(3300, { at: '2026-11-01T00:00:00Z', everyMs: MINUTE });
    const count = async (query: Record<string, string | number>) => {
      let total = 0;
      let token: string | undefined;
      do {
        const one = await page({ ...query, max_results: 100, ...(token ? { pagination_token: token } : {}) });
        total += one.meta.result_count;
        token = one.meta.next_token;
      } while (token);
      return total;
    };
    expect(await count({})).toBe(3200);
    expect(await count({ exclude: 'replies' })).toBe(800);
  });

  it('keeps the read faults scripted on the timeline', async () => {
    x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' });
    expect((await refusal(client.v2.userTimeline('4242'))).data.reason).toBe('client-not-enrolled');
    expect((await client.v2.userTimeline('4242')).meta.result_count).toBe(0);
  });
});
