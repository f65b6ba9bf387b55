import { BOT_ACTOR, type AuditEntry } from '../audit/log.js';
import type { NetworkName, PostOutcome, RemotePost } from '../networks/network.js';
import type { Decision, Emitted, JobOp } from '../platform/apply.js';
import type { OutboxOp } from '../platform/outbox.js';
import { credentialsAlertKey, LIMIT_JOB, limitKey, proposalKey, PUBLISH_AT_JOB, publishAtKey, replyKey } from './ids.js';
import {
  decideReaction,
  MAX_LOST_ANSWERS,
  OPEN_STATES,
  resyncReactions,
  retryable,
  retryDelayMs,
  stateOfDeliveries,
  timingOf,
  type ApprovalRules,
  type ProposalState,
  type ReactionsOnMessage,
} from './rules.js';
import type { Delivery, Draft, Proposal, ProposalChange } from './store.js';

/** What `decide` knows of the installation: fixed at start. */
export interface ProposalSettings extends ApprovalRules {
  channel: string;
  /** The networks configured, and which of them run dry. */
  networks: Partial<Record<NetworkName, { dryRun: boolean }>>;
  /** This run of the bot: an attempt by another run may have been cut short by a crash. */
  runId: string;
}

/** The record an event is about: the proposal (null for a new one), and the facts its rules read. */
export interface ProposalRecord {
  ref: number;
  proposal: Proposal | null;
  /** Rate limits in force, per network: deliveries wait until then, in approval order. */
  limits: Partial<Record<NetworkName, Date>>;
  /** The proposal it replies to (`--reply`, a closing post), to answer its post on each network. */
  replyTarget: Proposal | null;
  /**
   * When a publication last worked on each network this proposal is publishing on (null: never): a refusal
   * of the credentials is one problem until a publication works there again, and has one alert.
   */
  lastPublished?: Partial<Record<NetworkName, Date | null>>;
}

/** A thread reply's subject: what the cell must notice, with what it needs to be said. */
export type ReplySubject =
  | { what: 'scheduled' | 'expired' | 'rejected' }
  | { what: 'waiting'; network: NetworkName; until: string }
  | { what: 'published' | 'failed' | 'uncertain'; network: NetworkName }
  | { what: 'retried'; network: NetworkName; by: string }
  | { what: 'confirmed'; network: NetworkName; by: string };

export type ProposalEvent =
  /** `respondTo`: the command's response_url, to tell its author if the message cannot be shown. */
  | { type: 'propose'; draft: Draft; respondTo?: string }
  | { type: 'edit'; draft: Draft; by: string }
  | { type: 'reaction'; change: 'added' | 'removed'; user: string; emoji: string; isMember: boolean; version: number }
  | { type: 'resync'; version: number; reactions: ReactionsOnMessage[]; members: string[] }
  | { type: 'due' }
  | { type: 'answer'; network: NetworkName; part: number; outcome: PostOutcome | { kind: 'unreadable'; detail: string }; random: number }
  | { type: 'hold'; network: NetworkName; until: Date }
  | { type: 'resume'; network: NetworkName }
  | { type: 'retry'; network: NetworkName; by: string }
  | { type: 'online'; network: NetworkName; by: string }
  | { type: 'not_shown'; reason: string; respondTo?: string };

/** What the person who acted is told, or what became of the event (logged). */
export type ProposalAnswer =
  | { ok: true; effect: string; state?: ProposalState; ref?: number }
  | { ok: false; why: 'unknown' | 'stale' | 'not_author' | 'old_version' | 'not_our_emoji' | 'not_member' | 'closed' | 'no_change' };

type Out = Decision<ProposalChange, ProposalAnswer>;

