import { appendAudit, type AuditEntry } from '../audit/log.js';
import type { Clock } from './clock.js';
import { immediateTransaction, type DB, type GroupCommit } from './database.js';
import type { Outbox, OutboxOp } from './outbox.js';
import type { Scheduler } from './scheduler.js';

/** Future work a decision asks for: stored with the decision, fired by the scheduler at its time. */
export type JobOp =
  | { op: 'schedule'; kind: string; key: string; at: Date; payload?: Record<string, unknown> }
  | { op: 'cancel'; key: string };

/** An event for another capability, applied in the same transaction ("a proposal was published"). */
export interface Emitted {
  to: string;
  key: unknown;
  event: unknown;
}

/**
 * What `decide` returns: plain data. `changes` are the capability's own (its store writes them);
 * the rest is the same for every capability, written here in the same transaction.
 * `answer` is what the person who acted is told — it follows from what is committed.
 */
export interface Decision<C, A = unknown> {
  changes: C[];
  audit?: AuditEntry[];
  jobs?: JobOp[];
  messages?: OutboxOp[];
  emits?: Emitted[];
  answer?: A;
}

/**
 * A capability as `apply` sees it: how to load the record an event is about, the pure rule, and how its
 * own changes are written. `load` and `write` run inside the transaction; `decide` never does I/O.
 */
export interface Capability<K, R, E, C, A = unknown> {
  readonly name: string;
  load(key: K, now: Date): R;
  decide(record: R, event: E, now: Date): Decision<C, A>;
  write(record: R, changes: readonly C[], now: Date): void;
}

type AnyCapability = Capability<any, any, any, any, any>;

/**
 * The one path of every change (ARCHITECTURE "How an event flows"): load → decide → in one transaction
 * the changes, the audit lines, the jobs, the messages owed to Slack (outbox rows) and the events other
 * capabilities consume → after the commit, the runners are woken to send what is owed.
 */
export class Applier {
  private readonly capabilities = new Map<string, AnyCapability>();

  constructor(
    private readonly db: DB,
    private readonly commits: GroupCommit,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly scheduler: Scheduler,
  ) {}

  register(capability: AnyCapability): void {
    if (this.capabilities.has(capability.name)) throw new Error(`two capabilities named ${capability.name}`);
    this.capabilities.set(capability.name, capability);
  }

  /** Applies `event` to the record `key` of `capability` and commits it (synced to disk) before it returns. */
  apply<K, R, E, C, A>(capability: Capability<K, R, E, C, A>, key: K, event: E): Decision<C, A> {
    const now = this.clock.now();
    const decision = immediateTransaction(this.db, () => this.inTransaction(capability, key, event, now));
    this.scheduler.wake();
    return decision;
  }

  /**
   * The same, in the group commit of this turn of the event loop (a burst of /tweet is not committed one
   * transaction at a time): resolves once committed, not yet synced — what reaches Slack is synced first.
   */
  async applyGrouped<K, R, E, C, A>(capability: Capability<K, R, E, C, A>, key: K, event: E): Promise<Decision<C, A>> {
    const now = this.clock.now();
    const decision = await this.commits.run(() => this.inTransaction(capability, key, event, now));
    this.scheduler.wake();
    return decision;
  }

  /** For work already inside a transaction (a scheduled job's firing): applies without committing. */
  within<K, R, E, C, A>(capability: Capability<K, R, E, C, A>, key: K, event: E, now: Date): Decision<C, A> {
    return this.inTransaction(capability, key, event, now);
  }

  private inTransaction<K, R, E, C, A>(capability: Capability<K, R, E, C, A>, key: K, event: E, now: Date): Decision<C, A> {
    const record = capability.load(key, now);
    const decision = capability.decide(record, event, now);
    capability.write(record, decision.changes, now);
    for (const entry of decision.audit ?? []) appendAudit(this.db, entry);
    for (const job of decision.jobs ?? []) {
      if (job.op === 'schedule') this.scheduler.schedule(job.kind, job.key, job.at, job.payload ?? {});
      else this.scheduler.cancel(job.key);
    }
    this.outbox.write(decision.messages ?? [], now);
    for (const emitted of decision.emits ?? []) {
      const target = this.capabilities.get(emitted.to);
      if (!target) throw new Error(`no capability named ${emitted.to}`);
      this.inTransaction(target, emitted.key, emitted.event, now);
    }
    return decision;
  }
}
