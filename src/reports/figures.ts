import { DateTime } from 'luxon';
import type { NetworkName } from '../networks/network.js';
import type { ReportFacts } from './facts.js';
import type { Period } from './period.js';
import { durationStats, type DurationStats } from './percentile.js';

export type { DurationStats };

/** How long follow-ups stayed open, in steps a reader grasps; `upTo` is excluded, in milliseconds. */
export const FOLLOWUP_BUCKETS = [
  { id: 'under_30m', upTo: 30 * 60_000 },
  { id: '30m_1h', upTo: 60 * 60_000 },
  { id: '1h_2h', upTo: 2 * 3_600_000 },
  { id: '2h_4h', upTo: 4 * 3_600_000 },
  { id: '4h_8h', upTo: 8 * 3_600_000 },
  { id: '8h_24h', upTo: 24 * 3_600_000 },
  { id: 'over_24h', upTo: Infinity },
] as const;
export type BucketId = (typeof FOLLOWUP_BUCKETS)[number]['id'];

export type PerNetwork = Record<NetworkName, number>;

export interface Figures {
  period: Period;
  timeZone: string;
  /** A post is a delivery published in the period on one network; dry-run ones are counted apart. */
  posts: {
    total: number;
    byNetwork: PerNetwork;
    /** Most posts first; `template` null for posts written without one. */
    byTemplate: Array<{ template: string | null; count: number }>;
    dryRun: { total: number; byNetwork: PerNetwork };
  };
  /** Proposals that entered these states in the period (and are still in them). */
  proposals: { rejected: number; failed: number; expired: number; uncertain: number };
  /** Proposal made → its first real post, for proposals first posted in the period (includes `--at` waits). */
  toPublication: DurationStats;
  /** Proposal made → its first approval, for proposals first approved in the period. */
  toApproval: DurationStats;
  followups: {
    opened: number;
    /** Closed with a post, in the period. */
    resolved: number;
    /** Closed without a post, in the period. */
    closed: number;
    /** Open at the period's end, wherever they were opened. */
    openAtEnd: number;
    /** How long the follow-ups closed in the period stayed open. */
    durations: DurationStats;
    /** Age at the period's end of the oldest follow-up still open then. */
    longestOpen: number | null;
    /** Closed in the period by how long they stayed open; open ones by their age at the period's end. */
    buckets: Array<{ id: BucketId; ended: number; open: number }>;
    /** Reminders and escalations of the follow-ups in `buckets` (so far, for the open ones). */
    reminders: number;
    escalations: number;
  };
  handovers: { recorded: number; acknowledged: number; summariesWithoutHandover: number };
  /** Real posts per local day of the period, in order. */
  days: Array<{ date: string; posts: PerNetwork }>;
}

const zeroes = (): PerNetwork => ({ x: 0, mastodon: 0, bluesky: 0 });

