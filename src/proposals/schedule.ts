import type { Job } from '../platform/scheduler.js';
import type { ProposalsContext } from './context.js';
import { timingOf } from './rules.js';
import type { Proposal } from './store.js';

/** The scheduler's kind of job that publishes an approved `--at` proposal at its time. */
export const PUBLISH_AT_JOB = 'proposal_publish_at';

/** Call inside the transaction that made the proposal scheduled. */
export function schedulePublication(ctx: ProposalsContext, p: Proposal): void {
  ctx.scheduler.schedule(PUBLISH_AT_JOB, `publish:${p.ref}`, p.publishAt!, { ref: p.ref });
}

/**
 * At its time, a still-scheduled proposal goes to "publishing" (in the firing's transaction), then to X —
 * or to "waiting" behind the proposals X makes wait after a 429.
 * If the bot was down past the grace period, it expires and the author is told: never silently hours late.
 * A proposal no longer scheduled (approval withdrawn, rejected) is left alone.
 */
export function registerScheduledPublication(ctx: ProposalsContext): void {
  ctx.scheduler.handle(PUBLISH_AT_JOB, (job: Job, now: Date) => {
    const p = ctx.store.get(Number(job.payload.ref));
    if (!p || p.state !== 'scheduled' || !p.publishAt) return { next: null };
    const timing = timingOf(p.publishAt, now);
    if (timing === 'scheduled') return { next: p.publishAt };
    if (timing === 'publishing') {
      // While X makes earlier approvals wait, this one waits behind them (and the thread says until when).
      const moved = ctx.publisher.moveToPublishing(p, 'scheduled', {}, now);
      if (moved === 'waiting') return { next: null, after: () => ctx.board.refresh(p.ref, { announce: true }) };
      return { next: null, after: () => ctx.publisher.publish(p.ref) };
    }
    ctx.store.transition(p, 'scheduled', { to: 'expired' }, now);
    return { next: null, after: () => ctx.board.refresh(p.ref, { announce: true }) };
  });
}
