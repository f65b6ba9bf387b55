import { DateTime } from 'luxon';
import { parseDuration } from '../platform/duration.js';
import { fromSlack } from '../platform/slackText.js';
import { parseRef } from './ref.js';
import type { NetworkName } from '../networks/network.js';
import { checkParts, joinParts, splitParts, type PartProblem } from './thread.js';
import { weightedLength, type TextTarget } from './tweetText.js';

/**
 * `/tweet [options] <text>` → what to do. Pure: the caller passes the clock and the settings,
 * and turns problems into words (French or English) from their codes and data.
 */

/** `networks`: those `--on` names; null for every network the cell publishes on. */
export type TweetOptions = { followupSeconds: number | null; publishAt: Date | null; replyToRef: number | null; networks: NetworkName[] | null };
/** `parts`: the thread's parts as typed (one for a single post); `text` is all of them, as typed. */
export type Draft = TweetOptions & { text: string; parts: string[]; numbered: boolean; weightedLength: number };
export type CommandProblem =
  | { code: 'unknown_option'; option: string; known: string[] }
  | { code: 'missing_value'; option: string }
  | { code: 'duplicate_option'; option: string }
  | { code: 'bad_duration'; option: string; value: string }
  | { code: 'zero_duration'; option: string; value: string }
  | { code: 'bad_time'; value: string }
  | { code: 'past_time'; value: string }
  | { code: 'nonexistent_time'; value: string } // falls in a daylight-saving gap
  | { code: 'bad_ref'; value: string }
  | { code: 'unknown_network'; value: string; known: NetworkName[] }
  | { code: 'too_many_parts'; count: number; max: number }
  | { code: 'unknown_template'; name: string; known: string[] }
  | { code: 'template_with_text'; name: string }
  | PartProblem;
type TweetCommand =
  | { kind: 'help' }
  | { kind: 'composer' }
  | { kind: 'draft'; draft: Draft }
  /** `--template NAME`: open that template's form, the other options already set in it. */
  | { kind: 'template'; name: string; options: TweetOptions }
  /**
   * `options` holds what did parse, so checks against stored data can still report their own problems;
   * `parts` the text as typed, to quote it back and take it up in the composer.
   */
  | { kind: 'invalid'; problems: CommandProblem[]; options: TweetOptions; parts: string[] };
/**
 * `networks`: the networks the cell publishes on, with their rules (default: X alone, by `maxLength`).
 * A text is checked against those a draft targets.
 */
export type TweetCommandContext = {
  maxLength: number;
  timeZone: string;
  now: Date;
  networks?: readonly TextTarget[];
  numbering?: boolean;
  /** The cell's template names, asked only when `--template` is given. */
  templates?: () => readonly string[];
};

type OptionKey = 'followup' | 'at' | 'reply' | 'on' | 'template';
/** The options a draft carries (a form has a field for each). */
type DraftOptionKey = Exclude<OptionKey, 'template'>;

/**
 * The options, as help texts show them. `hidden` aliases are accepted but not advertised:
 * `--à` is `--a` for those whose keyboard adds the accent.
 */
type TweetOptionSpec = { key: OptionKey; names: readonly string[]; hidden: readonly string[]; value: string };
export const TWEET_OPTIONS: readonly TweetOptionSpec[] = [
  { key: 'followup', names: ['--followup', '--suivi'], hidden: [], value: 'DURATION' },
  { key: 'at', names: ['--at', '--a'], hidden: ['--à'], value: 'TIME' },
  { key: 'reply', names: ['--reply'], hidden: [], value: 'REF' },
  { key: 'on', names: ['--on', '--sur'], hidden: [], value: 'NETWORKS' },
  { key: 'template', names: ['--template', '--modele'], hidden: ['--modèle'], value: 'NAME' },
];