/** When a network says "rate limited" without saying until when. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

/** The rules of a proposal's life: (record, event, now) → what changes, what is said, what comes next. Pure. */
export function decide(record: ProposalRecord, event: ProposalEvent, now: Date, settings: ProposalSettings): Out {
  const p = record.proposal;
  if (event.type === 'propose') return propose(record.ref, event.draft, now, settings, event.respondTo);
  if (!p) return none({ ok: false, why: 'unknown' });
  const d = new Builder(p, now);
  switch (event.type) {
    case 'edit':
      return edit(d, p, event, settings);
    case 'reaction':
      return reaction(d, record, event, now, settings);
    case 'resync':
      return resync(d, record, event, now, settings);
    case 'due':
      return due(d, record, now, settings);
    case 'answer':
      return answer(d, record, event, now, settings);
    case 'hold':
      return hold(d, p, event.network, event.until);
    case 'resume': {
      const delivery = deliveryOn(p, event.network);
      if (delivery?.state !== 'waiting') return d.done({ ok: false, why: 'stale' });
      d.delivery(delivery, { state: 'publishing', waitUntil: null, owner: settings.runId, lostAnswers: 0 }, BOT_ACTOR);
      return d.done({ ok: true, effect: 'resumed' });
    }
    case 'retry':
      return retry(d, record, event, now, settings);
    case 'online': {
      const delivery = deliveryOn(p, event.network);
      if (delivery?.state !== 'uncertain') return d.done({ ok: false, why: 'stale' });
      d.delivery(delivery, { state: 'published', publishedAt: now, failureCode: null, failureDetail: null }, event.by, { confirmedBy: event.by });
      d.reply({ what: 'confirmed', network: event.network, by: event.by });
      d.message({ op: 'refresh', key: credentialsAlertKey(event.network, record.lastPublished?.[event.network]) });
      return d.done({ ok: true, effect: 'confirmed' });
    }
    case 'not_shown':
      if (p.state !== 'pending') return d.done({ ok: false, why: 'stale' });
      d.state('failed', BOT_ACTOR, { failure: { code: 'slack_post_failed', detail: event.reason } });
      {
        // Told through the command's response_url when there is one: the channel itself may be what fails.
        const key = `${proposalKey(p.ref, p.version)}:not_shown`;
        const data = { what: 'not_shown', ref: p.ref, reason: event.reason };
        d.message(
          event.respondTo
            ? { op: 'respond', key, url: event.respondTo, render: 'proposal_note', data }
            : { op: 'ephemeral', key, channel: settings.channel, user: p.authorId, render: 'proposal_note', data },
        );
      }
      return d.done({ ok: true, effect: 'failed' });
  }
}

function propose(ref: number, draft: Draft, now: Date, settings: ProposalSettings, respondTo: string | undefined): Out {
  const key = proposalKey(ref, 1);
  return {
    changes: [{ type: 'create', draft, channelId: settings.channel }],
    audit: [
      {
        at: now,
        actor: draft.authorId,
        subject: 'proposal',
        ref,
        action: 'proposed',
        text: draft.text,
        detail: { version: 1, followupSeconds: draft.followupSeconds, publishAt: draft.publishAt?.toISOString() ?? null, replyToRef: draft.replyToRef, networks: draft.networks },
      },
    ],
    messages: [{ op: 'post', key, channel: settings.channel, render: 'proposal', data: { ref, version: 1, ...(respondTo ? { respondTo } : {}) } }],
    answer: { ok: true, effect: 'proposed', state: 'pending', ref },
  };
}

