/**
 * What a failed Slack Web API call means for whoever must try again: whether Slack may have done it
 * anyway (a 5xx, a timeout, a cut connection: the message may exist), whether trying again can help, and
 * after how long. Read from the Web API client's error codes, not its classes (two copies of the package
 * would not share them).
 */
export type SlackFailure =
  | { retry: true; maybeApplied: boolean; afterMs: number | null; reason: string }
  | { retry: false; reason: string };

/** Slack's `ok: false` answers that say "try again later", not "this request is wrong". */
const TRANSIENT = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
  'rate_limited',
  // The token or the app is off: nothing goes until someone fixes it, and then everything owed must go.
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_access_not_granted',
]);

export function slackFailure(error: unknown): SlackFailure {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; retryAfter?: number; message?: string };
  switch (e?.code) {
    case 'slack_webapi_platform_error': {
      const reason = e.data?.error ?? 'unknown_error';
      return TRANSIENT.has(reason) ? { retry: true, maybeApplied: false, afterMs: null, reason } : { retry: false, reason };
    }
    case 'slack_webapi_rate_limited_error':
      return { retry: true, maybeApplied: false, afterMs: (e.retryAfter ?? 1) * 1000, reason: 'ratelimited' };
    case 'slack_webapi_http_error':
      // A 5xx may come after Slack did the work; a 4xx other than 429 did nothing.
      return { retry: true, maybeApplied: (e.statusCode ?? 500) >= 500, afterMs: null, reason: `HTTP ${e.statusCode ?? '?'}` };
    case 'slack_webapi_request_error':
      return { retry: true, maybeApplied: true, afterMs: null, reason: e.message ?? 'request failed' };
    default:
      return { retry: true, maybeApplied: true, afterMs: null, reason: e instanceof Error ? e.message : String(error) };
  }
}

/** Backoff with jitter (`random` in [0, 1)): about 1 s, 2 s, 4 s … never over `maxMs`. */
export function backoffMs(attempt: number, random: number, maxMs = 60_000): number {
  return Math.min(maxMs, Math.round(1_000 * 2 ** Math.max(0, attempt - 1) * (0.75 + random / 2)));
}
