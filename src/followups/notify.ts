import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import type { Clock } from '../platform/clock.js';
import type { DB } from '../platform/database.js';
import { glance, type GlanceSource } from '../platform/i18n/glance.js';
import type { Metrics } from '../platform/metrics.js';
import type { Outbox } from '../platform/outbox.js';
import type { ProposalStore } from '../proposals/store.js';
import { reminderMessage, threadNote } from './messages.js';
import type { FollowupStore } from './store.js';

/**
 * How follow-up messages are rendered when sent, from what is stored then: a reminder is live (with its
 * buttons) only while it is the latest and unanswered; every refresh of an earlier one shows its outcome.
 * A reminder is recorded as sent when Slack took it.
 */
export function defineMessages(
  outbox: Outbox,
  deps: { db: DB; store: FollowupStore; proposals: ProposalStore; look: GlanceSource; clock: Clock; metrics?: Pick<Metrics, 'reminderSent'> },
): void {
  const { store, proposals } = deps;
  const now = () => glance(deps.look, deps.clock.now());
  outbox.define(
    'reminder',
    (data) => {
      const f = store.get(Number(data.followup));
      const p = proposals.get(Number(data.ref));
      if (!f || !p) return null;
      const reminder = {
        number: Number(data.number),
        mentioned: String(data.mentioned),
        escalated: data.escalated === true,
        ...(typeof data.unanswered === 'number' ? { unanswered: data.unanswered } : {}),
      };
      return reminderMessage(f, p, reminder, now());
    },
    {
      shown: (row, _ts, at) => {
        const p = proposals.get(Number(row.data.ref));
        appendAudit(deps.db, {
          at,
          actor: BOT_ACTOR,
          subject: 'followup',
          ref: Number(row.data.ref),
          action: 'reminder_sent',
          text: p?.text ?? '',
          detail: { followup: Number(row.data.followup), reminder: Number(row.data.number), mentioned: row.data.mentioned, escalated: row.data.escalated === true },
        });
        deps.metrics?.reminderSent(row.data.escalated === true);
      },
    },
  );
  outbox.define('followup_note', (data) => threadNote(data, now()));
}
