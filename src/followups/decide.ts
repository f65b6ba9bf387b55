import type { AuditEntry } from '../audit/log.js';
import type { Decision, Emitted, JobOp } from '../platform/apply.js';
import type { OutboxOp } from '../platform/outbox.js';
import { proposalKey } from '../proposals/ids.js';
import type { Proposal } from '../proposals/store.js';
import { REMINDER_JOB, reminderKey, reminderMessageKey } from './ids.js';
import { dueAt, escalates, reminderTarget } from './rules.js';
import type { Followup, LastAction } from './store.js';

export interface FollowupSettings {
  channel: string;
  remindEverySeconds: number;
  escalateAfter: number;
}

/** A follow-up is about one proposal: its latest follow-up, the proposal, and who is on duty. */
export interface FollowupRecord {
  ref: number;
  /** The id a follow-up opened by this decision takes. */
  nextId: number;
  proposal: Proposal | null;
  followup: Followup | null;
  onDuty: string | null;
}

export type FollowupEvent =
  /** The proposal was published on a first network (emitted by proposals, in the same transaction). */
  | { type: 'proposal_published' }
  /** A reply to this proposal was published: its closing post. */
  | { type: 'closing_published'; closingRef: number; by: string; text: string }
  | { type: 'open'; seconds: number; by: string }
  /** From `/followup snooze`, or a reminder's button (`reminder`: which one was pressed). */
  | { type: 'snooze'; seconds: number; by: string; reminder?: number }
  | { type: 'close'; reason: string | null; by: string; reminder?: number }
  /** The reminder job fired. */
  | { type: 'remind' };

export type FollowupChange =
  | { type: 'open'; dueAt: Date; by: string }
  | { type: 'reminded' }
  | { type: 'answered'; action: LastAction }
  | { type: 'finish'; state: 'resolved' | 'closed'; by: string; closingRef: number | null; reason: string | null; action: LastAction };

export type FollowupAnswer =
  | { ok: true; effect: 'opened' | 'snoozed' | 'closed' | 'resolved' | 'reminded' | 'nothing'; dueAt?: Date; until?: Date; next?: Date | null }
  | { ok: false; why: 'unknown_ref' | 'not_published' | 'already_open' | 'no_open' | 'stale'; dueAt?: Date };

type Out = Decision<FollowupChange, FollowupAnswer>;

/** The rules of a follow-up, from its opening to its end: pure. */
export function decide(record: FollowupRecord, event: FollowupEvent, now: Date, settings: FollowupSettings): Out {
  const { proposal: p, followup: latest } = record;
  const open = latest?.state === 'open' ? latest : null;
  const out = new Out_(record, now);
  switch (event.type) {
    case 'proposal_published': {
      if (!p) return out.done({ ok: true, effect: 'nothing' });
      if (p.followupSeconds && !open && p.publishedAt) openOne(out, p, p.followupSeconds, p.authorId, now);
      // Any published reply to a proposal with an open follow-up is its closing post.
      if (p.replyToRef) out.emit({ to: 'followups', key: p.replyToRef, event: { type: 'closing_published', closingRef: p.ref, by: p.authorId, text: p.text } });
      return out.done({ ok: true, effect: p.followupSeconds ? 'opened' : 'nothing' });
    }
    case 'closing_published': {
      if (!open || !p) return out.done({ ok: true, effect: 'nothing' });
      const action: LastAction = { what: 'resolved', by: event.by, at: now.toISOString(), closingRef: event.closingRef };
      out.change({ type: 'finish', state: 'resolved', by: event.by, closingRef: event.closingRef, reason: null, action });
      out.audit(event.by, 'followup_resolved', { followup: open.id, closingRef: event.closingRef }, event.text);
      out.job({ op: 'cancel', key: reminderKey(record.ref) });
      out.moved(open, { what: 'resolved', closingRef: event.closingRef });
      return out.done({ ok: true, effect: 'resolved' });
    }
    case 'open': {
      if (!p) return out.done({ ok: false, why: 'unknown_ref' });
      if (!p.publishedAt) return out.done({ ok: false, why: 'not_published' });
      if (open) return out.done({ ok: false, why: 'already_open', dueAt: open.dueAt });
      const due = openOne(out, p, event.seconds, event.by, now);
      out.refreshProposal();
      return out.done({ ok: true, effect: 'opened', dueAt: due });
    }
    case 'snooze': {
      if (!open || !p) return out.done({ ok: false, why: p ? 'no_open' : 'unknown_ref' });
      if (event.reminder !== undefined && !isCurrent(open, event.reminder)) return out.done({ ok: false, why: 'stale' });
      // Before the due time it counts from the due time; once due, from now: it replaces the pending reminder.
      const until = new Date(Math.max(now.getTime(), open.dueAt.getTime()) + event.seconds * 1000);
      out.change({ type: 'answered', action: { what: 'snoozed', by: event.by, at: now.toISOString(), until: until.toISOString() } });
      out.audit(event.by, 'followup_snoozed', { followup: open.id, until: until.toISOString() });
      out.job({ op: 'schedule', kind: REMINDER_JOB, key: reminderKey(record.ref), at: until, payload: { ref: record.ref } });
      out.moved(open, { what: 'snoozed', by: event.by, until: until.toISOString() });
      return out.done({ ok: true, effect: 'snoozed', until });
    }
    case 'close': {
      if (!open || !p) return out.done({ ok: false, why: p ? 'no_open' : 'unknown_ref' });
      if (event.reminder !== undefined && !isCurrent(open, event.reminder)) return out.done({ ok: false, why: 'stale' });
      const action: LastAction = { what: 'closed', by: event.by, at: now.toISOString() };
      out.change({ type: 'finish', state: 'closed', by: event.by, closingRef: null, reason: event.reason, action });
      out.audit(event.by, 'followup_closed', { followup: open.id, reason: event.reason });
      out.job({ op: 'cancel', key: reminderKey(record.ref) });
      out.moved(open, { what: 'closed', by: event.by, reason: event.reason });
      return out.done({ ok: true, effect: 'closed' });
    }
    case 'remind': {
      if (!open || !p) return out.done({ ok: true, effect: 'nothing', next: null });
      const number = open.remindersSent + 1;
      const unanswered = open.unanswered + 1;
      const escalated = escalates(unanswered, settings.escalateAfter);
      const mentioned = reminderTarget(record.onDuty, p.authorId);
      out.change({ type: 'reminded' });
      // In the proposal's thread, and shown in the channel too, so that it is seen. Recorded as sent when Slack takes it.
      out.message({
        op: 'post',
        key: reminderMessageKey(open.id, number),
        channel: p.channelId,
        thread: proposalKey(p.ref, p.version),
        broadcast: true,
        render: 'reminder',
        data: { followup: open.id, ref: p.ref, number, mentioned, escalated, unanswered },
      });
      // The earlier reminders give way to this one: their buttons go.
      out.refreshReminders(open, number - 1);
      // The first reminder makes the follow-up overdue: the proposal's note says so.
      if (number === 1) out.refreshProposal();
      return out.done({ ok: true, effect: 'reminded', next: new Date(now.getTime() + settings.remindEverySeconds * 1000) });
    }
  }
}