function edit(d: Builder, p: Proposal, event: Extract<ProposalEvent, { type: 'edit' }>, settings: ProposalSettings): Out {
  if (event.by !== p.authorId) return d.done({ ok: false, why: 'not_author' });
  if (!OPEN_STATES.includes(p.state)) return d.done({ ok: false, why: 'stale' });
  const version = p.version + 1;
  d.change({ type: 'version', draft: event.draft, version });
  d.audit({
    action: 'edited',
    actor: event.by,
    text: event.draft.text,
    detail: { version, previousText: p.text, followupSeconds: event.draft.followupSeconds, publishAt: event.draft.publishAt?.toISOString() ?? null, replyToRef: event.draft.replyToRef },
  });
  d.job({ op: 'cancel', key: publishAtKey(p.ref) });
  // The old message says it was replaced; the new version is a new message, approved afresh.
  d.message({ op: 'refresh', key: proposalKey(p.ref, p.version) });
  d.message({ op: 'post', key: proposalKey(p.ref, version), channel: settings.channel, render: 'proposal', data: { ref: p.ref, version } });
  return d.done({ ok: true, effect: 'edited' }, false);
}

function reaction(d: Builder, record: ProposalRecord, event: Extract<ProposalEvent, { type: 'reaction' }>, now: Date, settings: ProposalSettings): Out {
  const p = record.proposal!;
  if (event.version !== p.version) return d.done({ ok: false, why: 'old_version' }, false);
  const decision = decideReaction(p, { change: event.change, userId: event.user, emoji: event.emoji, userIsMember: event.isMember }, settings, now);
  switch (decision.effect) {
    case 'none':
      return d.done({ ok: false, why: decision.why }, false);
    case 'own_approval':
      d.message({ op: 'ephemeral', key: `${proposalKey(p.ref, p.version)}:own:${event.user}:${now.getTime()}`, channel: settings.channel, user: event.user, render: 'proposal_note', data: { what: 'own_approval', ref: p.ref } });
      return d.done({ ok: true, effect: 'own_approval' }, false);
    case 'rejected':
      reject(d, p, decision.by, null);
      return d.done({ ok: true, effect: 'rejected', state: 'rejected' });
    case 'approval_added':
    case 'approval_withdrawn':
      d.change({ type: 'approval', user: event.user, added: decision.effect === 'approval_added' });
      d.audit({ action: decision.effect === 'approval_added' ? 'approved' : 'approval_withdrawn', actor: event.user, detail: { version: p.version } });
      if (decision.next !== p.state) moveTo(d, record, decision.next, event.user, now, settings);
      return d.done({ ok: true, effect: decision.effect, state: d.stateNow() });
  }
}

function resync(d: Builder, record: ProposalRecord, event: Extract<ProposalEvent, { type: 'resync' }>, now: Date, settings: ProposalSettings): Out {
  const p = record.proposal!;
  if (event.version !== p.version || !OPEN_STATES.includes(p.state)) return d.done({ ok: false, why: 'stale' }, false);
  const members = new Set(event.members);
  const result = resyncReactions(p, event.reactions, (u) => members.has(u), settings, now);
  if (result.effect === 'rejected') {
    reject(d, p, result.by, 'reactions.get');
    return d.done({ ok: true, effect: 'rejected', state: 'rejected' });
  }
  if (result.add.length + result.remove.length === 0) return d.done({ ok: true, effect: 'in_step' }, false);
  for (const user of result.add) {
    d.change({ type: 'approval', user, added: true });
    d.audit({ action: 'approved', actor: user, detail: { version: p.version, source: 'reactions.get' } });
  }
  for (const user of result.remove) {
    d.change({ type: 'approval', user, added: false });
    d.audit({ action: 'approval_withdrawn', actor: user, detail: { version: p.version, source: 'reactions.get' } });
  }
  if (result.next !== p.state) moveTo(d, record, result.next, result.add.at(-1) ?? BOT_ACTOR, now, settings);
  return d.done({ ok: true, effect: 'resynced', state: d.stateNow() });
}

