import type { types } from '@slack/bolt';
import { blockId, button, capLines, cutText, excerpt, fallbackText, option, plain, PLACEHOLDER_MAX, RICH_TEXT_MAX, section } from '../platform/blocks.js';
import type { Glance } from '../platform/i18n/glance.js';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import { mention, problemText } from '../proposals/messages.js';
import type { Proposal } from '../proposals/store.js';
import { ACTION_CLOSE, ACTION_PROPOSE_CLOSING, ACTION_SNOOZE, SNOOZE_CHOICES, type SnoozeMinutes } from './ids.js';
import type { FollowupProblem } from './rules.js';
import type { Followup } from './store.js';

type KnownBlock = types.KnownBlock;

/** Lines of `/followup list`, and its characters (Slack advises messages of at most 4,000: chat.postMessage, "Truncating content"). */
export const LIST_SHOWN = 20;
const LIST_CHARS = 3_900;
/** How much of the followed-up post a reminder quotes, of a list line, of a reason in the proposal's note. */
const REMINDER_EXCERPT = 150;
const LIST_EXCERPT = 60;
const NOTE_REASON = 200;
/** Quote blocks for a text shown in full (a reason, notes): a `/followup done` or `/handover` holds 4,000 characters at most. */
const QUOTE_PARTS = 3;

/**
 * What the snooze menu's options and a reminder's buttons carry: which follow-up, at which reminder, and
 * for a snooze how long (the one place the minutes are read from, checked against SNOOZE_CHOICES).
 */
export interface ReminderValue {
  followup: number;
  reminder: number;
  minutes?: SnoozeMinutes;
}

export interface Message {
  text: string;
  blocks?: KnownBlock[];
}

/** What a reminder's outbox row holds (`unanswered`: absent in rows written before it was stored). */
export interface ReminderData {
  number: number;
  mentioned: string;
  escalated: boolean;
  unanswered?: number;
}

/**
 * A reminder as posted, or as it reads once the follow-up moved on: only the latest reminder, while
 * nobody has answered it, is live (with its buttons); every other one says what became of it, on one line.
 */
export function reminderMessage(f: Followup, p: Proposal, data: ReminderData, g: Glance): Message {
  const outcome = reminderOutcome(f, data.number, g);
  if (outcome) {
    const line = g.t.reminderOutcome({ outcome, number: data.number, ref: f.ref });
    return { text: fallbackText(line), blocks: [section(line)] };
  }
  return liveReminder(f, p, data, g);
}

/** What became of reminder `number`, or null while it is the live one. */
export function reminderOutcome(f: Followup, number: number, g: Glance): string | null {
  const { t } = g;
  const last = f.lastAction;
  if (f.state === 'resolved') return t.outcomeResolved({ closingRef: f.closingRef ?? last?.closingRef ?? 0 });
  if (f.state === 'closed') return t.outcomeClosed({ by: g.name(f.resolvedBy ?? last?.by ?? '') });
  if (number < f.remindersSent) return t.outcomeSuperseded({ number: f.remindersSent });
  if (f.unanswered === 0 && last?.what === 'snoozed') {
    return t.outcomeSnoozed({ by: g.name(last.by), until: g.whenPhrase(new Date(last.until ?? last.at)) });
  }
  return null;
}

function liveReminder(f: Followup, p: Proposal, data: ReminderData, g: Glance): Message {
  const { t } = g;
  const late = g.late(f.dueAt);
  const unanswered = data.unanswered ?? f.unanswered;
  const here = data.escalated ? '<!here> ' : '';
  const headline = data.escalated ? t.reminderHeadlineEscalated({ ref: f.ref, late, unanswered }) : t.reminderHeadline({ ref: f.ref, late });
  const body = [`${here}${headline}`, t.reminderFor({ mention: mention(data.mentioned), number: data.number }), `> ${excerpt(p.text, REMINDER_EXCERPT)}`];
  const value = (extra: Partial<ReminderValue> = {}) => JSON.stringify({ followup: f.id, reminder: data.number, ...extra } satisfies ReminderValue);
  return {
    text: fallbackText(`${here}${t.reminderFallback({ mention: mention(data.mentioned), ref: f.ref, late })}`),
    blocks: [
      section(body.join('\n')),
      {
        type: 'actions',
        block_id: blockId(`followup_${f.id}_${data.number}`),
        elements: [
          button({ text: t.buttonProposeClosing(), actionId: ACTION_PROPOSE_CLOSING, value: value(), style: 'primary' }),
          {
            type: 'static_select',
            action_id: ACTION_SNOOZE,
            // An option's value holds at most 150 characters (option object): this JSON stays far under.
            placeholder: plain(t.snoozePlaceholder(), PLACEHOLDER_MAX),
            options: SNOOZE_CHOICES.map((minutes) => option(t.snoozeChoice({ minutes }), value({ minutes }))),
          },
          button({ text: t.buttonClose(), actionId: ACTION_CLOSE, value: value() }),
        ],
      },
    ],
  };
}

