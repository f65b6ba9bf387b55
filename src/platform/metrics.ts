import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { NETWORKS, type FailureCode, type NetworkName } from '../networks/network.js';
import type { ProposalState } from '../proposals/rules.js';

/**
 * What the people who run the bot read at `GET /metrics` (Prometheus text format), on a registry of
 * its own so that nothing else in the process adds to it. Names follow Prometheus' naming practice
 * (https://prometheus.io/docs/practices/naming/): `comcell_` prefix, base units (seconds) in the name,
 * `_total` on counters. Every label value comes from a closed list below, anything else reads `other`:
 * no user text, no message, no secret, and a bounded number of series.
 */

const PROPOSAL_STATES = ['pending', 'scheduled', 'waiting', 'publishing', 'published', 'rejected', 'failed', 'uncertain', 'expired'] as const satisfies readonly ProposalState[];

export const DELIVERY_OUTCOMES = ['published', 'dry_run', 'failed', 'uncertain'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** A network's answer that went wrong: its refusals (`FailureCode`), its limit, no answer, or a lookup that could not tell. */
export const NETWORK_ERROR_KINDS = ['rate_limited', 'credentials', 'duplicate', 'reply_target', 'image', 'invalid', 'unknown', 'unreadable'] as const satisfies readonly (FailureCode | 'rate_limited' | 'unknown' | 'unreadable')[];
export type NetworkErrorKind = (typeof NETWORK_ERROR_KINDS)[number];

/**
 * The Web API methods the bot calls, `upload` (the POST of a file's bytes to the URL Slack gives) and
 * `response_url` (an answer posted to an interaction's response URL).
 */
export const SLACK_METHODS = [
  'auth.test', 'apps.connections.open', 'chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.delete', 'chat.getPermalink',
  'conversations.members', 'conversations.history', 'conversations.replies', 'conversations.info', 'conversations.open', 'reactions.get',
  'users.info', 'views.open', 'views.update', 'views.publish', 'files.info', 'files.getUploadURLExternal', 'files.completeUploadExternal',
  'upload', 'response_url',
] as const;

/** Slack's `error` codes worth telling apart (Web API reference, each method's "Errors"), plus transport failures. */
export const SLACK_ERRORS = [
  'ratelimited', 'not_in_channel', 'channel_not_found', 'is_archived', 'message_not_found', 'cant_update_message', 'edit_window_closed',
  'msg_too_long', 'msg_blocks_too_long', 'invalid_blocks', 'invalid_arguments', 'invalid_auth', 'not_authed', 'token_revoked',
  'token_expired', 'account_inactive', 'missing_scope', 'user_not_found', 'expired_trigger_id', 'exchanged_trigger_id', 'view_too_large',
  'file_not_found', 'invalid_channel', 'fatal_error', 'internal_error', 'service_unavailable', 'request_timeout', 'http_error', 'connection',
] as const;

/**
 * The `error` label of a failed Slack call, from the Web API client's error codes (its classes may come from
 * another copy of the package): Slack's own `error`, else what the transport met.
 */
export function slackErrorLabel(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string }; message?: string; name?: string } | null;
  if (e?.code === 'slack_webapi_platform_error') return e.data?.error ?? 'other';
  if (e?.code === 'slack_webapi_rate_limited_error') return 'ratelimited';
  if (e?.code === 'slack_webapi_http_error') return 'http_error';
  const message = `${e?.name ?? ''} ${e?.message ?? ''}`;
  if (/timeout|no answer from Slack/i.test(message)) return 'request_timeout';
  return 'connection';
}

/** Approval → post: from a few milliseconds (a fake, a fast network) to a minute (retries, slow uploads). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** How late due work fired: a tick's jitter, a busy loop, or a restart after downtime. */
const LAG_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface MetricsSources {
  /** Proposals per state, read at each scrape: the database is the truth, also after a restart. */
  proposalsByState: () => Partial<Record<ProposalState, number>>;
  /** Deliveries waiting for a network's rate limit, read at each scrape. */
  waitingDeliveries?: () => Partial<Record<NetworkName, number>>;
  /** A source that threw: its gauge is left empty for that scrape, and the error is handed here. */
  onSourceError?: (error: unknown) => void;
}

