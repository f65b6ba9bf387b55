import type { Applier } from '../platform/apply.js';
import type { Inbox } from '../platform/inbox.js';
import type { Logger } from '../platform/logger.js';
import { NETWORKS, type NetworkName } from '../networks/network.js';
import { altTextsKey, fullTextKey, proposalKey, RESYNC } from './ids.js';
import type { Outbox, OutboxOp } from '../platform/outbox.js';
import type { ProposalsCapability } from './capability.js';
import type { ReplySubject } from './decide.js';
import { altsCut, proposalMessage, replacedMessage, type BoardSettings } from './messages.js';
import { isCut, replyCount } from './preview.js';
import { altTextsReply, credentialsAlert, fullTextReply, replyMessage } from './replies.js';
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
  const version = (data: Record<string, unknown>) => store.get(Number(data.ref), Number(data.version));
  outbox.define(
    'proposal',
    (data) => {
      const ref = Number(data.ref);
      const p = store.get(ref);
      if (!p) return null;
      if (Number(data.version) < p.version) {
        const old = version(data);
        return old ? replacedMessage(old, p, settings) : null;
      }
      const notes = deps.notes.map((note) => note(p)).filter((line): line is string => line !== null);
      return proposalMessage(p, settings, notes, p.replyToRef ? store.get(p.replyToRef) : null);
    },
    {
      shown: (row, ts, now, adopted) => {
        const ref = Number(row.data.ref);
        store.attachMessage(ref, Number(row.data.version), ts);
        // What the message could not show whole goes in its thread, once, right under it.
        const p = version(row.data);
        if (p) outbox.write(fullTexts(p, row.key, row.target), now);
        // Found after a lost answer: people may have reacted to it while its ts was unknown.
        if (adopted) deps.inbox.requeue(RESYNC, `resync:${ref}`, { ref });
        deps.log.info({ ref, version: Number(row.data.version), ts }, 'proposal posted');
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
    const p = version(data);
    return p ? replyMessage(p, data as unknown as ReplySubject, settings) : null;
  });
  outbox.define('proposal_text', (data) => {
    const p = version(data);
    return p ? fullTextReply(p, Number(data.part), Number(data.index), settings) : null;
  });
  outbox.define('proposal_alts', (data) => {
    const p = version(data);
    return p ? altTextsReply(p, settings) : null;
  });
  outbox.define('credentials_alert', (data) => {
    const network = String(data.network) as NetworkName;
    if (!NETWORKS.includes(network)) return null;
    const since = typeof data.since === 'string' ? new Date(data.since) : null;
    const last = store.lastPublication(network);
    const resolved = last !== null && (since === null || last.getTime() > since.getTime());
    return credentialsAlert({ network, resolved, failedRefs: store.failedOnCredentials(network, since) }, settings);
  });
  outbox.define('proposal_note', (data) => {
    if (data.what === 'own_approval') return { text: t.ownApproval({ ref: Number(data.ref) }) };
    if (data.what === 'not_shown') return { text: t.postFailed({ reason: String(data.reason ?? '') }) };
    return null;
  });
}

/** The thread replies a version's message needs for what it shows cut: each cut part's full text, the alt texts. */
export function fullTexts(p: Proposal, parent: string = proposalKey(p.ref, p.version), channel: string = p.channelId): OutboxOp[] {
  const ops: OutboxOp[] = [];
  const data = { ref: p.ref, version: p.version };
  p.parts.forEach((text, i) => {
    const part = i + 1;
    if (!isCut(p.parts, part)) return;
    for (let index = 0; index < replyCount(text); index++) {
      ops.push({ op: 'post', key: fullTextKey(p.ref, p.version, part, index), channel, thread: parent, render: 'proposal_text', data: { ...data, part, index } });
    }
  });
  if (altsCut(p)) ops.push({ op: 'post', key: altTextsKey(p.ref, p.version), channel, thread: parent, render: 'proposal_alts', data });
  return ops;
}
