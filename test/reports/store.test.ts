/**
 * A period's facts read from a real SQLite file (the migrations' schema), rows written as the bot writes
 * them, then the figures: what `/report` and the weekly report show comes through here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/platform/database.js';
import { computeFigures } from '../../src/reports/figures.js';
import { previousWeek, type Period } from '../../src/reports/period.js';
import { ReportStore } from '../../src/reports/store.js';
import { at, HOUR, MIN, PARIS, periodOf, plus } from './fixtures.js';

let dir: string;
let db: DB;
let store: ReportStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'comcell-report-store-'));
  db = openDatabase(join(dir, 'comcell.sqlite'));
  store = new ReportStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const iso = (d: Date | string) => new Date(d).toISOString();
let nextRef = 1;

/** A proposal as stored: its row, its version (with a template), and the audit line of each state it entered. */
function proposal(o: {
  createdAt: string;
  state: string;
  stateAt?: Date | string;
  template?: string | null;
  approvals?: Array<Date | string>;
  version?: number;
  deliveries?: Array<{ network: string; state?: string; publishedAt?: Date | string | null; dryRun?: boolean }>;
}): number {
  const ref = nextRef++;
  const version = o.version ?? 1;
  db.prepare(`INSERT INTO proposals (ref, author_id, state, current_version, created_at, updated_at) VALUES (?, 'UAUTHOR', ?, ?, ?, ?)`).run(
    ref, o.state, version, iso(o.createdAt), iso(o.stateAt ?? o.createdAt),
  );
  for (let v = 1; v <= version; v++) {
    db.prepare(`INSERT INTO proposal_versions (ref, version, text, weighted_length, channel_id, created_at, template) VALUES (?, ?, 'Texte', 5, 'CTEAM', ?, ?)`).run(
      ref, v, iso(o.createdAt), o.template ?? null,
    );
  }
  o.approvals?.forEach((when, i) => db.prepare(`INSERT INTO approvals (ref, version, user_id, approved_at) VALUES (?, ?, ?, ?)`).run(ref, version, `UAPPROVER${i}`, iso(when)));
  for (const d of o.deliveries ?? []) {
    const state = d.state ?? 'published';
    db.prepare(`INSERT INTO deliveries (ref, version, network, state, dry_run, queued_at, published_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      ref, version, d.network, state, d.dryRun ? 1 : 0, iso(o.createdAt), d.publishedAt ? iso(d.publishedAt) : null, iso(o.createdAt),
    );
  }
  audit('proposal', ref, 'proposed', o.createdAt);
  if (o.stateAt) audit('proposal', ref, o.state, o.stateAt);
  return ref;
}

function audit(subject: string, ref: number | null, action: string, when: Date | string, detail: Record<string, unknown> | null = null): void {
  db.prepare(`INSERT INTO audit_log (at, actor, subject, ref, action, detail) VALUES (?, 'comcell', ?, ?, ?, ?)`).run(iso(when), subject, ref, action, detail ? JSON.stringify(detail) : null);
}

/** A follow-up on `ref` with its reminders (audit lines, as followups/notify.ts writes them when Slack shows one). */
function followup(ref: number, openedAt: Date | string, end: { at: Date | string; how: 'resolved' | 'closed' } | null, reminders: Array<{ at: Date | string; escalated?: boolean }> = []): number {
  const id = Number(
    db.prepare(`INSERT INTO followups (ref, state, due_at, opened_by, opened_at, resolved_at) VALUES (?, ?, ?, 'UAUTHOR', ?, ?)`).run(
      ref, end?.how ?? 'open', iso(openedAt), iso(openedAt), end ? iso(end.at) : null,
    ).lastInsertRowid,
  );
  reminders.forEach((r, i) => audit('followup', ref, 'reminder_sent', r.at, { followup: id, reminder: i + 1, mentioned: 'UBOB', escalated: r.escalated ?? false }));
  return id;
}

function handover(when: Date | string, acknowledgedAt: Date | string | null): void {
  db.prepare(
    `INSERT INTO handovers (from_user, to_user, notes, at, period_start, summary, channel_id, acknowledged_by, acknowledged_at) VALUES ('UALICE', 'UBOB', 'RAS', ?, ?, '{}', 'CTEAM', ?, ?)`,
  ).run(iso(when), iso(when), acknowledgedAt ? 'UBOB' : null, acknowledgedAt ? iso(acknowledgedAt) : null);
}

function shiftSummary(boundary: Date | string, posted: boolean): void {
  db.prepare(`INSERT INTO shift_summaries (boundary_at, period_start, posted, channel_id, created_at) VALUES (?, ?, ?, 'CTEAM', ?)`).run(iso(boundary), iso(boundary), posted ? 1 : 0, iso(boundary));
}

const figuresOf = (period: Period) => computeFigures(store.facts(period.start, period.end), period, PARIS);

describe('a report read from SQLite', () => {
  it('of an empty week is all zeros, even with history around it', () => {
    // Before and after the week of 16–22 November: none of it counts.
    proposal({ createdAt: '2026-11-13T10:00:00Z', state: 'published', approvals: ['2026-11-13T10:05:00Z'], deliveries: [{ network: 'x', publishedAt: '2026-11-13T10:06:00Z' }] });
    proposal({ createdAt: '2026-11-24T10:00:00Z', state: 'rejected', stateAt: '2026-11-24T10:01:00Z' });
    handover('2026-11-15T21:50:00Z', '2026-11-15T22:00:00Z');
    const week = previousWeek(at('2026-11-23T07:00:00Z'), PARIS);
    const facts = store.facts(week.start, week.end);
    expect(facts).toEqual({ proposals: [], followups: [], handovers: [], shiftSummaries: [] });
    const f = computeFigures(facts, week, PARIS);
    expect(f.posts.total).toBe(0);
    expect(f.days).toHaveLength(7);
  });

  it('of a busy month counts posts per network and template, endings, delays, follow-ups, handovers', () => {
    const NOVEMBER = periodOf('2026-10-31T23:00:00Z', '2026-11-30T23:00:00Z', 'month');
    // Three proposals posted: on three networks (template météo), on X (météo), on X and Mastodon (no template).
    const a = proposal({
      createdAt: '2026-11-02T09:00:00Z', state: 'published', template: 'météo', approvals: ['2026-11-02T09:04:00Z', '2026-11-02T09:02:00Z'],
      deliveries: [{ network: 'x', publishedAt: '2026-11-02T09:10:00Z' }, { network: 'mastodon', publishedAt: '2026-11-02T09:10:00Z' }, { network: 'bluesky', publishedAt: '2026-11-02T09:11:00Z' }],
    });
    const b = proposal({ createdAt: '2026-11-03T09:00:00Z', state: 'published', template: 'météo', approvals: ['2026-11-03T09:10:00Z'], deliveries: [{ network: 'x', publishedAt: '2026-11-03T09:30:00Z' }] });
    proposal({
      createdAt: '2026-11-04T09:00:00Z', state: 'published', approvals: ['2026-11-04T09:20:00Z'],
      deliveries: [{ network: 'x', publishedAt: '2026-11-04T09:50:00Z' }, { network: 'mastodon', publishedAt: '2026-11-04T09:50:00Z' }, { network: 'bluesky', state: 'failed' }],
    });
    // Edited once: the approval of version 2 is the one measured.
    proposal({ createdAt: '2026-11-05T09:00:00Z', state: 'published', version: 2, approvals: ['2026-11-05T10:00:00Z'], deliveries: [{ network: 'x', publishedAt: '2026-11-05T10:00:00Z' }] });
    // Dry run: apart.
    proposal({ createdAt: '2026-11-06T09:00:00Z', state: 'published', approvals: ['2026-11-06T09:01:00Z'], deliveries: [{ network: 'x', publishedAt: '2026-11-06T09:02:00Z', dryRun: true }] });
    // Endings in November, one in October, a rejection after the end.
    proposal({ createdAt: '2026-11-07T09:00:00Z', state: 'rejected', stateAt: '2026-11-07T09:03:00Z' });
    proposal({ createdAt: '2026-11-08T09:00:00Z', state: 'expired', stateAt: '2026-11-08T11:00:00Z', approvals: ['2026-11-08T10:59:00Z'] });
    proposal({ createdAt: '2026-11-09T09:00:00Z', state: 'failed', stateAt: '2026-11-09T09:05:00Z', approvals: ['2026-11-09T09:04:00Z'], deliveries: [{ network: 'x', state: 'failed' }] });
    proposal({ createdAt: '2026-10-20T09:00:00Z', state: 'rejected', stateAt: '2026-10-20T09:01:00Z' });
    proposal({ createdAt: '2026-11-30T22:00:00Z', state: 'rejected', stateAt: '2026-11-30T23:30:00Z' });
    // Follow-ups: closed with a post after 2 h 30 (3 reminders, 1 escalated), closed without one after 20 min.
    followup(a, '2026-11-02T09:10:00Z', { at: '2026-11-02T11:40:00Z', how: 'resolved' }, [
      { at: '2026-11-02T10:10:00Z' }, { at: '2026-11-02T10:40:00Z' }, { at: '2026-11-02T11:10:00Z', escalated: true },
    ]);
    followup(b, '2026-11-03T09:30:00Z', { at: '2026-11-03T09:50:00Z', how: 'closed' });
    handover('2026-11-10T05:50:00Z', '2026-11-10T06:05:00Z');
    handover('2026-11-10T13:50:00Z', null);
    shiftSummary('2026-11-11T05:00:00Z', true);
    shiftSummary('2026-11-11T13:00:00Z', false);

    const f = figuresOf(NOVEMBER);
    expect(f.posts.total).toBe(7);
    expect(f.posts.byNetwork).toEqual({ x: 4, mastodon: 2, bluesky: 1 });
    expect(f.posts.byTemplate).toEqual([{ template: 'météo', count: 4 }, { template: null, count: 3 }]);
    expect(f.posts.dryRun).toEqual({ total: 1, byNetwork: { x: 1, mastodon: 0, bluesky: 0 } });
    expect(f.proposals).toEqual({ rejected: 1, failed: 1, expired: 1, uncertain: 0 });
    // To the first post: 10, 30, 50 min, and 60 min for the edited one.
    expect(f.toPublication).toEqual({ count: 4, median: 30 * MIN, p90: 60 * MIN });
    // To the first approval: 2 (the earlier of two), 10, 20, 60 (version 2), 1 (dry run), 119 (expired), 4 (failed).
    expect(f.toApproval).toEqual({ count: 7, median: 10 * MIN, p90: 119 * MIN });
    expect(f.followups).toMatchObject({ opened: 2, resolved: 1, closed: 1, openAtEnd: 0, reminders: 3, escalations: 1 });
    expect(f.followups.durations).toEqual({ count: 2, median: 20 * MIN, p90: 150 * MIN });
    expect(f.handovers).toEqual({ recorded: 2, acknowledged: 1, summariesWithoutHandover: 1 });
    expect(f.days.find((d) => d.date === '2026-11-02')?.posts).toEqual({ x: 1, mastodon: 1, bluesky: 1 });
  });

  it('of the week of the October change counts each post on its local day (25 hours on Sunday)', () => {
    // Europe/Paris leaves summer time on Sunday 25 October 2026 at 03:00 (back to 02:00).
    const week = previousWeek(at('2026-10-26T08:00:00Z'), PARIS);
    expect(week.end.getTime() - week.start.getTime()).toBe(7 * 24 * HOUR + HOUR);
    const post = (when: string) => proposal({ createdAt: plus(when, -5 * MIN).toISOString(), state: 'published', approvals: [plus(when, -MIN)], deliveries: [{ network: 'x', publishedAt: when }] });
    post('2026-10-18T22:30:00Z'); // Monday 19, 00:30 (UTC+2): the first hour of the week
    post('2026-10-24T22:30:00Z'); // Sunday 25, 00:30 (UTC+2)
    post('2026-10-25T01:30:00Z'); // Sunday 25, 02:30, the second time (UTC+1)
    post('2026-10-25T22:30:00Z'); // Sunday 25, 23:30 (UTC+1): the last hour of the week
    post('2026-10-25T23:30:00Z'); // Monday 26, 00:30: the next week
    post('2026-10-18T21:30:00Z'); // Sunday 18, 23:30: the week before
    const f = figuresOf(week);
    expect(f.posts.total).toBe(4);
    expect(f.days.map((d) => [d.date, d.posts.x])).toEqual([
      ['2026-10-19', 1], ['2026-10-20', 0], ['2026-10-21', 0], ['2026-10-22', 0], ['2026-10-23', 0], ['2026-10-24', 0], ['2026-10-25', 3],
    ]);
  });

  it('counts follow-ups still open at the end by their age then, and their reminders up to the end only', () => {
    const week = previousWeek(at('2026-11-23T07:00:00Z'), PARIS); // 16–22 November, ends 2026-11-22T23:00Z
    const published = () => proposal({ createdAt: '2026-11-10T09:00:00Z', state: 'published', deliveries: [{ network: 'x', publishedAt: '2026-11-10T09:02:00Z' }] });
    const [ref, second, third, fourth] = [published(), published(), published(), published()];
    // Opened the week before, still open today: open at the end, 12 days 14 h old.
    followup(ref, '2026-11-10T09:02:00Z', null, [{ at: '2026-11-10T11:02:00Z' }, { at: '2026-11-18T11:02:00Z', escalated: true }, { at: '2026-11-23T11:02:00Z', escalated: true }]);
    // Opened in the week, closed after its end: open at the end (3 h old then); the reminder after the end is not counted.
    followup(second, '2026-11-22T20:00:00Z', { at: '2026-11-23T02:00:00Z', how: 'resolved' }, [{ at: '2026-11-22T22:00:00Z' }, { at: '2026-11-23T00:00:00Z' }]);
    // Closed before the week: nowhere.
    followup(third, '2026-11-01T09:00:00Z', { at: '2026-11-02T09:00:00Z', how: 'closed' }, [{ at: '2026-11-01T11:00:00Z' }]);
    // Opened after the week: nowhere.
    followup(fourth, '2026-11-23T09:00:00Z', null);
    const f = figuresOf(week);
    expect(f.followups).toMatchObject({ opened: 1, resolved: 0, closed: 0, openAtEnd: 2, reminders: 3, escalations: 1 });
    expect(f.followups.longestOpen).toBe(at('2026-11-22T23:00:00Z').getTime() - at('2026-11-10T09:02:00Z').getTime());
    const open = Object.fromEntries(f.followups.buckets.map((b) => [b.id, b.open]));
    expect(open).toMatchObject({ '2h_4h': 1, over_24h: 1 });
  });

  it('reads the gauges of the metrics: proposals per state, deliveries waiting per network', () => {
    proposal({ createdAt: '2026-11-02T09:00:00Z', state: 'published', deliveries: [{ network: 'x', publishedAt: '2026-11-02T09:10:00Z' }, { network: 'mastodon', state: 'waiting' }] });
    proposal({ createdAt: '2026-11-02T09:00:00Z', state: 'pending' });
    proposal({ createdAt: '2026-11-02T09:00:00Z', state: 'pending' });
    expect(store.proposalsByState()).toEqual({ published: 1, pending: 2 });
    expect(store.waitingDeliveries()).toEqual({ mastodon: 1 });
  });
});
