import type { Applier } from '../platform/apply.js';
import type { Inbox } from '../platform/inbox.js';
import type { Logger } from '../platform/logger.js';
import { RESYNC } from './ids.js';
import type { Outbox } from '../platform/outbox.js';
import type { ProposalsCapability } from './capability.js';
import type { ReplySubject } from './decide.js';
import { proposalMessage, replacedMessage, replyMessage, type BoardSettings } from './messages.js';
import type { Proposal, ProposalStore } from './store.js';

/** A line another capability adds under a proposal's status (its follow-up), or null. */
export type ProposalNote = (p: Proposal) => string | null;

/**
 * How the proposals capability's messages are rendered when the outbox sends them — from what is stored
 * at that moment, so an update never shows an older state — and what it records when Slack shows one
 * (the message's ts, which reactions are matched against) or refuses it for good.
 */
export function defineMessages(
  outbox: Outbox,
  deps: { store: ProposalStore; settings: BoardSettings; notes: readonly ProposalNote[]; applier: Applier; capability: ProposalsCapability; log: Logger; inbox: Inbox },
): void {
  const { store, settings } = deps;
  const { t } = settings.texts;
  outbox.define(
    'proposal',
    (data) => {
      const ref = Number(data.ref);
      const version = Number(data.version);
      const p = store.get(ref);
      if (!p) return null;
      if (version < p.version) {
        const old = store.get(ref, version);
        return old ? replacedMessage(old, p, settings) : null;
      }
      const notes = deps.notes.map((note) => note(p)).filter((line): line is string => line !== null);
      return proposalMessage(p, settings, notes);
    },
    {
      shown: (row, ts, _now, adopted) => {
        store.attachMessage(Number(row.data.ref), Number(row.data.version), ts);
        // Found after a lost answer: people may have reacted to it while its ts was unknown.
        if (adopted) deps.inbox.requeue(RESYNC, `resync:${Number(row.data.ref)}`, { ref: Number(row.data.ref) });
        deps.log.info({ ref: Number(row.data.ref), version: Number(row.data.version), ts }, 'proposal posted');
      },
      // Never left stored but invisible, where nobody could approve it: closed as failed, the author told.
      failed: (row, reason, now) => {
        const respondTo = typeof row.data.respondTo === 'string' ? row.data.respondTo : undefined;
        deps.log.error({ ref: Number(row.data.ref), reason }, 'proposal could not be posted in the team channel');
        deps.applier.within(deps.capability, Number(row.data.ref), { type: 'not_shown', reason, ...(respondTo ? { respondTo } : {}) }, now);
      },
    },
  );
  outbox.define('proposal_reply', (data) => {
    const p = store.get(Number(data.ref), Number(data.version));
    return p ? replyMessage(p, data as unknown as ReplySubject, settings) : null;
  });
  outbox.define('proposal_note', (data) => {
    if (data.what === 'own_approval') return { text: t.ownApproval({ ref: Number(data.ref) }) };
    if (data.what === 'not_shown') return { text: t.postFailed({ reason: String(data.reason ?? '') }) };
    return null;
  });
}
