import type { Clock } from './clock.js';
import { immediateTransaction, type DB } from './database.js';
import type { Logger } from './logger.js';

/** A stored piece of future work. */
export interface Job {
  id: number;
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  version: number;
  firedCount: number;
}

/**
 * What a firing decided, in the transaction that claimed it: when to fire again (recurring work) or
 * null (done), and what to do once that decision is committed (talk to Slack or X).
 */
export interface Firing {
  next: Date | null;
  after?: () => Promise<void>;
}

/**
 * Runs inside the claim's transaction, so its database writes land with the claim or not at all.
 * It must be synchronous: that is what makes a firing happen once, even with two schedulers racing.
 */
export type JobHandler = (job: Job, now: Date) => Firing;

interface Row {
  id: number;
  key: string;
  kind: string;
  due_at: string;
  payload: string;
  version: number;
  fired_count: number;
}

const RETRY_BROKEN_MS = 60_000;

/**
 * The longest a timer sleeps before the clock is read again: due work follows the wall clock, so a clock
 * that steps forward (NTP, a paused VM) makes it go within this, not when a delay fixed earlier runs out.
 */
const RECHECK_MS = 1_000;

/**
 * Work kept in a table of its own (the outbox, the inbox, deliveries) that the scheduler wakes when it is
 * due: `nextDue` reads when (null: nothing), `run` does what is due now and resolves when that is done.
 */
export interface Runner {
  nextDue(): Date | null;
  run(): Promise<void>;
}

/**
 * Fires work at stored due times. A timer is armed for the next due job (not a poll); after a restart,
 * what fell due while the process was down fires once, and recurring work resumes from now — one
 * reminder, not a burst. Slack or X are only called after the firing is committed (at most once).
 */
export class Scheduler {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private woken = false;
  private stopped = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly runners: Runner[] = [];
  private readonly statements;

  constructor(
    private readonly db: DB,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Told how late each firing was, in milliseconds after its due time (metrics). */
    private readonly onLag: (ms: number) => void = () => {},
  ) {
    this.statements = {
      upsert: db.prepare(
        `INSERT INTO scheduled_jobs (key, kind, due_at, payload, state, updated_at) VALUES (@key, @kind, @dueAt, @payload, 'pending', @now)
         ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload,
           state = 'pending', version = version + 1, updated_at = excluded.updated_at`,
      ),
      cancel: db.prepare(
        `UPDATE scheduled_jobs SET state = 'cancelled', version = version + 1, updated_at = ? WHERE key = ? AND state = 'pending'`,
      ),
      due: db.prepare(`SELECT * FROM scheduled_jobs WHERE state = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT 100`),
      next: db.prepare(`SELECT MIN(due_at) AS due_at FROM scheduled_jobs WHERE state = 'pending'`),
      byKey: db.prepare(`SELECT * FROM scheduled_jobs WHERE key = ?`),
      defer: db.prepare(`UPDATE scheduled_jobs SET due_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`),
      claim: db.prepare(
        `UPDATE scheduled_jobs SET state = @state, due_at = COALESCE(@next, due_at), version = version + 1,
           fired_count = fired_count + 1, last_fired_at = @now, updated_at = @now
         WHERE id = @id AND version = @version AND state = 'pending'`,
      ),
    };
  }

  /** One handler per kind of job, registered by the capability that owns the work. */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** A runner woken by every tick and at its own due times. */
  addRunner(runner: Runner): void {
    this.runners.push(runner);
  }

  /** Schedules (or moves) the work named `key`. Call it inside the transaction that makes it necessary. */
  schedule(kind: string, key: string, dueAt: Date, payload: Record<string, unknown> = {}): void {
    this.statements.upsert.run({ key, kind, dueAt: dueAt.toISOString(), payload: JSON.stringify(payload), now: this.clock.now().toISOString() });
    this.arm();
  }

  cancel(key: string): void {
    this.statements.cancel.run(this.clock.now().toISOString(), key);
  }

