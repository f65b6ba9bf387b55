import type { FailureCode, PostOutcome } from '../network.js';
import { type Answer, errorText, mastodonError, rateLimitReset } from './api.js';

// PostStatusService's media refusals: too many, not found or already attached, not processed yet.
const MEDIA_REFUSAL = /media|attach|file/i;
const REPLY_REFUSAL = /repl(?:y|ies)|thread/i;

/**
 * What a refusal from Mastodon means for the part (docs: Methods > statuses and media; errors are
 * `{ error }`): 401/403 credentials or scopes, 404 the reply target (`set_thread`), 422 on an upload the
 * image, 429 a rate limit with its reset, 5xx unknown (the status may exist), any other 4xx invalid.
 */
export function refusal(answer: Answer, during: 'media' | 'status', isReply: boolean): PostOutcome {
  const detail = errorText(answer);
  const { status } = answer;
  const failed = (code: FailureCode): PostOutcome => ({ kind: 'failed', code, status, detail });
  if (status === 429) return { kind: 'rate_limited', resetAt: rateLimitReset(answer.headers), detail };
  if (status >= 500 || status < 400) {
    return { kind: 'unknown', detail: mastodonError(answer) === null ? detail : `HTTP ${status}: ${detail}` };
  }
  if (status === 401 || status === 403) return failed('credentials');
  if (during === 'media') return failed(status === 422 || status === 404 ? 'image' : 'invalid');
  if (status === 404 && isReply) return failed('reply_target');
  if (status === 422 && MEDIA_REFUSAL.test(detail)) return failed('image');
  if (status === 422 && isReply && REPLY_REFUSAL.test(detail)) return failed('reply_target');
  return failed('invalid');
}
