/**
 * How the fake Slack fails, as real Slack does, for the reliability tests: an `ok: false` answer, an HTTP
 * error, a rate limit, silence, a cut connection, and "done, then the answer lost" (`applied: true`: the
 * call takes effect — the message is really posted — and only then is the answer replaced by the fault).
 * Faults are scripted one call at a time per method (`failNext`) or for every call until restored (`outage`).
 * Besides Web API method names, `'response_url'` targets posts to response URLs and `'upload_url'` the
 * byte uploads of files.getUploadURLExternal.
 */
import type http from 'node:http';
import { sendJson } from './loopbackServer.js';

export type SlackFailure =
  /** HTTP 200 `{ ok: false, error }`, as Slack answers every API error. */
  | { error: string }
  /** An HTTP status; a 429 carries `{ ok: false, error: 'ratelimited' }` like Slack's. */
  | { status: number; headers?: Record<string, string> }
  /**
   * "HTTP 429 Too Many Requests ... a Retry-After HTTP header containing the number of seconds until you
   * can retry" (https://docs.slack.dev/apis/web-api/rate-limits, "Responding to rate limiting conditions").
   */
  | { retryAfter: number }
  /** No answer at all: the request stays open until the client gives up or the fake closes. */
  | { hang: true }
  /** The connection is destroyed without an answer (a network cut, a proxy dying). */
  | { cut: true };

/** A failure, possibly after the call took effect (`applied`: done, then the answer lost). */
export type SlackFault = SlackFailure & { applied?: boolean };

export interface FaultScript {
  failNext(target: string, fault: SlackFault): void;
  /** Every call (or every call to `targets`) fails with `fault` until `restore()`. */
  outage(fault: SlackFault, targets?: string[]): void;
  restore(): void;
  /** The fault for this call, if any: one scripted by failNext first, else the outage's. */
  take(target: string): SlackFault | undefined;
  clear(): void;
}

export function faultScript(): FaultScript {
  const queued = new Map<string, SlackFault[]>();
  let current: { fault: SlackFault; targets?: string[] } | undefined;
  return {
    failNext(target, fault) {
      queued.set(target, [...(queued.get(target) ?? []), fault]);
    },
    outage(fault, targets) {
      current = targets ? { fault, targets: [...targets] } : { fault };
    },
    restore() {
      current = undefined;
    },
    take(target) {
      const next = queued.get(target)?.shift();
      if (next) return next;
      if (current && (!current.targets || current.targets.includes(target))) return current.fault;
      return undefined;
    },
    clear() {
      queued.clear();
      current = undefined;
    },
  };
}

/** Answers (or does not answer) as the fault says. */
export function deliverFault(req: http.IncomingMessage, res: http.ServerResponse, fault: SlackFault) {
  if ('hang' in fault) return; // the loopback server destroys the socket when the fake closes
  if ('cut' in fault) {
    req.socket.destroy();
    return;
  }
  if ('error' in fault) return sendJson(res, 200, { ok: false, error: fault.error });
  if ('retryAfter' in fault) return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfter) });
  if (fault.status === 429) return sendJson(res, 429, { ok: false, error: 'ratelimited' }, fault.headers);
  res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers });
  res.end('fake Slack failure');
}
