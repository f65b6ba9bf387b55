import type { DB } from '../platform/database.js';
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
      next: db.prepare(`SELECT * FROM handovers WHERE id > ? ORDER BY id LIMIT 1`),
      firstSince: db.prepare(`SELECT * FROM handovers WHERE at >= ? ORDER BY at, id LIMIT 1`),
      latestPosted: db.prepare(`SELECT boundary_at FROM shift_summaries WHERE posted = 1 ORDER BY boundary_at DESC LIMIT 1`),
      insert: db.prepare(
        `INSERT INTO handovers (id, from_user, to_user, notes, at, period_start, summary, channel_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      nextId: db.prepare(`SELECT COALESCE(MAX(id), 0) + 1 AS id FROM handovers`),
      summaryOf: db.prepare(`SELECT summary FROM shift_summaries WHERE boundary_at = ?`),
      attach: db.prepare(`UPDATE handovers SET message_ts = ?, permalink = ? WHERE id = ?`),
      acknowledge: db.prepare(`UPDATE handovers SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_by IS NULL`),
      summaryAt: db.prepare(`SELECT boundary_at FROM shift_summaries WHERE boundary_at = ?`),
      insertSummary: db.prepare(
        `INSERT OR IGNORE INTO shift_summaries (boundary_at, period_start, posted, summary, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      attachSummary: db.prepare(`UPDATE shift_summaries SET message_ts = ? WHERE boundary_at = ?`),
    };
  }

  nextId(): number {
    return (this.s.nextId.get() as { id: number }).id;
  }

  /** The facts an automatic summary was composed from, as stored with it. */
  summaryFacts(boundary: Date): ShiftFacts | null {
    const row = this.s.summaryOf.get(boundary.toISOString()) as { summary: string | null } | undefined;
    return row?.summary ? (JSON.parse(row.summary) as ShiftFacts) : null;
  }

  get(id: number): Handover | null {
    const row = this.s.byId.get(id) as Row | undefined;
    return row ? toHandover(row) : null;
  }

  latest(count = 1): Handover[] {
    return (this.s.latest.all(count) as Row[]).map(toHandover);
  }

  /** The handover recorded after `id` (ids follow the order of recording), which supersedes it. */
  next(id: number): Handover | null {
    const row = this.s.next.get(id) as Row | undefined;
    return row ? toHandover(row) : null;
  }

  /** The first handover recorded at or after `at`: the one that answers an automatic summary. */
  firstSince(at: Date): Handover | null {
    const row = this.s.firstSince.get(at.toISOString()) as Row | undefined;
    return row ? toHandover(row) : null;
  }

  /** The boundary of the latest automatic summary posted. */
  latestPostedSummary(): Date | null {
    const row = this.s.latestPosted.get() as { boundary_at: string } | undefined;
    return row ? new Date(row.boundary_at) : null;
  }

  record(h: { id: number; from: string; to: string | null; notes: string; at: Date; periodStart: Date; facts: ShiftFacts; channelId: string }): void {
    this.s.insert.run(h.id, h.from, h.to, h.notes, h.at.toISOString(), h.periodStart.toISOString(), JSON.stringify(h.facts), h.channelId);
  }

  attachMessage(id: number, ts: string, permalink: string | null): void {
    this.s.attach.run(ts, permalink, id);
  }

  /** Returns whether this call recorded the acknowledgement (the first one wins). */
  acknowledge(id: number, by: string, now: Date): boolean {
    return this.s.acknowledge.run(by, now.toISOString(), id).changes === 1;
  }

  hasSummaryFor(boundary: Date): boolean {
    return this.s.summaryAt.get(boundary.toISOString()) !== undefined;
  }

  /** Records what the bot did at a shift boundary: composed a summary (facts), or skipped it after a recent handover (null). */
  recordShiftSummary(boundary: Date, periodStart: Date, facts: ShiftFacts | null, channelId: string, now: Date): void {
    this.s.insertSummary.run(boundary.toISOString(), periodStart.toISOString(), facts ? 1 : 0, facts ? JSON.stringify(facts) : null, channelId, now.toISOString());
  }

  attachShiftSummary(boundary: Date, ts: string): void {
    this.s.attachSummary.run(ts, boundary.toISOString());
  }
}
