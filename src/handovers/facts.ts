import { FollowupStore } from '../followups/store.js';
import type { NetworkName } from '../networks/network.js';
import type { DB } from '../platform/database.js';
import { AttentionReader, type Attention } from './attention.js';

/** A proposal published during the shift: one post per network (older records hold only `url`, X's). */
export interface PublishedFact {
  ref: number;
  url: string | null;
  posts?: Array<{ network: NetworkName; url: string | null; dryRun: boolean }>;
}

/** What a shift summary is composed from: read once from the database, stored with the summary. */
export interface ShiftFacts {
  since: string;
  until: string;
  proposed: number[];
  published: PublishedFact[];
  rejected: number[];
  failed: number[];
  uncertain: number[];
  expired: number[];
  waiting: Array<{ ref: number; state: 'pending' | 'scheduled'; publishAt: string | null }>;
  openFollowups: Array<{ ref: number; dueAt: string }>;
  /** How many there are in all, when the lists above hold only the first ones (older records lack them). */
  waitingTotal?: number;
  openFollowupsTotal?: number;
  overdueTotal?: number;
  /** What needed someone at `until` (older records lack it: their summary shows the history only). */
  attention?: Attention;
}

/** Items of a list kept with a summary: far more than it shows, far less than years of backlog. */
const KEPT = 100;
/** Items of each "to handle now" list kept with a summary (it shows five, then how many more). */
export const ATTENTION_KEPT = 5;

/** A shift in which nothing happened: what `read` fills in. */
export function quietShift(since: Date, until: Date): ShiftFacts {
  return {
    since: since.toISOString(),
    until: until.toISOString(),
    proposed: [],
    published: [],
    rejected: [],
    failed: [],
    uncertain: [],
    expired: [],
    waiting: [],
    openFollowups: [],
  };
}

const OUTCOMES = ['proposed', 'published', 'rejected', 'failed', 'uncertain', 'expired'] as const;

/** Reads the facts of the shift [since, until) and what is still waiting, open or needing someone at `until`. */
export class ShiftFactsReader {
  private readonly events;
  private readonly posts;
  private readonly waiting;
  private readonly waitingCount;
  private readonly attention: AttentionReader;

  constructor(
    db: DB,
    private readonly followups = new FollowupStore(db),
    link: (channel: string, ts: string | null) => string | null = () => null,
  ) {
    this.events = db.prepare(
      `SELECT a.ref, a.action FROM audit_log a
       WHERE a.subject = 'proposal' AND a.at >= ? AND a.at < ? AND a.action IN (${OUTCOMES.map(() => '?').join(', ')})
       ORDER BY a.id`,
    );
    // Each network's post of a published proposal: the link of its last part.
    this.posts = db.prepare(
      `SELECT d.network, d.dry_run,
         (SELECT dp.url FROM delivery_parts dp WHERE dp.delivery_id = d.id AND dp.url IS NOT NULL ORDER BY dp.part DESC LIMIT 1) AS url
       FROM deliveries d WHERE d.ref = ? AND d.state = 'published' ORDER BY d.version DESC, d.id`,
    );
    this.waiting = db.prepare(
      `SELECT p.ref, p.state, v.publish_at FROM proposals p JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version
       WHERE p.state IN ('pending', 'scheduled') ORDER BY p.ref LIMIT ${KEPT}`,
    );
    this.waitingCount = db.prepare(`SELECT COUNT(*) AS n FROM proposals WHERE state IN ('pending', 'scheduled')`);
    this.attention = new AttentionReader(db, link);
  }

  read(since: Date, until: Date): ShiftFacts {
    const facts = quietShift(since, until);
    type Event = { ref: number; action: (typeof OUTCOMES)[number] };
    for (const e of this.events.all(since.toISOString(), until.toISOString(), ...OUTCOMES) as Event[]) {
      if (e.action === 'published') {
        if (!facts.published.some((p) => p.ref === e.ref)) facts.published.push(this.published(e.ref));
      } else if (!facts[e.action].includes(e.ref)) facts[e.action].push(e.ref);
    }
    facts.waiting = (this.waiting.all() as Array<{ ref: number; state: 'pending' | 'scheduled'; publish_at: string | null }>).map((w) => ({
      ref: w.ref,
      state: w.state,
      publishAt: w.publish_at,
    }));
    facts.openFollowups = this.followups.listOpen(KEPT).map((f) => ({ ref: f.ref, dueAt: f.dueAt.toISOString() }));
    facts.waitingTotal = (this.waitingCount.get() as { n: number }).n;
    const counts = this.followups.countOpen(until);
    facts.openFollowupsTotal = counts.open;
    facts.overdueTotal = counts.overdue;
    facts.attention = this.attention.read(until, ATTENTION_KEPT);
    return facts;
  }

  private published(ref: number): PublishedFact {
    const rows = this.posts.all(ref) as Array<{ network: NetworkName; dry_run: number; url: string | null }>;
    // One post per network: the latest version's (rows come newest version first).
    const posts = rows.filter((r, i) => rows.findIndex((o) => o.network === r.network) === i).map((r) => ({ network: r.network, url: r.dry_run ? null : r.url || null, dryRun: r.dry_run === 1 }));
    return { ref, url: posts.find((p) => p.network === 'x')?.url ?? posts.find((p) => p.url)?.url ?? null, posts };
  }
}
