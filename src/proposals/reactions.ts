import { BOT_ACTOR } from '../audit/log.js';
import type { SlackRoutes } from '../platform/routes.js';
import type { ProposalsContext } from './context.js';
import { decideReaction, OPEN_STATES, resyncReactions, type ProposalState } from './rules.js';
import { schedulePublication } from './schedule.js';
import type { Proposal } from './store.js';

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts: string;
}

/** Reactions on proposal messages: approvals, withdrawals, rejections. */
export function registerReactions(routes: SlackRoutes, ctx: ProposalsContext): void {
  const onReaction =
    (change: 'added' | 'removed') =>
    async ({ event, body }: { event: ReactionEvent; body: { event_id?: string } }) => {
      const eventId = body.event_id ?? `${event.user}:${event.reaction}:${event.item?.ts}:${event.event_ts}`;
      const { effect, ref } = await handleReaction(ctx, change, event, eventId);
      // One line per reaction event, whatever it did: the trace of what became of each one.
      ctx.log.debug({ eventId, effect, ref, user: event.user, emoji: event.reaction }, 'reaction handled');
    };
  routes.event('reaction_added', onReaction('added'));
  routes.event('reaction_removed', onReaction('removed'));
}

async function handleReaction(
  ctx: ProposalsContext,
  change: 'added' | 'removed',
  event: ReactionEvent,
  eventId: string,
): Promise<{ effect: string; ref?: number }> {
  if (event.item?.type !== 'message' || event.item.channel !== ctx.config.teamChannelId) return { effect: 'not_a_proposal' };
  const found = ctx.store.findByMessage(event.item.channel, event.item.ts ?? '');
  if (!found) return { effect: 'not_a_proposal' };
  const ref = found.ref;
  const userIsMember = await ctx.members.isMember(event.user);
  const now = ctx.clock.now();

  // The event id, the approval and the state change land together: a retried event finds its id and does nothing.
  const outcome = ctx.store.transaction(() => {
    if (!ctx.store.firstDelivery(eventId, now)) return 'already_processed' as const;
    const p = ctx.store.get(ref);
    if (!p || p.version !== found.version) return 'old_version' as const; // a replaced version's reactions no longer count
    const decision = decideReaction(p, { change, userId: event.user, emoji: event.reaction, userIsMember }, ctx.config, now);
    if (decision.effect === 'approval_added') ctx.store.addApproval(p, event.user, now);
    if (decision.effect === 'approval_withdrawn') ctx.store.withdrawApproval(p, event.user, now);
    if (decision.effect === 'rejected') {
      ctx.store.transition(p, p.state, { to: 'rejected', rejectedBy: decision.by, actor: decision.by }, now);
    }
    let next = p.state;
    if ((decision.effect === 'approval_added' || decision.effect === 'approval_withdrawn') && decision.next !== p.state) {
      next = moveTo(ctx, p, decision.next, event.user, now);
    }
    return { next, decision };
  });
  if (typeof outcome === 'string') return { effect: outcome, ref };

  const { next, decision } = outcome;
  const log = ctx.log.child({ ref });
  switch (decision.effect) {
    case 'own_approval':
      await ctx.board.tellPrivately(ctx.config.teamChannelId, event.user, ctx.texts.t.ownApproval({ ref }));
      break;
    case 'rejected':
      log.info({ by: decision.by }, 'proposal rejected');
      await ctx.board.refresh(ref, { announce: true });
      break;
    case 'approval_added':
    case 'approval_withdrawn':
      log.info({ by: event.user, approvals: decision.approvals.length, state: next }, decision.effect.replace('_', ' '));
      if (next === 'publishing') ctx.publisher.start(ref);
      await ctx.board.refresh(ref, { announce: next === 'scheduled' || next === 'expired' || next === 'waiting' });
      break;
    default:
      return { effect: decision.why, ref };
  }
  return { effect: decision.effect, ref };
}

/**
 * Re-reads the reactions of a proposal on Slack (`reactions.get`) and brings the stored approvals in line:
 * at start-up, for what happened while the bot was down or died with it.
 */
export async function resyncProposal(ctx: ProposalsContext, ref: number): Promise<string> {
  const before = ctx.store.get(ref);
  if (!before?.messageTs || !OPEN_STATES.includes(before.state)) return 'closed';
  const answer = await ctx.client.reactions.get({ channel: before.channelId, timestamp: before.messageTs, full: true });
  const reactions = (answer.message?.reactions ?? []).map((r) => ({ name: r.name ?? '', users: r.users ?? [] }));
  const members = new Set<string>();
  for (const user of new Set(reactions.flatMap((r) => r.users))) if (await ctx.members.isMember(user)) members.add(user);
  const now = ctx.clock.now();
  const outcome = ctx.store.transaction(() => {
    const p = ctx.store.get(ref)!;
    if (p.state !== before.state || p.version !== before.version) return null; // changed meanwhile: the live events won
    const resync = resyncReactions(p, reactions, (u) => members.has(u), ctx.config, now);
    if (resync.effect === 'rejected') {
      ctx.store.transition(p, p.state, { to: 'rejected', rejectedBy: resync.by, actor: resync.by, detail: { source: 'reactions.get' } }, now);
      return 'rejected' as ProposalState;
    }
    for (const user of resync.add) ctx.store.addApproval(p, user, now);
    for (const user of resync.remove) ctx.store.withdrawApproval(p, user, now);
    if (resync.add.length + resync.remove.length === 0) return null;
    return resync.next !== p.state ? moveTo(ctx, p, resync.next, resync.add.at(-1) ?? BOT_ACTOR, now) : p.state;
  });
  if (!outcome) return 'in_step';
  ctx.log.info({ ref, state: outcome }, 'approvals brought in line with the reactions on Slack');
  if (outcome === 'publishing') ctx.publisher.start(ref);
  await ctx.board.refresh(ref, { announce: outcome !== 'pending' && outcome !== 'publishing' });
  return outcome;
}

/**
 * The state change an approval or a withdrawal brings, with what it needs stored alongside. While X
 * makes earlier proposals wait, a newly approved one queues behind them instead of calling X.
 */
function moveTo(ctx: ProposalsContext, p: Proposal, to: ProposalState, actor: string, now: Date): ProposalState {
  const from = p.state;
  if (to === 'publishing') return ctx.publisher.moveToPublishing(p, from, { actor, approvedAt: now }, now) ?? from;
  const approved = to === 'scheduled' || to === 'expired';
  ctx.store.transition(p, from, { to, actor, ...(approved ? { approvedAt: now } : {}) }, now);
  if (to === 'scheduled') schedulePublication(ctx, p);
  return to;
}
