/**
 * A thin typed client over `fetch` for the few Mastodon calls the cell makes. Not `masto`: it hides an
 * error's response headers (the rate limit's reset) and status behind its own error types, sleeps on the
 * real clock while a media is processed, and turns a non-JSON error page from a proxy into a status-less
 * error. Here every request carries the headers it is given (the Idempotency-Key), is bounded by one
 * timeout that covers the body too, and is never retried.
 */

export interface Answer {
  status: number;
  headers: Headers;
  /** The JSON body, or undefined when the body is not JSON (a proxy's error page). */
  body: unknown;
  /** The first characters of a body that is not JSON, for the detail. */
  raw: string;
}

/** An answer, or why none came (timeout, refused or cut connection): then the outcome is unknown. */
export type Reply = { kind: 'answer'; answer: Answer } | { kind: 'lost'; detail: string };

export interface RequestOptions {
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export interface MastodonApi {
  readonly origin: string;
  request(method: 'GET' | 'POST', path: string, options?: RequestOptions): Promise<Reply>;
}

export function mastodonApi(url: string, token: string, timeoutMs: number): MastodonApi {
  const origin = url.replace(/\/+$/, '');
  return {
    origin,
    async request(method, path, options = {}) {
      const target = new URL(`${origin}${path}`);
      for (const [name, value] of Object.entries(options.query ?? {})) target.searchParams.set(name, value);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...options.headers };
      let body: string | FormData | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form) {
        body = options.form; // fetch writes the multipart boundary itself
      }
      try {
        const response = await fetch(target, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.text();
        return { kind: 'answer', answer: { status: response.status, headers: response.headers, body: parseJson(text), raw: text.slice(0, 200) } };
      } catch (error) {
        return { kind: 'lost', detail: describe(error) };
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer within the time limit';
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

/** Mastodon's error entity is `{ error, error_description? }` (docs: Entities > Error). */
export function mastodonError(answer: Answer): string | null {
  const body = answer.body as { error?: unknown } | undefined;
  return body && typeof body.error === 'string' ? body.error : null;
}

/** Mastodon's own words, or the status and the start of a body that is not Mastodon's (a proxy's page). */
export function errorText(answer: Answer): string {
  const own = mastodonError(answer);
  if (own !== null) return own;
  const raw = answer.raw.replace(/\s+/g, ' ').trim();
  return raw ? `HTTP ${answer.status}: ${raw}` : `HTTP ${answer.status}`;
}

/** `X-RateLimit-Reset` is an ISO 8601 timestamp (docs.joinmastodon.org, API > Rate limits). */
export function rateLimitReset(headers: Headers): Date | null {
  const value = headers.get('x-ratelimit-reset');
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The `max_id` of the `rel="next"` link of a paginated answer (docs: API > Guidelines > Paginating). */
export function nextMaxId(headers: Headers): string | null {
  const link = headers.get('link');
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match?.[1]) {
      try {
        return new URL(match[1]).searchParams.get('max_id');
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
