import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Scheduler } from '../platform/scheduler.js';
import { tweetUrl, type MediaToAttach, type PostOutcome, type XClient } from '../platform/x.js';
import type { ProposalBoard } from './board.js';
import { MAX_ATTEMPTS, failureOf, retryDelayMs, type ProposalState } from './rules.js';
import type { Proposal, ProposalStore } from './store.js';

/**
 * Something another capability does when a proposal is published, inside the same transaction (so it
 * is stored with the publication or not at all); what it returns runs once that is committed.
 */
export type PublishedHook = (p: Proposal, now: Date) => (() => Promise<void>) | void;

export const RETRY_JOB = 'proposal_publish_retry';
export const QUEUE_JOB = 'proposal_publish_queue';
const QUEUE_KEY = 'x:queue';
const retryKey = (ref: number) => `publish:retry:${ref}`;
/** When X says "rate limited" without saying until when. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

/**
 * The exactly-once path from "publishing" to "published". A proposal reaches "publishing" through a
 * compare-and-set committed before this code runs, so only one caller ever posts it; every outcome is
 * committed before Slack is told. When X's answer is lost, the account is searched before anything is
 * posted again.
 */
export class Publisher {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly publishedHooks: PublishedHook[] = [];
  private stopping = false;

  constructor(
    private readonly store: ProposalStore,
    private readonly x: XClient,
    private readonly board: ProposalBoard,
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Images are fetched from Slack at publication, with the bot token. */
    private readonly fetchImage: (fileId: string) => Promise<{ data: Buffer; mimeType: string }>,
  ) {
    scheduler.handle(RETRY_JOB, (job) => {
      const ref = Number(job.payload.ref);
      const attempt = Number(job.payload.attempt ?? 1);
      return { next: null, after: () => this.retryAfterUnknown(ref, attempt) };
    });
    scheduler.handle(QUEUE_JOB, (_job, now) => {
      // Everything X made wait goes now, in approval order, one after the other.
      const waiting = this.store.inState(['waiting']).sort((a, b) => (a.approvedAt?.getTime() ?? 0) - (b.approvedAt?.getTime() ?? 0));
      for (const p of waiting) this.store.transition(p, 'waiting', { to: 'publishing', publishStartedAt: now }, now);
      return {
        next: null,
        after: async () => {
          for (const p of waiting) await this.publish(p.ref);
        },
      };
    });
  }

  onPublished(hook: PublishedHook): void {
    this.publishedHooks.push(hook);
  }

  /** Until when X makes proposals wait, if it does: new approvals queue behind them. */
  queueUntil(): Date | null {
    return this.scheduler.get(QUEUE_KEY)?.dueAt ?? null;
  }

  /**
   * Sends an approved proposal (or one retried) towards X: to "publishing", or to "waiting" while X makes
   * earlier ones wait — it then goes after them, in approval order, instead of calling X inside the limit.
   * A compare-and-set from `from` like `transition` (null: someone else moved it first); call it inside
   * the transaction that decides it, and on "publishing" start publishing once that is committed.
   */
  moveToPublishing(
    p: Proposal,
    from: ProposalState,
    change: { actor?: string; approvedAt?: Date; detail?: Record<string, unknown> },
    now: Date,
  ): 'publishing' | 'waiting' | null {
    const until = this.queueUntil();
    if (until) {
      const moved = this.store.transition(p, from, { to: 'waiting', ...change, failureCode: 'rate_limited', failureDetail: until.toISOString() }, now);
      return moved ? 'waiting' : null;
    }
    return this.store.transition(p, from, { to: 'publishing', ...change, publishStartedAt: now }, now) ? 'publishing' : null;
  }

  /** Starts publishing in the background; the caller has already committed the "publishing" state. */
  start(ref: number): void {
    this.track(this.publish(ref));
  }

