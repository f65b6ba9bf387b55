/**
 * GET /2/users/{id}/tweets as X serves it: parameters checked against the OpenAPI document
 * (`schemas.ts`) and the reference page (docs.x.com, Posts › Timelines › "Get Posts"; formerly
 * developer.x.com "GET /2/users/:id/tweets"), newest first, paged with `pagination_token` /
 * `meta.next_token`, and only the most recent 3,200 tweets reachable (800 with `exclude=replies`).
 */
import {
  EXCLUDE, MEDIA_FIELDS, PLACE_FIELDS, POLL_FIELDS, POST_FIELDS, TIMELINE_EXPANSIONS, TWEET_FIELDS, USER_FIELDS,
} from './schemas.js';
import { problem, type XProblemItem } from './problems.js';

export interface TimelineTweet {
  id: string;
  text: string;
  replyTo?: string;
  createdAt: string;
}

export interface TimelineQuery {
  max: number;
  sinceId?: bigint;
  untilId?: bigint;
  /** Epoch ms bounds, both inclusive at the second (the reference page: "second granularity and is inclusive"). */
  startMs?: number;
  endMs?: number;
  /** The oldest id already served: the next page starts below it. */
  belowId?: bigint;
  excludeReplies: boolean;
  fields: Set<string>;
  /** Which spelling of the field parameter was used; the answer uses the same vocabulary. */
  vocabulary: 'tweet' | 'post';
}

/** The names X lists in "The query parameter [x] is not one of [...]": the path's `id` first, as X does. */
const PARAMETERS = [
  'id', 'since_id', 'until_id', 'max_results', 'pagination_token', 'exclude', 'start_time', 'end_time', 'tweet.fields',
  'expansions', 'media.fields', 'poll.fields', 'user.fields', 'place.fields', 'post.fields',
];

const LISTS: Record<string, readonly string[]> = {
  'tweet.fields': TWEET_FIELDS, 'post.fields': POST_FIELDS, expansions: TIMELINE_EXPANSIONS, 'media.fields': MEDIA_FIELDS,
  'poll.fields': POLL_FIELDS, 'user.fields': USER_FIELDS, 'place.fields': PLACE_FIELDS, exclude: EXCLUDE,
};

const ID = /^[0-9]{1,19}$/;
/** RFC 3339 date-time, the `format: date-time` of start_time and end_time. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** "Minimum allowable time is 2010-11-06T00:00:00Z" (start_time; end_time one second later). */
const EARLIEST = { start_time: Date.parse('2010-11-06T00:00:00Z'), end_time: Date.parse('2010-11-06T00:00:01Z') };
const TOKEN = /^c[0-9a-z]{1,13}$/;