/** A follow-up's event told in the proposal's thread: who snoozed until when, who closed it and why (in full), the closing post. */
export function threadNote(data: Record<string, unknown>, g: Glance): Message | null {
  const { t } = g;
  switch (data.what) {
    case 'snoozed':
      return { text: t.followupSnoozedThread({ by: g.name(String(data.by)), until: g.whenPhrase(new Date(String(data.until))) }) };
    case 'closed': {
      const line = t.followupClosedThread({ by: g.name(String(data.by)), reason: Boolean(data.reason) });
      if (!data.reason) return { text: line };
      const reason = String(data.reason);
      return { text: fallbackText(`${line} ${excerpt(reason, 120)}`), blocks: [section(line), ...quoteInFull(reason)] };
    }
    case 'resolved':
      return { text: t.followupResolvedThread({ closingRef: Number(data.closingRef) }) };
    default:
      return null;
  }
}

/**
 * A person's text shown as typed, in full: rich-text quotes, which Slack shows literally (nothing to
 * escape, no mention or link made), in parts of at most 3,000 characters cut between words. Only past
 * QUOTE_PARTS parts (more than any command can send) is the last one cut with "…".
 */
export function quoteInFull(text: string): types.RichTextBlock[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest !== '' && parts.length < QUOTE_PARTS) {
    const last = parts.length === QUOTE_PARTS - 1;
    const head = cutText(rest, RICH_TEXT_MAX, { kind: 'literal', ellipsis: last ? '…' : '' });
    parts.push(head);
    rest = rest.slice(head.length).trimStart();
  }
  return parts.map((part) => ({ type: 'rich_text', elements: [{ type: 'rich_text_quote', elements: [{ type: 'text', text: part }] }] }));
}

/** `/followup list`: the first open follow-ups (overdue first), how late each is, and how many more there are. */
export function followupList(shown: ReadonlyArray<{ f: Followup; p: Proposal | null }>, total: { open: number; overdue: number }, g: Glance): string {
  const { t } = g;
  if (total.open === 0) return t.followupListEmpty();
  const title = t.followupListTitle({ count: total.open, overdue: total.overdue });
  const lines = shown.map(({ f, p }) =>
    t.followupListLine({ ref: f.ref, excerpt: excerpt(p?.text ?? '', LIST_EXCERPT), late: g.late(f.dueAt), overdue: f.dueAt <= g.now, reminders: f.remindersSent }),
  );
  const list = capLines(lines, { maxChars: LIST_CHARS - title.length - 1, maxItems: LIST_SHOWN, total: total.open, more: (count) => t.followupListMore({ count }) });
  return `${title}\n${list}`;
}

/** The line under a proposal's status that says where its follow-up stands (the reason cut: the thread has it in full). */
export function followupNote(f: Followup | null, g: Glance): string | null {
  if (!f) return null;
  const { t } = g;
  if (f.state === 'open') return t.noteFollowupOpen({ due: g.whenPhrase(f.dueAt), overdue: f.dueAt <= g.now });
  if (f.state === 'resolved') return t.noteFollowupResolved({ closingRef: f.closingRef ?? 0 });
  return t.noteFollowupClosed({ by: g.name(f.resolvedBy ?? ''), reason: f.reason ? excerpt(f.reason, NOTE_REASON) : null });
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
