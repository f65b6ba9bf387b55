import type { ProposalsContext } from './context.js';
import { resyncProposal } from './reactions.js';
import { OPEN_STATES } from './rules.js';

/** Slack retries for minutes, not days: event ids older than this can be forgotten. */
const EVENT_MEMORY_MS = 24 * 60 * 60 * 1000;

/**
 * At start-up, continue from what is stored. A proposal left "publishing" by a stop or a crash may or
 * may not be on X: it is never re-posted blindly. A proposal stored but never shown (crash before
 * chat.postMessage) is shown now.
 */
export async function recoverProposals(ctx: ProposalsContext, interrupted: readonly number[]): Promise<void> {
  const { store, board, publisher, clock, log } = ctx;
  const now = clock.now();
  store.forgetEventsBefore(new Date(now.getTime() - EVENT_MEMORY_MS));

  // Its outcome is unknown: the account is searched before anything is posted again.
  for (const ref of interrupted) {
    log.warn({ ref }, 'publication interrupted by a stop: checking the account before anything else');
    publisher.recover(ref);
  }
  const waiting = store.inState(['waiting']);
  if (waiting.length > 0 && !publisher.queueUntil()) store.transaction(() => publisher.scheduleQueue(now));
  for (const p of store.inState(OPEN_STATES)) {
    if (p.messageTs) {
      // Reactions made while the bot was down, or whose events died with it, still count.
      await resyncProposal(ctx, p.ref).catch((error) => log.warn({ err: error, ref: p.ref }, 'reactions could not be re-read'));
      continue;
    }
    try {
      await board.post(p);
      log.info({ ref: p.ref }, 'proposal stored before a restart is now shown in the channel');
    } catch (error) {
      log.error({ err: error, ref: p.ref }, 'proposal could not be shown in the channel at start-up');
    }
  }
}
