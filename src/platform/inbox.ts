import type { Clock } from './clock.js';
import type { DB, GroupCommit } from './database.js';
import type { Logger } from './logger.js';
import { Passes } from './passes.js';
import type { Runner } from './scheduler.js';
import { backoffMs } from './slackFailure.js';

/**
 * Handles one stored event. It may call Slack (who is a member, which reactions a message has) and then
 * applies the event; when it throws, the event is kept and handled again later, in order.
 */
export type InboxHandler = (payload: Record<string, unknown>) => Promise<void>;

/** Thrown by a handler when what it needs is not there yet (it will be): the event waits, in order, and is never dropped. */
export class NotYet extends Error {}

/** A handler that keeps failing for a reason other than Slack (a bug) must not hold every later event forever. */
const MAX_ATTEMPTS_FOR_BUGS = 5;
/** Slack retries an event for minutes, not days: ids older than this can be forgotten. */
const EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;

interface Row {
  id: number;
  key: string;
  kind: string;
  payload: string;
  attempts: number;
  retry_at: string | null;
}

/**
 * Slack events (and start-up re-reads) that need Slack again before they can be decided: stored before
 * Slack hears them acknowledged, handled in the order received, and retried until Slack answers — an
 * approval is never dropped because Slack failed for a moment (SPEC "Reactions": reactions are facts).
 */
export class Inbox implements Runner {
  private readonly handlers = new Map<string, { handle: InboxHandler; isSlackFailure: (error: unknown) => boolean }>();
  private readonly passes = new Passes(() => this.pass());
  private dirty = true;
  private retryAt: Date | null = null;
  /** Wakes the runner after a commit outside `apply` (an event received). */
  private wake: () => void = () => {};
  private readonly s;

  constructor(
    private readonly db: DB,
    private readonly commits: GroupCommit,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly random: () => number = Math.random,
  ) {
    this.s = {
      insert: db.prepare(`INSERT INTO inbox (key, kind, payload, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`),
      requeue: db.prepare(
        `INSERT INTO inbox (key, kind, payload, received_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET state = 'pending', payload = excluded.payload, attempts = 0, retry_at = NULL, done_at = NULL`,
      ),
      pending: db.prepare(`SELECT id, key, kind, payload, attempts, retry_at FROM inbox WHERE state = 'pending' ORDER BY id LIMIT 200`),
      done: db.prepare(`UPDATE inbox SET state = 'done', done_at = ?, last_error = ? WHERE id = ?`),
      retry: db.prepare(`UPDATE inbox SET attempts = attempts + 1, retry_at = ?, last_error = ? WHERE id = ?`),
      forget: db.prepare(`DELETE FROM inbox WHERE state = 'done' AND done_at < ?`),
    };
  }

  onReceived(wake: () => void): void {
    this.wake = wake;
  }

  /** `isSlackFailure`: errors that mean "Slack did not answer", retried for as long as it takes. */
  define(kind: string, handle: InboxHandler, isSlackFailure: (error: unknown) => boolean): void {
    this.handlers.set(kind, { handle, isSlackFailure });
  }

  /**
   * Stores an event under its key (Slack's event_id) in the group commit of this turn; resolves once
   * committed (safe from a crash), false when the key was already stored: a retry of an event already
   * received, which must have no second effect.
   */
  async receive(kind: string, key: string, payload: Record<string, unknown>): Promise<boolean> {
    const at = this.clock.now().toISOString();
    const stored = await this.commits.run(() => this.s.insert.run(key, kind, JSON.stringify(payload), at).changes === 1);
    if (stored) {
      this.dirty = true;
      this.wake();
    }
    return stored;
  }

  /** Stores work to do again even if done before (start-up re-reads); call inside a transaction or alone. */
  requeue(kind: string, key: string, payload: Record<string, unknown>): void {
    this.commits.commitPending();
    this.s.requeue.run(key, kind, JSON.stringify(payload), this.clock.now().toISOString());
    this.dirty = true;
  }

  /** At start: events handled long ago are forgotten (Slack no longer retries them). */
  forgetOld(): void {
    this.s.forget.run(new Date(this.clock.now().getTime() - EVENT_MEMORY_MS).toISOString());
  }

  nextDue(): Date | null {
    if (this.passes.stopping) return null;
    return this.dirty ? this.clock.now() : this.retryAt;
  }

  run(): Promise<void> {
    return this.passes.run();
  }

  /** Stops taking new work and waits, at most `ms`, for what is under way. */
  stop(ms: number): Promise<void> {
    return this.passes.stop(ms);
  }

  private async pass(): Promise<void> {
    this.dirty = false;
    this.retryAt = null;
    this.commits.commitPending();
    for (const row of this.s.pending.all() as Row[]) {
      if (this.passes.stopping) return;
      const now = this.clock.now();
      if (row.retry_at && Date.parse(row.retry_at) > now.getTime()) {
        this.retryAt = new Date(row.retry_at);
        return;
      }
      const handler = this.handlers.get(row.kind);
      try {
        if (!handler) throw new Error(`no handler for ${row.kind}`);
        await handler.handle(JSON.parse(row.payload) as Record<string, unknown>);
        this.commits.commitPending();
        this.s.done.run(this.clock.now().toISOString(), null, row.id);
      } catch (error) {
        this.commits.commitPending();
        const slack = error instanceof NotYet || (handler?.isSlackFailure(error) ?? false);
        if (!slack && row.attempts + 1 >= MAX_ATTEMPTS_FOR_BUGS) {
          this.log.error({ err: error, key: row.key, kind: row.kind }, 'a stored Slack event could not be handled: given up');
          this.s.done.run(now.toISOString(), String(error), row.id);
          continue;
        }
        const at = new Date(now.getTime() + backoffMs(row.attempts + 1, this.random()));
        this.s.retry.run(at.toISOString(), String(error), row.id);
        this.log.warn({ err: error, key: row.key, kind: row.kind, retryAt: at }, slack ? 'Slack did not answer: the event waits and will be handled then' : 'a stored Slack event failed: it will be tried again');
        this.retryAt = at;
        return;
      }
    }
  }
}
