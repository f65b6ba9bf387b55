/**
 * The fake Mastodon's rate limits, counted as Rack::Attack counts them: fixed windows, the request past
 * the limit refused. Buckets of docs.joinmastodon.org (API > Rate limits): 300 requests per 5 minutes
 * for an account (or an address, without a token), 30 media uploads per 30 minutes; and Mastodon's
 * RateLimiter `statuses` family, 300 posts per 3 hours. Every answer carries X-RateLimit-Limit,
 * -Remaining and -Reset (ISO 8601 with microseconds, as Mastodon writes it) of the bucket closest to
 * being exceeded.
 */

export interface Bucket {
  limit: number;
  periodSeconds: number;
}

export interface RateLimits {
  account: Bucket;
  media: Bucket;
  statuses: Bucket;
}

const DEFAULTS: RateLimits = {
  account: { limit: 300, periodSeconds: 300 },
  media: { limit: 30, periodSeconds: 1_800 },
  statuses: { limit: 300, periodSeconds: 10_800 },
};

export function rateLimiter(now: () => number, overrides: Partial<RateLimits> = {}) {
  const limits = { ...DEFAULTS, ...overrides };
  const counts = new Map<string, number>();

  function count(name: string, bucket: Bucket) {
    const period = bucket.periodSeconds * 1000;
    const window = Math.floor(now() / period);
    const key = `${name}:${window}`;
    const used = (counts.get(key) ?? 0) + 1;
    counts.set(key, used);
    return { bucket, used, reset: (window + 1) * period };
  }

  return {
    /** Counts one request in every bucket it belongs to. */
    take(route: string, authorized: boolean) {
      const taken = [count(authorized ? 'account' : 'ip', limits.account)];
      if (route === 'POST /api/v2/media' || route === 'POST /api/v1/media') taken.push(count('media', limits.media));
      if (route === 'POST /api/v1/statuses') taken.push(count('statuses', limits.statuses));
      const closest = taken.reduce((a, b) => (b.bucket.limit - b.used < a.bucket.limit - a.used ? b : a));
      return {
        exceeded: taken.some((t) => t.used > t.bucket.limit),
        headers: {
          'x-ratelimit-limit': String(closest.bucket.limit),
          'x-ratelimit-remaining': String(Math.max(0, closest.bucket.limit - closest.used)),
          'x-ratelimit-reset': new Date(closest.reset).toISOString().replace('Z', '000Z'),
        },
      };
    },
    reset: () => counts.clear(),
  };
}
