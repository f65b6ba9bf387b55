import type { Config } from './config.js';

/**
 * A start-up failure already put in words for the person starting the bot: what failed and what to
 * check, in one line. `describeStartupFailure` turns any error of a start into such a line.
 */
export class StartupFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupFailure';
  }
}

/** A migration that failed, by file name (SQLite's own message does not say which). */
export class MigrationFailure extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`migration ${file} failed: ${messageOf(cause)}`, { cause });
    this.name = 'MigrationFailure';
  }
}

interface ErrorLike {
  message?: string;
  code?: string;
  syscall?: string;
  path?: string;
  port?: number;
  address?: string;
  original?: unknown;
  data?: { error?: string };
  statusCode?: number;
  retryAfter?: number;
  cause?: unknown;
}

const asErrorLike = (error: unknown): ErrorLike => (typeof error === 'object' && error !== null ? (error as ErrorLike) : {});

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Errors that mean the network path to a server is broken, not that the server said no. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** Slack's answers that mean the token was refused (the Web API's errors common to every method, docs.slack.dev "Web API"). */
const TOKEN_REFUSED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type', 'missing_scope', 'no_permission', 'team_access_not_granted', 'ekm_access_denied']);

/**
 * A failed Slack Web API call of the start, in words: `variable` is the token it was made with.
 * The errors are @slack/web-api's (platform error, request error, HTTP error, rate limited).
 */
export function slackStartupFailure(error: unknown, call: { method: string; variable: string; what: string; apiUrl?: string }): StartupFailure {
  const e = asErrorLike(error);
  const where = call.apiUrl ? `at ${call.apiUrl}` : '';
  if (e.code === 'slack_webapi_platform_error') {
    const answer = e.data?.error ?? 'an error';
    if (TOKEN_REFUSED.has(answer)) {
      return new StartupFailure(`Slack refused ${call.variable} (${call.method}: ${answer}): check ${call.what}`, { cause: error });
    }
    return new StartupFailure(`Slack answered ${call.method} with ${answer}: check ${call.variable} and the app's settings`, { cause: error });
  }
  if (e.code === 'slack_webapi_request_error') {
    const original = asErrorLike(e.original);
    const why = original.message || messageOf(error);
    return new StartupFailure(
      `Slack could not be reached${where ? ` ${where}` : ''} (${why}): check the network, DNS, proxy and firewall${call.apiUrl ? ', and SLACK_API_URL' : ''}`,
      { cause: error },
    );
  }
  if (e.code === 'slack_webapi_http_error') {
    return new StartupFailure(`Slack answered HTTP ${e.statusCode ?? '?'} to ${call.method}${where ? ` ${where}` : ''}: Slack may be down; try again in a few minutes`, { cause: error });
  }
  if (e.code === 'slack_webapi_rate_limited_error') {
    return new StartupFailure(`Slack rate-limited ${call.method} (retry after ${e.retryAfter ?? '?'} s): is another copy of the bot restarting in a loop?`, { cause: error });
  }
  return new StartupFailure(`${call.method} failed: ${messageOf(error)}`, { cause: error });
}

/** The one line a failed start ends with: what failed, what to check. Never a stack trace. */
export function describeStartupFailure(error: unknown, config: Config): string {
  if (error instanceof StartupFailure) return error.message;
  const e = asErrorLike(error);
  if (error instanceof MigrationFailure) {
    return `the database ${config.databasePath} could not be brought up to date: ${error.message}; nothing of that migration was kept: restore a backup, or start a version that matches this database`;
  }
  if (e.code === 'EADDRINUSE' || (e.code === 'EACCES' && e.syscall === 'listen')) {
    const variable = e.port !== undefined && e.port === config.metricsPort ? 'METRICS_PORT' : 'PORT';
    const port = e.port ?? (variable === 'PORT' ? config.slack.port : config.metricsPort);
    return e.code === 'EADDRINUSE'
      ? `${variable} ${port} is already in use on this machine: stop the program that holds it, or set another ${variable}`
      : `${variable} ${port} needs privileges this user does not have: choose a port above 1023`;
  }
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
    const hint: Record<string, string> = {
      SQLITE_CANTOPEN: 'check DATABASE_PATH and that this user may create and write files in its folder',
      SQLITE_READONLY: 'the file or its folder is read-only for this user: check their permissions',
      SQLITE_NOTADB: 'the file is not a SQLite database: check DATABASE_PATH',
      SQLITE_CORRUPT: 'the file is damaged: restore a backup (npm run db:backup makes them)',
      SQLITE_FULL: 'the disk is full',
      SQLITE_BUSY: 'another program holds the database: is the bot already running on it?',
    };
    return `the database ${config.databasePath} could not be opened (${messageOf(error)}): ${hint[e.code] ?? 'check DATABASE_PATH'}`;
  }
  if (typeof e.syscall === 'string' && typeof e.path === 'string' && ['mkdir', 'open', 'access'].includes(e.syscall)) {
    return `the database folder for ${config.databasePath} could not be created (${e.code}: ${e.path}): check DATABASE_PATH and that this user may write there`;
  }
  if (typeof e.code === 'string' && UNREACHABLE.has(e.code)) {
    return `a server could not be reached (${messageOf(error)}): check the network, DNS, proxy and firewall`;
  }
  return messageOf(error);
}
