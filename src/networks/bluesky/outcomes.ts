import { XRPCError } from '@atproto/api';
import type { FailureCode, PostOutcome } from '../network.js';
import { isSessionLost } from './session.js';

/** Where a post was when it failed: nothing is online before `post` (createRecord) was sent. */
export type Step = 'login' | 'image' | 'post';

/** Refusals of a blob at createRecord (pds/src/actor-store/blob/transactor.ts), or a message about one. */
const BLOB_ERRORS = new Set(['BlobNotFound', 'InvalidMimeType', 'InvalidSize']);
const ABOUT_BLOB = /\b(blob|image|embed)/i;
const ABOUT_REPLY = /\breply\b/i;

/** The XRPC error name, status and message; for a request that got no answer, why ("fetch failed" says little). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const causes: string[] = [];
  for (let cause = error.cause; cause instanceof Error && causes.length < 2; cause = cause.cause) causes.push(cause.message);
  const message = [error.message, ...causes.filter((c) => c !== error.message)].join(': ');
  return error instanceof XRPCError ? `${error.error ?? 'Error'} (${error.status}): ${message}` : message;
}

/** XRPC answers 429 with `RateLimit-Reset` in epoch seconds (xrpc-server rate-limiter-http.ts). */
function resetAt(headers: Record<string, string | undefined> | undefined): Date | null {
  const reset = Number(headers?.['ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null;
}

const failed = (code: FailureCode, error: XRPCError): PostOutcome => ({
  kind: 'failed', code, status: error.status, detail: describe(error),
});

/**
 * What an error means for the post. A status the agent could not get (timeout, cut connection: its
 * ResponseType Unknown), an answer it could not read (InvalidResponse) and every 5xx leave it unknown.
 */
export function classify(error: unknown, step: Step): PostOutcome {
  if (!(error instanceof XRPCError)) return { kind: 'unknown', detail: describe(error) };
  const { status } = error;
  if (status === 429) return { kind: 'rate_limited', resetAt: resetAt(error.headers), detail: describe(error) };
  if (status < 400 || status >= 500) return { kind: 'unknown', detail: describe(error) };
  if (status === 403 || isSessionLost(error) || step === 'login') return failed('credentials', error);
  if (step === 'image') return failed('image', error);
  const message = error.message ?? '';
  if (ABOUT_REPLY.test(message)) return failed('reply_target', error);
  if (BLOB_ERRORS.has(error.error ?? '') || ABOUT_BLOB.test(message)) return failed('image', error);
  return failed('invalid', error);
}
