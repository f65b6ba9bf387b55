import { describe, expect, it } from 'vitest';
import type { ReportFacts } from '../../src/reports/facts.js';
import { computeFigures, FOLLOWUP_BUCKETS, type Figures } from '../../src/reports/figures.js';
import { durationStats, rank } from '../../src/reports/percentile.js';
import { previousWeek } from '../../src/reports/period.js';
import { at, busyFacts, delivery, ended, followup, HOUR, MIN, noFacts, PARIS, periodOf, plus, published, random } from './fixtures.js';

const buckets = (f: Figures) => Object.fromEntries(f.followups.buckets.map((b) => [b.id, [b.ended, b.open]]));

describe('figures of an empty week', () => {
  it('are all zero, with the seven days of the week and nothing to measure', () => {
    const f = computeFigures(noFacts(), previousWeek(at('2026-11-23T07:00:00Z'), PARIS), PARIS);
    expect(f.posts).toEqual({ total: 0, byNetwork: { x: 0, mastodon: 0, bluesky: 0 }, byTemplate: [], dryRun: { total: 0, byNetwork: { x: 0, mastodon: 0, bluesky: 0 } } });
    expect(f.proposals).toEqual({ rejected: 0, failed: 0, expired: 0, uncertain: 0 });
    expect(f.toPublication).toEqual({ count: 0, median: null, p90: null });
    expect(f.toApproval).toEqual({ count: 0, median: null, p90: null });
    expect(f.followups).toMatchObject({ opened: 0, resolved: 0, closed: 0, openAtEnd: 0, longestOpen: null, reminders: 0, escalations: 0 });
    expect(f.followups.buckets.map((b) => b.id)).toEqual(FOLLOWUP_BUCKETS.map((b) => b.id));
    expect(f.followups.buckets.every((b) => b.ended === 0 && b.open === 0)).toBe(true);
    expect(f.handovers).toEqual({ recorded: 0, acknowledged: 0, summariesWithoutHandover: 0 });
    expect(f.days.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']);
  });

  it('still has its first day when the period is empty (Monday 00:00 exactly)', () => {
    const f = computeFigures(noFacts(), periodOf('2026-11-22T23:00:00Z', '2026-11-22T23:00:00Z'), PARIS);
    expect(f.days.map((d) => d.date)).toEqual(['2026-11-23']);
  });
});

describe('figures of a busy month (November 2026, Paris)', () => {
  const NOVEMBER = periodOf('2026-10-31T23:00:00Z', '2026-11-30T23:00:00Z', 'month');
  const day = (n: number, time = '09:00') => `2026-11-${String(n).padStart(2, '0')}T${time}:00Z`;

  function facts(): ReportFacts {
    // Ten proposals made on 2…11 November, posted 10, 20, …, 100 minutes later, first approved 1…10 minutes after.
    const ten = Array.from({ length: 10 }, (_, i) =>
      published(day(i + 2), (i + 1) * 10 * MIN, ['x'], { firstApprovalAt: plus(day(i + 2), (i + 1) * MIN) }),
    );
    ten[0]!.deliveries = [delivery('x', plus(day(2), 10 * MIN)), delivery('mastodon', plus(day(2), 10 * MIN)), delivery('bluesky', plus(day(2), 10 * MIN))];
    ten[0]!.template = 'météo';
    ten[1]!.template = 'météo';
    ten[2]!.template = 'trafic';
    // A mastodon post, and a Bluesky delivery that failed: only the post counts.
    ten[2]!.deliveries = [...ten[2]!.deliveries, delivery('mastodon', plus(day(4), 30 * MIN)), delivery('bluesky', null, { state: 'failed' })];
    // "published" without a time is a storage slip: not counted, not thrown on.
    ten[3]!.deliveries = [...ten[3]!.deliveries, delivery('mastodon', null)];
    return {
      proposals: [
        ...ten,
        // Mastodon 5 minutes after, X 10 minutes after: the first network is what the delay measures.
        { ...published(day(20, '10:00'), 10 * MIN, ['x']), deliveries: [delivery('x', plus(day(20, '10:00'), 10 * MIN)), delivery('mastodon', plus(day(20, '10:00'), 5 * MIN))] },
        // First posted in October (not measured again), its Mastodon post on 1 November counts.
        { ...published('2026-10-30T10:00:00Z', 0, []), deliveries: [delivery('x', '2026-10-31T10:00:00Z'), delivery('mastodon', '2026-11-01T10:00:00Z')] },
        // Dry run: counted apart, never as a post nor in a delay.
        { ...published(day(3), 5 * MIN, [], { firstApprovalAt: plus(day(3), MIN) }), deliveries: [delivery('x', plus(day(3), 5 * MIN), { dryRun: true }), delivery('mastodon', plus(day(3), 5 * MIN), { dryRun: true })] },
        // After the period: nothing.
        published('2026-11-30T23:30:00Z', 10 * MIN, ['x', 'bluesky']),
        ended('rejected', day(6)),
        ended('rejected', day(7)),
        ended('rejected', '2026-10-31T22:00:00Z'),
        ended('expired', day(8)),
        ended('failed', day(9)),
        ended('pending', day(9)),
      ],
      followups: [
        followup(day(2, '10:00'), plus(day(2, '10:00'), 20 * MIN)),
        followup(day(3, '10:00'), plus(day(3, '10:00'), 45 * MIN), { outcome: 'closed', reminders: 1 }),
        followup(day(4, '10:00'), plus(day(4, '10:00'), 90 * MIN), { reminders: 3 }),
        followup(day(5, '10:00'), plus(day(5, '10:00'), 3 * HOUR), { reminders: 6, escalations: 1 }),
        // Opened in October, closed in November after 14 h: in the durations, not among those opened.
        followup('2026-10-31T20:00:00Z', '2026-11-01T10:00:00Z', { reminders: 28, escalations: 1 }),
        // Over before the period: nowhere.
        followup('2026-10-20T10:00:00Z', '2026-10-21T10:00:00Z', { reminders: 99, escalations: 9 }),
        // Still open at the end: 24 h exactly (the > 24 h bucket), 2 h exactly, and 30 min (closed after the end).
        followup('2026-11-29T23:00:00Z', null, { reminders: 48, escalations: 2 }),
        followup('2026-11-30T21:00:00Z', null, { reminders: 4 }),
        followup('2026-11-30T22:30:00Z', '2026-12-01T08:00:00Z', { reminders: 1 }),
        // Opened after the end: nowhere.
        followup('2026-12-01T10:00:00Z', null),
        // 30 minutes exactly belongs to 30–60 min.
        followup(day(6, '10:00'), day(6, '10:30'), { outcome: 'closed' }),
      ],
      handovers: [
        { at: at(day(2, '05:00')), acknowledgedAt: at(day(2, '05:10')) },
        { at: at(day(30, '21:00')), acknowledgedAt: at('2026-12-01T05:00:00Z') },
        { at: at(day(15, '13:00')), acknowledgedAt: null },
        { at: at('2026-10-15T05:00:00Z'), acknowledgedAt: at('2026-10-15T05:00:00Z') },
      ],
      shiftSummaries: [
        { boundaryAt: at(day(3, '05:00')), posted: true },
        { boundaryAt: at(day(4, '13:00')), posted: true },
        { boundaryAt: at(day(5, '21:00')), posted: false },
        { boundaryAt: at('2026-10-03T05:00:00Z'), posted: true },
      ],
    };
  }

  const f = computeFigures(facts(), NOVEMBER, PARIS);

  it('counts posts per network and per template, dry runs apart', () => {
    expect(f.posts.byNetwork).toEqual({ x: 11, mastodon: 4, bluesky: 1 });
    expect(f.posts.total).toBe(16);
    expect(f.posts.byTemplate).toEqual([
      { template: null, count: 10 },
      { template: 'météo', count: 4 },
      { template: 'trafic', count: 2 },
    ]);
    expect(f.posts.dryRun).toEqual({ total: 2, byNetwork: { x: 1, mastodon: 1, bluesky: 0 } });
  });

  it('counts proposals rejected, failed and expired in the period', () => {
    expect(f.proposals).toEqual({ rejected: 2, failed: 1, expired: 1, uncertain: 0 });
  });

  it('measures proposal → first post and proposal → first approval by nearest rank', () => {
    // 5, 10, 20, …, 100 minutes: the 6th of 11 is 50, the 10th is 90.
    expect(f.toPublication).toEqual({ count: 11, median: 50 * MIN, p90: 90 * MIN });
    // 1…10, 5 and 1 minutes: the 6th of 12 is 5, the 11th is 9.
    expect(f.toApproval).toEqual({ count: 12, median: 5 * MIN, p90: 9 * MIN });
  });

  it('follows up: opened, closed with and without a post, open at the end, how long, reminders', () => {
    expect(f.followups).toMatchObject({ opened: 8, resolved: 4, closed: 2, openAtEnd: 3, longestOpen: 24 * HOUR, reminders: 91, escalations: 4 });
    // Closed ones: 20, 30, 45, 90, 180 and 840 minutes.
    expect(f.followups.durations).toEqual({ count: 6, median: 45 * MIN, p90: 840 * MIN });
    expect(buckets(f)).toEqual({
      under_30m: [1, 0],
      '30m_1h': [2, 1],
      '1h_2h': [1, 0],
      '2h_4h': [1, 1],
      '4h_8h': [0, 0],
      '8h_24h': [1, 0],
      over_24h: [0, 1],
    });
  });

  it('counts handovers recorded in the period, acknowledged whenever, and summaries with no handover', () => {
    expect(f.handovers).toEqual({ recorded: 3, acknowledged: 2, summariesWithoutHandover: 2 });
  });

  it('spreads posts over the 30 local days of November', () => {
    expect(f.days).toHaveLength(30);
    expect(f.days[0]).toEqual({ date: '2026-11-01', posts: { x: 0, mastodon: 1, bluesky: 0 } });
    expect(f.days[1]).toEqual({ date: '2026-11-02', posts: { x: 1, mastodon: 1, bluesky: 1 } });
    expect(f.days.at(-1)?.date).toBe('2026-11-30');
    const sum = { x: 0, mastodon: 0, bluesky: 0 };
    for (const d of f.days) for (const n of ['x', 'mastodon', 'bluesky'] as const) sum[n] += d.posts[n];
    expect(sum).toEqual(f.posts.byNetwork);
  });
});

describe('figures of the week across the October change (19–25 October 2026, Paris)', () => {
  const WEEK = previousWeek(at('2026-10-26T07:00:00Z'), PARIS);
  const post = (when: string) => ({ ...published(plus(when, -10 * MIN), 10 * MIN, ['x']) });
  const f = computeFigures(
    {
      ...noFacts(),
      proposals: [
        post('2026-10-18T21:59:00Z'), // Sunday 18, 23:59 summer time: the week before
        post('2026-10-18T22:30:00Z'), // Monday 19, 00:30
        post('2026-10-24T21:30:00Z'), // Saturday 24, 23:30 summer time
        post('2026-10-24T22:30:00Z'), // Sunday 25, 00:30 summer time
        post('2026-10-25T00:30:00Z'), // Sunday 25, 02:30 summer time (first time round)
        post('2026-10-25T01:30:00Z'), // Sunday 25, 02:30 winter time (second time round)
        post('2026-10-25T22:30:00Z'), // Sunday 25, 23:30 winter time: the 25-hour day's last hour
        post('2026-10-25T23:00:00Z'), // Monday 26, 00:00: the next week
      ],
      followups: [followup('2026-10-25T00:00:00Z', null)],
    },
    WEEK,
    PARIS,
  );

  it('gives the seven local days, Sunday 25 being 25 hours long', () => {
    expect(f.days.map((d) => d.date)).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
    expect(f.days.map((d) => d.posts.x)).toEqual([1, 0, 0, 0, 0, 1, 4]);
    expect(f.posts.total).toBe(6);
  });

  it('ages a follow-up still open at the end in real hours (23, not 24)', () => {
    expect(f.followups.openAtEnd).toBe(1);
    expect(f.followups.longestOpen).toBe(23 * HOUR);
    expect(buckets(f)['8h_24h']).toEqual([0, 1]);
  });
});

describe('figures and odd input', () => {
  it('refuses a period that ends before it starts', () => {
    expect(() => computeFigures(noFacts(), periodOf('2026-11-23T00:00:00Z', '2026-11-16T00:00:00Z'), PARIS)).toThrow(RangeError);
  });

  it('never gives a negative time when a post or an end comes before its proposal or opening', () => {
    const period = periodOf('2026-11-15T23:00:00Z', '2026-11-22T23:00:00Z');
    const f = computeFigures(
      {
        ...noFacts(),
        proposals: [published('2026-11-18T10:00:00Z', -5 * MIN, ['x'], { firstApprovalAt: at('2026-11-18T09:00:00Z') })],
        followups: [followup('2026-11-18T10:00:00Z', '2026-11-18T09:00:00Z')],
      },
      period,
      PARIS,
    );
    expect(f.toPublication).toEqual({ count: 1, median: 0, p90: 0 });
    expect(f.toApproval).toEqual({ count: 1, median: 0, p90: 0 });
    expect(f.followups.durations).toEqual({ count: 1, median: 0, p90: 0 });
    expect(buckets(f).under_30m).toEqual([1, 0]);
  });

  it('agrees with a plain sort-and-filter reference on generated weeks', () => {
    for (const seed of [1, 2, 3]) {
      const period = previousWeek(at('2026-11-23T07:00:00Z'), PARIS);
      const facts = busyFacts({ start: plus(period.start, -2 * HOUR), end: plus(period.end, 2 * HOUR) }, 400, seed);
      const f = computeFigures(facts, period, PARIS);
      const inPeriod = (d: Date | null) => d !== null && d >= period.start && d < period.end;
      const posts = facts.proposals.flatMap((p) => p.deliveries).filter((d) => d.state === 'published' && !d.dryRun && inPeriod(d.publishedAt));
      expect(f.posts.total).toBe(posts.length);
      expect(f.posts.byNetwork.mastodon).toBe(posts.filter((d) => d.network === 'mastodon').length);
      const delays = facts.proposals
        .map((p) => ({ p, first: Math.min(...p.deliveries.filter((d) => !d.dryRun && d.publishedAt).map((d) => d.publishedAt!.getTime())) }))
        .filter(({ first }) => inPeriod(Number.isFinite(first) ? new Date(first) : null))
        .map(({ p, first }) => first - p.createdAt.getTime())
        .sort((a, b) => a - b);
      expect(f.toPublication).toEqual({ count: delays.length, median: delays[Math.ceil(delays.length / 2) - 1], p90: delays[Math.ceil(delays.length * 0.9) - 1] });
      const open = facts.followups.filter((x) => x.openedAt < period.end && (x.endedAt === null || x.endedAt >= period.end));
      expect(f.followups.openAtEnd).toBe(open.length);
      expect(f.followups.opened).toBe(facts.followups.filter((x) => inPeriod(x.openedAt)).length);
    }
  });
});

describe('nearest-rank percentiles by selection', () => {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

  it('picks observed values: the median of 1, 2, 3, 4 is 2 and their 90th percentile 4', () => {
    expect(durationStats(Float64Array.from([4, 1, 3, 2]))).toEqual({ count: 4, median: 2, p90: 4 });
    expect(durationStats(Float64Array.from([7]))).toEqual({ count: 1, median: 7, p90: 7 });
    expect(durationStats(Float64Array.from([]))).toEqual({ count: 0, median: null, p90: null });
    expect(rank(50, 10)).toBe(4);
    expect(rank(90, 10)).toBe(8);
    expect(rank(90, 11)).toBe(9);
  });

  it('matches sorting on random, sorted, reversed and repetitive inputs', () => {
    const rnd = random(11);
    for (let n = 1; n <= 300; n += 7) {
      const shapes = [
        Array.from({ length: n }, () => Math.floor(rnd() * 1000)),
        Array.from({ length: n }, (_, i) => i),
        Array.from({ length: n }, (_, i) => n - i),
        Array.from({ length: n }, () => Math.floor(rnd() * 3)),
      ];
      for (const values of shapes) {
        const s = sorted(values);
        expect(durationStats(Float64Array.from(values))).toEqual({ count: n, median: s[Math.ceil(n * 0.5) - 1], p90: s[Math.ceil(n * 0.9) - 1] });
      }
    }
  });
});
