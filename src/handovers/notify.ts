import { appendAudit, BOT_ACTOR } from '../audit/log.js';
import { quoteInFull } from '../followups/messages.js';
import { fallbackText, section } from '../platform/blocks.js';
import type { Clock } from '../platform/clock.js';
import type { DB } from '../platform/database.js';
import { glance, type GlanceSource } from '../platform/i18n/glance.js';
import type { Outbox } from '../platform/outbox.js';
import type { HandoverStore } from './store.js';
import { summaryMessage } from './summary.js';

/**
 * How handover messages are rendered when sent, from what is stored then (so an acknowledgement, the next
 * handover, or a handover after an automatic summary shows), and what is recorded when Slack shows one:
 * its ts and link, and an automatic summary as posted.
 */
export function defineMessages(
  outbox: Outbox,
  deps: { db: DB; store: HandoverStore; look: GlanceSource; clock: Clock; messageLink: (channel: string, ts: string) => string },
): void {
  const { store, look } = deps;
  const now = () => glance(look, deps.clock.now());
  outbox.define(
    'handover',
    (data) => {
      const h = store.get(Number(data.id));
      if (!h) return null;
      const supersededAt = store.next(h.id)?.at ?? null;
      return summaryMessage({ kind: 'handover', id: h.id, from: h.from, to: h.to, at: h.at, notes: h.notes, facts: h.facts, acknowledged: h.acknowledged, supersededAt }, look);
    },
    { shown: (row, ts) => store.attachMessage(Number(row.data.id), ts, deps.messageLink(row.target, ts)) },
  );
  // Notes too long for the summary, in full in its thread.
  outbox.define('handover_notes', (data) => {
    const h = store.get(Number(data.id));
    if (!h) return null;
    const g = now();
    const title = g.t.handoverNotesFull({ from: g.name(h.from) });
    return { text: fallbackText(title), blocks: [section(title), ...quoteInFull(h.notes)] };
  });
  outbox.define(
    'shift_summary',
    (data) => {
      const boundary = new Date(String(data.boundary));
      const facts = store.summaryFacts(boundary);
      if (!facts) return null;
      const next = store.firstSince(boundary);
      const handedOver = next ? { by: next.from, at: next.at } : null;
      return summaryMessage({ kind: 'automatic', boundary, onDuty: (data.onDuty as string | null) ?? null, facts, handedOver }, look);
    },
    {
      shown: (row, ts, now) => {
        store.attachShiftSummary(new Date(String(row.data.boundary)), ts);
        appendAudit(deps.db, { at: now, actor: BOT_ACTOR, subject: 'handover', action: 'shift_summary_posted', detail: { boundary: String(row.data.boundary) } });
      },
    },
  );
  outbox.define('duty_taken', (data) => {
    const g = now();
    return { text: g.t.dutyTaken({ user: g.name(String(data.user)) }) };
  });
}
