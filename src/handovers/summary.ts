import type { types } from '@slack/bolt';
import { blockId, button, capLines, context, cutMrkdwn, fallbackText, fitMessage, section, TEXT_MAX } from '../platform/blocks.js';
import { glance, type Glance, type GlanceSource } from '../platform/i18n/glance.js';
import { escapeForSlack } from '../platform/slackText.js';
import { mention } from '../proposals/messages.js';
import { noAttention, type Attention } from './attention.js';
import { NOTES_LINES, NOTES_SHOWN, notesInFull } from './decide.js';
import type { ShiftFacts } from './facts.js';
import { ACTION_ACKNOWLEDGE, ACTION_RECORD_HANDOVER } from './ids.js';
import { attentionCount, attentionGroups, publishedItem } from './lines.js';

type KnownBlock = types.KnownBlock;

/** Items shown per list before "and N more": the incoming member reads the first ones, the rest is a command away. */
export const SHOWN_PER_LIST = 5;

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
      /** When the next handover was recorded: this one is history, with nothing left to acknowledge. */
      supersededAt?: Date | null;
    }
  | {
      kind: 'automatic';
      boundary: Date;
      onDuty: string | null;
      facts: ShiftFacts;
      /** The handover recorded since: the summary's request is answered. */
      handedOver?: { by: string; at: Date } | null;
    };

/**
 * The summary of a shift, from stored facts only: the same whether the handover was typed, made in the
 * modal, or posted automatically at a shift boundary, and the same when re-rendered later (times are read
 * from the moment the facts were). Its state first; then what needs someone now; then the shift's counts
 * and history in grey; the one action last, while it is still to do.
 */
export function summaryMessage(s: Summary, look: GlanceSource): { text: string; blocks: KnownBlock[] } {
  const f = s.facts;
  const g = glance(look, new Date(f.until));
  const { t } = g;
  const head = headline(s, g);
  const at = s.kind === 'handover' ? s.at : s.boundary;
  const blocks: KnownBlock[] = [section(head.title), context([t.summaryPeriod({ since: g.when(new Date(f.since)), at: g.when(at) })])];
  if (s.kind === 'handover') blocks.push(...notesBlocks(s.notes, g));
  blocks.push(...attentionBlocks(f.attention ?? legacyAttention(f), g));
  blocks.push(context([activity(f, g)]));
  const past = history(f, g);
  if (past.length > 0) blocks.push(context(past));
  const ask = askBlocks(s, g);
  blocks.push(...ask);
  return {
    text: fallbackText(head.fallback),
    blocks: fitMessage(blocks, { from: 2, keepLast: ask.length, overflow: () => context([t.summaryCut()]) }),
  };
}

function headline(s: Summary, g: Glance): { title: string; fallback: string } {
  const { t } = g;
  if (s.kind === 'automatic') {
    const state = s.handedOver ? t.shiftHandedOver({ by: g.name(s.handedOver.by), at: g.when(s.handedOver.at) }) : t.shiftNoHandover();
    return { title: t.shiftSummaryTitle({ time: g.when(s.boundary), state }), fallback: t.shiftSummaryFallback({ time: g.when(s.boundary) }) };
  }
  const from = g.name(s.from);
  const to = s.to ? g.name(s.to) : null;
  const state = s.acknowledged
    ? t.handoverAcknowledged({ by: g.name(s.acknowledged.by), at: g.when(s.acknowledged.at) })
    : s.supersededAt
      ? t.handoverSuperseded({ at: g.when(s.supersededAt) })
      : t.handoverAwaiting();
  return { title: t.handoverTitle({ from, to, state }), fallback: t.handoverFallback({ from, to }) };
}

/** The notes, escaped and quoted; long ones cut here (the decision posts them in full in the thread). */
function notesBlocks(notes: string, g: Glance): KnownBlock[] {
  const lines = escapeForSlack(notes).split('\n');
  const shown = cutMrkdwn(lines.length > NOTES_LINES ? `${lines.slice(0, NOTES_LINES).join('\n')}…` : lines.join('\n'), NOTES_SHOWN);
  const quoted = shown
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return [section(g.t.summaryNotes({ notes: quoted })), ...(notesInFull(notes) ? [] : [context([g.t.summaryNotesInThread()])])];
}

function attentionBlocks(a: Attention, g: Glance): KnownBlock[] {
  const { t } = g;
  const count = attentionCount(a);
  if (count === 0) return [section(t.attentionNone())];
  const more = { followups: (n: number) => t.moreFollowups({ count: n }), others: (n: number) => t.moreOnHome({ count: n }) };
  return [section(t.attentionTitle({ count })), ...attentionGroups(a, g, SHOWN_PER_LIST, more).map(section)];
}

