import { FollowupStore } from '../followups/store.js';
import type { DB } from '../platform/database.js';

/** What a shift summary is composed from: read once from the database, stored with the summary. */
export interface ShiftFacts {
  since: string;
  until: string;
  proposed: number[];
  published: Array<{ ref: number; url: string | null }>;
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
}

/** Items of a list kept with a summary: far more than it shows, far less than years of backlog. */
const KEPT = 100;

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

/** Reads the facts of the shift [since, until) and what is still waiting or open at `until`. */
export class ShiftFactsReader {
  private readonly events;
  private readonly waiting;
  private readonly waitingCount;

  constructor(
    db: DB,
    private readonly followups = new FollowupStore(db),
  ) {
    this.events = db.prepare(
      `SELECT a.ref, a.action,
         (SELECT dp.url FROM deliveries d JOIN delivery_parts dp ON dp.delivery_id = d.id
          WHERE d.ref = a.ref AND d.network = COALESCE(a.network, 'x') AND d.state = 'published' AND d.dry_run = 0 AND dp.url IS NOT NULL
          ORDER BY d.version DESC, dp.part DESC LIMIT 1) AS url
       FROM audit_log a
       WHERE a.subject = 'proposal' AND a.at >= ? AND a.at < ? AND a.action IN (${OUTCOMES.map(() => '?').join(', ')})
       ORDER BY a.id`,
    );
    this.waiting = db.prepare(
      `SELECT p.ref, p.state, v.publish_at FROM proposals p JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version
       WHERE p.state IN ('pending', 'scheduled') ORDER BY p.ref LIMIT ${KEPT}`,
    );
    this.waitingCount = db.prepare(`SELECT COUNT(*) AS n FROM proposals WHERE state IN ('pending', 'scheduled')`);
  }

  read(since: Date, until: Date): ShiftFacts {
    const facts = quietShift(since, until);
    type Event = { ref: number; action: (typeof OUTCOMES)[number]; url: string | null };
    for (const e of this.events.all(since.toISOString(), until.toISOString(), ...OUTCOMES) as Event[]) {
      if (e.action === 'published') facts.published.push({ ref: e.ref, url: e.url || null });
      else if (!facts[e.action].includes(e.ref)) facts[e.action].push(e.ref);
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
    return facts;
  }
}
