import { describe, expect, it } from 'vitest';
import { duration, inHow, late, slackDate, when, whenPhrase } from '../../src/platform/i18n/when.js';

const PARIS = 'Europe/Paris';
/** Tables are written with · for the no-break spaces inside durations. */
const visible = (s: string) => s.replaceAll('\u00a0', '·');
const utc = (iso: string) => new Date(`${iso}Z`);

describe('when and whenPhrase, in Paris', () => {
  // Wednesday 25 November 2026, 14:00 in Paris (UTC+1).
  const now = utc('2026-11-25T13:00:00');
  it.each([
    ['today', '2026-11-25T13:30:00', '14:30', 'à 14:30', '14:30'],
    ['earlier today', '2026-11-24T23:05:00', '00:05', 'à 00:05', '00:05'],
    ['yesterday', '2026-11-24T21:10:00', 'hier 22:10', 'hier à 22:10', 'yesterday 22:10'],
    ['tomorrow', '2026-11-26T05:00:00', 'demain 06:00', 'demain à 06:00', 'tomorrow 06:00'],
    ['within the week ahead', '2026-11-30T13:30:00', 'lun. 30 nov. 14:30', 'le lun. 30 nov. à 14:30', 'Mon 30 Nov 14:30'],
    ['within the week past', '2026-11-20T08:00:00', 'ven. 20 nov. 09:00', 'le ven. 20 nov. à 09:00', 'Fri 20 Nov 09:00'],
    ['later this year', '2026-12-20T13:30:00', '20 déc. 14:30', 'le 20 déc. à 14:30', '20 Dec 14:30'],
    ['another year', '2025-11-30T13:30:00', '30 nov. 2025 14:30', 'le 30 nov. 2025 à 14:30', '30 Nov 2025 14:30'],
  ])('%s', (_, at, fr, frPhrase, en) => {
    expect(when(utc(at), now, PARIS, 'fr')).toBe(fr);
    expect(whenPhrase(utc(at), now, PARIS, 'fr')).toBe(frPhrase);
    expect(when(utc(at), now, PARIS, 'en')).toBe(en);
    expect(whenPhrase(utc(at), now, PARIS, 'en')).toBe(en);
  });

  it('across midnight: half an hour ago is yesterday, in Paris, not in UTC', () => {
    const justAfterMidnight = utc('2026-11-24T23:20:00'); // 00:20 on the 25th in Paris
    expect(when(utc('2026-11-24T22:50:00'), justAfterMidnight, PARIS, 'fr')).toBe('hier 23:50');
    expect(when(utc('2026-11-24T23:10:00'), justAfterMidnight, PARIS, 'fr')).toBe('00:10');
    expect(when(utc('2026-11-24T22:50:00'), justAfterMidnight, 'UTC', 'fr')).toBe('22:50');
  });

  it('at the new year, tomorrow says more than the year', () => {
    expect(when(utc('2027-01-01T00:00:00'), utc('2026-12-31T22:00:00'), PARIS, 'en')).toBe('tomorrow 01:00');
    expect(when(utc('2027-01-08T00:00:00'), utc('2026-12-31T22:00:00'), PARIS, 'en')).toBe('8 Jan 2027 01:00');
  });

  it('across the spring change of clocks (29 March 2026, 02:00 → 03:00)', () => {
    const now = utc('2026-03-29T08:00:00'); // 10:00 summer time
    expect(when(utc('2026-03-28T21:10:00'), now, PARIS, 'fr')).toBe('hier 22:10'); // winter time
    expect(when(utc('2026-03-29T00:30:00'), now, PARIS, 'fr')).toBe('01:30');
    expect(when(utc('2026-03-29T01:00:00'), now, PARIS, 'fr')).toBe('03:00');
    expect(when(utc('2026-03-30T06:00:00'), now, PARIS, 'en')).toBe('tomorrow 08:00');
  });

  it('across the autumn change of clocks (25 October 2026, 03:00 → 02:00): a 25-hour day is still one day', () => {
    const now = utc('2026-10-25T22:30:00'); // 23:30 winter time
    expect(when(utc('2026-10-24T21:30:00'), now, PARIS, 'fr')).toBe('hier 23:30'); // summer time
    expect(when(utc('2026-10-25T00:30:00'), now, PARIS, 'fr')).toBe('02:30'); // the first 02:30
    expect(when(utc('2026-10-25T01:30:00'), now, PARIS, 'fr')).toBe('02:30'); // the second
  });

  it('refuses a time zone that does not exist', () => {
    expect(() => when(now, now, 'Europe/Nowhere', 'fr')).toThrow(RangeError);
  });
});

