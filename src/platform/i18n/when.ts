import { DateTime } from 'luxon';
import type { Locale } from '../config.js';
import { escapeForSlack } from '../slackText.js';

/**
 * Times as the cell reads them at a glance, in its own time zone: "14:30" today, "hier 22:10",
 * "demain 06:00", "lun. 30 nov. 14:30" within a week, "30 nov. 14:30" later this year, "30 nov. 2025
 * 14:30" another year. Pure: `now` and the zone are given, never read.
 *
 * Durations for people ("1 h 40", "25 min") are not DURATION as typed in commands (`1h30m`, in
 * `../duration.ts`). Their spaces are no-break spaces, so "1 h 40" never breaks across lines.
 */

const NBSP = '\u00a0';
const LOCALE_TAG: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
const WORDS = {
  fr: { yesterday: 'hier', tomorrow: 'demain', day: 'j', late: 'en retard de', due: 'prévu', in: 'dans', ago: 'il y a', now: 'maintenant' },
  en: { yesterday: 'yesterday', tomorrow: 'tomorrow', day: 'd', late: 'late', due: 'due', in: 'in', ago: 'ago', now: 'now' },
} as const;

/** Within this many days either way, the day of the week is worth showing. */
const WEEK = 6;

function local(at: Date, tz: string, locale: Locale): DateTime {
  const d = DateTime.fromJSDate(at, { zone: tz }).setLocale(LOCALE_TAG[locale]);
  if (!d.isValid) throw new RangeError(`Cannot show ${String(at)} in time zone ${tz}: ${d.invalidExplanation ?? d.invalidReason}`);
  return d;
}

/** Calendar days from `now` to `at` in the zone (−1 yesterday, 1 tomorrow), whatever the day's length. */
function dayOffset(at: DateTime, now: DateTime): number {
  return Math.round(at.startOf('day').diff(now.startOf('day'), 'days').days);
}

interface Parts {
  /** `hier`, `lun. 30 nov.`, `30 nov. 2025`, or null for today. */
  day: string | null;
  /** A named day (hier, demain) rather than a date. */
  relative: boolean;
  time: string;
}

function parts(at: Date, now: Date, tz: string, locale: Locale): Parts {
  const a = local(at, tz, locale);
  const n = local(now, tz, locale);
  const offset = dayOffset(a, n);
  const time = a.toFormat('HH:mm');
  const w = WORDS[locale];
  if (offset === 0) return { day: null, relative: false, time };
  if (offset === -1) return { day: w.yesterday, relative: true, time };
  if (offset === 1) return { day: w.tomorrow, relative: true, time };
  if (Math.abs(offset) <= WEEK) return { day: a.toFormat('ccc d LLL'), relative: false, time };
  if (a.year === n.year) return { day: a.toFormat('d LLL'), relative: false, time };
  return { day: a.toFormat('d LLL yyyy'), relative: false, time };
}

/** `at` as a label: "14:30", "hier 22:10" / "yesterday 22:10", "lun. 30 nov. 14:30", "30 nov. 2025 14:30". */
export function when(at: Date, now: Date, tz: string, locale: Locale): string {
  const p = parts(at, now, tz, locale);
  return p.day === null ? p.time : `${p.day} ${p.time}`;
}

/**
 * `at` inside a sentence, after a verb ("dû …", "due …"): "à 14:30", "hier à 22:10", "le lun. 30 nov. à
 * 14:30"; in English as `when` ("14:30", "yesterday 22:10", "Mon 30 Nov 14:30").
 */
export function whenPhrase(at: Date, now: Date, tz: string, locale: Locale): string {
  const p = parts(at, now, tz, locale);
  if (locale === 'en') return p.day === null ? p.time : `${p.day} ${p.time}`;
  if (p.day === null) return `à ${p.time}`;
  return p.relative ? `${p.day} à ${p.time}` : `le ${p.day} à ${p.time}`;
}

/**
 * `at` inside a sentence that stays on screen (a message updated only when its state changes): the day
 * named by its date, never "hier"/"demain", which would go stale at midnight. "à 14:30" today,
 * "le dim. 22 nov. à 06:00" / "Sun 22 Nov 06:00" another day.
 */
export function datedPhrase(at: Date, now: Date, tz: string, locale: Locale): string {
  const p = parts(at, now, tz, locale);
  if (!p.relative) return whenPhrase(at, now, tz, locale);
  const a = local(at, tz, locale);
  const day = a.toFormat('ccc d LLL');
  return locale === 'fr' ? `le ${day} à ${p.time}` : `${day} ${p.time}`;
}

/** How long, for people: "45 s", "25 min", "1 h", "1 h 05", "2 j 3 h" / "2 d 3 h". Rounded down; the sign is ignored. */
export function duration(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`Not a duration: ${seconds}`);
  const s = Math.floor(Math.abs(seconds));
  const unit = (n: number, u: string) => `${n}${NBSP}${u}`;
  if (s < 60) return unit(s, 's');
  if (s < 3600) return unit(Math.floor(s / 60), 'min');
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return `${unit(Math.floor(s / 3600), 'h')}${minutes > 0 ? `${NBSP}${String(minutes).padStart(2, '0')}` : ''}`;
  }
  const hours = Math.floor((s % 86_400) / 3600);
  return `${unit(Math.floor(s / 86_400), WORDS[locale].day)}${hours > 0 ? `${NBSP}${unit(hours, 'h')}` : ''}`;
}

const secondsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/** "dans 25 min" / "in 25 min"; "maintenant" / "now" within the second; "il y a 5 min" / "5 min ago" once past. */
export function inHow(at: Date, now: Date, locale: Locale): string {
  const seconds = secondsBetween(now, at);
  const w = WORDS[locale];
  if (Math.abs(seconds) < 1) return w.now;
  const span = duration(seconds, locale);
  if (seconds > 0) return `${w.in} ${span}`;
  return locale === 'fr' ? `${w.ago} ${span}` : `${span} ${w.ago}`;
}

/**
 * "en retard de 1 h 40 (prévu à 00:27)" / "1 h 40 late (due 00:27)". Counted in real time, so across a
 * change of clocks it says the hours that really passed. Not yet due: "prévu à 00:27 (dans 25 min)".
 */
export function late(due: Date, now: Date, tz: string, locale: Locale): string {
  const w = WORDS[locale];
  const at = whenPhrase(due, now, tz, locale);
  if (due.getTime() >= now.getTime()) return `${w.due} ${at} (${inHow(due, now, locale)})`;
  const span = duration(secondsBetween(due, now), locale);
  return locale === 'fr' ? `${w.late} ${span} (${w.due} ${at})` : `${span} ${w.late} (${w.due} ${at})`;
}

/**
 * Slack's date token (formatting guide, "Formatting dates": `<!date^unix^format^link|fallback>`), which
 * each reader's client shows in their own time zone and their own Slack language. For a cell working
 * in one zone, where "14:30" must mean the cell's 14:30 (as typed in `--at 14:30`), that is usually
 * wrong: prefer `when`. Fit for an instant that matters on its own (when a message was last updated)
 * in a cell whose members are in several zones. The default format reads "Today 14:30", "Nov 30th 14:30".
 */
export function slackDate(at: Date, fallback: string, format = '{date_short_pretty} {time}'): string {
  if (/[\^|<>]/.test(format)) throw new RangeError(`A Slack date format cannot hold ^ | < >: ${format}`);
  const seconds = Math.floor(at.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new RangeError(`Not a date: ${String(at)}`);
  return `<!date^${seconds}^${format}|${escapeForSlack(fallback)}>`;
}
