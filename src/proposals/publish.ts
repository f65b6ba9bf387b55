import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { PostOutcome, XClient } from '../platform/x.js';
import type { ProposalBoard } from './board.js';
import type { Proposal, ProposalStore } from './store.js';

/**
 * The exactly-once path from "publishing" to "published". A proposal reaches "publishing" through a
 * compare-and-set committed before this code runs, so only one caller ever posts a given proposal;
 * the outcome is committed before Slack is told.
 */
export class Publisher {
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly store: ProposalStore,
    private readonly x: XClient,
    private readonly board: ProposalBoard,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Starts publishing in the background; the caller has already committed the "publishing" state. */
  start(ref: number): void {
    if (this.stopping) return; // parked: the restart will find it in "publishing"
    const run = this.publish(ref).catch((error) => this.log.error({ err: error, ref }, 'publishing crashed'));
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  async publish(ref: number): Promise<void> {
    const p = this.store.get(ref);
    if (!p || p.state !== 'publishing') return;
    const log = this.log.child({ ref });

    let outcome: PostOutcome;
    const replyTo = p.replyToRef ? this.store.get(p.replyToRef) : null;
    if (p.replyToRef && !replyTo?.tweetId) {
      outcome = { kind: 'invalid', status: 0, detail: 'reply_target' };
    } else {
      log.info({ dryRun: this.x.dryRun, replyTo: replyTo?.tweetId }, 'posting to X');
      outcome = await this.x.post({ text: p.text, replyToTweetId: replyTo?.tweetId ?? undefined });
    }
    await this.record(p, outcome, log);
  }

  /** Waits, at most `ms`, for publications under way; new ones are refused from now on. */
  async drain(ms: number): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }

  private async record(p: Proposal, outcome: PostOutcome, log: Logger): Promise<void> {
    const now = this.clock.now();
    if (outcome.kind === 'posted') {
      const account = outcome.dryRun ? null : await this.x.account();
      const tweetUrl = outcome.dryRun ? undefined : this.x.tweetUrl(outcome.tweetId, account?.username ?? null);
      this.store.transition(p, 'publishing', { to: 'published', tweetId: outcome.tweetId, tweetUrl, dryRun: outcome.dryRun, publishedAt: now }, now);
      log.info({ tweetId: outcome.tweetId, dryRun: outcome.dryRun, url: tweetUrl }, outcome.dryRun ? 'published (dry run: nothing sent to X)' : 'published');
    } else {
      const [to, code, detail] = failureOf(outcome);
      this.store.transition(p, 'publishing', { to, failureCode: code, failureDetail: detail }, now);
      log.warn({ outcome: outcome.kind, detail: outcome.detail }, to === 'uncertain' ? 'outcome unknown: marked uncertain' : 'publishing failed');
    }
    await this.board.refresh(p.ref, { announce: true });
  }
}

function failureOf(outcome: Exclude<PostOutcome, { kind: 'posted' }>): ['failed' | 'uncertain', string, string] {
  switch (outcome.kind) {
    case 'duplicate':
      return ['failed', 'duplicate', outcome.detail];
    case 'refused':
      return ['failed', 'refused', `HTTP ${outcome.status}: ${outcome.detail}`];
    case 'rate_limited':
      // Until the scheduler exists, a rate limit is a failure that says when X will accept again.
      return ['failed', 'rate_limited', outcome.resetAt?.toISOString() ?? ''];
    case 'invalid':
      return outcome.detail === 'reply_target'
        ? ['failed', 'reply_target', '']
        : ['failed', 'invalid', `HTTP ${outcome.status}: ${outcome.detail}`];
    case 'unknown':
      return ['uncertain', 'unknown', outcome.detail];
  }
}