function due(d: Builder, record: ProposalRecord, now: Date, settings: ProposalSettings): Out {
  const p = record.proposal!;
  if (p.state !== 'scheduled' || !p.publishAt) return d.done({ ok: false, why: 'stale' }, false);
  const timing = timingOf(p.publishAt, now);
  if (timing === 'scheduled') {
    d.job({ op: 'schedule', kind: PUBLISH_AT_JOB, key: publishAtKey(p.ref), at: p.publishAt, payload: { ref: p.ref } });
    return d.done({ ok: true, effect: 'not_yet' }, false);
  }
  if (timing === 'expired') {
    d.state('expired', BOT_ACTOR);
    d.reply({ what: 'expired' });
    return d.done({ ok: true, effect: 'expired', state: 'expired' });
  }
  startDeliveries(d, record, BOT_ACTOR, settings);
  return d.done({ ok: true, effect: 'publishing', state: d.stateNow() });
}

function reject(d: Builder, p: Proposal, by: string, source: string | null): void {
  d.state('rejected', by, { rejectedBy: by }, source ? { source } : undefined);
  d.job({ op: 'cancel', key: publishAtKey(p.ref) });
  d.reply({ what: 'rejected' });
}

/** The move an approval or a withdrawal brings to an open proposal. */
function moveTo(d: Builder, record: ProposalRecord, to: ProposalState, actor: string, now: Date, settings: ProposalSettings): void {
  const p = record.proposal!;
  if (to === 'publishing') return startDeliveries(d, record, actor, settings);
  if (to === 'pending') {
    d.state('pending', actor);
    d.job({ op: 'cancel', key: publishAtKey(p.ref) });
    return;
  }
  d.state(to, actor, { approvedAt: now });
  if (to === 'scheduled') {
    d.job({ op: 'schedule', kind: PUBLISH_AT_JOB, key: publishAtKey(p.ref), at: p.publishAt!, payload: { ref: p.ref } });
    d.reply({ what: 'scheduled' });
  } else if (to === 'expired') {
    d.reply({ what: 'expired' });
  }
}

/**
 * Approved and due: one delivery per target network, stored before any network is called. A network that
 * makes earlier approvals wait (429) makes this one wait behind them; the others go at once.
 */
function startDeliveries(d: Builder, record: ProposalRecord, actor: string, settings: ProposalSettings): void {
  const p = record.proposal!;
  const networks = p.networks.filter((n) => settings.networks[n]);
  const waiting: Array<{ network: NetworkName; until: Date }> = [];
  for (const network of networks) {
    const limit = record.limits[network];
    const until = limit && limit > d.now ? limit : null;
    if (until) waiting.push({ network, until });
    d.change({
      type: 'deliver',
      network,
      state: until ? 'waiting' : 'publishing',
      dryRun: settings.networks[network]!.dryRun,
      owner: settings.runId,
      waitUntil: until,
      replyTo: replyTargetOn(record.replyTarget, network),
      parts: p.parts.length,
    });
  }
  const state = networks.length === 0 ? 'failed' : stateOfDeliveries(waiting.length === networks.length ? ['waiting'] : ['publishing']);
  d.state(state, actor, { approvedAt: d.now, ...(networks.length === 0 ? { failure: { code: 'no_network', detail: p.networks.join(',') } } : {}) });
  for (const w of waiting) d.reply({ what: 'waiting', network: w.network, until: w.until.toISOString() });
}

/** What part 1 answers on `network`: the last post of the target there, in its thread; none if it is not there. */
function replyTargetOn(target: Proposal | null, network: NetworkName): Delivery['replyTo'] {
  const delivery = target?.deliveries.find((x) => x.network === network && x.state === 'published' && !x.dryRun);
  const posted = delivery?.parts.filter((part) => part.remote).map((part) => part.remote!) ?? [];
  const parent = posted.at(-1);
  if (!delivery || !parent) return null;
  const root: RemotePost = delivery.replyTo?.root ?? posted[0]!;
  return { parent, root };
}