/** Reads the query; the problems are X's, one per broken parameter. */
export function readTimelineQuery(entries: ReadonlyArray<readonly [string, string]>): { query?: TimelineQuery; problems: XProblemItem[] } {
  const problems = [...unknownOrRepeated(entries, PARAMETERS), ...fieldLists(entries, LISTS)];
  const value = (name: string) => entries.find(([n]) => n === name)?.[1];
  const query: TimelineQuery = {
    max: 10, excludeReplies: false, fields: new Set(), vocabulary: value('post.fields') !== undefined ? 'post' : 'tweet',
  };

  const max = value('max_results');
  if (max !== undefined) {
    if (!/^\d+$/.test(max) || Number(max) < 5 || Number(max) > 100) {
      problems.push(problem('max_results', max, `The \`max_results\` query parameter value [${max}] is not between 5 and 100`));
    } else query.max = Number(max);
  }
  for (const name of ['since_id', 'until_id'] as const) {
    const id = value(name);
    if (id === undefined) continue;
    if (!ID.test(id)) problems.push(problem(name, id, `The \`${name}\` query parameter value [${id}] does not match ^[0-9]{1,19}$`));
    else query[name === 'since_id' ? 'sinceId' : 'untilId'] = BigInt(id);
  }
  for (const name of ['start_time', 'end_time'] as const) {
    const time = value(name);
    if (time === undefined) continue;
    const ms = DATE_TIME.test(time) ? Date.parse(time) : Number.NaN;
    // Wording ours for a malformed time (not documented); the minimum's wording is X's (tweet counts, 2022).
    if (Number.isNaN(ms)) problems.push(problem(name, time, `The \`${name}\` query parameter value [${time}] is not a valid RFC 3339 date-time`));
    else if (ms < EARLIEST[name]) {
      problems.push(problem(name, time, `Invalid '${name}':'${time}'. '${name}' must be on or after ${new Date(EARLIEST[name]).toISOString()}`));
    } else query[name === 'start_time' ? 'startMs' : 'endMs'] = Math.floor(ms / 1000) * 1000;
  }
  const token = value('pagination_token');
  if (token !== undefined) {
    // X's tokens are opaque; one it did not issue is refused (wording ours).
    if (!TOKEN.test(token)) problems.push(problem('pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`));
    else query.belowId = parseBase36(token.slice(1));
  }
  query.excludeReplies = (value('exclude') ?? '').split(',').includes('replies');
  for (const field of (value('tweet.fields') ?? value('post.fields') ?? '').split(',')) if (field) query.fields.add(field);
  return problems.length > 0 ? { problems } : { query, problems };
}

/** One page of the account's timeline, with X's `meta`. */
export function timelinePage(all: readonly TimelineTweet[], q: TimelineQuery, userId: string, render: (t: TimelineTweet) => string) {
  let list = [...all].sort((a, b) => compareIds(b.id, a.id)).slice(0, q.excludeReplies ? 800 : 3200);
  if (q.excludeReplies) list = list.filter((t) => !t.replyTo);
  const [since, until, below] = [q.sinceId, q.untilId, q.belowId].map((id) => (id === undefined ? undefined : String(id)));
  list = list.filter((t) => {
    const at = Date.parse(t.createdAt);
    return (since === undefined || compareIds(t.id, since) > 0) && (until === undefined || compareIds(t.id, until) < 0)
      && (below === undefined || compareIds(t.id, below) < 0)
      && (q.startMs === undefined || at >= q.startMs) && (q.endMs === undefined || at < q.endMs + 1000);
  });
  const page = list.slice(0, q.max);
  if (page.length === 0) return { meta: { result_count: 0 } };
  const history = q.vocabulary === 'post' ? 'edit_history_post_ids' : 'edit_history_tweet_ids';
  // Like X, optional fields appear only when asked for.
  const data = page.map((t) => ({
    id: t.id, text: render(t), [history]: [t.id],
    ...(q.fields.has('created_at') ? { created_at: t.createdAt } : {}),
    ...(q.fields.has('author_id') ? { author_id: userId } : {}),
    ...(q.fields.has('in_reply_to_user_id') && t.replyTo ? { in_reply_to_user_id: userId } : {}),
    ...(q.fields.has('referenced_tweets') && t.replyTo ? { referenced_tweets: [{ type: 'replied_to', id: t.replyTo }] } : {}),
  }));
  const oldest = page[page.length - 1]!.id;
  const meta: Record<string, unknown> = { result_count: page.length, newest_id: page[0]!.id, oldest_id: oldest };
  if (list.length > page.length) meta.next_token = `c${BigInt(oldest).toString(36)}`;
  return { data, meta };
}

/** "The query parameter [x] is not one of [...]" (developer community, 2021); a repeated name is refused too. */
export function unknownOrRepeated(entries: ReadonlyArray<readonly [string, string]>, known: readonly string[]): XProblemItem[] {
  const problems: XProblemItem[] = [];
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    if (name === 'id' || !known.includes(name)) {
      problems.push(problem(name, value, `The query parameter [${name}] is not one of [${known.join(',')}]`));
    } else if (seen.has(name)) {
      // docs.x.com, Creating a signature: "X does not accept duplicate keys in API requests" (wording ours).
      problems.push(problem(name, value, `The query parameter [${name}] is given more than once`));
    }
    seen.add(name);
  }
  return problems;
}

/** Comma-separated lists: "The `expansions` query parameter value [bogus] is not one of [...]". */
export function fieldLists(entries: ReadonlyArray<readonly [string, string]>, lists: Record<string, readonly string[]>): XProblemItem[] {
  const problems: XProblemItem[] = [];
  for (const [name, value] of entries) {
    const allowed = lists[name];
    if (!allowed) continue;
    if (value === '') {
      problems.push(problem(name, value, `The \`${name}\` query parameter can not be empty`));
      continue;
    }
    const wrong = value.split(',').find((v) => !allowed.includes(v));
    if (wrong !== undefined) problems.push(problem(name, value, `The \`${name}\` query parameter value [${wrong}] is not one of [${allowed.join(',')}]`));
  }
  return problems;
}

/** Numeric order of decimal ids without BigInt: the longer is larger, else the text decides. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function parseBase36(text: string): bigint {
  let n = 0n;
  for (const c of text) n = n * 36n + BigInt(parseInt(c, 36));
  return n;
}