describe('duration', () => {
  it.each([
    [0, '0·s', '0·s'],
    [45, '45·s', '45·s'],
    [59.9, '59·s', '59·s'],
    [60, '1·min', '1·min'],
    [25 * 60 + 59, '25·min', '25·min'],
    [3600, '1·h', '1·h'],
    [3900, '1·h·05', '1·h·05'],
    [6000, '1·h·40', '1·h·40'],
    [86_399, '23·h·59', '23·h·59'],
    [86_400, '1·j', '1·d'],
    [2 * 86_400 + 3 * 3600 + 59 * 60, '2·j·3·h', '2·d·3·h'],
    [-90, '1·min', '1·min'],
  ])('%s s', (seconds, fr, en) => {
    expect(visible(duration(seconds, 'fr'))).toBe(fr);
    expect(visible(duration(seconds, 'en'))).toBe(en);
  });

  it.each([NaN, Infinity])('refuses %s', (seconds) => {
    expect(() => duration(seconds, 'fr')).toThrow(RangeError);
  });
});

describe('inHow and late', () => {
  const now = utc('2026-11-25T13:00:00');
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

  it.each([
    [25, 'dans 25·min', 'in 25·min'],
    [-5, 'il y a 5·min', '5·min ago'],
    [0, 'maintenant', 'now'],
    [24 * 60 + 90, 'dans 1·j·1·h', 'in 1·d·1·h'],
  ])('%s min', (n, fr, en) => {
    expect(visible(inHow(minutes(n), now, 'fr'))).toBe(fr);
    expect(visible(inHow(minutes(n), now, 'en'))).toBe(en);
  });

  it('late: by how much, and when it was due', () => {
    const due = utc('2026-11-24T23:27:00'); // 00:27 in Paris
    const at = utc('2026-11-25T01:07:00');
    expect(visible(late(due, at, PARIS, 'fr'))).toBe('en retard de 1·h·40 (prévu à 00:27)');
    expect(visible(late(due, at, PARIS, 'en'))).toBe('1·h·40 late (due 00:27)');
    expect(visible(late(utc('2026-11-24T21:10:00'), now, PARIS, 'fr'))).toBe('en retard de 15·h·50 (prévu hier à 22:10)');
    expect(visible(late(utc('2026-11-20T08:00:00'), now, PARIS, 'en'))).toBe('5·d·5·h late (due Fri 20 Nov 09:00)');
  });

  it('not late yet: when it is due, and in how long', () => {
    expect(visible(late(minutes(25), now, PARIS, 'fr'))).toBe('prévu à 14:25 (dans 25·min)');
    expect(visible(late(now, now, PARIS, 'en'))).toBe('due 14:00 (now)');
  });

  it('counts the hours that really passed across a change of clocks', () => {
    // Spring: due 01:30 winter time, now 03:30 summer time: one hour, not two.
    expect(visible(late(utc('2026-03-29T00:30:00'), utc('2026-03-29T01:30:00'), PARIS, 'fr'))).toBe('en retard de 1·h (prévu à 01:30)');
    // Autumn: due at the first 02:30, now the second 02:30: one hour, not none.
    expect(visible(late(utc('2026-10-25T00:30:00'), utc('2026-10-25T01:30:00'), PARIS, 'en'))).toBe('1·h late (due 02:30)');
  });
});

describe('slackDate', () => {
  it('writes the token with the fallback escaped', () => {
    expect(slackDate(utc('2026-11-25T13:00:00'), 'mer. 25 nov. 14:00 <&>')).toBe(
      '<!date^1795611600^{date_short_pretty} {time}|mer. 25 nov. 14:00 &lt;&amp;&gt;>',
    );
    expect(slackDate(new Date(1392734382_000), 'Feb 18, 2014', '{date_num}')).toBe('<!date^1392734382^{date_num}|Feb 18, 2014>');
  });

  it('refuses a format that would break the token, and a date that is not one', () => {
    expect(() => slackDate(new Date(0), 'x', '{time}|y')).toThrow(RangeError);
    expect(() => slackDate(new Date(0), 'x', '{time}^https://x.fr')).toThrow(RangeError);
    expect(() => slackDate(new Date(Number.NaN), 'x')).toThrow(RangeError);
  });
});