function answer(d: Builder, record: ProposalRecord, event: Extract<ProposalEvent, { type: 'answer' }>, now: Date, settings: ProposalSettings): Out {
  const p = record.proposal!;
  const delivery = deliveryOn(p, event.network);
  const part = delivery?.parts.find((x) => !x.remote);
  if (!delivery || delivery.state !== 'publishing' || part?.part !== event.part) return d.done({ ok: false, why: 'stale' }, false);
  const outcome = event.outcome;
  switch (outcome.kind) {
    case 'posted': {
      d.change({ type: 'part', network: event.network, part: part.part, patch: { remote: outcome.remote, postedAt: now } });
      const next = delivery.parts.find((x) => x.part === part.part + 1);
      if (delivery.parts.length > 1) {
        // Every part of a thread has its line: how far each network got is in the audit log.
        d.audit({ action: 'part_posted', actor: BOT_ACTOR, network: event.network, text: p.parts[part.part - 1] ?? p.text, detail: { version: p.version, part: part.part, of: delivery.parts.length, remoteId: outcome.remote.id } });
      }
      if (next) {
        d.change({ type: 'part', network: event.network, part: next.part, patch: { attemptedAt: now } });
        // The next part is this run's own first attempt: no need to look for it before posting.
        d.delivery(delivery, { lostAnswers: 0, retryAt: null, owner: settings.runId }, BOT_ACTOR, undefined, false);
        return d.done({ ok: true, effect: 'part_posted' });
      }
      d.delivery(delivery, { state: 'published', publishedAt: now, lostAnswers: 0, retryAt: null }, BOT_ACTOR, { remoteId: outcome.remote.id, ...(delivery.dryRun ? { dryRun: true } : {}) });
      d.reply({ what: 'published', network: event.network });
      // A publication that works ends a credentials problem on that network: its alert says so.
      if (!delivery.dryRun) d.message({ op: 'refresh', key: credentialsAlertKey(event.network, record.lastPublished?.[event.network]) });
      return d.done({ ok: true, effect: 'published' });
    }
    case 'rate_limited': {
      const until = outcome.resetAt && outcome.resetAt > now ? outcome.resetAt : new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
      return hold(d, p, event.network, until, outcome.detail);
    }
    case 'failed': {
      d.delivery(delivery, { state: 'failed', failureCode: outcome.code, failureDetail: outcome.detail, retryAt: null }, BOT_ACTOR, { status: outcome.status });
      const credentials = outcome.code === 'credentials';
      // Refused credentials are one problem for every proposal: one alert in the channel (the same key
      // until a publication works there again), each proposal's own reply staying in its thread.
      d.reply({ what: 'failed', network: event.network }, !credentials);
      if (credentials) {
        const key = credentialsAlertKey(event.network, record.lastPublished?.[event.network]);
        d.message({ op: 'post', key, channel: settings.channel, render: 'credentials_alert', data: { network: event.network, since: record.lastPublished?.[event.network]?.toISOString() ?? null } });
        d.message({ op: 'refresh', key });
      }
      return d.done({ ok: true, effect: 'failed' });
    }
    case 'unknown': {
      const lost = delivery.lostAnswers + 1;
      if (lost < MAX_LOST_ANSWERS) {
        // Still publishing: before any new attempt the network is searched for this part.
        d.delivery(delivery, { lostAnswers: lost, retryAt: new Date(now.getTime() + retryDelayMs(lost - 1, event.random)) }, BOT_ACTOR, undefined, false);
        return d.done({ ok: true, effect: 'retry_later' }, false);
      }
      d.delivery(delivery, { state: 'uncertain', lostAnswers: lost, failureCode: 'unknown', failureDetail: outcome.detail, retryAt: null }, BOT_ACTOR);
      d.reply({ what: 'uncertain', network: event.network });
      return d.done({ ok: true, effect: 'uncertain' });
    }
    case 'unreadable':
      d.delivery(delivery, { state: 'uncertain', failureCode: 'unknown', failureDetail: outcome.detail, retryAt: null }, BOT_ACTOR);
      d.reply({ what: 'uncertain', network: event.network });
      return d.done({ ok: true, effect: 'uncertain' });
  }
}

