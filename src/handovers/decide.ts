import { BOT_ACTOR, type AuditEntry } from '../audit/log.js';
import type { Decision } from '../platform/apply.js';
import type { OutboxOp } from '../platform/outbox.js';
import { escapeForSlack } from '../platform/slackText.js';
import type { ShiftFacts } from './facts.js';
import { RECENT_HANDOVER_MS } from './ids.js';
import type { Handover } from './store.js';

/** The outbox keys of the handovers capability's messages. */
export const handoverKey = (id: number) => `handover:${id}`;
export const shiftSummaryKey = (boundary: Date) => `shift:${boundary.toISOString()}`;
/** The reply in a handover's thread that holds notes too long for its summary. */
export const handoverNotesKey = (id: number) => `handover:${id}:notes`;

/** Notes a summary shows whole: up to this many characters once escaped, and lines. Longer ones are cut there and posted in full in its thread. */
export const NOTES_SHOWN = 1_200;
export const NOTES_LINES = 25;
export const notesInFull = (notes: string) => escapeForSlack(notes).length <= NOTES_SHOWN && notes.split('\n').length <= NOTES_LINES;

// ——— Handovers ———

export interface HandoverRecord {
  /** The handover acted on, or (for a new one) the id it takes. */
  id: number;
  handover: Handover | null;
  /** The latest handover before a new one: its message says it was superseded. */
  previous: Handover | null;
  /** The handover after this one, if any: an acknowledgement of a superseded handover is refused. */
  next?: Handover | null;
  /** The latest automatic summary still asking for a handover: a new one answers it (its button goes). */
  openSummary?: Date | null;
  /** A new handover's shift: its start (SPEC "Handovers and duty") and its facts, read when loaded. */
  since: Date;
  facts: ShiftFacts | null;
}

export type HandoverEvent = { type: 'record'; from: string; to: string | null; notes: string } | { type: 'acknowledge'; by: string };

export type HandoverChange =
  | { type: 'record'; from: string; to: string | null; notes: string; since: Date; facts: ShiftFacts }
  | { type: 'acknowledge'; by: string };

export type HandoverAnswer =
  | { ok: true; id: number }
  | { ok: false; why: 'unknown' | 'already_acknowledged' | 'not_yours' | 'own_handover' | 'superseded'; by?: string; at?: Date; to?: string };

export function decideHandover(record: HandoverRecord, event: HandoverEvent, now: Date, channel: string): Decision<HandoverChange, HandoverAnswer> {
  if (event.type === 'record') {
    const audit: AuditEntry[] = [{ at: now, actor: event.from, subject: 'handover', ref: record.id, action: 'handover_recorded', text: event.notes, detail: { to: event.to } }];
    const messages: OutboxOp[] = [{ op: 'post', key: handoverKey(record.id), channel, render: 'handover', data: { id: record.id } }];
    if (record.previous) messages.push({ op: 'refresh', key: handoverKey(record.previous.id) });
    if (record.openSummary) messages.push({ op: 'refresh', key: shiftSummaryKey(record.openSummary) });
    if (!notesInFull(event.notes)) messages.push({ op: 'post', key: handoverNotesKey(record.id), channel, thread: handoverKey(record.id), render: 'handover_notes', data: { id: record.id } });
    return {
      changes: [{ type: 'record', from: event.from, to: event.to, notes: event.notes, since: record.since, facts: record.facts! }],
      audit,
      messages,
      emits: event.to ? [{ to: 'duty', key: null, event: { type: 'take', user: event.to, source: 'handover', handoverId: record.id } }] : [],
      answer: { ok: true, id: record.id },
    };
  }
  const h = record.handover;
  if (!h) return { changes: [], answer: { ok: false, why: 'unknown' } };
  if (h.acknowledged) return { changes: [], answer: { ok: false, why: 'already_acknowledged', by: h.acknowledged.by, at: h.acknowledged.at } };
  // A newer handover decided who is on duty: acknowledging this one would undo it.
  if (record.next) return { changes: [], answer: { ok: false, why: 'superseded' } };
  if (h.to && h.to !== event.by) return { changes: [], answer: { ok: false, why: 'not_yours', to: h.to } };
  if (h.from === event.by) return { changes: [], answer: { ok: false, why: 'own_handover' } };
  return {
    changes: [{ type: 'acknowledge', by: event.by }],
    audit: [{ at: now, actor: event.by, subject: 'handover', ref: h.id, action: 'handover_acknowledged', text: h.notes }],
    messages: [{ op: 'refresh', key: handoverKey(h.id) }],
    // Handed to whoever acknowledges first: that member is now on duty.
    emits: h.to ? [] : [{ to: 'duty', key: null, event: { type: 'take', user: event.by, source: 'handover', handoverId: h.id } }],
    answer: { ok: true, id: h.id },
  };
}