/** A reminder's buttons act only while it is the latest, and nobody answered it yet. */
function isCurrent(f: Followup, reminder: number): boolean {
  return f.remindersSent === reminder && f.unanswered > 0;
}

function openOne(out: Out_, p: Proposal, seconds: number, by: string, now: Date): Date {
  const due = dueAt(p.publishedAt ?? now, seconds);
  out.change({ type: 'open', dueAt: due, by });
  out.audit(by, 'followup_opened', { followup: out.nextId, dueAt: due.toISOString() });
  out.job({ op: 'schedule', kind: REMINDER_JOB, key: reminderKey(p.ref), at: due, payload: { ref: p.ref } });
  return due;
}

/** Collects one decision. */
class Out_ {
  private readonly changes: FollowupChange[] = [];
  private readonly auditLines: AuditEntry[] = [];
  private readonly jobs: JobOp[] = [];
  private readonly messages: OutboxOp[] = [];
  private readonly emits: Emitted[] = [];
  private n = 0;

  constructor(
    private readonly record: FollowupRecord,
    private readonly now: Date,
  ) {}

  get nextId(): number {
    return this.record.nextId;
  }

  change(c: FollowupChange): void {
    this.changes.push(c);
  }

  audit(actor: string, action: string, detail: Record<string, unknown>, text?: string): void {
    this.auditLines.push({ at: this.now, actor, subject: 'followup', ref: this.record.ref, action, text: text ?? this.record.proposal?.text ?? '', detail });
  }

  job(j: JobOp): void {
    this.jobs.push(j);
  }

  message(m: OutboxOp): void {
    this.messages.push(m);
  }

  emit(e: Emitted): void {
    this.emits.push(e);
  }

  refreshProposal(): void {
    const p = this.record.proposal;
    if (p) this.messages.push({ op: 'refresh', key: proposalKey(p.ref, p.version) });
  }

  refreshReminders(f: Followup, upTo: number): void {
    for (let n = 1; n <= upTo; n++) this.messages.push({ op: 'refresh', key: reminderMessageKey(f.id, n) });
  }

  /** Someone acted on the follow-up: the proposal's message and thread say it, earlier reminders lose their buttons. */
  moved(f: Followup, note: Record<string, unknown>): void {
    const p = this.record.proposal!;
    this.refreshProposal();
    this.messages.push({
      op: 'post',
      key: `followup:${f.id}:${String(note.what)}:${this.now.getTime()}:${++this.n}`,
      channel: p.channelId,
      thread: proposalKey(p.ref, p.version),
      render: 'followup_note',
      data: { ref: p.ref, ...note },
    });
    this.refreshReminders(f, f.remindersSent);
  }

  done(answer: FollowupAnswer): Out {
    return { changes: this.changes, audit: this.auditLines, jobs: this.jobs, messages: this.messages, emits: this.emits, answer };
  }
}