/** A network makes its deliveries wait until `until` (a 429): this one waits, and says until when. */
function hold(d: Builder, p: Proposal, network: NetworkName, until: Date, detail?: string): Out {
  const delivery = deliveryOn(p, network);
  if (!delivery || (delivery.state !== 'publishing' && delivery.state !== 'waiting')) return d.done({ ok: false, why: 'stale' }, false);
  d.change({ type: 'limit', network, until });
  d.job({ op: 'schedule', kind: LIMIT_JOB, key: limitKey(network), at: until, payload: { network } });
  if (delivery.state === 'waiting' && delivery.waitUntil?.getTime() === until.getTime()) return d.done({ ok: true, effect: 'waiting' }, false);
  d.delivery(delivery, { state: 'waiting', waitUntil: until, retryAt: null }, BOT_ACTOR, detail ? { reason: detail } : undefined);
  d.reply({ what: 'waiting', network, until: until.toISOString() });
  return d.done({ ok: true, effect: 'waiting' });
}

function retry(d: Builder, record: ProposalRecord, event: Extract<ProposalEvent, { type: 'retry' }>, now: Date, settings: ProposalSettings): Out {
  const p = record.proposal!;
  const delivery = deliveryOn(p, event.network);
  if (!delivery || !retryable(delivery)) return d.done({ ok: false, why: 'stale' });
  // Like an approval, a retry waits behind what the network makes wait.
  const limit = record.limits[event.network];
  const until = limit && limit > now ? limit : null;
  const current = delivery.parts.find((x) => !x.remote);
  if (current) d.change({ type: 'part', network: event.network, part: current.part, patch: { attemptedAt: now } });
  d.delivery(
    delivery,
    { state: until ? 'waiting' : 'publishing', waitUntil: until, owner: settings.runId, lostAnswers: 0, retryAt: null, failureCode: null, failureDetail: null },
    event.by,
    { retriedBy: event.by },
  );
  d.reply({ what: 'retried', network: event.network, by: event.by });
  if (until) d.reply({ what: 'waiting', network: event.network, until: until.toISOString() });
  return d.done({ ok: true, effect: until ? 'waiting' : 'retried' });
}

function deliveryOn(p: Proposal, network: NetworkName): Delivery | undefined {
  return p.deliveries.find((x) => x.network === network);
}

function none(answer: ProposalAnswer): Out {
  return { changes: [], answer };
}

/**
 * Collects one decision: changes, audit lines, jobs, messages. Every delivery change re-derives the
 * proposal's state, so that one line of the audit says a change of state, with its network.
 */
class Builder {
  private readonly changes: ProposalChange[] = [];
  private readonly auditLines: AuditEntry[] = [];
  private readonly jobs: JobOp[] = [];
  private readonly messages: OutboxOp[] = [];
  private readonly emits: Emitted[] = [];
  private state_: ProposalState;
  private deliveries: Delivery[];
  private publishedAt: Date | null;
  private replies = 0;

  constructor(
    private readonly p: Proposal,
    readonly now: Date,
  ) {
    this.state_ = p.state;
    this.deliveries = p.deliveries.map((x) => ({ ...x }));
    this.publishedAt = p.publishedAt;
  }

  stateNow(): ProposalState {
    return this.state_;
  }

  change(change: ProposalChange): void {
    this.changes.push(change);
    if (change.type === 'deliver') {
      this.deliveries.push({
        id: 0, network: change.network, state: change.state, dryRun: change.dryRun, lostAnswers: 0, owner: change.owner, retryAt: null,
        waitUntil: change.waitUntil, failureCode: null, failureDetail: null, replyTo: change.replyTo, queuedAt: this.now, publishedAt: null, parts: [],
      });
    }
  }