  /** A publication left "publishing" by a stop or a crash: its outcome is unknown. */
  recover(ref: number): void {
    if (this.scheduler.get(retryKey(ref))) return; // a retry is already stored and will fire
    this.track(this.retryAfterUnknown(ref, 1));
  }

  async publish(ref: number, attempt = 0): Promise<void> {
    const p = this.store.get(ref);
    if (!p || p.state !== 'publishing' || this.stopping) return;
    const log = this.log.child({ ref, attempt });
    const replyTo = p.replyToRef ? this.store.get(p.replyToRef) : null;
    let outcome: PostOutcome;
    if (p.replyToRef && !replyTo?.tweetId) {
      outcome = { kind: 'invalid', status: 0, detail: 'reply_target' };
    } else {
      const media = await this.images(p);
      if ('error' in media) {
        outcome = { kind: 'invalid', status: 0, detail: `image_unavailable: ${media.error}` };
      } else {
        log.info({ dryRun: this.x.dryRun, replyTo: replyTo?.tweetId, images: media.length }, 'posting to X');
        outcome = await this.x.post({ text: p.text, replyToTweetId: replyTo?.tweetId ?? undefined, media });
      }
    }
    if (outcome.kind === 'duplicate' && attempt > 0) {
      // After a lost answer, "duplicate content" most likely means our own earlier attempt went through.
      const lookup = await this.x.findRecent(p.text, p.publishStartedAt ?? p.createdAt);
      if (lookup.kind === 'found') outcome = { kind: 'posted', tweetId: lookup.tweetId, dryRun: false };
    }
    await this.record(p, outcome, attempt, log);
  }

