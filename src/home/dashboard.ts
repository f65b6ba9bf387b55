import { DateTime } from 'luxon';
import type { types } from '@slack/bolt';
import { AttentionReader, type Attention } from '../handovers/attention.js';
import { DutyRoster } from '../handovers/duty.js';
import { attentionCount, attentionGroups, refLink } from '../handovers/lines.js';
import { capLines, context, excerpt, fitMessage, header, section, TEXT_MAX, VIEW_BLOCKS_MAX } from '../platform/blocks.js';
import type { DB } from '../platform/database.js';
import type { Glance } from '../platform/i18n/glance.js';
import type { ProposalState } from '../proposals/rules.js';

type KnownBlock = types.KnownBlock;

/** What the Home tab shows, read with indexed queries only (states, open follow-ups, today's audit lines). */
export interface DashboardFacts {
  onDuty: { userId: string; since: Date } | null;
  /** What needs someone now: overdue follow-ups, uncertain and failed publications, proposals awaiting approval. */
  attention: Attention;
  /** Approved and on their way: scheduled, held by a network's limit, being published. */
  inProgress: Array<{ ref: number; state: ProposalState; text: string; publishAt: Date | null; link: string | null }>;
  inProgressTotal: number;
  /** Open follow-ups not yet due, earliest first. */
  followups: Array<{ ref: number; dueAt: Date; text: string; link: string | null }>;
  followupsTotal: number;
  /** `to`: the member named, else the one who acknowledged (as in `/handover history`); null while nobody has. */
  lastHandover: { from: string; to: string | null; at: Date; link: string | null } | null;
  today: { proposed: number; published: number; rejected: number; failed: number };
}

/** Items per list on the Home tab: a screen's worth; Slack caps a view at 100 blocks, which the layout never nears. */
export const HOME_SHOWN = 15;
/** How much of a proposal's text a Home line quotes. */
const LINE_EXCERPT = 60;
const IN_PROGRESS: readonly ProposalState[] = ['scheduled', 'waiting', 'publishing'];

export class DashboardReader {
  private readonly s;
  private readonly attention: AttentionReader;

  constructor(
    db: DB,
    private readonly messageLink: (channel: string, ts: string | null) => string | null,
    private readonly roster = new DutyRoster(db),
  ) {
    const current = `JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version`;
    const states = IN_PROGRESS.map((s) => `'${s}'`).join(', ');
    this.s = {
      inProgress: db.prepare(
        `SELECT p.ref, p.state, v.text, v.publish_at, v.channel_id, v.message_ts FROM proposals p ${current}
         WHERE p.state IN (${states}) ORDER BY COALESCE(v.publish_at, p.updated_at), p.ref LIMIT ${HOME_SHOWN}`,
      ),
      inProgressCount: db.prepare(`SELECT COUNT(*) AS n FROM proposals WHERE state IN (${states})`),
      followups: db.prepare(
        `SELECT f.ref, f.due_at, v.text, v.channel_id, v.message_ts FROM followups f JOIN proposals p ON p.ref = f.ref ${current}
         WHERE f.state = 'open' AND f.due_at > ? ORDER BY f.due_at, f.id LIMIT ${HOME_SHOWN}`,
      ),
      followupsCount: db.prepare(`SELECT COUNT(*) AS n FROM followups WHERE state = 'open' AND due_at > ?`),
      handover: db.prepare(
        `SELECT from_user, COALESCE(to_user, acknowledged_by) AS to_user, at, permalink FROM handovers ORDER BY at DESC, id DESC LIMIT 1`,
      ),
      today: db.prepare(
        `SELECT action, COUNT(*) AS n FROM audit_log WHERE at >= ? AND subject = 'proposal'
         AND action IN ('proposed', 'published', 'rejected', 'failed', 'uncertain') GROUP BY action`,
      ),
    };
    this.attention = new AttentionReader(db, messageLink);
  }

