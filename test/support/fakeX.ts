/**
 * A fake X API v2 on a real loopback HTTP server, as strict as X. The bot's twitter-api-v2 client
 * rewrites `https://api.x.com` / `https://upload.x.com` to `origin`, so the real client code (OAuth
 * signing, error parsing) runs. The fake
 *  - verifies every request's OAuth 1.0a signature against the app's four keys (`fakeX/oauth1.ts`);
 *  - checks bodies and query parameters against X's OpenAPI document and answers X's refusals
 *    (`fakeX/schemas.ts`, `fakeX/posts.ts`, `fakeX/media.ts`, `fakeX/timeline.ts`);
 *  - pages the account's timeline as X does, and can be made busy (`seedTweets`).
 * Faults are scripted per route so tests can reproduce what makes "publish exactly once" hard: a
 * tweet created while the client saw an error, a cut connection, a rate limit.
 *
 * Like X, responses render tweet text as X stores it: `&`, `<`, `>` HTML-escaped, every URL replaced
 * by a t.co link, and a t.co link appended for attached media (`renderText: 'verbatim'` turns that
 * off). The stored `tweets[].text` is always exactly what was sent.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { readBody, sendJson as send, startLoopbackServer } from './loopbackServer.js';
import { bodyForRecord, parseXBody, type XBody } from './fakeX/bodies.js';
import * as media from './fakeX/media.js';
import { verifyOAuth1, type XKeys } from './fakeX/oauth1.js';
import { refuseTweet, type TweetRequest } from './fakeX/posts.js';
import { invalidRequest, problem, UNAUTHORIZED } from './fakeX/problems.js';
import { TWEET_FIELDS, POST_FIELDS, USER_EXPANSIONS, USER_FIELDS } from './fakeX/schemas.js';
import { fieldLists, readTimelineQuery, timelinePage, unknownOrRepeated } from './fakeX/timeline.js';

export type { XKeys } from './fakeX/oauth1.js';

/** The keys of a bot configured with `TWITTER_API_KEY` … `TWITTER_ACCESS_SECRET`, as the fake wants them. */
export function xKeysFromEnv(env: Record<string, string | undefined>): XKeys {
  const get = (name: string) => env[name] ?? '';
  return {
    appKey: get('TWITTER_API_KEY'), appSecret: get('TWITTER_API_SECRET'),
    accessToken: get('TWITTER_ACCESS_TOKEN'), accessSecret: get('TWITTER_ACCESS_SECRET'),
  };
}

export interface FakeTweet {
  id: string;
  text: string;
  replyTo?: string;
  mediaIds?: string[];
  createdAt: string;
}

export interface FakeMedia {
  id: string;
  mediaType?: string;
  /** `media_category`, given or defaulted from the type (tweet_image, tweet_gif, tweet_video …). */
  category?: string;
  totalBytes?: number;
  /** The appended segments by `segment_index`. */
  segments: Buffer[];
  appendedBytes: number;
  finalized: boolean;
  /** The whole file, once finalized. */
  data?: Buffer;
  altText?: string;
  /** Media ids expire (a day for images): a tweet cannot use one after this instant. */
  expiresAtMs: number;
}

export interface FakeXRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  headers: http.IncomingHttpHeaders;
  /** `performance.now()` in this process when the request arrived (benchmarks measure against it). */
  receivedAt: number;
}

export type XFault =
  /** Answered normally: scripts a fault for a later request (`script(route, pass, pass, fault)`). */
  | { kind: 'pass' }
  | { status: number; body?: unknown; headers?: Record<string, string>; createTweet?: boolean }
  | { kind: 'rateLimited'; resetEpochSeconds: number; limit?: number }
  | { kind: 'duplicate' }
  | { kind: 'unauthorized' }
  | { kind: 'cutAfterCreate' }
  | { kind: 'hang'; createTweet?: boolean }
  | { kind: 'readForbidden' };

/** Route keys; other endpoints use their method and path with numeric segments as `:id`. */
export type XRoute = 'POST /2/tweets' | 'GET /2/users/me' | 'GET /2/users/:id/tweets' | (string & {});

export interface SeedOptions {
  /** When the first seeded tweet was posted; the others follow, `everyMs` apart (default a minute). */
  at: Date | string | number;
  everyMs?: number;
  /** The text of the `n`th seeded tweet (from 1). */
  text?: (n: number) => string;
}

export interface FakeX {
  origin: string;
  /** Every tweet of the account, in the order the fake created them. */
  tweets: FakeTweet[];
  media: FakeMedia[];
  requests: FakeXRequest[];
  requestsTo(route: XRoute): FakeXRequest[];
  script(route: XRoute, ...faults: XFault[]): void;
  /** A busy account: `count` tweets posted by others on the account (a colleague, another tool), oldest first. */
  seedTweets(count: number, options: SeedOptions): FakeTweet[];
  reset(): void;
  close(): Promise<void>;
}

