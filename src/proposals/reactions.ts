import { NotYet } from '../platform/inbox.js';
import type { SlackRoutes } from '../platform/routes.js';
import type { ProposalsContext } from './context.js';
import { REACTION_EVENT, RESYNC } from './ids.js';
import { OPEN_STATES } from './rules.js';

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type?: string; channel?: string; ts?: string };
  event_ts?: string;
}

/** A failed Slack call (the Web API client's errors): the event waits for Slack rather than being dropped. */
export const isSlackFailure = (error: unknown) => String((error as { code?: unknown })?.code ?? '').startsWith('slack_webapi');

/**
 * Reactions on proposal messages: approvals, withdrawals, rejections. An event is stored in the inbox
 * (once: Slack's event_id is its key) and handled from there: deciding needs Slack again (who is a
 * member), and an approval must not be lost because Slack failed at that moment.
 */
export function registerReactions(routes: SlackRoutes, ctx: ProposalsContext): void {
  const onReaction =
    (change: 'added' | 'removed') =>
    async ({ event, body }: { event: ReactionEvent; body: { event_id?: string } }) => {
      const eventId = body.event_id ?? `${event.user}:${event.reaction}:${event.item?.ts}:${event.event_ts}`;
      if (event.item?.type !== 'message' || event.item.channel !== ctx.config.teamChannelId || !event.item.ts) {
        return ctx.log.debug({ eventId, effect: 'not_a_proposal' }, 'reaction handled');
      }
      const payload = { change, eventId, user: event.user, emoji: event.reaction, channel: event.item.channel, ts: event.item.ts };
      const stored = await ctx.inbox.receive(REACTION_EVENT, `event:${eventId}`, payload);
      // A retried delivery of an event already stored has no second effect.
      if (!stored) ctx.log.debug({ eventId, effect: 'already_processed' }, 'reaction handled');
    };
  routes.event('reaction_added', onReaction('added'));
  routes.event('reaction_removed', onReaction('removed'));

  ctx.inbox.define(
    REACTION_EVENT,
    async (payload) => {
      const { change, eventId, user, emoji, channel, ts } = payload as { change: 'added' | 'removed'; eventId: string; user: string; emoji: string; channel: string; ts: string };
      const found = ctx.store.findByMessage(channel, ts);
      if (!found) {
        // A proposal message shown but whose ts is not stored yet (a crash, a lost answer): this may be it.
        if (ctx.store.unshownOpenProposals() > 0) throw new NotYet('a proposal message is not yet known: the reaction waits for it');
        return ctx.log.debug({ eventId, effect: 'not_a_proposal' }, 'reaction handled');
      }
      const isMember = await ctx.members.isMember(user);
      const { answer } = ctx.applier.apply(ctx.capability, found.ref, { type: 'reaction', change, user, emoji, isMember, version: found.version });
      const effect = answer?.ok ? answer.effect : answer?.why;
      if (effect === 'approval_added' || effect === 'approval_withdrawn') {
        ctx.log.info({ ref: found.ref, by: user, state: answer?.ok ? answer.state : undefined }, effect.replace('_', ' '));
      }
      // One line per reaction event, whatever it did: the trace of what became of each one.
      ctx.log.info({ eventId, effect, ref: found.ref, user, emoji, state: answer?.ok ? answer.state : undefined }, 'reaction handled');
    },
    isSlackFailure,
  );

  // Reactions are facts on Slack's side: those made while the bot was down, or whose events died with it, still count.
  ctx.inbox.define(
    RESYNC,
    async (payload) => {
      const p = ctx.store.get(Number(payload.ref));
      if (!p?.messageTs || !OPEN_STATES.includes(p.state)) return;
      const answer = await ctx.client.reactions.get({ channel: p.channelId, timestamp: p.messageTs, full: true });
      const reactions = (answer.message?.reactions ?? []).map((r) => ({ name: r.name ?? '', users: r.users ?? [] }));
      const members: string[] = [];
      for (const user of new Set(reactions.flatMap((r) => r.users))) if (await ctx.members.isMember(user)) members.push(user);
      const decision = ctx.applier.apply(ctx.capability, p.ref, { type: 'resync', version: p.version, reactions, members });
      if (decision.answer?.ok && decision.answer.effect !== 'in_step') {
        ctx.log.info({ ref: p.ref, state: decision.answer.state }, 'approvals brought in line with the reactions on Slack');
      }
    },
    isSlackFailure,
  );
}