const KNOWN = TWEET_OPTIONS.flatMap((o) => o.names);
const BY_NAME = new Map<string, OptionKey>(
  TWEET_OPTIONS.flatMap((o) => [...o.names, ...o.hidden].map((name) => [name.slice(2), o.key] as const)),
);
const HELP = /^(?:--)?(?:help|aide)$/i;

export function parseTweetCommand(slackText: string, ctx: TweetCommandContext): TweetCommand {
  const input = fromSlack(slackText);
  if (input.trim() === '') return { kind: 'composer' };
  if (HELP.test(input.trim())) return { kind: 'help' };

  const problems: CommandProblem[] = [];
  const options: TweetOptions = { followupSeconds: null, publishAt: null, replyToRef: null, networks: null };
  const seen = new Set<OptionKey>();
  let template: string | null = null;
  let pos = 0;

  for (;;) {
    const token = tokenAt(input, pos);
    if (!token) {
      pos = input.length;
      break;
    }
    if (token.value === '--') {
      pos = token.end;
      break;
    }
    const read = readOption(token.value);
    if (read.kind === 'text') {
      pos = token.start;
      break;
    }
    pos = token.end;
    if (read.kind === 'unknown') {
      problems.push({ code: 'unknown_option', option: read.option, known: [...KNOWN] });
      // The command is refused either way; reading on finds the other problems. An unknown
      // option's word is taken as its value only when more options follow (`--folowup 2h --at
      // 25:00 …`); otherwise it is the start of the text.
      const value = read.inline === undefined ? tokenAt(input, pos) : null;
      const after = value ? tokenAt(input, value.end) : null;
      if (value && after && !looksLikeOption(value.value) && looksLikeOption(after.value)) pos = value.end;
      continue;
    }

    const { value, end } = readValue(input, pos, read.key, read.inline);
    pos = end;
    if (seen.has(read.key)) {
      problems.push({ code: 'duplicate_option', option: read.option });
      continue;
    }
    seen.add(read.key);
    if (value === undefined || value === '') {
      problems.push({ code: 'missing_value', option: read.option });
      continue;
    }
    if (read.key === 'template') {
      // Not a draft option: it opens the template's form. Names are stored in lower case.
      template = value.normalize('NFC').toLowerCase();
      const known = ctx.templates?.() ?? [];
      if (!known.includes(template)) problems.push({ code: 'unknown_template', name: value, known: [...known] });
      continue;
    }
    const problem = applyOption(options, read.key, read.option, value, ctx);
    if (problem) problems.push(problem);
  }

  // The separator after the options goes; the text keeps its own spacing and line breaks.
  const text = input.slice(pos).replace(/^\s+/, '').trimEnd();
  if (seen.has('template')) {
    if (text !== '') problems.push({ code: 'template_with_text', name: template ?? '' });
    return problems.length > 0 || template === null ? { kind: 'invalid', problems, options, parts: text === '' ? [] : splitParts(text) } : { kind: 'template', name: template, options };
  }
  // A line holding only `---` starts the next part of a thread.
  const parts = splitParts(text);
  const numbered = ctx.numbering ?? false;
  const checked = checkParts(parts, numbered, targetsOf(options.networks, ctx));
  if (!checked.ok) problems.push(...checked.problems);

  if (!checked.ok || problems.length > 0) return { kind: 'invalid', problems, options, parts };
  return { kind: 'draft', draft: { ...options, text: joinParts(parts), parts, numbered: numbered && parts.length > 1, weightedLength: checked.weightedLength } };
}

/** The networks a draft targets: those named, else every one the cell publishes on. */
export function targetsOf(named: readonly NetworkName[] | null, ctx: Pick<TweetCommandContext, 'maxLength' | 'networks'>): readonly TextTarget[] {
  const all = ctx.networks ?? [{ name: 'x' as const, length: { max: ctx.maxLength, count: weightedLength } }];
  return named ? all.filter((n) => named.includes(n.name)) : all;
}