/** Summaries stored before "to handle now" was read: what their facts tell of it, references only. */
function legacyAttention(f: ShiftFacts): Attention {
  const until = Date.parse(f.until);
  const item = (ref: number) => ({ ref, text: '', link: null });
  const overdue = f.openFollowups.filter((x) => Date.parse(x.dueAt) <= until).map((x) => ({ ...item(x.ref), dueAt: x.dueAt, reminders: 0 }));
  const pending = f.waiting.filter((w) => w.state === 'pending').map((w) => item(w.ref));
  return {
    ...noAttention(),
    overdue,
    uncertain: f.uncertain.map((ref) => ({ ...item(ref), networks: ['x' as const] })),
    failed: f.failed.map((ref) => ({ ...item(ref), failures: [{ network: 'x' as const, code: 'unknown' }] })),
    pending,
    totals: { overdue: Math.max(f.overdueTotal ?? 0, overdue.length), uncertain: f.uncertain.length, failed: f.failed.length, pending: pending.length },
  };
}

function activity(f: ShiftFacts, g: Glance): string {
  const failed = f.failed.length + f.uncertain.length;
  if (f.proposed.length + f.published.length + f.rejected.length + failed + f.expired.length === 0) return g.t.summaryQuiet();
  return g.t.summaryCounts({ proposed: f.proposed.length, published: f.published.length, rejected: f.rejected.length, failed });
}

/** The shift's history, one grey line per kind, five items each: published (each network linked), scheduled, follow-ups not yet due, rejected, expired. */
function history(f: ShiftFacts, g: Glance): string[] {
  const { t } = g;
  const until = Date.parse(f.until);
  const items = (list: string[], total = list.length) =>
    capLines(list, { maxChars: TEXT_MAX - 100, maxItems: SHOWN_PER_LIST, total, separator: ', ', more: (count) => t.andMore({ count }) });
  const lines: string[] = [];
  if (f.published.length > 0) lines.push(t.groupPublished({ count: f.published.length, items: items(f.published.map((p) => publishedItem(p, g))) }));
  const scheduled = f.waiting.filter((w) => w.state === 'scheduled' && w.publishAt);
  if (scheduled.length > 0) {
    const list = scheduled.map((w) => t.itemScheduled({ ref: `#${w.ref}`, at: g.whenPhrase(new Date(w.publishAt!)) }));
    lines.push(t.groupScheduled({ count: scheduled.length, items: items(list) }));
  }
  const later = [...f.openFollowups].filter((x) => Date.parse(x.dueAt) > until).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  if (later.length > 0) {
    const total = Math.max(later.length, (f.openFollowupsTotal ?? 0) - (f.overdueTotal ?? 0));
    const list = later.map((x) => t.itemFollowupDue({ ref: `#${x.ref}`, due: g.whenPhrase(new Date(x.dueAt)) }));
    lines.push(t.groupFollowupsLater({ count: total, items: items(list, total) }));
  }
  const refs = (list: number[]) => items(list.map((r) => `#${r}`));
  if (f.rejected.length > 0) lines.push(t.groupRejected({ count: f.rejected.length, items: refs(f.rejected) }));
  if (f.expired.length > 0) lines.push(t.groupExpired({ count: f.expired.length, items: refs(f.expired) }));
  return lines;
}

/** The one thing still to do, with its button, while it is: acknowledge the handover, or record one. */
function askBlocks(s: Summary, g: Glance): KnownBlock[] {
  const { t } = g;
  if (s.kind === 'handover') {
    if (s.acknowledged || s.supersededAt) return [];
    return [
      section(t.awaitingAcknowledgement({ to: s.to ? mention(s.to) : null })),
      {
        type: 'actions',
        block_id: blockId(`handover_${s.id}`),
        elements: [button({ text: t.acknowledgeButton(), actionId: ACTION_ACKNOWLEDGE, value: String(s.id), style: 'primary' })],
      },
    ];
  }
  if (s.handedOver) return [];
  return [
    section(t.askHandover({ user: s.onDuty ? mention(s.onDuty) : null })),
    {
      type: 'actions',
      block_id: blockId(`shift_${s.boundary.getTime()}`),
      elements: [button({ text: t.recordHandoverButton(), actionId: ACTION_RECORD_HANDOVER, value: s.boundary.toISOString(), style: 'primary' })],
    },
  ];
}
