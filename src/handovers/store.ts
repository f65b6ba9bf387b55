import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import { immediateTransaction, type DB } from '../platform/database.js';
import type { ShiftFacts } from './facts.js';

export interface Handover {
  id: number;
  from: string;
  to: string | null;
  notes: string;
  at: Date;
  facts: ShiftFacts;
  channelId: string;
  messageTs: string | null;
  permalink: string | null;
  acknowledged: { by: string; at: Date } | null;
}

interface Row {
  id: number;
  from_user: string;
  to_user: string | null;
  notes: string;
  at: string;
  summary: string;
  channel_id: string;
  message_ts: string | null;
  permalink: string | null;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
}

const toHandover = (r: Row): Handover => ({
  id: r.id,
  from: r.from_user,
  to: r.to_user,
  notes: r.notes,
  at: new Date(r.at),
  facts: JSON.parse(r.summary) as ShiftFacts,
  channelId: r.channel_id,
  messageTs: r.message_ts,
  permalink: r.permalink,
  acknowledged: r.acknowledged_by && r.acknowledged_at ? { by: r.acknowledged_by, at: new Date(r.acknowledged_at) } : null,
});

/** The SQL for handovers and automatic shift summaries, each change with its audit line. */
export class HandoverStore {
  private readonly s;

  constructor(private readonly db: DB) {
    this.s = {
      byId: db.prepare(`SELECT * FROM handovers WHERE id = ?`),
      latest: db.prepare(`SELECT * FROM handovers ORDER BY at DESC, id DESC LIMIT ?`),
      insert: db.prepare(
        `INSERT INTO handovers (from_user, to_user, notes, at, period_start, summary, channel_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      attach: db.prepare(`UPDATE handovers SET message_ts = ?, permalink = ? WHERE id = ?`),
      acknowledge: db.prepare(`UPDATE handovers SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_by IS NULL`),
      summaryAt: db.prepare(`SELECT boundary_at FROM shift_summaries WHERE boundary_at = ?`),
      insertSummary: db.prepare(
        `INSERT OR IGNORE INTO shift_summaries (boundary_at, period_start, posted, summary, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      attachSummary: db.prepare(`UPDATE shift_summaries SET message_ts = ? WHERE boundary_at = ?`),
    };
  }

  transaction<T>(work: () => T): T {
    return immediateTransaction(this.db, work);
  }

  get(id: number): Handover | null {
    const row = this.s.byId.get(id) as Row | undefined;
    return row ? toHandover(row) : null;
  }

  latest(count = 1): Handover[] {
    return (this.s.latest.all(count) as Row[]).map(toHandover);
  }

  record(h: { from: string; to: string | null; notes: string; at: Date; periodStart: Date; facts: ShiftFacts; channelId: string }): Handover {
    const id = Number(
      this.s.insert.run(h.from, h.to, h.notes, h.at.toISOString(), h.periodStart.toISOString(), JSON.stringify(h.facts), h.channelId).lastInsertRowid,
    );
    appendAudit(this.db, { at: h.at, actor: h.from, subject: 'handover', ref: id, action: 'handover_recorded', text: h.notes, detail: { to: h.to } });
    return this.get(id)!;
  }

  attachMessage(id: number, ts: string, permalink: string | null): void {
    this.s.attach.run(ts, permalink, id);
  }

  /** Returns whether this call recorded the acknowledgement (the first one wins). */
  acknowledge(h: Handover, by: string, now: Date): boolean {
    const done = this.s.acknowledge.run(by, now.toISOString(), h.id).changes === 1;
    if (done) appendAudit(this.db, { at: now, actor: by, subject: 'handover', ref: h.id, action: 'handover_acknowledged', text: h.notes });
    return done;
  }

  hasSummaryFor(boundary: Date): boolean {
    return this.s.summaryAt.get(boundary.toISOString()) !== undefined;
  }

  /** Records what the bot did at a shift boundary: posted a summary, or skipped it after a recent handover. */
  recordShiftSummary(boundary: Date, periodStart: Date, facts: ShiftFacts | null, channelId: string, now: Date): void {
    this.s.insertSummary.run(boundary.toISOString(), periodStart.toISOString(), facts ? 1 : 0, facts ? JSON.stringify(facts) : null, channelId, now.toISOString());
    appendAudit(this.db, {
      at: now,
      actor: BOT_ACTOR,
      subject: 'handover',
      action: facts ? 'shift_summary_posted' : 'shift_summary_skipped',
      detail: { boundary: boundary.toISOString() },
    });
  }

  attachShiftSummary(boundary: Date, ts: string): void {
    this.s.attachSummary.run(ts, boundary.toISOString());
  }
}