export interface FakeXOptions {
  /** The app's keys and the account's token: any request not signed with them is refused with a 401. */
  keys: XKeys;
  userId?: string;
  username?: string;
  /** Reject a text identical to a stored tweet with X's duplicate 403 (off: a double post shows as two tweets). */
  rejectDuplicates?: boolean;
  renderText?: 'x' | 'verbatim';
  now?: () => number;
}

const PROBLEMS = {
  duplicate: {
    detail: 'You are not allowed to create a Tweet with duplicate content.',
    type: 'about:blank', title: 'Forbidden', status: 403,
  },
  rateLimited: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
  readForbidden: {
    title: 'Forbidden', type: 'https://api.twitter.com/2/problems/client-forbidden',
    detail: 'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
    reason: 'client-not-enrolled', status: 403,
  },
};

const URL_RE = /https?:\/\/\S+?(?=[.,;:!?)]*(?:\s|$))/g;
const tco = (salt: string) => `https://t.co/${createHash('sha256').update(salt).digest('hex').slice(0, 10)}`;

function renderLikeX(tweet: FakeTweet): string {
  const text = tweet.text.replace(URL_RE, (url) => `\u0000${url}\u0001`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\u0000([^\u0001]*)\u0001/g, (_, url: string) => tco(tweet.id + url));
  // X's text of a tweet with media ends with the link to the media.
  return tweet.mediaIds?.length ? `${text}${text ? ' ' : ''}${tco(`${tweet.id} media`)}` : text;
}

function routeKey(method: string, path: string): string {
  // Numeric segments after the version (`/2`) are ids: `/2/users/4242/tweets` -> `/2/users/:id/tweets`.
  const segments = path.split('/').map((s, i) => (i > 1 && /^\d+$/.test(s) ? ':id' : s));
  return `${method} ${segments.join('/')}`;
}

/** Tweet and media ids are snowflakes, as on X: the creation time in the high bits, so ids sort by time. */
const TWEPOCH = 1288834974657n;

