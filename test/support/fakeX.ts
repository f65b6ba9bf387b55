/**
 * A fake X API v2 on a real loopback HTTP server. The bot's twitter-api-v2 client
 * rewrites `https://api.x.com` / `https://upload.x.com` to `origin`, so the real
 * client code (OAuth signing, error parsing) runs. Faults are scripted per route
 * so tests can reproduce what makes "publish exactly once" hard: a tweet created
 * while the client saw an error, a cut connection, a rate limit.
 *
 * Like X, responses render tweet text as X stores it: `&`, `<`, `>` HTML-escaped and
 * every URL replaced by a t.co link (`renderText: 'verbatim'` turns that off). The
 * stored `tweets[].text` is always exactly what the bot sent.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { parseBody, readBody, sendJson as send, startLoopbackServer } from './loopbackServer.js';

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
  totalBytes?: number;
  appendedBytes: number;
  finalized: boolean;
  altText?: string;
}

export interface FakeXRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: any;
  headers: http.IncomingHttpHeaders;
  /** `performance.now()` in this process when the request arrived (benchmarks measure against it). */
  receivedAt?: number;
}

export type XFault =
  | { status: number; body?: unknown; headers?: Record<string, string>; createTweet?: boolean }
  | { kind: 'rateLimited'; resetEpochSeconds: number; limit?: number }
  | { kind: 'duplicate' }
  | { kind: 'unauthorized' }
  | { kind: 'cutAfterCreate' }
  | { kind: 'hang'; createTweet?: boolean }
  | { kind: 'readForbidden' };

/** Route keys; other endpoints use their method and path with numeric segments as `:id`. */
export type XRoute = 'POST /2/tweets' | 'GET /2/users/me' | 'GET /2/users/:id/tweets' | (string & {});

export interface FakeX {
  origin: string;
  tweets: FakeTweet[];
  media: FakeMedia[];
  requests: FakeXRequest[];
  requestsTo(route: XRoute): FakeXRequest[];
  script(route: XRoute, ...faults: XFault[]): void;
  reset(): void;
  close(): Promise<void>;
}

export interface FakeXOptions {
  userId?: string;
  username?: string;
  /** Reject a text identical to a stored tweet with X's duplicate 403 (off: a double post shows as two tweets). */
  rejectDuplicates?: boolean;
  renderText?: 'x' | 'verbatim';
  now?: () => number;
}

const PROBLEMS = {
  unauthorized: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
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

function invalidRequest(message: string) {
  return {
    errors: [{ message }], title: 'Invalid Request', type: 'https://api.twitter.com/2/problems/invalid-request',
    detail: 'One or more parameters to your request was invalid.',
  };
}

const URL_RE = /https?:\/\/\S+?(?=[.,;:!?)]*(?:\s|$))/g;

function renderLikeX(text: string, salt: string): string {
  const tco = (url: string) =>
    `https://t.co/${createHash('sha256').update(salt + url).digest('hex').slice(0, 10)}`;
  return text.replace(URL_RE, (url) => `\u0000${url}\u0001`)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\u0000([^\u0001]*)\u0001/g, (_, url: string) => tco(url));
}

function routeKey(method: string, path: string): string {
  // Numeric segments after the version (`/2`) are ids: `/2/users/4242/tweets` -> `/2/users/:id/tweets`.
  const segments = path.split('/').map((s, i) => (i > 1 && /^\d+$/.test(s) ? ':id' : s));
  return `${method} ${segments.join('/')}`;
}

