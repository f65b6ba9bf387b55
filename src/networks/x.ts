import http from 'node:http';
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import twitter from 'twitter-text';
import type { XCredentials } from '../platform/config.js';
import { fitImage } from './images.js';
import type { ImageLimits, Lookup, Network, PartToPost, PostOutcome } from './network.js';

/** The link to a tweet; without the account's username, X's `i` path redirects to it. */
export function tweetUrl(tweetId: string, username: string | null): string {
  return `https://x.com/${username ?? 'i'}/status/${tweetId}`;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** Our clock and X's may disagree by a little: look a bit earlier than the first attempt. */
const CLOCK_SKEW_MS = 2 * 60 * 1000;
/** The most a timeline page holds (X API v2, GET /2/users/:id/tweets, max_results 5–100). */
const PAGE = 100;

/** X's image rules: JPEG, PNG and WebP up to 5 MB, GIF up to 15 MB; four per post; alt text up to 1,000. */
export const X_IMAGES: ImageLimits = {
  maxImages: 4,
  maxBytes: { 'image/jpeg': 5 * 1024 * 1024, 'image/png': 5 * 1024 * 1024, 'image/webp': 5 * 1024 * 1024, 'image/gif': 15 * 1024 * 1024 },
  maxAlt: 1000,
};

/**
 * A tweet's text as X gives it back is not what was sent: `&`, `<`, `>` come back as entities and every
 * link as a t.co link (and attached media add one more). Both sides are compared without their links;
 * the time window of the search keeps that from matching an older tweet.
 */
function comparable(text: string): string {
  let out = '';
  let last = 0;
  for (const { indices } of twitter.extractUrlsWithIndices(text)) {
    out += `${text.slice(last, indices[0])} `;
    last = indices[1];
  }
  out += text.slice(last);
  return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** twitter-api-v2 has no base-URL setting: a plugin rewrites X's hosts (staging, tests) and bounds every request. */
function routingPlugin(base: string | undefined): ITwitterApiClientPlugin {
  const origin = base?.replace(/\/+$/, '');
  return {
    onBeforeRequestConfig({ params }) {
      if (origin) params.url = params.url.replace(/^https:\/\/(api|upload)\.(x|twitter)\.com/, origin);
      params.timeout ??= REQUEST_TIMEOUT_MS;
    },
  };
}

/** X's rules (length, images), what a dry run on X keeps. */
export function xRules(maxLength: number): Pick<Network, 'name' | 'length' | 'images' | 'start' | 'newKey' | 'post' | 'find'> {
  return {
    name: 'x',
    length: { max: maxLength, count: (text) => twitter.parseTweet(text).weightedLength },
    images: X_IMAGES,
    start: async () => {},
    newKey: () => '',
    post: async () => ({ kind: 'unknown', detail: 'not configured' }),
    find: async () => ({ kind: 'absent' }),
  };
}

/** X, through twitter-api-v2 with OAuth 1.0a user context. X has no idempotency key: `find` reads the account. */
export function createX(credentials: XCredentials, options: { apiUrl?: string; maxLength: number }): Network {
  const { apiUrl } = options;
  const client = new TwitterApi(credentials, {
    plugins: [routingPlugin(apiUrl)],
    ...(apiUrl?.startsWith('http://') ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}),
  });
  let account: { id: string; username: string } | null = null;
  const learnAccount = async () => {
    if (account) return account;
    try {
      const me = await client.v2.me();
      account = { id: me.data.id, username: me.data.username };
    } catch {
      // Plans without reads, or X down: links go through the `i` path until it is known.
    }
    return account;
  };

  return {
    ...xRules(options.maxLength),
    dryRun: false,
    async start() {
      await learnAccount();
    },
    async post(part: PartToPost): Promise<PostOutcome> {
      try {
        const mediaIds: string[] = [];
        for (const media of part.media) {
          const fitted = await fitImage(media, X_IMAGES);
          if (!fitted.ok) return { kind: 'failed', code: 'image', status: null, detail: fitted.reason };
          const id = await client.v2.uploadMedia(fitted.media.data, { media_type: fitted.media.mimeType as 'image/jpeg' });
          await client.v2.createMediaMetadata(id, { alt_text: { text: media.altText } });
          mediaIds.push(id);
        }
        const result = await client.v2.tweet({
          text: part.text,
          ...(part.reply ? { reply: { in_reply_to_tweet_id: part.reply.parent.id } } : {}),
          ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds as [string] } } : {}),
        });
        // Without the username yet, X's `i` path leads to the tweet; the next links will name the account.
        if (!account) void learnAccount();
        return { kind: 'posted', remote: { id: result.data.id, url: tweetUrl(result.data.id, account?.username ?? null) } };
      } catch (error) {
        return classify(error);
      }
    },
    async find(part: PartToPost, since: Date): Promise<Lookup> {
      const me = await learnAccount();
      if (!me) return { kind: 'unreadable', detail: 'the account could not be read (GET /2/users/me)' };
      try {
        const wanted = comparable(part.text);
        // Every page back to the first attempt: a busy account posts more than one page meanwhile.
        const timeline = await client.v2.userTimeline(me.id, { start_time: new Date(since.getTime() - CLOCK_SKEW_MS).toISOString(), max_results: PAGE });
        for (;;) {
          const found = timeline.tweets.find((t) => comparable(t.text) === wanted);
          if (found) return { kind: 'found', remote: { id: found.id, url: tweetUrl(found.id, me.username) } };
          if (timeline.done) return { kind: 'absent' };
          await timeline.fetchNext(PAGE);
        }
      } catch (error) {
        return { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

const DUPLICATE = /duplicate content/i;

function classify(error: unknown): PostOutcome {
  if (error instanceof ApiResponseError) {
    const detail = describe(error.data) ?? error.message;
    if (error.code === 429) {
      const reset = error.rateLimit?.userDay?.remaining === 0 ? error.rateLimit.userDay.reset : error.rateLimit?.reset;
      return { kind: 'rate_limited', resetAt: reset ? new Date(reset * 1000) : null, detail };
    }
    if (error.code === 403 && DUPLICATE.test(detail)) return { kind: 'failed', code: 'duplicate', status: 403, detail };
    if (error.code === 401 || error.code === 403) return { kind: 'failed', code: 'credentials', status: error.code, detail };
    if (error.code >= 500) return { kind: 'unknown', detail: `HTTP ${error.code}: ${detail}` };
    return { kind: 'failed', code: 'invalid', status: error.code, detail };
  }
  // A request error, a partial answer, a timeout: the tweet may or may not exist.
  return { kind: 'unknown', detail: error instanceof Error ? error.message : String(error) };
}

function describe(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as { detail?: unknown; title?: unknown; errors?: Array<{ message?: unknown }> };
  if (typeof record.detail === 'string') return record.detail;
  const first = record.errors?.[0]?.message;
  if (typeof first === 'string') return first;
  return typeof record.title === 'string' ? record.title : undefined;
}
