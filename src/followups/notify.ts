import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import type { DB } from '../platform/database.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Metrics } from '../platform/metrics.js';
import type { Outbox } from '../platform/outbox.js';
import { escapeForSlack } from '../platform/slackText.js';
import { mention } from '../proposals/messages.js';
import type { ProposalStore } from '../proposals/store.js';
import { handledReminder, reminderMessage } from './messages.js';
import type { FollowupStore } from './store.js';

/**
 * How follow-up messages are rendered when sent: a reminder is live (with its buttons) only while it is the
 * latest and unanswered; otherwise it says what became of it. A reminder is recorded as sent when Slack took it.
 */
export function defineMessages(
  outbox: Outbox,
  deps: { db: DB; store: FollowupStore; proposals: ProposalStore; texts: Texts; metrics?: Pick<Metrics, 'reminderSent'> },
): void {
  const { store, proposals, texts } = deps;
  const { t } = texts;
  outbox.define(
    'reminder',
    (data) => {
      const f = store.get(Number(data.followup));
      const p = proposals.get(Number(data.ref));
      if (!f || !p) return null;
      const number = Number(data.number);
      const message = reminderMessage(f, p, { texts, mentioned: String(data.mentioned), number, escalated: data.escalated === true });
      const last = f.lastAction;
      if (f.state === 'resolved') return handledReminder(message.text, t.followupResolvedThread({ closingRef: f.closingRef ?? 0 }), last?.by ?? p.authorId, texts);
      if (f.state === 'closed') return handledReminder(message.text, t.followupClosed({ ref: f.ref }), last?.by ?? f.resolvedBy ?? p.authorId, texts);
      // Someone acted after this reminder when fewer reminders than this one's number are unanswered.
      const answeredAfter = f.remindersSent - f.unanswered >= number;
      if (answeredAfter && last) return handledReminder(message.text, t.followupSnoozed({ ref: f.ref, until: texts.time(new Date(last.until ?? last.at)) }), last.by, texts);
      if (f.remindersSent === number) return message;
      return { text: message.text, blocks: [message.blocks[0]!, { type: 'context', elements: [{ type: 'mrkdwn', text: t.reminderSuperseded({ number: f.remindersSent }) }] }] };
    },
    {
      shown: (row, _ts, now) => {
        const p = proposals.get(Number(row.data.ref));
        appendAudit(deps.db, {
          at: now,
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
  outbox.define('followup_note', (data) => {
    switch (data.what) {
      case 'snoozed':
        return { text: t.followupSnoozedThread({ by: mention(String(data.by)), until: texts.time(new Date(String(data.until))) }) };
      case 'closed':
        return { text: t.followupClosedThread({ by: mention(String(data.by)), reason: data.reason ? escapeForSlack(String(data.reason)) : null }) };
      case 'resolved':
        return { text: t.followupResolvedThread({ closingRef: Number(data.closingRef) }) };
      default:
        return null;
    }
  });
}