  /** The proposal's images, downloaded from Slack now (an image that cannot be had is a definite failure). */
  private async images(p: Proposal): Promise<MediaToAttach[] | { error: string }> {
    const media: MediaToAttach[] = [];
    for (const image of p.images) {
      try {
        const file = await this.fetchImage(image.fileId);
        media.push({ data: file.data, mimeType: image.mimetype || file.mimeType, altText: image.altText });
      } catch (error) {
        return { error: `${image.name}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return media;
  }

  /** Waits, at most `ms`, for publications under way; new ones are refused from now on (parked for the restart). */
  async drain(ms: number): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
  }

  /** The answer to a post was lost: is the tweet on the account? Found: published. Absent: post again, later. */
  private async retryAfterUnknown(ref: number, attempt: number): Promise<void> {
    const p = this.store.get(ref);
    if (!p || p.state !== 'publishing' || this.stopping) return;
    const log = this.log.child({ ref, attempt });
    const lookup = await this.x.findRecent(p.text, p.publishStartedAt ?? p.createdAt);
    if (lookup.kind === 'found') {
      log.info({ tweetId: lookup.tweetId }, 'tweet found on the account after a lost answer');
      return this.record(p, { kind: 'posted', tweetId: lookup.tweetId, dryRun: false }, attempt, log);
    }
    if (lookup.kind === 'unreadable') {
      return this.record(p, { kind: 'unknown', detail: `the account cannot be read to check: ${lookup.detail}` }, MAX_ATTEMPTS, log);
    }
    log.warn('tweet not on the account after a lost answer: posting again');
    return this.publish(ref, attempt);
  }

  private async record(p: Proposal, outcome: PostOutcome, attempt: number, log: Logger): Promise<void> {
    let afterwards: Array<() => Promise<void>> | null = [];
    if (outcome.kind === 'posted') {
      // Stored as published before anything more is asked of X: a crash now must not leave a posted tweet
      // "publishing" (recovery would find it uncertain on plans without reads). Without the username yet,
      // the stored link goes through X's `i` path (which redirects), and is named once X tells it.
      const username = this.x.knownAccount()?.username ?? null;
      let url = outcome.dryRun ? undefined : tweetUrl(outcome.tweetId, username);
      afterwards = this.markPublished(p, 'publishing', { tweetId: outcome.tweetId, tweetUrl: url, dryRun: outcome.dryRun });
      if (!outcome.dryRun && username === null && afterwards !== null) url = (await this.nameTheLink(p.ref, outcome.tweetId)) ?? url;
      log.info({ tweetId: outcome.tweetId, dryRun: outcome.dryRun, url }, outcome.dryRun ? 'published (dry run: nothing sent to X)' : 'published');
    } else if (outcome.kind === 'rate_limited') {
      const now = this.clock.now();
      const until = outcome.resetAt && outcome.resetAt > now ? outcome.resetAt : new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
      this.store.transaction(() => {
        this.store.transition(p, 'publishing', { to: 'waiting', failureCode: 'rate_limited', failureDetail: until.toISOString() }, now);
        this.scheduleQueue(until);
      });
      log.warn({ until }, 'rate limited by X: waiting for the reset');
    } else if (outcome.kind === 'unknown' && attempt + 1 < MAX_ATTEMPTS) {
      const now = this.clock.now();
      const at = new Date(now.getTime() + retryDelayMs(attempt, Math.random()));
      this.scheduler.schedule(RETRY_JOB, retryKey(p.ref), at, { ref: p.ref, attempt: attempt + 1 });
      log.warn({ detail: outcome.detail, retryAt: at }, 'outcome unknown: the account will be checked before any new attempt');
      return; // still "publishing": nothing new to show yet
    } else {
      const now = this.clock.now();
      const [to, code, detail] = failureOf(outcome);
      this.store.transition(p, 'publishing', { to, failureCode: code, failureDetail: detail }, now);
      log.warn({ outcome: outcome.kind, detail: outcome.detail }, to === 'uncertain' ? 'outcome unknown: a person must check the account' : 'publishing failed');
    }
    await this.board.refresh(p.ref, { announce: true });
    for (const after of afterwards ?? []) await after().catch((error) => log.error({ err: error }, 'work after publication failed'));
  }

  /** After the publication is stored: the link with the account's username, when X tells it. */
  private async nameTheLink(ref: number, tweetId: string): Promise<string | null> {
    const account = await this.x.account();
    if (!account) return null;
    const url = tweetUrl(tweetId, account.username);
    this.store.setTweetUrl(ref, url);
    return url;
  }

  /** A person checked the account after an uncertain outcome: the tweet is online. */
  async confirmOnline(ref: number, by: string): Promise<boolean> {
    const p = this.store.get(ref);
    if (!p || p.state !== 'uncertain') return false;
    const afterwards = this.markPublished(p, 'uncertain', { actor: by, detail: { confirmedBy: by } });
    if (afterwards === null) return false;
    await this.board.refresh(ref, { announce: true });
    for (const after of afterwards) await after().catch((error) => this.log.error({ err: error, ref }, 'work after publication failed'));
    return true;
  }

  /** Publishes `p` from `from` with what other capabilities store alongside; null when someone else moved it first. */
  private markPublished(
    p: Proposal,
    from: 'publishing' | 'uncertain',
    change: { tweetId?: string; tweetUrl?: string; dryRun?: boolean; actor?: string; detail?: Record<string, unknown> },
  ): Array<() => Promise<void>> | null {
    const now = this.clock.now();
    return this.store.transaction(() => {
      if (!this.store.transition(p, from, { to: 'published', publishedAt: now, ...change }, now)) return null;
      const published = this.store.get(p.ref)!;
      return this.publishedHooks.map((hook) => hook(published, now)).filter((after): after is () => Promise<void> => !!after);
    });
  }

  /** Call inside a transaction: X made us wait until `until`; what is waiting goes then. */
  scheduleQueue(until: Date): void {
    const current = this.scheduler.get(QUEUE_KEY);
    if (!current || current.dueAt < until) this.scheduler.schedule(QUEUE_JOB, QUEUE_KEY, until);
  }

  private track(run: Promise<void>): void {
    const tracked = run.catch((error) => this.log.error({ err: error }, 'publishing crashed'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
