import twitter from 'twitter-text';
import type { LengthRule, NetworkName } from '../networks/network.js';

/**
 * Why a text is refused, with what a message needs to say how to fix it. `too_long` is per network
 * (`network` absent: X's rule alone, as `checkTweetText` applies it).
 */
export type TextProblem =
  | { code: 'empty' }
  | { code: 'too_long'; network?: NetworkName; weightedLength: number; max: number; over: number; others?: NetworkName[] }
  | { code: 'control_chars'; chars: string[] }
  | { code: 'invalid_chars' };

type TextCheck = { ok: true; weightedLength: number } | { ok: false; problem: TextProblem };

// Nothing visible: whitespace, and format characters such as zero-width spaces or BOMs,
// which X would publish as an empty-looking tweet.
const BLANK = /^[\p{White_Space}\p{Cf}]*$/u;
// C0 except tab and newline, DEL, C1: invisible in Slack, and X refuses or mangles them.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;
// Half of an emoji: not a character at all, and SQLite would store it as U+FFFD.
const LONE_SURROGATE = /\p{Cs}/u;
/**
 * No tweet is anywhere near this long, even with long links; and twitter-text's URL scan is quadratic,
 * so a huge text is refused before it is counted rather than blocking the process.
 */
const MAX_CHARACTERS = 16_000;

/** The weighted length X counts (twitter-text v3 rules: URLs 23, most emoji and CJK 2). */
export function weightedLength(text: string): number {
  return twitter.parseTweet(text).weightedLength;
}

/**
 * Checks a tweet text against X's rules, with `maxLength` in place of X's 280 since the cell
 * may configure less. One problem is reported, the one to fix first: length last, because a
 * count that includes stray characters would mislead.
 */
export function checkTweetText(text: string, maxLength: number): TextCheck {
  if (BLANK.test(text)) return { ok: false, problem: { code: 'empty' } };
  if (text.length > MAX_CHARACTERS * 2) {
    // Counted without scanning: far over any limit.
    return { ok: false, problem: { code: 'too_long', weightedLength: text.length, max: maxLength, over: text.length - maxLength } };
  }

  const controls = [...new Set(text.match(CONTROL) ?? [])];
  if (controls.length > 0) {
    return { ok: false, problem: { code: 'control_chars', chars: controls.map(codePointLabel) } };
  }

  // parseTweet only looks at some characters (it skips the inside of URLs and emoji) and mixes
  // this with the 280 limit in `valid`; testing the whole text answers the one question.
  if (LONE_SURROGATE.test(text) || twitter.hasInvalidCharacters(text)) return { ok: false, problem: { code: 'invalid_chars' } };
  const characters = [...text].length;
  if (characters > MAX_CHARACTERS) {
    return { ok: false, problem: { code: 'too_long', weightedLength: characters, max: maxLength, over: characters - maxLength } };
  }

  const length = weightedLength(text);
  if (length > maxLength) {
    const over = length - maxLength;
    return { ok: false, problem: { code: 'too_long', weightedLength: length, max: maxLength, over } };
  }
  return { ok: true, weightedLength: length };
}

function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A network a text is checked against: its name and how it counts. */
export interface TextTarget {
  name: NetworkName;
  length: LengthRule;
}

export type TextCheckAll = { ok: true; weightedLength: number; counts: Partial<Record<NetworkName, number>> } | { ok: false; problems: TextProblem[] };

/**
 * Checks a text for every network it targets (SPEC "Networks": valid only if valid for each): the
 * characters once (X's rules, the strictest), then each network's length by its own count. Every network
 * it is too long for is named, with its count and limit. `weightedLength` is X's count, stored.
 */
export function checkText(text: string, targets: readonly TextTarget[]): TextCheckAll {
  const base = checkTweetText(text, Number.MAX_SAFE_INTEGER);
  if (!base.ok && base.problem.code === 'too_long') {
    // Far too long to be counted at all: too long for every network.
    const count = base.problem.weightedLength;
    return { ok: false, problems: targets.map((t) => ({ code: 'too_long', network: t.name, weightedLength: count, max: t.length.max, over: count - t.length.max, others: [] })) };
  }
  if (!base.ok) return { ok: false, problems: [base.problem] };
  const counts: Partial<Record<NetworkName, number>> = {};
  const problems: TextProblem[] = [];
  for (const target of targets) {
    const count = target.name === 'x' ? base.weightedLength : target.length.count(text);
    counts[target.name] = count;
    const max = target.length.max;
    const others = targets.filter((t) => t.name !== target.name).map((t) => t.name);
    if (count > max) problems.push({ code: 'too_long', network: target.name, weightedLength: count, max, over: count - max, others });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, weightedLength: base.weightedLength, counts };
}
