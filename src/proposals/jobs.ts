import type { NetworkName } from '../networks/network.js';
import type { ProposalsContext } from './context.js';
import { LIMIT_JOB, PUBLISH_AT_JOB, RESYNC } from './ids.js';
import { OPEN_STATES } from './rules.js';

/** The scheduled work of proposals: `--at` publications, and a network's rate limit ending. */
export function registerJobs(ctx: ProposalsContext): void {
  // At its time, a still-scheduled proposal goes out (or waits behind a rate limit, or expires if the bot was
  // down past the grace period: never silently hours late). One no longer scheduled is left alone.
  ctx.scheduler.handle(PUBLISH_AT_JOB, (job, now) => {
    ctx.applier.within(ctx.capability, Number(job.payload.ref), { type: 'due' }, now);
    return { next: null };
  });

  // The network's limit is over: what it made wait goes now, in approval order.
  ctx.scheduler.handle(LIMIT_JOB, (job, now) => {
    const network = String(job.payload.network) as NetworkName;
    for (const ref of ctx.store.endLimit(network, now)) ctx.applier.within(ctx.capability, ref, { type: 'resume', network }, now);
    return { next: null };
  });
}

/**
 * At start-up, continue from what is stored. Deliveries left "publishing" need nothing: the next attempt,
 * by another run, looks for the post first. Open proposals have their reactions re-read (in the inbox,
 * retried until Slack answers).
 */
export function recoverProposals(ctx: ProposalsContext): void {
  for (const p of ctx.store.inState(['publishing'])) {
    ctx.log.warn({ ref: p.ref }, 'publication interrupted by a stop: the network is searched before anything is posted again');
  }
  for (const p of ctx.store.inState(OPEN_STATES)) if (p.messageTs) ctx.inbox.requeue(RESYNC, `resync:${p.ref}`, { ref: p.ref });
}
