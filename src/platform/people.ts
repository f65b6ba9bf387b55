import type { Clock } from './clock.js';
import type { DB } from './database.js';
import type { Logger } from './logger.js';
import type { SlackClient } from './slack.js';

/** How long a name is trusted before it is asked again (people rename themselves). */
const NAME_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * The team's names, stored, so a message can say who acted without notifying them (`<@U…>` pings; a
 * name does not). Messages are rendered synchronously when sent: they read names from here; the names
 * are learned in the background, with the member list.
 */
export class People {
  private readonly s;
  private learning: Promise<void> | null = null;

  constructor(
    db: DB,
    private readonly client: SlackClient,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.s = {
      get: db.prepare(`SELECT name, updated_at FROM people WHERE user_id = ?`),
      set: db.prepare(
        `INSERT INTO people (user_id, name, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
      ),
    };
  }

  /** A person's name as the team sees it; a mention when it is not known yet (it then pings, once). */
  name(userId: string): string {
    const row = this.s.get.get(userId) as { name: string } | undefined;
    return row?.name ?? `<@${userId}>`;
  }

  /** Asks Slack for the names not known or stale, in the background; never throws. */
  learn(userIds: Iterable<string>): void {
    const now = this.clock.now().getTime();
    const wanted = [...userIds].filter((id) => {
      const row = this.s.get.get(id) as { updated_at: string } | undefined;
      return !row || now - Date.parse(row.updated_at) > NAME_TTL_MS;
    });
    if (wanted.length === 0 || this.learning) return;
    this.learning = (async () => {
      for (const user of wanted) {
        const info = await this.client.users.info({ user });
        const profile = info.user?.profile;
        const name = profile?.display_name || profile?.real_name || info.user?.real_name || info.user?.name;
        if (name) this.s.set.run(user, name, this.clock.now().toISOString());
      }
    })()
      .catch((error: unknown) => this.log.warn({ err: error }, 'team members’ names could not be read; mentions are used meanwhile'))
      .finally(() => (this.learning = null));
  }
}
