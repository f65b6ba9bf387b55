import { describe, expect, it } from 'vitest';
import { nextReportAt, parsePeriod, parseReportAt, previousWeek, type Period } from '../../src/reports/period.js';

const PARIS = 'Europe/Paris';
const at = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();
const hours = (p: Pick<Period, 'start' | 'end'>) => (p.end.getTime() - p.start.getTime()) / 3_600_000;

function period(text: string, now: string, zone = PARIS): Period {
  const result = parsePeriod(text, at(now), zone);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problem)}`);
  return result.period;
}

describe('/report period words (in TEAM_TIMEZONE)', () => {
  // Saturday 21 November 2026, 11:00 in Paris (UTC+1).
  const NOW = '2026-11-21T10:00:00.000Z';

  it('reads nothing, week and semaine (any case, spaces around) as the current week, Monday 00:00 to now', () => {
    for (const text of ['', '  ', 'week', 'semaine', 'SEMAINE ', ' Week']) {
      const p = period(text, NOW);
      expect(p).toEqual({ kind: 'week', start: at('2026-11-15T23:00:00Z'), end: at(NOW), toDate: true, word: 'week' });
    }
  });

  it('reads month and mois as the current month so far, named by its YYYY-MM', () => {
    for (const text of ['month', 'mois', 'MOIS']) {
      expect(period(text, NOW)).toEqual({ kind: 'month', start: at('2026-10-31T23:00:00Z'), end: at(NOW), toDate: true, word: '2026-11' });
    }
  });

  it('reads YYYY-MM as that calendar month: complete in the past, up to now when current', () => {
    // October starts in summer time (UTC+2) and ends in winter time (UTC+1): 31 days and one hour.
    const october = period('2026-10', NOW);
    expect(october).toEqual({ kind: 'month', start: at('2026-09-30T22:00:00Z'), end: at('2026-10-31T23:00:00Z'), toDate: false, word: '2026-10' });
    expect(hours(october)).toBe(31 * 24 + 1);
    expect(period('2026-11', NOW)).toEqual(period('month', NOW));
    expect(period('2025-02', NOW)).toMatchObject({ start: at('2025-01-31T23:00:00Z'), end: at('2025-02-28T23:00:00Z'), toDate: false });
  });

  it('gives an empty week on Monday at 00:00 exactly', () => {
    const p = period('week', '2026-11-22T23:00:00Z');
    expect(iso(p.start)).toBe('2026-11-22T23:00:00.000Z');
    expect(p.end).toEqual(p.start);
  });

  it('starts the week at Monday 00:00 of the zone, across the October change', () => {
    // Wednesday 28 October: Monday 26 at 00:00 is already winter time.
    expect(period('week', '2026-10-28T12:00:00Z').start).toEqual(at('2026-10-25T23:00:00Z'));
    // Sunday 25 October 12:00 UTC: the week began on Monday 19 at 00:00 summer time.
    expect(period('week', '2026-10-25T12:00:00Z').start).toEqual(at('2026-10-18T22:00:00Z'));
  });

  it('follows another zone when the team is elsewhere', () => {
    expect(period('week', NOW, 'America/New_York').start).toEqual(at('2026-11-16T05:00:00Z'));
    expect(period('week', NOW, 'Pacific/Auckland').start).toEqual(at('2026-11-15T11:00:00Z'));
  });

  it('refuses a month that does not exist, one that has not begun, and any other word', () => {
    const problem = (text: string) => {
      const result = parsePeriod(text, at(NOW), PARIS);
      return result.ok ? null : result.problem;
    };
    expect(problem('2026-13')).toEqual({ code: 'bad_month', value: '2026-13' });
    expect(problem('2026-00')).toEqual({ code: 'bad_month', value: '2026-00' });
    expect(problem('2026-12')).toEqual({ code: 'future_month', value: '2026-12' });
    expect(problem('2031-01')).toEqual({ code: 'future_month', value: '2031-01' });
    for (const text of ['année', 'year', '2026-1', '2026/11', '11-2026', '2026-11-01', 'week month', '12', 'semaine dernière']) {
      expect(problem(text)).toEqual({ code: 'unknown_period', value: text });
    }
  });

  it('keeps a period that exists as soon as its first instant has come', () => {
    // 1 December 00:00 in Paris is 30 November 23:00 UTC.
    expect(parsePeriod('2026-12', at('2026-11-30T22:59:59.999Z'), PARIS).ok).toBe(false);
    expect(period('2026-12', '2026-11-30T23:00:00Z')).toMatchObject({ start: at('2026-11-30T23:00:00Z'), toDate: true });
  });
});

describe('previousWeek: what the automatic weekly report covers', () => {
  it('is the full week before, Monday 00:00 to Monday 00:00', () => {
    expect(previousWeek(at('2026-11-23T07:00:00Z'), PARIS)).toEqual({
      kind: 'week',
      start: at('2026-11-15T23:00:00Z'),
      end: at('2026-11-22T23:00:00Z'),
      toDate: false,
      word: null,
    });
    // Any moment of a week names the same previous week.
    expect(previousWeek(at('2026-11-29T22:59:59Z'), PARIS).start).toEqual(at('2026-11-15T23:00:00Z'));
  });

  it('lasts 169 hours across the October change and 167 across the March one', () => {
    const october = previousWeek(at('2026-10-26T07:00:00Z'), PARIS);
    expect([iso(october.start), iso(october.end), hours(october)]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 169]);
    const march = previousWeek(at('2026-03-30T06:00:00Z'), PARIS);
    expect([iso(march.start), iso(march.end), hours(march)]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 167]);
  });
});

describe('REPORT_AT', () => {
  it('reads a day (English or French, short or full, any case) and HH:MM', () => {
    expect(parseReportAt('mon 08:00')).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(parseReportAt('LUN 08:00')).toEqual({ weekday: 1, hour: 8, minute: 0 });
    expect(parseReportAt(' dim  23:59 ')).toEqual({ weekday: 7, hour: 23, minute: 59 });
    expect(parseReportAt('vendredi 17:30')).toEqual({ weekday: 5, hour: 17, minute: 30 });
    expect(parseReportAt('Sunday 00:00')).toEqual({ weekday: 7, hour: 0, minute: 0 });
    expect(parseReportAt('mar 09:15')).toEqual({ weekday: 2, hour: 9, minute: 15 });
  });

  it('refuses anything else', () => {
    for (const text of ['', 'mon', '08:00', 'mon 8:00', 'mon 24:00', 'mon 08:60', 'mon 08:00:00', 'lu 08:00', 'mon08:00', 'mon 08h00', 'xyz 08:00', 'mon 08:00 tue']) {
      expect(parseReportAt(text)).toBeNull();
    }
  });

  it('is next due at the coming occurrence, strictly after the given moment', () => {
    // Saturday 21 November → Monday 23 at 08:00 Paris (07:00 UTC).
    expect(iso(nextReportAt('mon 08:00', at('2026-11-21T10:00:00Z'), PARIS))).toBe('2026-11-23T07:00:00.000Z');
    expect(iso(nextReportAt('mon 08:00', at('2026-11-23T06:59:59.999Z'), PARIS))).toBe('2026-11-23T07:00:00.000Z');
    // At the moment itself, the next one is a week later: a report never fires twice.
    expect(iso(nextReportAt('mon 08:00', at('2026-11-23T07:00:00Z'), PARIS))).toBe('2026-11-30T07:00:00.000Z');
    expect(iso(nextReportAt({ weekday: 1, hour: 8, minute: 0 }, at('2026-11-23T09:00:00Z'), PARIS))).toBe('2026-11-30T07:00:00.000Z');
  });

  it('keeps 08:00 local across both daylight-saving changes', () => {
    // From Monday 19 October 08:00 summer time to Monday 26 08:00 winter time: 7 days and an hour.
    expect(iso(nextReportAt('lun 08:00', at('2026-10-19T06:00:00Z'), PARIS))).toBe('2026-10-26T07:00:00.000Z');
    expect(iso(nextReportAt('lun 08:00', at('2026-03-23T07:00:00Z'), PARIS))).toBe('2026-03-30T06:00:00.000Z');
  });

  it('fires once when the time does not exist that day or happens twice', () => {
    // 29 March 2026: 02:30 does not exist in Paris; it fires at 03:30 summer time, then a week later at 02:30.
    const spring = [nextReportAt('sun 02:30', at('2026-03-28T12:00:00Z'), PARIS)];
    spring.push(nextReportAt('sun 02:30', spring[0]!, PARIS));
    expect(spring.map(iso)).toEqual(['2026-03-29T01:30:00.000Z', '2026-04-05T00:30:00.000Z']);
    // 25 October 2026: 02:30 happens twice; one firing, then the next Sunday.
    const autumn = [nextReportAt('dim 02:30', at('2026-10-24T12:00:00Z'), PARIS)];
    autumn.push(nextReportAt('dim 02:30', autumn[0]!, PARIS));
    expect(autumn.map(iso)).toEqual(['2026-10-25T01:30:00.000Z', '2026-11-01T01:30:00.000Z']);
  });

  it('throws on a REPORT_AT the configuration should have refused', () => {
    expect(() => nextReportAt('someday', at('2026-11-21T10:00:00Z'), PARIS)).toThrow(RangeError);
  });
});