  audit(entry: Partial<AuditEntry> & { action: string; actor: string }): void {
    this.auditLines.push({ at: this.now, subject: 'proposal', ref: this.p.ref, text: this.p.text, ...entry });
  }

  job(job: JobOp): void {
    this.jobs.push(job);
  }

  message(op: OutboxOp): void {
    this.messages.push(op);
  }

  /**
   * A reply in the proposal message's thread, so that people following it are notified; what needs someone
   * (uncertain, failed) is also shown in the channel, unless `broadcast` says otherwise.
   */
  reply(subject: ReplySubject, broadcast = subject.what === 'uncertain' || subject.what === 'failed'): void {
    const key = proposalKey(this.p.ref, this.p.version);
    this.messages.push({
      op: 'post',
      // Each network answers on its own, possibly in the same millisecond: its name keeps the keys apart.
      key: replyKey(this.p.ref, this.p.version, 'network' in subject ? `${subject.what}:${subject.network}` : subject.what, this.now, ++this.replies),
      channel: this.p.channelId,
      thread: key,
      broadcast,
      render: 'proposal_reply',
      data: { ref: this.p.ref, version: this.p.version, ...subject },
    });
  }

  /** The proposal's own state (before deliveries, or their end without any). */
  state(to: ProposalState, actor: string, extra: Omit<Extract<ProposalChange, { type: 'state' }>, 'type' | 'state'> = {}, detail?: Record<string, unknown>): void {
    const from = this.state_;
    this.changes.push({ type: 'state', state: to, ...extra });
    this.state_ = to;
    this.audit({
      action: to,
      actor,
      detail: { from, version: this.p.version, ...(extra.failure ? { failure: extra.failure.code, reason: extra.failure.detail } : {}), ...detail },
    });
  }

  /** A change of one delivery, and of the proposal's state when it follows. */
  delivery(delivery: Delivery, patch: Extract<ProposalChange, { type: 'delivery' }>['patch'], actor: string, detail?: Record<string, unknown>, audited = true): void {
    this.changes.push({ type: 'delivery', network: delivery.network, patch });
    const mine = this.deliveries.find((x) => x.network === delivery.network)!;
    Object.assign(mine, patch);
    if (!audited) return;
    const next = stateOfDeliveries(this.deliveries.map((x) => x.state));
    const firstPublication = patch.state === 'published' && this.publishedAt === null;
    if (firstPublication) this.publishedAt = this.now;
    const extra = { ...(firstPublication ? { publishedAt: this.now } : {}) };
    const failure = patch.failureCode ? { failure: patch.failureCode, reason: patch.failureDetail } : {};
    if (next !== this.state_) {
      this.changes.push({ type: 'state', state: next, ...extra });
      this.auditLines.push({ at: this.now, actor, subject: 'proposal', ref: this.p.ref, action: next, network: delivery.network, text: this.p.text, detail: { from: this.state_, version: this.p.version, ...failure, ...detail } });
      this.state_ = next;
    } else {
      // The first network done while others still publish: the proposal's publication time, its state unchanged.
      if (firstPublication) this.changes.push({ type: 'state', state: next, ...extra });
      this.auditLines.push({ at: this.now, actor, subject: 'proposal', ref: this.p.ref, action: `delivery_${patch.state ?? delivery.state}`, network: delivery.network, text: this.p.text, detail: { version: this.p.version, ...failure, ...detail } });
    }
    // Follow-ups hear of a proposal's first publication, in the same transaction.
    if (firstPublication) this.emits.push({ to: 'followups', key: this.p.ref, event: { type: 'proposal_published' } });
  }

  done(answer: ProposalAnswer, refresh = true): Out {
    if (refresh && (this.changes.length > 0 || this.messages.length > 0)) this.messages.unshift({ op: 'refresh', key: proposalKey(this.p.ref, this.p.version) });
    return { changes: this.changes, audit: this.auditLines, jobs: this.jobs, messages: this.messages, emits: this.emits, answer };
  }
}
