import { DateTime } from 'luxon';

/**
 * The stretch of time a report covers, as the cell names it, in `TEAM_TIMEZONE` (luxon, so a local
 * day across the October change is 25 h long and weeks start on Monday 00:00 local):
 *
 * - `week` / `semaine` (or nothing): the current week, Monday 00:00 up to now;
 * - `month` / `mois`: the current month so far, the 1st 00:00 up to now;
 * - `YYYY-MM`: that calendar month, up to now when it is the current one;
 * - the automatic weekly report: the full week before, Monday 00:00 to Monday 00:00 (`previousWeek`).
 */
export interface Period {
  kind: 'week' | 'month';
  /** Included. */
  start: Date;
  /** Excluded. */
  end: Date;
  /** True when the period stops at now: its figures will still change. */
  toDate: boolean;
  /**
   * The word that names the period again, for the *Share* button: `week`, or `YYYY-MM` for a month
   * (`month` becomes the current `YYYY-MM`, which still means "so far" while the month lasts). Null
   * for the automatic weekly report, which no word names.
   */
  word: string | null;
}

export type PeriodProblem =
  | { code: 'unknown_period'; value: string }
  | { code: 'bad_month'; value: string }
  | { code: 'future_month'; value: string };

export type PeriodResult = { ok: true; period: Period } | { ok: false; problem: PeriodProblem };

const WEEK_WORDS = new Set(['week', 'semaine']);
const MONTH_WORDS = new Set(['month', 'mois']);
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

/**
 * `/report` text (as typed: pass it through `fromSlack` first) → the period it names, or what is wrong
 * with it; a problem carries the words typed, which `periodProblemText` escapes for Slack.
 */
export function parsePeriod(text: string, now: Date, timeZone: string): PeriodResult {
  const word = text.trim().toLowerCase();
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (word === '' || WEEK_WORDS.has(word)) {
    return { ok: true, period: { kind: 'week', start: local.startOf('week').toJSDate(), end: now, toDate: true, word: 'week' } };
  }
  if (MONTH_WORDS.has(word)) return { ok: true, period: monthPeriod(local.startOf('month'), now) };
  const match = YEAR_MONTH.exec(word);
  if (!match) return { ok: false, problem: { code: 'unknown_period', value: text.trim() } };
  const month = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]), day: 1 }, { zone: timeZone });
  if (!month.isValid) return { ok: false, problem: { code: 'bad_month', value: word } };
  if (month.toMillis() > now.getTime()) return { ok: false, problem: { code: 'future_month', value: word } };
  return { ok: true, period: monthPeriod(month, now) };
}

function monthPeriod(first: DateTime, now: Date): Period {
  const next = first.plus({ months: 1 });
  const toDate = next.toMillis() > now.getTime();
  return { kind: 'month', start: first.toJSDate(), end: toDate ? now : next.toJSDate(), toDate, word: first.toFormat('yyyy-MM') };
}

/** The full week before the one `now` is in: what the automatic weekly report covers. */
export function previousWeek(now: Date, timeZone: string): Period {
  const monday = DateTime.fromJSDate(now, { zone: timeZone }).startOf('week');
  return { kind: 'week', start: monday.minus({ weeks: 1 }).toJSDate(), end: monday.toJSDate(), toDate: false, word: null };
}

/** `REPORT_AT`: a day of the week (luxon's numbering, Monday = 1) and a wall-clock time. */
export interface ReportAt {
  weekday: number;
  hour: number;
  minute: number;
}

const DAYS: Record<string, number> = {
  mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
  lun: 1, mar: 2, mer: 3, jeu: 4, ven: 5, sam: 6, dim: 7,
  lundi: 1, mardi: 2, mercredi: 3, jeudi: 4, vendredi: 5, samedi: 6, dimanche: 7,
};
const REPORT_AT = /^([a-z]+)\s+([01]\d|2[0-3]):([0-5]\d)$/;

/** `mon 08:00`, `lun 08:00` (any case; full day names too) → the day and time, or null. */
export function parseReportAt(text: string): ReportAt | null {
  const match = REPORT_AT.exec(text.trim().toLowerCase());
  const weekday = match ? DAYS[match[1] ?? ''] : undefined;
  if (!match || weekday === undefined) return null;
  return { weekday, hour: Number(match[2]), minute: Number(match[3]) };
}

/**
 * The first moment strictly after `after` at which the weekly report is due, in `timeZone`. A time
 * that does not exist that day (the March change) fires when the clocks jump, at luxon's shifted
 * time (02:30 → 03:30); a time that happens twice (October) fires once, at the instant luxon gives.
 */
export function nextReportAt(spec: ReportAt | string, after: Date, timeZone: string): Date {
  const at = typeof spec === 'string' ? parseReportAt(spec) : spec;
  if (!at) throw new RangeError(`REPORT_AT: expected a day and a time such as "mon 08:00", got "${String(spec)}"`);
  const day = DateTime.fromJSDate(after, { zone: timeZone }).startOf('day');
  // Eight days: today's time may already be past, and then the same weekday comes back a week later.
  for (let offset = 0; offset <= 7; offset++) {
    const date = day.plus({ days: offset });
    if (date.weekday !== at.weekday) continue;
    const due = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour: at.hour, minute: at.minute }, { zone: timeZone });
    if (due.toMillis() > after.getTime()) return due.toJSDate();
  }
  throw new Error('unreachable: a weekday comes back within eight days');
}