export async function startFakeX(options: FakeXOptions): Promise<FakeX> {
  const userId = options.userId ?? '4242';
  const username = options.username ?? 'GendarmerieTest';
  const now = options.now ?? Date.now;
  const faults = new Map<string, XFault[]>();
  const nonces = new Set<string>();
  // The sequence grows for the server's whole life (not reset) so a test never sees an id twice.
  let sequence = 0n;
  const snowflake = (ms: number) => String(((BigInt(Math.max(Math.floor(ms), Number(TWEPOCH))) - TWEPOCH) << 22n) | (sequence++ & 0x3fffffn));
  const store: media.MediaStore = { media: [], nextId: () => snowflake(now()), nowMs: () => now() };

  const render = (tweet: FakeTweet) => (options.renderText === 'verbatim' ? tweet.text : renderLikeX(tweet));

  function createTweet(body: TweetRequest, at = now()): FakeTweet {
    const tweet: FakeTweet = { id: snowflake(at), text: body.text ?? '', createdAt: new Date(at).toISOString() };
    if (body.reply) tweet.replyTo = body.reply.in_reply_to_tweet_id;
    if (body.media) tweet.mediaIds = [...body.media.media_ids];
    fake.tweets.push(tweet);
    return tweet;
  }

  /** Answers a scripted fault; `create` stores the tweet when the fault says it went through. */
  function applyFault(fault: XFault, req: http.IncomingMessage, res: http.ServerResponse, create?: () => void) {
    if (!('kind' in fault)) {
      if (fault.createTweet) create?.();
      const body = fault.body ?? { title: 'Scripted failure', type: 'about:blank', status: fault.status };
      return send(res, fault.status, body, fault.headers);
    }
    switch (fault.kind) {
      case 'rateLimited':
        return send(res, 429, PROBLEMS.rateLimited, {
          'x-rate-limit-limit': String(fault.limit ?? 100),
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(fault.resetEpochSeconds),
        });
      case 'duplicate':
        return send(res, 403, PROBLEMS.duplicate);
      case 'unauthorized':
        return send(res, 401, UNAUTHORIZED);
      case 'readForbidden':
        return send(res, 403, PROBLEMS.readForbidden);
      case 'cutAfterCreate':
        create?.();
        return req.socket.destroy();
      case 'hang':
        if (fault.createTweet) create?.();
        return; // the socket stays open until the client gives up or close() destroys it
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const receivedAt = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    const url = new URL(req.url ?? '/', fake.origin);
    const method = req.method ?? 'GET';
    const query = [...url.searchParams];
    const body = parseXBody(await readBody(req), req.headers['content-type']);
    fake.requests.push({ method, path: url.pathname, query: Object.fromEntries(query), body: bodyForRecord(body), headers: req.headers, receivedAt });
    const route = routeKey(method, url.pathname);
    const segments = url.pathname.split('/');
    const known = ROUTES.has(route) || /^GET \/2\/users\/[^/]+\/tweets$/.test(route);
    if (!known) return send(res, 404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: `No route ${route}` });

    // X checks the credentials before anything else; the base string URI is the request's own (RFC 5849 §3.4.1.2).
    const base = new URL(`http://${req.headers.host ?? ''}${path}`);
    const formBody = body.kind === 'form' ? body.entries : [];
    const signed = verifyOAuth1({ method, baseUri: `${base.protocol}//${base.host}${base.pathname}`, query, formBody, authorization: req.headers.authorization }, options.keys, nonces);
    if (!signed) return send(res, 401, UNAUTHORIZED);

    let refusal: media.Answer | null = null;
    let create: (() => void) | undefined;
    if (route === 'POST /2/tweets') {
      refusal = refuseTweet(body, fake.tweets, store);
      if (!refusal) create = () => void createTweet((body as { value: TweetRequest }).value);
    } else if (method === 'GET' && route !== 'GET /2/media/upload') {
      refusal = refuseReadQuery(route, segments[3]!, query);
    }
    // The writes take no query parameter (the document lists none for them).
    if (method === 'POST' && query.length > 0) refusal ??= { status: 400, body: invalidRequest(unknownOrRepeated(query, [])) };
    if (refusal) return send(res, refusal.status, refusal.body);

    const fault = faults.get(route)?.shift();
    if (fault && !('kind' in fault && fault.kind === 'pass')) return applyFault(fault, req, res, create);

    const answer = act(route, segments, query, body);
    return send(res, answer.status, answer.body);
  }

  /** The query checks of the two reads, as X answers them. */
  function refuseReadQuery(route: string, id: string, query: Array<[string, string]>): media.Answer | null {
    if (route === 'GET /2/users/me') {
      const lists = { 'user.fields': USER_FIELDS, expansions: USER_EXPANSIONS, 'tweet.fields': TWEET_FIELDS, 'post.fields': POST_FIELDS };
      const problems = [...unknownOrRepeated(query, Object.keys(lists)), ...fieldLists(query, lists)];
      return problems.length > 0 ? { status: 400, body: invalidRequest(problems) } : null;
    }
    const problems = readTimelineQuery(query).problems;
    // A path id is reported as a query parameter by X ("The `id` query parameter value [1.2] does not match …").
    if (!/^[0-9]{1,19}$/.test(id)) problems.unshift(problem('id', id, `The \`id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`));
    return problems.length > 0 ? { status: 400, body: invalidRequest(problems) } : null;
  }

  function act(route: string, segments: string[], query: Array<[string, string]>, body: XBody): media.Answer {
    switch (route) {
      case 'POST /2/tweets': {
        const request = (body as { value: TweetRequest }).value;
        if (options.rejectDuplicates && fake.tweets.some((t) => t.text === (request.text ?? ''))) return { status: 403, body: PROBLEMS.duplicate };
        const tweet = createTweet(request);
        return { status: 201, body: { data: { id: tweet.id, text: render(tweet), edit_history_tweet_ids: [tweet.id] } } };
      }
      case 'GET /2/users/me':
        return { status: 200, body: { data: { id: userId, name: 'Cellule com', username } } };
      case 'POST /2/media/upload/initialize':
        return media.initialize(store, body);
      case 'POST /2/media/upload/:id/append':
        return media.append(store, segments[4]!, body);
      case 'POST /2/media/upload/:id/finalize':
        return media.finalize(store, segments[4]!);
      case 'GET /2/media/upload':
        return media.status(store, query);
      case 'POST /2/media/metadata':
        return media.metadata(store, body);
      default: {
        // GET /2/users/:id/tweets
        const requested = segments[3]!;
        if (requested !== userId) {
          return {
            status: 200,
            body: {
              errors: [{
                value: requested, detail: `Could not find user with id: [${requested}].`, title: 'Not Found Error',
                resource_type: 'user', parameter: 'id', resource_id: requested,
                type: 'https://api.twitter.com/2/problems/resource-not-found',
              }],
            },
          };
        }
        return { status: 200, body: timelinePage(fake.tweets, readTimelineQuery(query).query!, userId, (t) => render(t as FakeTweet)) };
      }
    }
  }

  const server = await startLoopbackServer(handle, (res, error) =>
    send(res, 400, invalidRequest([{ parameters: {}, message: `Malformed request: ${String(error)}` }])),
  );

  const fake: FakeX = {
    origin: server.origin,
    tweets: [],
    get media() {
      return store.media;
    },
    requests: [],
    requestsTo: (route) => fake.requests.filter((r) => routeKey(r.method, r.path) === route),
    script(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list]);
    },
    seedTweets(count, { at, everyMs = 60_000, text = (n) => `Publication courante n°${n}` }) {
      const first = new Date(at).getTime();
      return Array.from({ length: count }, (_, i) => createTweet({ text: text(i + 1) }, first + i * everyMs));
    },
    reset() {
      fake.tweets.length = 0;
      store.media.length = 0;
      fake.requests.length = 0;
      faults.clear();
    },
    // Also ends requests held by a 'hang' fault.
    close: () => server.close(),
  };
  return fake;
}

const ROUTES = new Set([
  'POST /2/tweets', 'GET /2/users/me', 'POST /2/media/upload/initialize', 'POST /2/media/upload/:id/append',
  'POST /2/media/upload/:id/finalize', 'GET /2/media/upload', 'POST /2/media/metadata',
]);
