import type { types } from '@slack/bolt';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import { mention, problemText } from '../proposals/messages.js';
import type { Proposal } from '../proposals/store.js';
import { ACTION_CLOSE, ACTION_PROPOSE_CLOSING, SNOOZE_BUTTONS, snoozeActionId, type SnoozeMinutes } from './ids.js';
import type { FollowupProblem } from './rules.js';
import type { Followup } from './store.js';

type KnownBlock = types.KnownBlock;

const EXCERPT = 80;

/** The start of a text on one line, escaped, at most `length` characters: to recall what a line is about. */
export function excerpt(text: string, length = EXCERPT): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return escapeForSlack(oneLine.length > length ? `${oneLine.slice(0, length - 1)}…` : oneLine);
}

/**
 * What a button of a reminder carries: which follow-up, at which reminder, and for snoozes how long (the
 * one place the minutes are read from; the action_id only tells the buttons apart for Slack).
 */
export interface ButtonValue {
  followup: number;
  reminder: number;
  minutes?: SnoozeMinutes;
}

export function reminderMessage(
  f: Followup,
  p: Proposal,
  view: { texts: Texts; mentioned: string; number: number; escalated: boolean },
): { text: string; blocks: KnownBlock[] } {
  const { t, time } = view.texts;
  const text = `${view.escalated ? '<!here> ' : ''}${t.reminder({
    mention: mention(view.mentioned),
    ref: p.ref,
    due: time(f.dueAt),
    number: view.number,
    excerpt: excerpt(p.text),
  })}`;
  const value = (extra: Partial<ButtonValue> = {}) => JSON.stringify({ followup: f.id, reminder: view.number, ...extra } satisfies ButtonValue);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        block_id: `followup_${f.id}_${view.number}`,
        elements: [
          { type: 'button', style: 'primary', action_id: ACTION_PROPOSE_CLOSING, text: { type: 'plain_text', text: t.buttonProposeClosing() }, value: value() },
          ...SNOOZE_BUTTONS.map((minutes) => ({
            type: 'button' as const,
            action_id: snoozeActionId(minutes),
            text: { type: 'plain_text' as const, text: t.buttonSnooze({ minutes }) },
            value: value({ minutes }),
          })),
          { type: 'button', action_id: ACTION_CLOSE, text: { type: 'plain_text', text: t.buttonClose() }, value: value() },
        ],
      },
    ],
  };
}

/** The reminder once someone acted on it: the buttons give way to what was done. */
export function handledReminder(original: string, what: string, by: string, texts: Texts): { text: string; blocks: KnownBlock[] } {
  const note = texts.t.reminderHandled({ what, by: mention(by) });
  return {
    text: original,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: original } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: note }] },
    ],
  };
}

/** `/followup list`: the first open follow-ups (overdue first), and how many there are in all. */
export function followupList(
  shown: ReadonlyArray<{ f: Followup; p: Proposal | null }>,
  total: { open: number; overdue: number },
  now: Date,
  texts: Texts,
): string {
  const { t, time } = texts;
  if (total.open === 0) return t.followupListEmpty();
  const lines = shown.map(({ f, p }) =>
    t.followupListLine({ ref: f.ref, excerpt: excerpt(p?.text ?? ''), due: time(f.dueAt), overdue: f.dueAt <= now, reminders: f.remindersSent }),
  );
  const more = total.open - shown.length;
  return [t.followupListTitle({ count: total.open, overdue: total.overdue }), ...lines, ...(more > 0 ? [t.andMore({ count: more })] : [])].join('\n');
}

/** The line under a proposal's status that says where its follow-up stands. */
export function followupNote(f: Followup | null, now: Date, texts: Texts): string | null {
  if (!f) return null;
  const { t, time } = texts;
  if (f.state === 'open') return t.noteFollowupOpen({ due: time(f.dueAt), overdue: f.dueAt <= now });
  if (f.state === 'resolved') return t.noteFollowupResolved({ closingRef: f.closingRef ?? 0 });
  return t.noteFollowupClosed({ by: mention(f.resolvedBy ?? ''), reason: f.reason ? escapeForSlack(f.reason) : null });
}

export function followupProblemText(problem: FollowupProblem, texts: Texts): string {
  const { t } = texts;
  switch (problem.code) {
    case 'unknown_subcommand':
      return t.unknownSubcommand({ word: escapeForSlack(problem.word) });
    case 'missing_ref':
      return t.missingRef(problem);
    case 'bad_ref':
      return t.badRef({ value: escapeForSlack(problem.value) });
    case 'missing_duration':
      return t.missingDuration(problem);
    case 'bad_duration':
      return t.followupBadDuration({ value: escapeForSlack(problem.value) });
    case 'zero_duration':
      return t.followupZeroDuration({ value: escapeForSlack(problem.value) });
    case 'too_many_words':
      return t.tooManyWords({ subcommand: problem.subcommand, extra: escapeForSlack(problem.extra) });
    default:
      return problemText(problem, texts);
  }
}
