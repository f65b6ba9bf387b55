import { appendAudit } from '../audit/log.js';
import { immediateTransaction, type DB } from '../platform/database.js';

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

  constructor(private readonly db: DB) {
    this.latest = db.prepare(`SELECT user_id, since FROM duty ORDER BY id DESC LIMIT 1`);
    this.insert = db.prepare(`INSERT INTO duty (user_id, since, source, handover_id) VALUES (?, ?, ?, ?)`);
  }

  current(): OnDuty | null {
    const row = this.latest.get() as { user_id: string; since: string } | undefined;
    return row ? { userId: row.user_id, since: new Date(row.since) } : null;
  }

  /** Puts `userId` on duty from `now`; with its audit line, in one transaction. */
  take(userId: string, now: Date, source: DutySource = 'take', handoverId: number | null = null): void {
    immediateTransaction(this.db, () => {
      const previous = this.current();
      this.insert.run(userId, now.toISOString(), source, handoverId);
      appendAudit(this.db, {
        at: now,
        actor: userId,
        subject: 'duty',
        action: source === 'take' ? 'duty_taken' : 'duty_handed_over',
        detail: { previous: previous?.userId ?? null, handoverId },
      });
    });
  }
}
