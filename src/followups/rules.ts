import { parseDuration } from '../platform/duration.js';
import { fromSlack } from '../platform/slackText.js';
import { looksLikeRef, parseRef } from '../proposals/ref.js';
import { checkText, weightedLength, type TextProblem, type TextTarget } from '../proposals/tweetText.js';

/**
 * `/followup` text → what to do (pure). The command has `should_escape: true`, so Slack sends
 * `&amp;`, `&lt;` and `<@U…|name>`: the closing text goes through `fromSlack` like a tweet's.
 */
export type FollowupCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'propose'; ref: number; text: string; weightedLength: number }
  | { kind: 'open'; ref: number; seconds: number }
  | { kind: 'snooze'; ref: number; seconds: number }
  | { kind: 'done'; ref: number; reason: string | null }
  | { kind: 'invalid'; problem: FollowupProblem };

export type FollowupProblem =
  | { code: 'unknown_subcommand'; word: string }
  | { code: 'missing_ref'; subcommand: string }
  | { code: 'bad_ref'; value: string }
  | { code: 'missing_duration'; subcommand: string }
  | { code: 'bad_duration'; value: string }
  | { code: 'zero_duration'; value: string }
  | { code: 'too_many_words'; subcommand: string; extra: string }
  | TextProblem;

const SUBCOMMANDS: Record<string, 'list' | 'open' | 'snooze' | 'done' | 'help'> = {
  list: 'list',
  liste: 'list',
  open: 'open',
  ouvrir: 'open',
  snooze: 'snooze',
  reporter: 'snooze',
  done: 'done',
  clore: 'done',
  help: 'help',
  aide: 'help',
};


/** `targets`: the networks a closing post goes to (default: X alone, by `maxLength`). */
export function parseFollowupCommand(slackText: string, maxLength: number, targets?: readonly TextTarget[]): FollowupCommand {
  const text = fromSlack(slackText).trim();
  if (text === '') return { kind: 'help' };
  const [first = '', ...rest] = text.split(/\s+/);
  const sub = SUBCOMMANDS[first.toLowerCase()];

  if (!sub) {
    if (!looksLikeRef(first)) return invalid({ code: 'unknown_subcommand', word: first });
    const ref = parseRef(first);
    if (ref === null) return invalid({ code: 'bad_ref', value: first });
    const closing = text.slice(first.length).trim();
    const checked = checkText(closing, targets ?? [{ name: 'x', length: { max: maxLength, count: weightedLength } }]);
    if (!checked.ok) return invalid(checked.problems[0]!);
    return { kind: 'propose', ref, text: closing, weightedLength: checked.weightedLength };
  }
  if (sub === 'help' || sub === 'list') {
    return rest.length === 0 ? { kind: sub } : invalid({ code: 'too_many_words', subcommand: first, extra: rest.join(' ') });
  }

  const [refWord, ...after] = rest;
  if (!refWord) return invalid({ code: 'missing_ref', subcommand: first });
  const ref = parseRef(refWord);
  if (ref === null) return invalid({ code: 'bad_ref', value: refWord });
  if (sub === 'done') {
    // The reason keeps the person's own spacing: it goes to the audit log as written.
    const reason = text.slice(text.indexOf(refWord, first.length) + refWord.length).trim();
    return { kind: 'done', ref: ref, reason: reason || null };
  }
  const [durationWord, ...extra] = after;
  if (!durationWord) return invalid({ code: 'missing_duration', subcommand: first });
  const seconds = parseDuration(durationWord);
  if (seconds === null) return invalid({ code: 'bad_duration', value: durationWord });
  if (seconds === 0) return invalid({ code: 'zero_duration', value: durationWord });
  if (extra.length > 0) return invalid({ code: 'too_many_words', subcommand: first, extra: extra.join(' ') });
  return { kind: sub, ref: ref, seconds };
}

const invalid = (problem: FollowupProblem): FollowupCommand => ({ kind: 'invalid', problem });

/** Whom a reminder mentions: the member on duty when it is sent, else the proposal's author. */
export function reminderTarget(onDuty: string | null, authorId: string): string {
  return onDuty ?? authorId;
}

/** After `escalateAfter` unanswered reminders, each further one also calls `@here`; 0 never does. */
export function escalates(reminderNumber: number, escalateAfter: number): boolean {
  return escalateAfter > 0 && reminderNumber > escalateAfter;
}

/** A follow-up is due at publication time + its delay. */
export function dueAt(publishedAt: Date, seconds: number): Date {
  return new Date(publishedAt.getTime() + seconds * 1000);
}