// ——— Duty ———

export interface DutyRecord {
  onDuty: { userId: string; since: Date } | null;
}

export type DutyEvent = { type: 'take'; user: string; source: 'take' | 'handover'; handoverId?: number };
export type DutyChange = { type: 'take'; user: string; source: 'take' | 'handover'; handoverId: number | null };
export type DutyAnswer = { ok: true } | { ok: false; why: 'already'; since: Date };

export function decideDuty(record: DutyRecord, event: DutyEvent, now: Date, channel: string): Decision<DutyChange, DutyAnswer> {
  if (event.source === 'take' && record.onDuty?.userId === event.user) return { changes: [], answer: { ok: false, why: 'already', since: record.onDuty.since } };
  return {
    changes: [{ type: 'take', user: event.user, source: event.source, handoverId: event.handoverId ?? null }],
    audit: [
      {
        at: now,
        actor: event.user,
        subject: 'duty',
        action: event.source === 'take' ? 'duty_taken' : 'duty_handed_over',
        detail: { previous: record.onDuty?.userId ?? null, handoverId: event.handoverId ?? null },
      },
    ],
    messages: event.source === 'take' ? [{ op: 'post', key: `duty:${event.user}:${now.getTime()}`, channel, render: 'duty_taken', data: { user: event.user } }] : [],
    answer: { ok: true },
  };
}

// ——— Shift boundaries ———

export interface ShiftRecord {
  boundary: Date;
  /** Where the shift that ended at `boundary` began. */
  shiftStart: Date;
  alreadyDone: boolean;
  lastHandover: Handover | null;
  onDuty: string | null;
  /** The facts of [since, boundary), read when loaded. */
  since: Date;
  facts: ShiftFacts;
}

export type ShiftChange = { type: 'summary'; boundary: Date; since: Date; facts: ShiftFacts | null };

/**
 * At a shift boundary (or at the first start after one was missed): unless a handover was recorded in
 * the 30 minutes before, the summary of the shift that ended, and a request to record the handover.
 */
export function decideShift(record: ShiftRecord, now: Date, channel: string): Decision<ShiftChange, { posted: boolean }> {
  if (record.alreadyDone) return { changes: [], answer: { posted: false } };
  const recent = record.lastHandover && record.lastHandover.at.getTime() >= record.boundary.getTime() - RECENT_HANDOVER_MS;
  if (recent) {
    return {
      changes: [{ type: 'summary', boundary: record.boundary, since: record.shiftStart, facts: null }],
      audit: [{ at: now, actor: BOT_ACTOR, subject: 'handover', action: 'shift_summary_skipped', detail: { boundary: record.boundary.toISOString() } }],
      answer: { posted: false },
    };
  }
  return {
    changes: [{ type: 'summary', boundary: record.boundary, since: record.since, facts: record.facts }],
    // Recorded as posted (in the audit log) when Slack takes it.
    messages: [{ op: 'post', key: shiftSummaryKey(record.boundary), channel, render: 'shift_summary', data: { boundary: record.boundary.toISOString(), onDuty: record.onDuty } }],
    answer: { posted: true },
  };
}