/**
 * Process metrics are the process's, whoever reads them: collected once per process on a registry of their
 * own (prom-client samples the event loop with a timer for each collection started, and tests start many
 * bots in one process), merged into each scrape.
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'comcell_' });
  }
  return processRegistry;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly process: Registry | null;
  private readonly deliveries;
  private readonly latency;
  private readonly rateLimitWaits;
  private readonly reminders;
  private readonly schedulerLag;
  private readonly slackErrors;
  private readonly networkErrors;

  constructor(sources: MetricsSources, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const read = <T>(gauge: Gauge<string>, source: () => T, write: (value: T) => void) => {
      gauge.reset();
      try {
        write(source());
      } catch (error) {
        gauge.reset();
        sources.onSourceError?.(error);
      }
    };
    new Gauge({
      name: 'comcell_proposals',
      help: 'Proposals in each state.',
      labelNames: ['state'],
      registers,
      collect() {
        read(this, sources.proposalsByState, (counts) => {
          for (const state of PROPOSAL_STATES) this.set({ state }, counts[state] ?? 0);
        });
      },
    });
    const waiting = sources.waitingDeliveries;
    new Gauge({
      name: 'comcell_deliveries_waiting',
      help: 'Deliveries waiting for a network rate limit to reset.',
      labelNames: ['network'],
      registers,
      collect() {
        if (waiting) read(this, waiting, (counts) => NETWORKS.forEach((network) => this.set({ network }, counts[network] ?? 0)));
      },
    });
    this.deliveries = new Counter({ name: 'comcell_deliveries_total', help: 'Deliveries finished, by network and outcome.', labelNames: ['network', 'outcome'], registers });
    this.latency = new Histogram({
      name: 'comcell_publication_latency_seconds',
      help: 'Time from the approval that made a proposal publishable to its post on a network.',
      labelNames: ['network'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.rateLimitWaits = new Counter({ name: 'comcell_rate_limit_waits_total', help: 'Times a delivery was put to wait by a network rate limit.', labelNames: ['network'], registers });
    this.reminders = new Counter({ name: 'comcell_followup_reminders_total', help: 'Follow-up reminders sent; escalated ones carried @here.', labelNames: ['escalated'], registers });
    this.schedulerLag = new Histogram({ name: 'comcell_scheduler_lag_seconds', help: 'How late due scheduled work fired.', buckets: LAG_BUCKETS, registers });
    this.slackErrors = new Counter({ name: 'comcell_slack_api_errors_total', help: 'Slack Web API calls that failed, by method and error.', labelNames: ['method', 'error'], registers });
    this.networkErrors = new Counter({ name: 'comcell_network_errors_total', help: 'Network answers that went wrong, by network and kind.', labelNames: ['network', 'kind'], registers });

    // Every series of the closed lists exists from the start at 0, so rates and alerts see the first event.
    for (const network of NETWORKS) {
      for (const outcome of DELIVERY_OUTCOMES) this.deliveries.inc({ network, outcome }, 0);
      for (const kind of NETWORK_ERROR_KINDS) this.networkErrors.inc({ network, kind }, 0);
      this.rateLimitWaits.inc({ network }, 0);
      this.latency.zero({ network });
    }
    for (const escalated of ['true', 'false']) this.reminders.inc({ escalated }, 0);
    this.process = (options.processMetrics ?? true) ? processMetrics() : null;
  }

  delivery(network: NetworkName, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ network: closed(network, NETWORKS), outcome: closed(outcome, DELIVERY_OUTCOMES) });
  }

  /** Approval → post on `network`, in milliseconds. */
  publicationLatency(network: NetworkName, ms: number): void {
    this.latency.observe({ network: closed(network, NETWORKS) }, seconds(ms));
  }

  rateLimitWait(network: NetworkName): void {
    this.rateLimitWaits.inc({ network: closed(network, NETWORKS) });
  }

  reminderSent(escalated: boolean): void {
    this.reminders.inc({ escalated: String(escalated) });
  }

  /** Due time → firing, in milliseconds. */
  schedulerLagged(ms: number): void {
    this.schedulerLag.observe(seconds(ms));
  }

  /** `error`: Slack's `error` field, or `http_error` / `request_timeout` / `connection` when there was none. */
  slackError(method: string, error: string): void {
    this.slackErrors.inc({ method: closed(method, SLACK_METHODS), error: closed(error, SLACK_ERRORS) });
  }

  networkError(network: NetworkName, kind: NetworkErrorKind): void {
    this.networkErrors.inc({ network: closed(network, NETWORKS), kind: closed(kind, NETWORK_ERROR_KINDS) });
  }

  /** The body of `GET /metrics` and its `Content-Type`. */
  async render(): Promise<{ contentType: string; body: string }> {
    const registry = this.process ? Registry.merge([this.registry, this.process]) : this.registry;
    return { contentType: this.registry.contentType, body: await registry.metrics() };
  }
}

function closed(value: string, allowed: readonly string[]): string {
  return allowed.includes(value) ? value : 'other';
}

function seconds(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0;
}