/** Every figure of a report for [period.start, period.end), in one pass over each kind of fact. */
export function computeFigures(facts: ReportFacts, period: Period, timeZone: string): Figures {
  const start = period.start.getTime();
  const end = period.end.getTime();
  if (!(end >= start)) throw new RangeError('a report period must not end before it starts');
  const within = (at: Date | null): at is Date => at !== null && at.getTime() >= start && at.getTime() < end;

  const dayStarts = localDays(period.start, period.end, timeZone);
  const days = dayStarts.map((d) => ({ date: d.date, posts: zeroes() }));
  const posts = { total: 0, byNetwork: zeroes(), dryRun: { total: 0, byNetwork: zeroes() } };
  const byTemplate = new Map<string | null, number>();
  const proposals = { rejected: 0, failed: 0, expired: 0, uncertain: 0 };
  const toPublication: number[] = [];
  const toApproval: number[] = [];

  for (const p of facts.proposals) {
    let firstPost = Infinity;
    for (const d of p.deliveries) {
      if (d.state !== 'published' || d.publishedAt === null) continue;
      if (d.dryRun) {
        if (within(d.publishedAt)) {
          posts.dryRun.total += 1;
          posts.dryRun.byNetwork[d.network] += 1;
        }
        continue;
      }
      firstPost = Math.min(firstPost, d.publishedAt.getTime());
      if (!within(d.publishedAt)) continue;
      posts.total += 1;
      posts.byNetwork[d.network] += 1;
      byTemplate.set(p.template, (byTemplate.get(p.template) ?? 0) + 1);
      const day = days[dayIndex(dayStarts, d.publishedAt.getTime())];
      if (day) day.posts[d.network] += 1;
    }
    const created = p.createdAt.getTime();
    // Clock steps or hand-mended rows can put a publication before its proposal: never a negative time.
    if (firstPost >= start && firstPost < end) toPublication.push(Math.max(0, firstPost - created));
    if (within(p.firstApprovalAt)) toApproval.push(Math.max(0, p.firstApprovalAt.getTime() - created));
    if (within(p.stateAt) && p.state in proposals) proposals[p.state as keyof typeof proposals] += 1;
  }

  return {
    period,
    timeZone,
    posts: {
      ...posts,
      byTemplate: [...byTemplate]
        .map(([template, count]) => ({ template, count }))
        .sort((a, b) => b.count - a.count || (a.template ?? '').localeCompare(b.template ?? '')),
    },
    proposals,
    toPublication: durationStats(Float64Array.from(toPublication)),
    toApproval: durationStats(Float64Array.from(toApproval)),
    followups: followupFigures(facts, start, end, within),
    handovers: {
      recorded: facts.handovers.filter((h) => within(h.at)).length,
      acknowledged: facts.handovers.filter((h) => within(h.at) && h.acknowledgedAt !== null).length,
      summariesWithoutHandover: facts.shiftSummaries.filter((s) => s.posted && within(s.boundaryAt)).length,
    },
    days,
  };
}

function followupFigures(facts: ReportFacts, start: number, end: number, within: (at: Date | null) => at is Date): Figures['followups'] {
  const out = { opened: 0, resolved: 0, closed: 0, openAtEnd: 0, reminders: 0, escalations: 0 };
  const buckets = FOLLOWUP_BUCKETS.map((b) => ({ id: b.id, ended: 0, open: 0 }));
  const durations: number[] = [];
  let longestOpen: number | null = null;
  for (const f of facts.followups) {
    const opened = f.openedAt.getTime();
    if (within(f.openedAt)) out.opened += 1;
    if (opened >= end) continue;
    let age: number;
    let kind: 'ended' | 'open';
    if (f.endedAt !== null && f.endedAt.getTime() < end) {
      if (f.endedAt.getTime() < start) continue;
      if (f.outcome === 'resolved') out.resolved += 1;
      else out.closed += 1;
      age = Math.max(0, f.endedAt.getTime() - opened);
      durations.push(age);
      kind = 'ended';
    } else {
      age = end - opened;
      out.openAtEnd += 1;
      longestOpen = Math.max(longestOpen ?? 0, age);
      kind = 'open';
    }
    buckets[bucketIndex(age)]![kind] += 1;
    out.reminders += f.reminders;
    out.escalations += f.escalations;
  }
  return { ...out, durations: durationStats(Float64Array.from(durations)), longestOpen, buckets };
}

function bucketIndex(ms: number): number {
  return FOLLOWUP_BUCKETS.findIndex((b) => ms < b.upTo);
}

/** The local days that [start, end) touches, each with the instant it begins (a day may last 23 or 25 h). */
export function localDays(start: Date, end: Date, timeZone: string): Array<{ date: string; at: number }> {
  const out: Array<{ date: string; at: number }> = [];
  let day = DateTime.fromJSDate(start, { zone: timeZone }).startOf('day');
  while (day.toMillis() < end.getTime() || out.length === 0) {
    out.push({ date: day.toISODate() ?? '', at: day.toMillis() });
    day = day.plus({ days: 1 });
  }
  return out;
}

/** Index of the last day starting at or before `at` (binary search: a year of days is nine steps). */
function dayIndex(days: ReadonlyArray<{ at: number }>, at: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (days[mid]!.at <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