/**
 * An option's value: after `=`, or the next word unless that is an option (then the value is
 * missing, and the option is not eaten as a value). `--at` may take a date and a time.
 */
function readValue(
  input: string,
  pos: number,
  key: OptionKey,
  inline: string | undefined,
): { value: string | undefined; end: number } {
  let value = inline;
  let end = pos;
  if (value === undefined) {
    const next = tokenAt(input, end);
    if (next && !looksLikeOption(next.value)) {
      value = next.value;
      end = next.end;
    }
  }
  if (key === 'at' && value !== undefined && DATE.test(value)) {
    const time = tokenAt(input, end);
    if (time && CLOCK.test(time.value)) {
      value = `${value} ${time.value}`;
      end = time.end;
    }
  }
  return { value, end };
}

function tokenAt(text: string, from: number): { value: string; start: number; end: number } | null {
  const word = /\S+/g;
  word.lastIndex = from;
  const match = word.exec(text);
  return match ? { value: match[0], start: match.index, end: match.index + match[0].length } : null;
}

type ReadOption =
  | { kind: 'text' }
  | { kind: 'unknown'; option: string; inline: string | undefined }
  | { kind: 'known'; key: OptionKey; option: string; inline: string | undefined };

/**
 * Phones and Macs turn a typed `--` into `—` or `–`, so `—suivi` is the option `--suivi`. But a
 * dash also starts ordinary sentences (`— Point de situation`), so only a known name after it
 * makes an option; a real `--` always does, to refuse a typo rather than publish it.
 */
function readOption(token: string): ReadOption {
  const doubleHyphen = token.startsWith('--');
  const dash = !doubleHyphen && (token.startsWith('—') || token.startsWith('–'));
  if (!doubleHyphen && !dash) return { kind: 'text' };

  const body = token.slice(doubleHyphen ? 2 : 1);
  const equals = body.indexOf('=');
  const name = equals === -1 ? body : body.slice(0, equals);
  const inline = equals === -1 ? undefined : body.slice(equals + 1);
  // NFC, so an accent typed as a combining mark (`a` + U+0300) still names `--à`.
  const key = BY_NAME.get(name.normalize('NFC').toLowerCase());

  if (key) return { kind: 'known', key, option: `--${name}`, inline };
  return doubleHyphen ? { kind: 'unknown', option: `--${name}`, inline } : { kind: 'text' };
}

function looksLikeOption(token: string): boolean {
  return readOption(token).kind !== 'text' || token === '--';
}

