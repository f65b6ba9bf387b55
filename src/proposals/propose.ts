import type { TweetOptions } from './command.js';
import type { ProposalsContext } from './context.js';
import type { Problem } from './messages.js';
import { replyTargetProblem } from './rules.js';
import type { NewProposal, Proposal } from './store.js';

type Proposed = { ok: true; ref: number } | { ok: false; ref: number; reason: string };

/** What the stored state says against the options of a draft (the text itself is checked by the parser). */
export function draftProblems(ctx: ProposalsContext, options: Pick<TweetOptions, 'replyToRef'>): Problem[] {
  if (options.replyToRef === null) return [];
  const problem = replyTargetProblem(options.replyToRef, ctx.store.get(options.replyToRef), !ctx.x.dryRun);
  return problem ? [problem] : [];
}

/**
 * Stores a checked draft (a failed write rejects here, before Slack hears it accepted), and returns
 * what shows it in the team channel once it is on disk.
 */
export async function propose(ctx: ProposalsContext, draft: Omit<NewProposal, 'channelId'>): Promise<{ ref: number; show: () => Promise<Proposed> }> {
  const proposal = await ctx.store.create({ ...draft, channelId: ctx.config.teamChannelId }, ctx.clock.now());
  return { ref: proposal.ref, show: () => show(ctx, proposal) };
}

/**
 * Shows a stored proposal in the channel. When Slack (or the disk) refuses, the proposal is closed as
 * failed — never left stored but invisible, where nobody could approve it.
 */
async function show(ctx: ProposalsContext, proposal: Proposal): Promise<Proposed> {
  try {
    // On disk before anyone sees it; a disk that refuses the sync is a failure like Slack refusing.
    await ctx.store.durable();
    await ctx.board.post(proposal);
    ctx.log.info({ ref: proposal.ref, author: proposal.authorId }, 'proposal posted');
    return { ok: true, ref: proposal.ref };
  } catch (error) {
    const reason = slackErrorCode(error);
    ctx.log.error({ err: error, ref: proposal.ref }, 'proposal could not be posted in the team channel');
    ctx.store.transition(proposal, 'pending', { to: 'failed', failureCode: 'slack_post_failed', failureDetail: reason }, ctx.clock.now());
    return { ok: false, ref: proposal.ref, reason };
  }
}

function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } })?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}