  get(key: string): Job | null {
    const row = this.statements.byKey.get(key) as (Row & { state: string }) | undefined;
    return row && row.state === 'pending' ? toJob(row) : null;
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  /** Fires everything due now; resolves with how many jobs this call fired. Tests call it after moving the clock. */
  async tick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => 0);
    }
    this.running = this.fireDue().finally(() => {
      this.running = null;
    });
    const fired = await this.running;
    if (this.again) {
      this.again = false;
      return fired + (await this.tick());
    }
    return fired;
  }

  /** Re-reads when the next work is due (a runner has new work): call after a commit that adds some. */
  wake(): void {
    if (this.stopped || this.woken) return;
    this.woken = true;
    // The runners only: jobs written by the same commit armed their own timer when scheduled.
    setImmediate(() => {
      this.woken = false;
      if (!this.stopped) for (const runner of this.runners) void this.track('runner', () => runner.run());
    });
  }

  /**
   * Resolves once nothing is due now and no work is under way (tests: "after this, every effect is done").
   * Work that waits for a later time (a retry, a rate limit) is not waited for.
   */
  async settle(): Promise<void> {
    for (let round = 0; round < 1_000; round++) {
      const now = this.clock.now().getTime();
      const dueNow = this.woken || this.runners.some((r) => (r.nextDue()?.getTime() ?? Infinity) <= now);
      if (this.inFlight.size === 0 && !this.running && !dueNow) return;
      if (dueNow && !this.running) await this.tick();
      await Promise.allSettled([...this.inFlight, this.running]);
    }
  }

  /** Stops arming timers and waits, at most `ms`, for Slack or X calls of firings under way. */
  async stop(ms = 5_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inFlight, this.running]),
      new Promise((resolve) => (timeout = setTimeout(resolve, ms))),
    ]);
    clearTimeout(timeout);
  }

  private async fireDue(): Promise<number> {
    let fired = 0;
    const effects: Promise<void>[] = [];
    for (;;) {
      const now = this.clock.now();
      const rows = this.statements.due.all(now.toISOString()) as Row[];
      if (rows.length === 0) break;
      let progressed = false;
      for (const row of rows) {
        const job = toJob(row);
        const after = this.fire(job, now);
        if (after === undefined) continue;
        this.onLag(now.getTime() - job.dueAt.getTime());
        progressed = true;
        fired += 1;
        if (after) effects.push(this.track(row.key, after));
      }
      if (!progressed) break;
    }
    // Runners' work (Slack messages, deliveries, stored events) starts at each tick; each runner keeps its
    // own pace, so a network that hangs never holds back a reminder.
    if (!this.stopped) for (const runner of this.runners) void this.track('runner', () => runner.run());
    this.arm();
    // Effects run side by side: a slow X call must not hold back a reminder.
    await Promise.allSettled(effects);
    return fired;
  }

  private track(key: string, after: () => Promise<void>): Promise<void> {
    const run = after().catch((error) => this.log.error({ err: error, job: key }, 'scheduled work failed after its firing was recorded'));
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      this.arm(); // what it did may have made other work due
    });
    return run;
  }

  /** Claims and decides one job in one transaction. undefined: someone else fired it (or it moved). */
  private fire(job: Job, now: Date): (() => Promise<void>) | null | undefined {
    try {
      return immediateTransaction(this.db, () => {
        const handler = this.handlers.get(job.kind);
        if (!handler) throw new Error(`no handler for scheduled work of kind ${job.kind}`);
        const firing = handler(job, now);
        const claimed = this.statements.claim.run({
          id: job.id,
          version: job.version,
          state: firing.next ? 'pending' : 'done',
          next: firing.next?.toISOString() ?? null,
          now: now.toISOString(),
        });
        if (claimed.changes !== 1) throw new LostRace();
        return firing.after ?? null;
      });
    } catch (error) {
      if (error instanceof LostRace) return undefined;
      // A broken job must not spin: it is retried a minute later, and the log says why.
      const retryAt = new Date(now.getTime() + RETRY_BROKEN_MS);
      this.statements.defer.run(retryAt.toISOString(), now.toISOString(), job.id, job.version);
      this.log.error({ err: error, job: job.key, retryAt }, 'scheduled work could not be fired; retrying later');
      return undefined;
    }
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const stored = (this.statements.next.get() as { due_at: string | null }).due_at;
    const times = [stored ? Date.parse(stored) : Infinity, ...this.runners.map((r) => r.nextDue()?.getTime() ?? Infinity)];
    const next = Math.min(...times);
    const delay = Math.min(Math.max(0, next - this.clock.now().getTime()), RECHECK_MS);
    this.timer = setTimeout(() => (next <= this.clock.now().getTime() ? void this.tick() : this.arm()), delay);
    this.timer.unref?.();
  }
}

class LostRace extends Error {}

function toJob(row: Row): Job {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    dueAt: new Date(row.due_at),
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    version: row.version,
    firedCount: row.fired_count,
  };
}
