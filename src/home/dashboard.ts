import { DateTime } from 'luxon';
import type { types } from '@slack/bolt';
import { excerpt } from '../followups/messages.js';
import { DutyRoster } from '../handovers/duty.js';
import { section } from '../handovers/summary.js';
import type { DB } from '../platform/database.js';
import type { Texts } from '../platform/i18n/index.js';
import { mention } from '../proposals/messages.js';
import type { ProposalState } from '../proposals/rules.js';

type KnownBlock = types.KnownBlock;

/** What the Home tab shows, read with indexed queries only (states, open follow-ups, today's audit lines). */
export interface DashboardFacts {
  onDuty: { userId: string; since: Date } | null;
  waiting: Array<{ ref: number; state: ProposalState; text: string; publishAt: Date | null; link: string | null }>;
  followups: Array<{ ref: number; dueAt: Date; text: string; link: string | null }>;
  /** `to`: the member named, else the one who acknowledged (as in `/handover history`); null while nobody has. */
  lastHandover: { from: string; to: string | null; at: Date; link: string | null } | null;
  today: { proposed: number; published: number; rejected: number; failed: number };
}

/** Items per list on the Home tab: Slack caps a view at 100 blocks. */
const SHOWN = 15;

export class DashboardReader {
  private readonly s;

  constructor(
    db: DB,
    private readonly messageLink: (channel: string, ts: string | null) => string | null,
    private readonly roster = new DutyRoster(db),
  ) {
    this.s = {
      waiting: db.prepare(
        `SELECT p.ref, p.state, v.text, v.publish_at, v.channel_id, v.message_ts FROM proposals p
         JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version
         WHERE p.state IN ('pending', 'scheduled', 'waiting', 'publishing', 'uncertain') ORDER BY p.ref LIMIT ${SHOWN + 1}`,
      ),
      followups: db.prepare(
        `SELECT f.ref, f.due_at, v.text, v.channel_id, v.message_ts FROM followups f JOIN proposals p ON p.ref = f.ref
         JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version
         WHERE f.state = 'open' ORDER BY f.due_at LIMIT ${SHOWN + 1}`,
      ),
      handover: db.prepare(
        `SELECT from_user, COALESCE(to_user, acknowledged_by) AS to_user, at, permalink FROM handovers ORDER BY at DESC, id DESC LIMIT 1`,
      ),
      today: db.prepare(
        `SELECT action, COUNT(*) AS n FROM audit_log WHERE at >= ? AND subject = 'proposal'
         AND action IN ('proposed', 'published', 'rejected', 'failed', 'uncertain') GROUP BY action`,
      ),
    };
  }

  read(now: Date, timeZone: string): DashboardFacts {
    const startOfDay = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').toUTC().toISO()!;
    const counts = new Map((this.s.today.all(startOfDay) as Array<{ action: string; n: number }>).map((r) => [r.action, r.n]));
    const handover = this.s.handover.get() as { from_user: string; to_user: string | null; at: string; permalink: string | null } | undefined;
    type Waiting = { ref: number; state: ProposalState; text: string; publish_at: string | null; channel_id: string; message_ts: string | null };
    type Open = { ref: number; due_at: string; text: string; channel_id: string; message_ts: string | null };
    return {
      onDuty: this.roster.current(),
      waiting: (this.s.waiting.all() as Waiting[]).map((w) => ({
        ref: w.ref,
        state: w.state,
        text: w.text,
        publishAt: w.publish_at ? new Date(w.publish_at) : null,
        link: this.messageLink(w.channel_id, w.message_ts),
      })),
      followups: (this.s.followups.all() as Open[]).map((f) => ({
        ref: f.ref,
        dueAt: new Date(f.due_at),
        text: f.text,
        link: this.messageLink(f.channel_id, f.message_ts),
      })),
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

/** The Home tab: the cell's state at a glance (pure). */
export function dashboardView(f: DashboardFacts, now: Date, texts: Texts): { type: 'home'; blocks: KnownBlock[] } {
  const { t, time } = texts;
  const ref = (r: number, link: string | null) => (link ? `<${link}|#${r}>` : `#${r}`);
  const lines = <T>(items: T[], render: (item: T) => string, empty: string) =>
    items.length === 0 ? empty : [...items.slice(0, SHOWN).map(render), ...(items.length > SHOWN ? [t.homeMore()] : [])].join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: t.homeTitle() } },
    section(f.onDuty ? t.homeOnDuty({ user: mention(f.onDuty.userId), since: time(f.onDuty.since) }) : t.dutyNobody()),
    section(t.homeToday(f.today)),
    { type: 'divider' },
    section(
      `${t.homeWaitingTitle()}\n${lines(
        f.waiting,
        (w) =>
          `• ${ref(w.ref, w.link)} ${t.state[w.state]}${w.publishAt ? ` · ${time(w.publishAt)}` : ''} · « ${excerpt(w.text)} »`,
        t.nothingWaiting(),
      )}`,
    ),
    section(
      `${t.homeFollowupsTitle()}\n${lines(
        f.followups,
        (x) => t.itemFollowup({ ref: ref(x.ref, x.link), due: time(x.dueAt), overdue: x.dueAt <= now }) + ` · « ${excerpt(x.text)} »`,
        t.noOpenFollowups(),
      )}`,
    ),
    { type: 'divider' },
    section(
      f.lastHandover
        ? t.homeLastHandover({
            from: mention(f.lastHandover.from),
            to: f.lastHandover.to ? mention(f.lastHandover.to) : '…',
            at: f.lastHandover.link ? `<${f.lastHandover.link}|${time(f.lastHandover.at)}>` : time(f.lastHandover.at),
          })
        : t.handoverHistoryEmpty(),
    ),
    { type: 'context', elements: [{ type: 'mrkdwn', text: t.homeUpdated({ at: time(now) }) }] },
  ];
  return { type: 'home', blocks };
}
