import { appendAudit } from '../audit/log.js';
import type { DB } from '../platform/database.js';

export interface OnDuty {
  userId: string;
  since: Date;
  source: 'take' | 'handover';
}

/** Who is on duty: the member who took duty or received the latest handover. Stored, so it survives restarts. */
export class DutyRoster {
  private readonly latest;
  private readonly insert;

  constructor(private readonly db: DB) {
    this.latest = db.prepare(`SELECT user_id, since, source FROM duty ORDER BY id DESC LIMIT 1`);
    this.insert = db.prepare(`INSERT INTO duty (user_id, since, source, handover_id) VALUES (?, ?, ?, ?)`);
  }

  current(): OnDuty | null {
    const row = this.latest.get() as { user_id: string; since: string; source: OnDuty['source'] } | undefined;
    return row ? { userId: row.user_id, since: new Date(row.since), source: row.source } : null;
  }

  /** Puts `userId` on duty from `now`; with its audit line, in one transaction. */
  take(userId: string, now: Date, source: OnDuty['source'] = 'take', handoverId: number | null = null): void {
    this.db.transaction(() => {
      const previous = this.current();
      this.insert.run(userId, now.toISOString(), source, handoverId);
      appendAudit(this.db, {
        at: now,
        actor: userId,
        subject: 'duty',
        action: source === 'take' ? 'duty_taken' : 'duty_handed_over',
        detail: { previous: previous?.userId ?? null, handoverId },
      });
    })();
  }
}
