import { AtpAgent, XRPCError } from '@atproto/api';

export interface BlueskyAccount {
  /** The account's handle (or DID), as it logs in. */
  handle: string;
  appPassword: string;
  /** The account's PDS or entryway, e.g. https://bsky.social. */
  service: string;
}

/** Every request gives up after `timeoutMs`: a PDS that never answers must not hold a delivery forever. */
function boundedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const caller = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return fetch(input, { ...init, signal: caller ? AbortSignal.any([caller, timeout]) : timeout });
  };
}

/** The agent answers this when its session is gone and refreshing it failed (auth-verifier.ts: ExpiredToken, InvalidToken are 400s). */
export function isSessionLost(error: unknown): boolean {
  return error instanceof XRPCError && (error.status === 401 || ['ExpiredToken', 'InvalidToken', 'AuthMissing'].includes(error.error ?? ''));
}

/** One call's use of the session: it logs in at most once, never in a loop. */
export interface Attempt {
  /** Logs in when there is no session yet (start() could not). */
  ready(): Promise<void>;
  /** Runs `op`; when the session is lost (the agent's own refresh failed), logs in again once and runs it again. */
  run<T>(op: () => Promise<T>): Promise<T>;
}

export interface Session {
  agent: AtpAgent;
  /** The repo to write to: the account's DID once logged in. */
  repo(): string;
  handle(): string;
  login(): Promise<void>;
  attempt(): Attempt;
}

/**
 * A credential session on the account's service. The agent refreshes an expired access token itself
 * (refreshSession on ExpiredToken, then the request again); when the refresh token is gone too, a call
 * logs in again, once. Logins are shared: two calls never log in side by side (the agent refuses that).
 */
export function createSession(account: BlueskyAccount, timeoutMs: number): Session {
  const agent = new AtpAgent({ service: account.service, fetch: boundedFetch(timeoutMs) });
  let loggingIn: Promise<void> | null = null;
  const login = () =>
    (loggingIn ??= agent
      .login({ identifier: account.handle, password: account.appPassword })
      .then(() => undefined)
      .finally(() => {
        loggingIn = null;
      }));

  return {
    agent,
    repo: () => agent.session?.did ?? account.handle,
    handle: () => agent.session?.handle ?? account.handle,
    login,
    attempt() {
      let loggedIn = false;
      return {
        async ready() {
          if (agent.hasSession) return;
          loggedIn = true;
          await login();
        },
        async run(op) {
          try {
            return await op();
          } catch (error) {
            if (loggedIn || !isSessionLost(error)) throw error;
            loggedIn = true;
            await login();
            return op();
          }
        },
      };
    },
  };
}
