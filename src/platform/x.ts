import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from 'twitter-api-v2';
import twitter from 'twitter-text';
import type { XCredentials } from './config.js';

/** What became of one attempt to post a tweet, in the words the publishing rules need. */
export type PostOutcome =
  | { kind: 'posted'; tweetId: string; dryRun: boolean }
  | { kind: 'duplicate'; detail: string }
  | { kind: 'refused'; status: number; detail: string }
  | { kind: 'rate_limited'; resetAt: Date | null; detail: string }
  | { kind: 'invalid'; status: number; detail: string }
  /** Timeout, cut connection, 5xx: the tweet may or may not exist. Never re-post blindly. */
  | { kind: 'unknown'; detail: string };

export interface MediaToAttach {
  data: Buffer;
  mimeType: string;
  altText: string;
}

export interface TweetToPost {
  text: string;
  replyToTweetId?: string;
  /** Uploaded at publication, not before: X's media ids expire. */
  media?: MediaToAttach[];
}

export interface Account {
  id: string;
  username: string;
}

/** Whether a tweet we may have posted is on the account, when X's answer to the post was lost. */
export type Lookup = { kind: 'found'; tweetId: string } | { kind: 'absent' } | { kind: 'unreadable'; detail: string };

export interface XClient {
  readonly dryRun: boolean;
  post(tweet: TweetToPost): Promise<PostOutcome>;
  /** Looks for `text` among the account's tweets created since `since` (X plans without reads: unreadable). */
  findRecent(text: string, since: Date): Promise<Lookup>;
  /** The account we publish as, or null when X cannot tell us (dry run, outage, plan without reads). */
  account(): Promise<Account | null>;
  /** The account if X has already told it (no request): what `account()` remembers. */
  knownAccount(): Account | null;
}

/** The link to a tweet; without the account's username, X's `i` path redirects to it. */
export function tweetUrl(tweetId: string, username: string | null): string {
  return `https://x.com/${username ?? 'i'}/status/${tweetId}`;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** Our clock and X's may disagree by a little: look a bit earlier than the publication started. */
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/**
 * A tweet's text as X gives it back is not what was sent: `&`, `<`, `>` come back as entities and
 * every link as a t.co link (and attached media add one more). Both sides are compared without their
 * links; the time window of the search keeps that from matching an older tweet.
 */
function comparable(text: string): string {
  const urls = twitter.extractUrlsWithIndices(text);
  let out = '';
  let last = 0;
  for (const { indices } of urls) {
    out += `${text.slice(last, indices[0])} `;
    last = indices[1];
  }
  out += text.slice(last);
  return out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}
const DRY_RUN_PREFIX = 'dryrun-';

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

export function createXClient(credentials: XCredentials | undefined, apiUrl?: string): XClient {
  if (!credentials) return dryRunClient();
  const client = new TwitterApi(credentials, {
    plugins: [routingPlugin(apiUrl)],
    ...(apiUrl?.startsWith('http://') ? { httpAgent: new http.Agent({ keepAlive: true }) } : {}),
  });
  let cachedAccount: Account | null = null;
  return {
    dryRun: false,
    async post(tweet) {
      try {
        const mediaIds: string[] = [];
        for (const media of tweet.media ?? []) {
          const id = await client.v2.uploadMedia(media.data, { media_type: media.mimeType as 'image/jpeg' });
          await client.v2.createMediaMetadata(id, { alt_text: { text: media.altText } });
          mediaIds.push(id);
        }
        const result = await client.v2.tweet({
          text: tweet.text,
          ...(tweet.replyToTweetId ? { reply: { in_reply_to_tweet_id: tweet.replyToTweetId } } : {}),
          ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds as [string] } } : {}),
        });
        return { kind: 'posted', tweetId: result.data.id, dryRun: false };
      } catch (error) {
        return classifyPostError(error);
      }
    },
    async findRecent(text, since) {
      const account = await this.account();
      if (!account) return { kind: 'unreadable', detail: 'the account could not be read (GET /2/users/me)' };
      try {
        const timeline = await client.v2.userTimeline(account.id, {
          start_time: new Date(since.getTime() - CLOCK_SKEW_MS).toISOString(),
          max_results: 20,
          'tweet.fields': ['created_at'],
        });
        const wanted = comparable(text);
        const found = timeline.tweets.find((t) => comparable(t.text) === wanted);
        return found ? { kind: 'found', tweetId: found.id } : { kind: 'absent' };
      } catch (error) {
        return { kind: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
      }
    },
    knownAccount: () => cachedAccount,
    async account() {
      if (cachedAccount) return cachedAccount;
      try {
        const me = await client.v2.me();
        cachedAccount = { id: me.data.id, username: me.data.username };
        return cachedAccount;
      } catch {
        return null;
      }
    },
  };
}

function dryRunClient(): XClient {
  return {
    dryRun: true,
    async post() {
      return { kind: 'posted', tweetId: `${DRY_RUN_PREFIX}${randomUUID()}`, dryRun: true };
    },
    async findRecent() {
      return { kind: 'absent' };
    },
    async account() {
      return null;
    },
    knownAccount: () => null,
  };
}

const DUPLICATE = /duplicate content/i;

function classifyPostError(error: unknown): PostOutcome {
  if (error instanceof ApiResponseError) {
    const detail = describeErrorData(error.data) ?? error.message;
    if (error.code === 429) {
      const reset = error.rateLimit?.userDay?.remaining === 0 ? error.rateLimit.userDay.reset : error.rateLimit?.reset;
      return { kind: 'rate_limited', resetAt: reset ? new Date(reset * 1000) : null, detail };
    }
    if (error.code === 403 && DUPLICATE.test(detail)) return { kind: 'duplicate', detail };
    if (error.code === 401 || error.code === 403) return { kind: 'refused', status: error.code, detail };
    if (error.code >= 500) return { kind: 'unknown', detail: `HTTP ${error.code}: ${detail}` };
    return { kind: 'invalid', status: error.code, detail };
  }
  if (error instanceof ApiRequestError || error instanceof ApiPartialResponseError) {
    return { kind: 'unknown', detail: error.message };
  }
  return { kind: 'unknown', detail: error instanceof Error ? error.message : String(error) };
}

function describeErrorData(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const record = data as { detail?: unknown; title?: unknown; errors?: Array<{ message?: unknown }> };
  if (typeof record.detail === 'string') return record.detail;
  const first = record.errors?.[0]?.message;
  if (typeof first === 'string') return first;
  return typeof record.title === 'string' ? record.title : undefined;
}
