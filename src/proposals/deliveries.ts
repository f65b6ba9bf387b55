import type { Media, Network, NetworkName, PartToPost, PostOutcome } from '../networks/network.js';
import type { Applier } from '../platform/apply.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Metrics } from '../platform/metrics.js';
import type { Runner } from '../platform/scheduler.js';
import type { ProposalsCapability } from './capability.js';
import type { Delivery, Proposal, ProposalStore } from './store.js';
import { publishedParts } from './thread.js';

/** What publishing tells the metrics. */
export type DeliveryMetrics = Pick<Metrics, 'delivery' | 'publicationLatency' | 'rateLimitWait' | 'networkError'>;

/** Fetches an image of a proposal from Slack, at publication (the networks' media ids expire). */
export type FetchImage = (fileId: string) => Promise<{ data: Buffer; mimeType: string }>;

/**
 * Sends deliveries to their networks: one lane per network, each in approval order, the lanes side by
 * side — an outage, a rate limit or a slow answer on one network never delays another. Every answer is
 * an event applied to its proposal (stored before anyone is told); before any attempt that may repeat an
 * earlier one (after a lost answer, or an attempt by an earlier run of the bot, cut short by a crash or a
 * stop), the network is asked whether the post is already there.
 */
export class DeliveryRunner implements Runner {
  private readonly lanes = new Map<NetworkName, Promise<void>>();
  private readonly again = new Set<NetworkName>();
  private stopping = false;

  constructor(
    private readonly store: ProposalStore,
    private readonly networks: ReadonlyMap<NetworkName, Network>,
    private readonly applier: Applier,
    private readonly capability: ProposalsCapability,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly fetchImage: FetchImage,
    private readonly random: () => number = Math.random,
    private readonly metrics: DeliveryMetrics | null = null,
  ) {}

  /** New deliveries come with a commit, which wakes every runner; this says when a retry falls due. */
  nextDue(): Date | null {
    return this.stopping ? null : this.store.earliestRetry();
  }

  run(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const lanes = [...this.networks.keys()].map((network) => this.lane(network));
    return Promise.all(lanes).then(() => undefined);
  }