export async function startFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  const userId = options.userId ?? '4242';
  const username = options.username ?? 'GendarmerieTest';
  const now = options.now ?? Date.now;
  const faults = new Map<string, XFault[]>();
  // Ids grow for the server's whole life (not reset) so a test never sees an id twice.
  let tweetSeq = 1900000000000000000n;
  let mediaSeq = 1880000000000000000n;

  const render = (tweet: FakeTweet) =>
    options.renderText === 'verbatim' ? tweet.text : renderLikeX(tweet.text, tweet.id);

  function createTweet(body: any): FakeTweet {
    const createdAt = new Date(now()).toISOString();
    const tweet: FakeTweet = { id: String(++tweetSeq), text: body.text ?? '', createdAt };
    if (body.reply?.in_reply_to_tweet_id) tweet.replyTo = String(body.reply.in_reply_to_tweet_id);
    if (body.media?.media_ids) tweet.mediaIds = body.media.media_ids.map(String);
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
        return send(res, 401, PROBLEMS.unauthorized);
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

  function mediaById(id: unknown): FakeMedia | undefined {
    return fake.media.find((m) => m.id === String(id));
  }

  function timeline(query: Record<string, string>, res: http.ServerResponse) {
    const max = Number(query.max_results ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      const message = `The \`max_results\` query parameter value [${query.max_results}] is not between 5 and 100`;
      return send(res, 400, invalidRequest(message));
    }
    const fields = new Set((query['tweet.fields'] ?? '').split(',').filter(Boolean));
    let list = [...fake.tweets].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    if (query.since_id) list = list.filter((t) => BigInt(t.id) > BigInt(query.since_id!));
    if (query.until_id) list = list.filter((t) => BigInt(t.id) < BigInt(query.until_id!));
    if (query.start_time) list = list.filter((t) => t.createdAt >= new Date(query.start_time!).toISOString());
    if (query.end_time) list = list.filter((t) => t.createdAt < new Date(query.end_time!).toISOString());
    if ((query.exclude ?? '').split(',').includes('replies')) list = list.filter((t) => !t.replyTo);
    const offset = query.pagination_token ? Number(Buffer.from(query.pagination_token, 'base64url').toString()) : 0;
    const page = list.slice(offset, offset + max);
    if (page.length === 0) return send(res, 200, { meta: { result_count: 0 } });
    // Like X, optional fields appear only when asked for with `tweet.fields`.
    const data = page.map((t) => ({
      id: t.id, text: render(t), edit_history_tweet_ids: [t.id],
      ...(fields.has('created_at') ? { created_at: t.createdAt } : {}),
      ...(fields.has('author_id') ? { author_id: userId } : {}),
      ...(fields.has('referenced_tweets') && t.replyTo ? { referenced_tweets: [{ type: 'replied_to', id: t.replyTo }] } : {}),
    }));
    const meta: Record<string, unknown> = {
      result_count: page.length, newest_id: page[0]!.id, oldest_id: page[page.length - 1]!.id,
    };
    if (offset + max < list.length) meta.next_token = Buffer.from(String(offset + max)).toString('base64url');
    send(res, 200, { data, meta });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', fake.origin);
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const body: any = parseBody(await readBody(req), req.headers['content-type']);
    fake.requests.push({ method, path: url.pathname, query, body, headers: req.headers, receivedAt });
    const route = routeKey(method, url.pathname);
    const auth = req.headers.authorization ?? '';

    // Writes need user context (OAuth 1.0a here); reads accept any credentials.
    const needsOAuth = method === 'POST';
    if (needsOAuth ? !auth.startsWith('OAuth ') : !auth) return send(res, 401, PROBLEMS.unauthorized);

    let create: (() => void) | undefined;
    if (route === 'POST /2/tweets') {
      if (!body || typeof body !== 'object' || (typeof body.text !== 'string' && !body.media)) {
        return send(res, 400, invalidRequest('The request body must contain `text` or `media`.'));
      }
      const ids: unknown[] = body.media?.media_ids ?? [];
      if (ids.some((id) => !mediaById(id)?.finalized)) return send(res, 400, invalidRequest('Your media IDs are invalid.'));
      create = () => void createTweet(body);
    }
    const fault = faults.get(route)?.shift();
    if (fault) return applyFault(fault, req, res, create);

    switch (route) {
      case 'POST /2/tweets': {
        if (options.rejectDuplicates && fake.tweets.some((t) => t.text === body.text)) {
          return send(res, 403, PROBLEMS.duplicate);
        }
        const tweet = createTweet(body);
        return send(res, 201, { data: { id: tweet.id, text: render(tweet), edit_history_tweet_ids: [tweet.id] } });
      }
      case 'GET /2/users/me':
        return send(res, 200, { data: { id: userId, name: 'Cellule com', username } });
      case 'GET /2/users/:id/tweets': {
        const requested = url.pathname.split('/')[3];
        if (requested !== userId) {
          return send(res, 200, {
            errors: [{
              value: requested, detail: `Could not find user with id: [${requested}].`, title: 'Not Found Error',
              resource_type: 'user', parameter: 'id', resource_id: requested,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            }],
          });
        }
        return timeline(query, res);
      }
      case 'POST /2/media/upload/initialize': {
        const media: FakeMedia = {
          id: String(++mediaSeq), mediaType: body?.media_type, totalBytes: body?.total_bytes,
          appendedBytes: 0, finalized: false,
        };
        fake.media.push(media);
        return send(res, 200, { data: { id: media.id, media_key: `3_${media.id}`, expires_after_secs: 86400 } });
      }
      case 'POST /2/media/upload/:id/append':
      case 'POST /2/media/upload/:id/finalize': {
        const media = mediaById(url.pathname.split('/')[4]);
        if (!media) return send(res, 400, invalidRequest('Invalid media id.'));
        if (route.endsWith('append')) {
          media.appendedBytes += body?.bytes ?? 0;
          return send(res, 200, { data: { expires_at: Math.floor(now() / 1000) + 86400 } });
        }
        media.finalized = true;
        return send(res, 200, {
          data: { id: media.id, media_key: `3_${media.id}`, size: media.totalBytes, expires_after_secs: 86400 },
        });
      }
      case 'GET /2/media/upload': {
        const media = mediaById(query.media_id);
        if (!media) return send(res, 400, invalidRequest('Invalid media id.'));
        return send(res, 200, {
          data: { id: media.id, media_key: `3_${media.id}`, processing_info: { state: 'succeeded', progress_percent: 100 } },
        });
      }
      case 'POST /2/media/metadata': {
        const media = mediaById(body?.id);
        if (!media) return send(res, 400, invalidRequest('Invalid media id.'));
        media.altText = body?.metadata?.alt_text?.text;
        return send(res, 200, { data: { id: media.id, associated_metadata: body.metadata } });
      }
      default:
        return send(res, 404, { title: 'Not Found Error', type: 'about:blank', status: 404, detail: `No route ${route}` });
    }
  }

  const server = await startLoopbackServer(handle, (res, error) =>
    send(res, 400, invalidRequest(`Malformed request: ${String(error)}`)),
  );

  const fake: FakeX = {
    origin: server.origin,
    tweets: [],
    media: [],
    requests: [],
    requestsTo: (route) => fake.requests.filter((r) => routeKey(r.method, r.path) === route),
    script(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list]);
    },
    reset() {
      fake.tweets.length = 0;
      fake.media.length = 0;
      fake.requests.length = 0;
      faults.clear();
    },
    // Also ends requests held by a 'hang' fault.
    close: () => server.close(),
  };
  return fake;
}
