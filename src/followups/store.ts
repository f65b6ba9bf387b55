import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import { immediateTransaction, type DB } from '../platform/database.js';

export type FollowupState = 'open' | 'resolved' | 'closed';

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
});

/** The SQL for follow-ups. Every change writes its audit line; callers run it inside their transaction. */
export class FollowupStore {
  private readonly s;

  constructor(private readonly db: DB) {
    this.s = {
      byId: db.prepare(`SELECT * FROM followups WHERE id = ?`),
      openByRef: db.prepare(`SELECT * FROM followups WHERE ref = ? AND state = 'open'`),
      latestByRef: db.prepare(`SELECT * FROM followups WHERE ref = ? ORDER BY id DESC LIMIT 1`),
      open: db.prepare(`SELECT * FROM followups WHERE state = 'open' ORDER BY due_at, id LIMIT ?`),
      counts: db.prepare(`SELECT COUNT(*) AS open, COALESCE(SUM(due_at <= ?), 0) AS overdue FROM followups WHERE state = 'open'`),
      insert: db.prepare(`INSERT INTO followups (ref, state, due_at, opened_by, opened_at) VALUES (?, 'open', ?, ?, ?)`),
      reminded: db.prepare(`UPDATE followups SET reminders_sent = reminders_sent + 1, unanswered = unanswered + 1 WHERE id = ? AND state = 'open'`),
      answered: db.prepare(`UPDATE followups SET unanswered = 0 WHERE id = ? AND state = 'open'`),
      finish: db.prepare(
        `UPDATE followups SET state = @state, resolved_at = @at, resolved_by = @by, closing_ref = @closingRef, reason = @reason
         WHERE id = @id AND state = 'open'`,
      ),
    };
  }

  transaction<T>(work: () => T): T {
    return immediateTransaction(this.db, work);
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

  /** Open follow-ups, earliest due first (so the overdue ones come first), at most `limit`. */
  listOpen(limit: number): Followup[] {
    return (this.s.open.all(limit) as Row[]).map(toFollowup);
  }

  countOpen(now: Date): { open: number; overdue: number } {
    return this.s.counts.get(now.toISOString()) as { open: number; overdue: number };
  }

  open(ref: number, dueAt: Date, by: string, now: Date, text: string): Followup {
    const id = Number(this.s.insert.run(ref, dueAt.toISOString(), by, now.toISOString()).lastInsertRowid);
    appendAudit(this.db, { at: now, actor: by, subject: 'followup', ref, action: 'followup_opened', text, detail: { followup: id, dueAt: dueAt.toISOString() } });
    return this.get(id)!;
  }

  recordReminder(f: Followup, now: Date, mentioned: string, escalated: boolean, text: string): void {
    this.s.reminded.run(f.id);
    appendAudit(this.db, {
      at: now,
      actor: BOT_ACTOR,
      subject: 'followup',
      ref: f.ref,
      action: 'reminder_sent',
      text,
      detail: { followup: f.id, reminder: f.remindersSent + 1, mentioned, escalated },
    });
  }

  snooze(f: Followup, until: Date, by: string, now: Date, text: string): void {
    this.s.answered.run(f.id);
    appendAudit(this.db, { at: now, actor: by, subject: 'followup', ref: f.ref, action: 'followup_snoozed', text, detail: { followup: f.id, until: until.toISOString() } });
  }

  /** Resolved by a published closing tweet, or closed on purpose (with the reason given). Returns whether this call did it. */
  finish(
    f: Followup,
    outcome: { state: 'resolved'; closingRef: number } | { state: 'closed'; reason: string | null },
    by: string,
    now: Date,
    text: string,
  ): boolean {
    const changed =
      this.s.finish.run({
        id: f.id,
        state: outcome.state,
        at: now.toISOString(),
        by,
        closingRef: outcome.state === 'resolved' ? outcome.closingRef : null,
        reason: outcome.state === 'closed' ? outcome.reason : null,
      }).changes === 1;
    if (changed) {
      appendAudit(this.db, {
        at: now,
        actor: by,
        subject: 'followup',
        ref: f.ref,
        action: outcome.state === 'resolved' ? 'followup_resolved' : 'followup_closed',
        text,
        detail: { followup: f.id, ...(outcome.state === 'resolved' ? { closingRef: outcome.closingRef } : { reason: outcome.reason }) },
      });
    }
    return changed;
  }
}