  /** Stops starting attempts and waits, at most `ms`, for those under way (the next start looks before posting again). */
  async stop(ms: number): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.lanes.values()]), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  private lane(network: NetworkName): Promise<void> {
    const running = this.lanes.get(network);
    if (running) {
      this.again.add(network);
      return running;
    }
    const lane = (async () => {
      for (;;) {
        this.again.delete(network);
        while (!this.stopping) {
          const ref = this.store.nextToPublish(network, this.clock.now());
          if (ref === null) break;
          await this.attempt(ref, network);
        }
        if (!this.again.has(network) || this.stopping) return;
      }
    })()
      .catch((error) => this.log.error({ err: error, network }, 'publishing crashed'))
      .finally(() => this.lanes.delete(network));
    this.lanes.set(network, lane);
    return lane;
  }

  private async attempt(ref: number, network: NetworkName): Promise<void> {
    const p = this.store.get(ref)!;
    const delivery = p.deliveries.find((d) => d.network === network)!;
    const part = delivery.parts.find((x) => !x.remote);
    const log = this.log.child({ ref, network, part: part?.part });
    const limit = this.store.limits(this.clock.now())[network];
    if (limit) {
      // Another proposal just met the network's rate limit: this one waits behind it.
      const held = this.applier.apply(this.capability, ref, { type: 'hold', network, until: limit });
      if (delivery.state !== 'waiting' && held.answer?.ok) this.metrics?.rateLimitWait(network);
      return;
    }
    if (!part) return;
    const net = this.networks.get(network)!;
    const outcome = await this.publish(p, delivery, part.part, net, log);
    const decision = this.applier.apply(this.capability, ref, { type: 'answer', network, part: part.part, outcome, random: this.random() });
    const effect = decision.answer?.ok ? decision.answer.effect : 'stale';
    this.measure(p, network, outcome, effect, net.dryRun);
    const fields = { outcome: outcome.kind, effect, dryRun: net.dryRun, ...detailOf(outcome) };
    if (outcome.kind === 'posted') log.info(fields, effect === 'published' ? (net.dryRun ? 'published (dry run: nothing sent)' : 'published') : 'part posted');
    else if (outcome.kind === 'unknown') log.warn(fields, 'outcome unknown: the network is searched before any new attempt');
    else if (outcome.kind === 'rate_limited') log.warn(fields, 'rate limited: waiting for the reset');
    else log.warn(fields, effect === 'uncertain' ? 'outcome unknown: a person must check the account' : 'publishing failed');
  }

  /** What the people who run the bot see of an answer (GET /metrics): outcomes, latency, waits, errors. */
  private measure(p: Proposal, network: NetworkName, outcome: PostOutcome | { kind: 'unreadable' }, effect: string, dryRun: boolean): void {
    const m = this.metrics;
    if (!m) return;
    if (outcome.kind === 'rate_limited') {
      m.networkError(network, 'rate_limited');
      if (effect === 'waiting') m.rateLimitWait(network);
    } else if (outcome.kind === 'failed') m.networkError(network, outcome.code);
    else if (outcome.kind === 'unknown' || outcome.kind === 'unreadable') m.networkError(network, outcome.kind);
    if (effect === 'published') {
      m.delivery(network, dryRun ? 'dry_run' : 'published');
      // From the moment it could go: its approval, or its `--at` time when that came later.
      const from = Math.max(p.approvedAt?.getTime() ?? 0, p.publishAt?.getTime() ?? 0);
      if (from > 0 && !dryRun) m.publicationLatency(network, this.clock.now().getTime() - from);
    } else if (effect === 'failed' || effect === 'uncertain') m.delivery(network, effect);
  }

  /** One part: looked for first when an earlier attempt may have posted it, then posted. */
  private async publish(p: Proposal, delivery: Delivery, partNumber: number, net: Network, log: Logger): Promise<PostOutcome | { kind: 'unreadable'; detail: string }> {
    const part = delivery.parts.find((x) => x.part === partNumber)!;
    const previous = delivery.parts.find((x) => x.part === partNumber - 1)?.remote;
    const first = delivery.parts[0]?.remote;
    const reply = partNumber === 1 ? delivery.replyTo : previous ? { parent: previous, root: delivery.replyTo?.root ?? first ?? previous } : null;
    const media = await this.images(p, partNumber);
    if ('error' in media) return { kind: 'failed', code: 'image', status: null, detail: media.error };
    const text = publishedParts(p.parts, p.numbered)[partNumber - 1] ?? p.text;
    const toPost: PartToPost = { text, media, reply, key: part.key };
    const earlier = delivery.lostAnswers > 0 || delivery.owner !== this.capability.settings.runId;
    const since = part.attemptedAt ?? delivery.queuedAt;
    if (earlier) {
      const lookup = await net.find(toPost, since);
      log.info({ lookup: lookup.kind }, 'looked for the post before a new attempt');
      if (lookup.kind === 'found') return { kind: 'posted', remote: lookup.remote };
      if (lookup.kind === 'unreadable') return lookup;
    }
    log.info({ dryRun: net.dryRun, images: media.length, reply: reply?.parent.id }, `posting to ${LABELS[net.name]}`);
    const outcome = await net.post(toPost);
    if (outcome.kind === 'failed' && outcome.code === 'duplicate' && earlier) {
      // After a lost answer, "duplicate content" most likely means our own earlier attempt went through.
      const lookup = await net.find(toPost, since);
      if (lookup.kind === 'found') return { kind: 'posted', remote: lookup.remote };
    }
    return outcome;
  }

  /** A part's images, fetched from Slack now (an image that cannot be had is a definite failure). */
  private async images(p: Proposal, part: number): Promise<Media[] | { error: string }> {
    const media: Media[] = [];
    for (const image of p.images.filter((i) => (i.part ?? 1) === part)) {
      try {
        const file = await this.fetchImage(image.fileId);
        media.push({ data: file.data, mimeType: image.mimetype || file.mimeType, altText: image.altText });
      } catch (error) {
        return { error: `${image.name}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    return media;
  }
}

/** How the logs name each network. */
const LABELS: Record<NetworkName, string> = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };

function detailOf(outcome: PostOutcome | { kind: 'unreadable'; detail: string }): Record<string, unknown> {
  return outcome.kind === 'posted' ? { remoteId: outcome.remote.id, url: outcome.remote.url } : { detail: outcome.detail };
}
