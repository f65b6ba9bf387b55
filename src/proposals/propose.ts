import { NETWORKS, type NetworkName } from '../networks/network.js';
import { NEW } from './capability.js';
import type { TweetOptions } from './command.js';
import type { ProposalsContext } from './context.js';
import type { Problem } from './messages.js';
import { replyTargetProblem } from './rules.js';
import type { Draft } from './store.js';
import type { TextTarget } from './tweetText.js';

/** What the stored state says against the options of a draft (the text itself is checked by the parser). */
export function draftProblems(ctx: ProposalsContext, options: Pick<TweetOptions, 'replyToRef'>): Problem[] {
  if (options.replyToRef === null) return [];
  const target = ctx.store.get(options.replyToRef);
  const published = target?.deliveries.filter((d) => d.state === 'published') ?? [];
  const forReal = [...ctx.networks.values()].some((n) => !n.dryRun);
  const problem = replyTargetProblem(options.replyToRef, target && { state: target.state, published }, forReal);
  return problem ? [problem] : [];
}

/** The networks the cell publishes on, with their rules, in a fixed order (X, Mastodon, Bluesky). */
export function targets(ctx: Pick<ProposalsContext, 'networks'>): TextTarget[] {
  return NETWORKS.flatMap((n) => {
    const network = ctx.networks.get(n);
    return network ? [{ name: n, length: network.length }] : [];
  });
}

/**
 * Stores a checked draft as a new proposal, in this turn's group commit (a failed write rejects here,
 * before Slack hears it accepted); the outbox shows it in the channel once it is on disk.
 */
export async function propose(ctx: ProposalsContext, draft: Omit<Draft, 'networks'> & { networks?: NetworkName[] | null }, respondTo?: string): Promise<number> {
  const networks = draft.networks ?? targets(ctx).map((t) => t.name);
  const decision = await ctx.applier.applyGrouped(ctx.capability, NEW, { type: 'propose', draft: { ...draft, networks }, ...(respondTo ? { respondTo } : {}) });
  const ref = decision.answer?.ok ? (decision.answer.ref ?? 0) : 0;
  ctx.log.debug({ ref, author: draft.authorId }, 'proposal stored');
  return ref;
}

