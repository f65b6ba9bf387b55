import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import type { DB } from '../platform/database.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Outbox } from '../platform/outbox.js';
import { mention } from '../proposals/messages.js';
import type { HandoverStore } from './store.js';
import { summaryMessage } from './summary.js';

/**
 * How handover messages are rendered when sent (from what is stored, so an acknowledgement shows), and
 * what is recorded when Slack shows one: its ts and link, and an automatic summary as posted.
 */
export function defineMessages(
  outbox: Outbox,
  deps: { db: DB; store: HandoverStore; texts: Texts; messageLink: (channel: string, ts: string) => string },
): void {
  const { store, texts } = deps;
  outbox.define(
    'handover',
    (data) => {
      const h = store.get(Number(data.id));
      if (!h) return null;
      return summaryMessage({ kind: 'handover', id: h.id, from: h.from, to: h.to, at: h.at, notes: h.notes, facts: h.facts, acknowledged: h.acknowledged }, texts);
    },
    { shown: (row, ts) => store.attachMessage(Number(row.data.id), ts, deps.messageLink(row.target, ts)) },
  );
  outbox.define(
    'shift_summary',
    (data) => {
      const boundary = new Date(String(data.boundary));
      const facts = store.summaryFacts(boundary);
      return facts ? summaryMessage({ kind: 'automatic', boundary, onDuty: (data.onDuty as string | null) ?? null, facts }, texts) : null;
    },
    {
      shown: (row, ts, now) => {
        store.attachShiftSummary(new Date(String(row.data.boundary)), ts);
        appendAudit(deps.db, { at: now, actor: BOT_ACTOR, subject: 'handover', action: 'shift_summary_posted', detail: { boundary: String(row.data.boundary) } });
      },
    },
  );
  outbox.define('duty_taken', (data) => ({ text: texts.t.dutyTaken({ user: mention(String(data.user)) }) }));
}
