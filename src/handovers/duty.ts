import type { DB } from '../platform/database.js';

export interface OnDuty {
  userId: string;
  since: Date;
}

/** How a member came on duty: `/duty take`, or a handover (named, or acknowledged). */
export type DutySource = 'take' | 'handover';

/** Who is on duty: the member who took duty or received the latest handover. Stored, so it survives restarts. */
export class DutyRoster {
  private readonly latest;
  private readonly insert;

  constructor(db: DB) {
    this.latest = db.prepare(`SELECT user_id, since FROM duty ORDER BY id DESC LIMIT 1`);
    this.insert = db.prepare(`INSERT INTO duty (user_id, since, source, handover_id) VALUES (?, ?, ?, ?)`);
  }

  current(): OnDuty | null {
    const row = this.latest.get() as { user_id: string; since: string } | undefined;
    return row ? { userId: row.user_id, since: new Date(row.since) } : null;
  }

  /** Puts `userId` on duty from `now`; inside the transaction of the decision (with its audit line). */
  take(userId: string, now: Date, source: DutySource = 'take', handoverId: number | null = null): void {
    this.insert.run(userId, now.toISOString(), source, handoverId);
  }
}