  read(now: Date, timeZone: string): DashboardFacts {
    const iso = now.toISOString();
    const startOfDay = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').toUTC().toISO()!;
    const counts = new Map((this.s.today.all(startOfDay) as Array<{ action: string; n: number }>).map((r) => [r.action, r.n]));
    const handover = this.s.handover.get() as { from_user: string; to_user: string | null; at: string; permalink: string | null } | undefined;
    type InProgress = { ref: number; state: ProposalState; text: string; publish_at: string | null; channel_id: string; message_ts: string | null };
    type Open = { ref: number; due_at: string; text: string; channel_id: string; message_ts: string | null };
    return {
      onDuty: this.roster.current(),
      attention: this.attention.read(now, HOME_SHOWN),
      inProgress: (this.s.inProgress.all() as InProgress[]).map((w) => ({
        ref: w.ref,
        state: w.state,
        text: w.text,
        publishAt: w.publish_at ? new Date(w.publish_at) : null,
        link: this.messageLink(w.channel_id, w.message_ts),
      })),
      inProgressTotal: (this.s.inProgressCount.get() as { n: number }).n,
      followups: (this.s.followups.all(iso) as Open[]).map((f) => ({ ref: f.ref, dueAt: new Date(f.due_at), text: f.text, link: this.messageLink(f.channel_id, f.message_ts) })),
      followupsTotal: (this.s.followupsCount.get(iso) as { n: number }).n,
      lastHandover: handover ? { from: handover.from_user, to: handover.to_user, at: new Date(handover.at), link: handover.permalink } : null,
      today: {
        proposed: counts.get('proposed') ?? 0,
        published: counts.get('published') ?? 0,
        rejected: counts.get('rejected') ?? 0,
        failed: (counts.get('failed') ?? 0) + (counts.get('uncertain') ?? 0),
      },
    };
  }
}

/**
 * The Home tab (pure): what needs someone now first (overdue follow-ups, uncertain and failed publications,
 * proposals awaiting approval), then what is on its way, who is on duty, the last handover, today's counts.
 */
export function dashboardView(f: DashboardFacts, g: Glance): { type: 'home'; blocks: KnownBlock[] } {
  const { t } = g;
  const list = (lines: string[], total: number) => capLines(lines, { maxChars: TEXT_MAX, maxItems: HOME_SHOWN, total, more: (count) => t.homeMore({ count }) });
  const count = attentionCount(f.attention);
  const more = { followups: (n: number) => t.moreFollowups({ count: n }), others: (n: number) => t.homeMore({ count: n }) };
  const urgent =
    count === 0 ? [section(t.attentionNone())] : [section(t.attentionTitle({ count })), ...attentionGroups(f.attention, g, HOME_SHOWN, more).map(section)];
  const inProgress = f.inProgress.map((p) =>
    t.homeInProgressLine({
      ref: `${MARK[p.state] ?? '🕒'} ${refLink(p.ref, p.link)}`,
      state: t.state[p.state],
      at: p.state === 'scheduled' && p.publishAt ? g.whenPhrase(p.publishAt) : null,
      excerpt: excerpt(p.text, LINE_EXCERPT),
    }),
  );
  const later = f.followups.map((x) => t.homeFollowupLine({ ref: refLink(x.ref, x.link), due: g.whenPhrase(x.dueAt), excerpt: excerpt(x.text, LINE_EXCERPT) }));
  const h = f.lastHandover;
  const blocks: KnownBlock[] = [
    header(t.homeTitle()),
    ...urgent,
    { type: 'divider' },
    section(`${t.homeInProgressTitle()}\n${inProgress.length > 0 ? list(inProgress, f.inProgressTotal) : t.homeNothingInProgress()}`),
    section(`${t.homeFollowupsTitle()}\n${later.length > 0 ? list(later, f.followupsTotal) : t.homeNoFollowupsLater()}`),
    { type: 'divider' },
    section(
      f.onDuty
        ? t.homeOnDuty({ user: g.name(f.onDuty.userId), since: g.when(f.onDuty.since), span: g.duration((g.now.getTime() - f.onDuty.since.getTime()) / 1000) })
        : t.homeNobodyOnDuty(),
    ),
    section(
      h
        ? t.homeLastHandover({
            from: g.name(h.from),
            to: h.to ? g.name(h.to) : '…',
            at: h.link ? `<${h.link}|${g.whenPhrase(h.at)}>` : g.whenPhrase(h.at),
          })
        : t.handoverHistoryEmpty(),
    ),
    context([t.homeToday(f.today), t.homeUpdated({ at: g.whenPhrase(g.now) })]),
  ];
  return { type: 'home', blocks: fitMessage(blocks, { maxBlocks: VIEW_BLOCKS_MAX, maxChars: Infinity, overflow: () => context([t.summaryCut()]) }) };
}

const MARK: Partial<Record<ProposalState, string>> = { scheduled: '🕒', waiting: '⏳', publishing: '📤' };