function applyOption(
  options: TweetOptions,
  key: OptionKey,
  option: string,
  value: string,
  ctx: TweetCommandContext,
): CommandProblem | null {
  switch (key) {
    case 'followup': {
      const seconds = parseDuration(value);
      if (seconds === null) return { code: 'bad_duration', option, value };
      if (seconds === 0) return { code: 'zero_duration', option, value };
      options.followupSeconds = seconds;
      return null;
    }
    case 'at': {
      const time = parseTime(value, ctx);
      if ('code' in time) return time;
      options.publishAt = time.at;
      return null;
    }
    case 'on': {
      // `x,bluesky`, `x bluesky` (one word after the option), any case; only networks the cell publishes on.
      const known = (ctx.networks ?? [{ name: 'x' as const }]).map((n) => n.name);
      const names = value.toLowerCase().split(/[,;+]/).map((n) => n.trim()).filter(Boolean);
      const unknown = names.filter((n) => !known.includes(n as NetworkName));
      if (names.length === 0 || unknown.length > 0) return { code: 'unknown_network', value: unknown.join(',') || value, known };
      options.networks = known.filter((n) => names.includes(n));
      return null;
    }
    case 'template':
      return null; // read by the parser itself: it is not a draft option
    case 'reply': {
      const n = parseRef(value);
      if (n === null) return { code: 'bad_ref', value };
      options.replyToRef = n;
      return null;
    }
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * `14:30`, `9:05`, and the French `14h30`. A bare `14h` is refused: in the same command `2h`
 * is a duration, and `--at 2h` read as 02:00 when "in two hours" was meant would be silent.
 */
const CLOCK = /^(\d{1,2})[:hH](\d{2})$/;

type TimeProblem = Extract<CommandProblem, { code: 'bad_time' | 'past_time' | 'nonexistent_time' }>;

function parseTime(value: string, ctx: TweetCommandContext): { at: Date } | TimeProblem {
  const parts = value.split(' ');
  const clock = CLOCK.exec(parts.length === 2 ? (parts[1] ?? '') : value);
  const date = parts.length === 2 ? DATE.exec(parts[0] ?? '') : null;
  if (!clock || (parts.length === 2 && !date)) return { code: 'bad_time', value };
  const hm = { hour: Number(clock[1]), minute: Number(clock[2]) };
  const now = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone });
  if (!now.isValid) return { code: 'bad_time', value };
  // The minute under way is not past: `--at 14:00` typed at 14:00:20 means now, not tomorrow.
  const notPast = (t: DateTime): boolean => t >= now.startOf('minute');

  // An autumn time that happens twice is its first occurrence, or the second when only that
  // one is still to come: the next time the clock shows it.
  if (date) {
    const day = { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) };
    const times = occurrences(day, hm, ctx.timeZone);
    if (!times) return { code: 'bad_time', value };
    if (times.length === 0) return { code: 'nonexistent_time', value };
    const ahead = times.find(notPast);
    return ahead ? { at: ahead.toJSDate() } : { code: 'past_time', value };
  }

  // A bare time is the next one to come: today's if still ahead, else tomorrow's.
  const today = occurrences(now, hm, ctx.timeZone);
  if (!today) return { code: 'bad_time', value };
  const ahead = today.find(notPast);
  if (ahead) return { at: ahead.toJSDate() };
  if (today.length === 0 && now.hour * 60 + now.minute < hm.hour * 60 + hm.minute) {
    return { code: 'nonexistent_time', value }; // today's gap is still ahead
  }
  const [tomorrow] = occurrences(now.plus({ days: 1 }), hm, ctx.timeZone) ?? [];
  return tomorrow ? { at: tomorrow.toJSDate() } : { code: 'nonexistent_time', value };
}

type Day = { year: number; month: number; day: number };
type HourMinute = { hour: number; minute: number };

/**
 * The instants a wall-clock time names in `zone`, earliest first: none in a spring-forward gap,
 * two in the autumn hour that happens twice. Null when it is not a date and time at all.
 */
function occurrences(day: Day, hm: HourMinute, zone: string): DateTime[] | null {
  const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...hm }, { zone });
  if (!at.isValid) return null;
  // Luxon moves a time in the gap to after it (02:30 → 03:30): reading it back tells.
  if (at.day !== day.day || at.hour !== hm.hour || at.minute !== hm.minute) return [];
  return at.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
}

/**
 * The composer's option fields (follow-up delay, time, reply target), checked by the same rules as
 * the command's options, so a modal refuses exactly what `/tweet` refuses.
 */
export function checkOptionFields(
  fields: Partial<Record<DraftOptionKey, string | null | undefined>>,
  ctx: TweetCommandContext,
): { options: TweetOptions; problems: Array<{ field: DraftOptionKey; problem: CommandProblem }> } {
  const options: TweetOptions = { followupSeconds: null, publishAt: null, replyToRef: null, networks: null };
  const problems: Array<{ field: DraftOptionKey; problem: CommandProblem }> = [];
  for (const spec of TWEET_OPTIONS) {
    if (spec.key === 'template') continue;
    const value = fields[spec.key]?.trim();
    if (!value) continue;
    const problem = applyOption(options, spec.key, spec.names[0]!, value, ctx);
    if (problem) problems.push({ field: spec.key, problem });
  }
  return { options, problems };
}
