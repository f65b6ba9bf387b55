import type { DB } from '../platform/database.js';
import type { FollowupChange } from './decide.js';

export type FollowupState = 'open' | 'resolved' | 'closed';

/** The last thing a person (or a closing post) did to a follow-up: earlier reminders say it instead of offering buttons. */
export interface LastAction {
  what: 'snoozed' | 'closed' | 'resolved';
  by: string;
  at: string;
  until?: string;
  closingRef?: number;
}

export interface Followup {
  id: number;
  ref: number;
  state: FollowupState;
  dueAt: Date;
  remindersSent: number;
  unanswered: number;
  resolvedBy: string | null;
  closingRef: number | null;
  reason: string | null;
  lastAction: LastAction | null;
}

interface Row {
  id: number;
  ref: number;
  state: FollowupState;
  due_at: string;
  reminders_sent: number;
  unanswered: number;
  resolved_by: string | null;
  closing_ref: number | null;
  reason: string | null;
  last_action: string | null;
}

const toFollowup = (r: Row): Followup => ({
  id: r.id,
  ref: r.ref,
  state: r.state,
  dueAt: new Date(r.due_at),
  remindersSent: r.reminders_sent,
  unanswered: r.unanswered,
  resolvedBy: r.resolved_by,
  closingRef: r.closing_ref,
  reason: r.reason,
  lastAction: r.last_action ? (JSON.parse(r.last_action) as LastAction) : null,
});

/** The SQL for follow-ups. Writes run inside `apply`'s transaction; audit lines come with the decision. */
export class FollowupStore {
  private readonly s;

  constructor(db: DB) {
    this.s = {
      byId: db.prepare(`SELECT * FROM followups WHERE id = ?`),
      openByRef: db.prepare(`SELECT * FROM followups WHERE ref = ? AND state = 'open'`),
      latestByRef: db.prepare(`SELECT * FROM followups WHERE ref = ? ORDER BY id DESC LIMIT 1`),
      open: db.prepare(`SELECT * FROM followups WHERE state = 'open' ORDER BY due_at, id LIMIT ?`),
      counts: db.prepare(`SELECT COUNT(*) AS open, COALESCE(SUM(due_at <= ?), 0) AS overdue FROM followups WHERE state = 'open'`),
      nextId: db.prepare(`SELECT COALESCE(MAX(id), 0) + 1 AS id FROM followups`),
      insert: db.prepare(`INSERT INTO followups (id, ref, state, due_at, opened_by, opened_at) VALUES (?, ?, 'open', ?, ?, ?)`),
      reminded: db.prepare(`UPDATE followups SET reminders_sent = reminders_sent + 1, unanswered = unanswered + 1 WHERE id = ? AND state = 'open'`),
      answered: db.prepare(`UPDATE followups SET unanswered = 0, last_action = ? WHERE id = ? AND state = 'open'`),
      finish: db.prepare(
        `UPDATE followups SET state = @state, resolved_at = @at, resolved_by = @by, closing_ref = @closingRef, reason = @reason, last_action = @action
         WHERE id = @id AND state = 'open'`,
      ),
    };
  }

  get(id: number): Followup | null {
    const row = this.s.byId.get(id) as Row | undefined;
    return row ? toFollowup(row) : null;
  }

  openFor(ref: number): Followup | null {
    const row = this.s.openByRef.get(ref) as Row | undefined;
    return row ? toFollowup(row) : null;
  }

  latestFor(ref: number): Followup | null {
    const row = this.s.latestByRef.get(ref) as Row | undefined;
    return row ? toFollowup(row) : null;
  }

  nextId(): number {
    return (this.s.nextId.get() as { id: number }).id;
  }

  /** Open follow-ups, earliest due first (so the overdue ones come first), at most `limit`. */
  listOpen(limit: number): Followup[] {
    return (this.s.open.all(limit) as Row[]).map(toFollowup);
  }

  countOpen(now: Date): { open: number; overdue: number } {
    return this.s.counts.get(now.toISOString()) as { open: number; overdue: number };
  }

  /** Writes one decision's changes about the follow-ups of proposal `ref`. */
  write(ref: number, nextId: number, changes: readonly FollowupChange[], now: Date): void {
    const at = now.toISOString();
    for (const change of changes) {
      const current = this.latestFor(ref);
      switch (change.type) {
        case 'open':
          this.s.insert.run(nextId, ref, change.dueAt.toISOString(), change.by, at);
          break;
        case 'reminded':
          if (current) this.s.reminded.run(current.id);
          break;
        case 'answered':
          if (current) this.s.answered.run(JSON.stringify(change.action), current.id);
          break;
        case 'finish':
          if (current) {
            this.s.finish.run({ id: current.id, state: change.state, at, by: change.by, closingRef: change.closingRef, reason: change.reason, action: JSON.stringify(change.action) });
          }
          break;
      }
    }
  }
}
