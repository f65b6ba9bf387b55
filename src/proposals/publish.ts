import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { PostOutcome, XClient } from '../platform/x.js';
import type { ProposalBoard } from './board.js';
import type { Proposal, ProposalStore } from './store.js';

/**
 * Something another capability does when a proposal is published, inside the same transaction (so it
 * is stored with the publication or not at all); what it returns runs once that is committed.
 */
export type PublishedHook = (p: Proposal, now: Date) => (() => Promise<void>) | void;

/**
 * The exactly-once path from "publishing" to "published". A proposal reaches "publishing" through a
 * compare-and-set committed before this code runs, so only one caller ever posts a given proposal;
 * the outcome is committed before Slack is told.
 */
export class Publisher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly publishedHooks: PublishedHook[] = [];
  private stopping = false;

  constructor(
    private readonly store: ProposalStore,
    private readonly x: XClient,
    private readonly board: ProposalBoard,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  onPublished(hook: PublishedHook): void {
    this.publishedHooks.push(hook);
  }

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
    let afterwards: Array<() => Promise<void>> = [];
    if (outcome.kind === 'posted') {
      const account = outcome.dryRun ? null : await this.x.account();
      const tweetUrl = outcome.dryRun ? undefined : this.x.tweetUrl(outcome.tweetId, account?.username ?? null);
      const now = this.clock.now();
      afterwards = this.store.transaction(() => {
        const change = { to: 'published' as const, tweetId: outcome.tweetId, tweetUrl, dryRun: outcome.dryRun, publishedAt: now };
        if (!this.store.transition(p, 'publishing', change, now)) return [];
        const published = this.store.get(p.ref)!;
        return this.publishedHooks.map((hook) => hook(published, now)).filter((after): after is () => Promise<void> => !!after);
      });
      log.info({ tweetId: outcome.tweetId, dryRun: outcome.dryRun, url: tweetUrl }, outcome.dryRun ? 'published (dry run: nothing sent to X)' : 'published');
    } else {
      const now = this.clock.now();
      const [to, code, detail] = failureOf(outcome);
      this.store.transition(p, 'publishing', { to, failureCode: code, failureDetail: detail }, now);
      log.warn({ outcome: outcome.kind, detail: outcome.detail }, to === 'uncertain' ? 'outcome unknown: marked uncertain' : 'publishing failed');
    }
    await this.board.refresh(p.ref, { announce: true });
    for (const after of afterwards) await after().catch((error) => log.error({ err: error }, 'work after publication failed'));
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
