import type { types } from '@slack/bolt';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import { mention } from '../proposals/messages.js';
import type { ShiftFacts } from './facts.js';
import { ACTION_ACKNOWLEDGE } from './ids.js';

type KnownBlock = types.KnownBlock;

/** Items shown per group before "and N more": a busy shift stays readable and within Slack's limits. */
const SHOWN_PER_GROUP = 12;
/** Slack refuses a section text over 3000 characters. */
const SECTION_LIMIT = 3000;

export type Summary =
  | {
      kind: 'handover';
      id: number;
      from: string;
      to: string | null;
      at: Date;
      notes: string;
      facts: ShiftFacts;
      acknowledged: { by: string; at: Date } | null;
    }
  | { kind: 'automatic'; boundary: Date; onDuty: string | null; facts: ShiftFacts };

/**
 * The summary of a shift, from stored facts only: the same whether the handover was typed, made in the
 * modal, or posted automatically at a shift boundary — and the same when re-rendered later.
 */
export function summaryMessage(s: Summary, texts: Texts): { text: string; blocks: KnownBlock[] } {
  const { t, time } = texts;
  const f = s.facts;
  const title =
    s.kind === 'handover'
      ? t.handoverTitle({ from: mention(s.from), to: s.to ? mention(s.to) : null })
      : t.shiftSummaryTitle({ time: time(s.boundary) });
  const blocks: KnownBlock[] = [
    section(title),
    context(t.summaryPeriod({ at: time(s.kind === 'handover' ? s.at : s.boundary), since: time(new Date(f.since)) })),
  ];
  if (s.kind === 'handover') blocks.push(section(t.summaryNotes({ notes: quote(escapeForSlack(s.notes)) })));
  blocks.push(section(activity(f, texts)));
  blocks.push(section(waiting(f, texts)));
  blocks.push(section(followups(f, texts)));

  if (s.kind === 'handover') {
    if (s.acknowledged) {
      blocks.push(context(t.acknowledged({ by: mention(s.acknowledged.by), at: time(s.acknowledged.at) })));
    } else {
      blocks.push(context(t.awaitingAcknowledgement({ to: s.to ? mention(s.to) : null })));
      blocks.push({
        type: 'actions',
        block_id: `handover_${s.id}`,
        elements: [{ type: 'button', style: 'primary', action_id: ACTION_ACKNOWLEDGE, value: String(s.id), text: { type: 'plain_text', text: t.acknowledgeButton() } }],
      });
    }
  } else {
    blocks.push(section(t.askHandover({ user: s.onDuty ? mention(s.onDuty) : null })));
  }
  return { text: plainTitle(title), blocks };
}

function activity(f: ShiftFacts, texts: Texts): string {
  const { t } = texts;
  const failed = f.failed.length + f.uncertain.length;
  if (f.proposed.length + f.published.length + f.rejected.length + failed + f.expired.length === 0) return t.summaryQuiet();
  const lines = [t.summaryCounts({ proposed: f.proposed.length, published: f.published.length, rejected: f.rejected.length, failed })];
  const refs = (list: number[]) => cap(list.map((r) => `#${r}`), texts);
  if (f.published.length > 0) {
    const items = cap(
      f.published.map((p) => (p.url ? `<${p.url}|#${p.ref}>` : t.itemDryRun({ ref: `#${p.ref}` }))),
      texts,
    );
    lines.push(t.groupPublished({ count: f.published.length, items }));
  }
  if (f.rejected.length > 0) lines.push(t.groupRejected({ count: f.rejected.length, items: refs(f.rejected) }));
  if (f.failed.length > 0) lines.push(t.groupFailed({ count: f.failed.length, items: refs(f.failed) }));
  if (f.uncertain.length > 0) lines.push(t.groupUncertain({ count: f.uncertain.length, items: refs(f.uncertain) }));
  if (f.expired.length > 0) lines.push(t.groupExpired({ count: f.expired.length, items: refs(f.expired) }));
  return lines.join('\n');
}

function waiting(f: ShiftFacts, texts: Texts): string {
  const { t, time } = texts;
  if (f.waiting.length === 0) return t.nothingWaiting();
  const items = f.waiting.map((w) =>
    w.state === 'scheduled' && w.publishAt ? t.itemScheduled({ ref: `#${w.ref}`, time: time(new Date(w.publishAt)) }) : `#${w.ref}`,
  );
  const total = Math.max(f.waitingTotal ?? 0, f.waiting.length);
  return t.groupWaiting({ count: total, items: cap(items, texts, ', ', total) });
}

function followups(f: ShiftFacts, texts: Texts): string {
  const { t, time } = texts;
  if (f.openFollowups.length === 0) return t.noOpenFollowups();
  const until = Date.parse(f.until);
  // Overdue first: they are the earliest due, and the list is sorted by due time.
  const sorted = [...f.openFollowups].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const overdue = Math.max(f.overdueTotal ?? 0, sorted.filter((x) => Date.parse(x.dueAt) <= until).length);
  const total = Math.max(f.openFollowupsTotal ?? 0, sorted.length);
  const items = sorted.map((x) => t.itemFollowup({ ref: `#${x.ref}`, due: time(new Date(x.dueAt)), overdue: Date.parse(x.dueAt) <= until }));
  return t.groupFollowups({ count: total, overdue, items: cap(items, texts, ' · ', total) });
}

/** The first items of a group, then "and N more" out of `total` (the list may hold only the first ones). */
function cap(items: string[], texts: Texts, separator = ', ', total = items.length): string {
  const shown = items.slice(0, SHOWN_PER_GROUP);
  const rest = total - shown.length;
  return rest > 0 ? `${shown.join(separator)}${separator}${texts.t.andMore({ count: rest })}` : shown.join(separator);
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** A mrkdwn section, cut to what Slack accepts. */
export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.length > SECTION_LIMIT ? `${text.slice(0, SECTION_LIMIT - 1)}…` : text } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function plainTitle(title: string): string {
  return title.replace(/\*/g, '');
}
