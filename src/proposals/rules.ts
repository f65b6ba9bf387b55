/**
 * The life of a proposal, as plain functions over plain data: no I/O, no clock of their own.
 *
 *   pending     ──quorum──▶ publishing (one delivery per network)
 *               ──quorum, --at later──▶ scheduled
 *               ──quorum, --at more than the grace ago──▶ expired
 *               ──reject──▶ rejected
 *               ──its message cannot be shown in the channel──▶ failed
 *   scheduled   ──its time──▶ publishing                  ──bot down past the grace──▶ expired
 *               ──approval withdrawn──▶ pending           ──reject──▶ rejected
 *
 * Once approved, its state is read from its deliveries (`stateOfDeliveries`): each goes
 *   publishing ──the network's answer──▶ published | failed | uncertain
 *              ──429──▶ waiting ──the network's reset──▶ publishing
 *   failed (credentials refused), uncertain ──Retry──▶ publishing, or waiting
 *   uncertain ──"It is online"──▶ published
 * (an edit of a pending or scheduled proposal is a new version, pending)
 */

import type { Delivery } from './store.js';

export type ProposalState =
  | 'pending'
  | 'scheduled'
  | 'waiting'
  | 'publishing'
  | 'published'
  | 'rejected'
  | 'failed'
  | 'uncertain'
  | 'expired';

/** States in which approvals may still come and go. */
export const OPEN_STATES: readonly ProposalState[] = ['pending', 'scheduled'];

/**
 * An approved proposal's state, from its deliveries: what still moves first, then what needs a person,
 * then the outcome. With one network it is that delivery's state.
 */
export function stateOfDeliveries(states: readonly ('publishing' | 'waiting' | 'published' | 'failed' | 'uncertain')[]): ProposalState {
  for (const state of ['publishing', 'waiting', 'uncertain', 'failed'] as const) if (states.includes(state)) return state;
  return 'published';
}

/** An approved proposal may still go out this late after its --at time; later, it expires. */
const LATE_GRACE_MS = 15 * 60 * 1000;

export interface ApprovalRules {
  approveReactions: readonly string[];
  rejectReactions: readonly string[];
  approvalsRequired: number;
}

export interface ProposalFacts {
  ref: number;
  authorId: string;
  state: ProposalState;
  /** Users whose approval of the current version counts, in the order they approved. */
  approvals: readonly string[];
  publishAt: Date | null;
}

interface Reaction {
  change: 'added' | 'removed';
  userId: string;
  /** As Slack names it, skin tone included (`+1::skin-tone-3`). */
  emoji: string;
  userIsMember: boolean;
}

type ReactionDecision =
  | { effect: 'none'; why: 'not_our_emoji' | 'not_member' | 'closed' | 'no_change' }
  | { effect: 'own_approval' }
  | { effect: 'approval_added'; approvals: string[]; next: ProposalState }
  | { effect: 'approval_withdrawn'; approvals: string[]; next: ProposalState }
  | { effect: 'rejected'; by: string };

/** `+1::skin-tone-3` counts as `+1`. */
export function baseEmoji(name: string): string {
  return name.replace(/::skin-tone-\d+$/, '').replace(/^:|:$/g, '');
}

export function decideReaction(p: ProposalFacts, r: Reaction, rules: ApprovalRules, now: Date): ReactionDecision {
  const emoji = baseEmoji(r.emoji);
  const approves = rules.approveReactions.includes(emoji);
  const rejects = rules.rejectReactions.includes(emoji);
  if (!approves && !rejects) return { effect: 'none', why: 'not_our_emoji' };
  if (!r.userIsMember) return { effect: 'none', why: 'not_member' };
  if (!OPEN_STATES.includes(p.state)) return { effect: 'none', why: 'closed' };

  if (rejects) {
    // Removing a reject reaction does not revive a proposal: rejection is final.
    return r.change === 'added' ? { effect: 'rejected', by: r.userId } : { effect: 'none', why: 'no_change' };
  }
  if (r.userId === p.authorId) {
    return r.change === 'added' ? { effect: 'own_approval' } : { effect: 'none', why: 'no_change' };
  }
  const already = p.approvals.includes(r.userId);
  if (r.change === 'added') {
    if (already) return { effect: 'none', why: 'no_change' };
    const approvals = [...p.approvals, r.userId];
    return { effect: 'approval_added', approvals, next: stateFor(approvals.length, p.publishAt, rules, now) };
  }
  if (!already) return { effect: 'none', why: 'no_change' };
  const approvals = p.approvals.filter((u) => u !== r.userId);
  return { effect: 'approval_withdrawn', approvals, next: stateFor(approvals.length, p.publishAt, rules, now) };
}

/** Where an open proposal stands with this many approvals at this instant. */
export function stateFor(approvalCount: number, publishAt: Date | null, rules: ApprovalRules, now: Date): ProposalState {
  if (approvalCount < rules.approvalsRequired) return 'pending';
  return timingOf(publishAt, now);
}

/** For an approved proposal: go now, wait for its time, or give up because it is too late. */
export function timingOf(publishAt: Date | null, now: Date): 'publishing' | 'scheduled' | 'expired' {
  if (!publishAt) return 'publishing';
  const lateBy = now.getTime() - publishAt.getTime();
  if (lateBy < 0) return 'scheduled';
  return lateBy < LATE_GRACE_MS ? 'publishing' : 'expired';
}

/** Why a proposal cannot reply to REF's post, when it cannot. */
export type ReplyTargetProblem =
  | { code: 'unknown_ref'; ref: number }
  | { code: 'ref_not_published'; ref: number; state: ProposalState }
  | { code: 'ref_dry_run'; ref: number };

/**
 * A reply needs REF published on at least one network. A dry-run post exists nowhere: when every
 * publication of REF was a dry run and this one will be real somewhere, there is nothing to answer.
 */
export function replyTargetProblem(
  ref: number,
  target: { state: ProposalState; published: ReadonlyArray<{ dryRun: boolean }> } | null,
  publishingForReal: boolean,
): ReplyTargetProblem | null {
  if (!target) return { code: 'unknown_ref', ref };
  if (target.published.length === 0) return { code: 'ref_not_published', ref, state: target.state };
  if (publishingForReal && target.published.every((p) => p.dryRun)) return { code: 'ref_dry_run', ref };
  return null;
}

/** Posts of one part whose answers were lost, at most, before a person is asked. */
export const MAX_LOST_ANSWERS = 3;

/** Exponential backoff with jitter (`random` in [0, 1)): about 5 s, 10 s, 20 s, never over a minute. */
export function retryDelayMs(attempt: number, random: number): number {
  const base = 5_000 * 2 ** attempt;
  return Math.min(60_000, Math.round(base * (0.5 + random)));
}

/** What Slack shows on a proposal message, from `reactions.get`. */
export interface ReactionsOnMessage {
  name: string;
  users: readonly string[];
}

export type Resync =
  | { effect: 'rejected'; by: string }
  | { effect: 'approvals'; add: string[]; remove: string[]; approvals: string[]; next: ProposalState };

/**
 * Reactions are facts on Slack's side: those added or removed while the bot was down still count.
 * Compares what Slack shows with the stored approvals of an open proposal.
 */
export function resyncReactions(
  p: ProposalFacts,
  reactions: readonly ReactionsOnMessage[],
  isMember: (userId: string) => boolean,
  rules: ApprovalRules,
  now: Date,
): Resync {
  const byEmoji = (names: readonly string[]) =>
    [...new Set(reactions.filter((r) => names.includes(baseEmoji(r.name))).flatMap((r) => r.users))].filter(isMember);
  const rejecter = byEmoji(rules.rejectReactions)[0];
  if (rejecter) return { effect: 'rejected', by: rejecter };
  const onSlack = byEmoji(rules.approveReactions).filter((u) => u !== p.authorId);
  const add = onSlack.filter((u) => !p.approvals.includes(u));
  const remove = p.approvals.filter((u) => !onSlack.includes(u));
  const approvals = [...p.approvals.filter((u) => !remove.includes(u)), ...add];
  return { effect: 'approvals', add, remove, approvals, next: stateFor(approvals.length, p.publishAt, rules, now) };
}

/** How far a delivery of a thread got. */
export const postedParts = (d: Delivery) => d.parts.filter((x) => x.remote).length;

/** A delivery of a thread stopped half way: some parts online, not all. */
export const halfPosted = (d: Delivery) => postedParts(d) > 0 && postedParts(d) < d.parts.length;

/**
 * Whether a person may take a delivery up again (*Retry*, *It is not online*): uncertain, refused
 * credentials, or a thread half posted (from its first part not posted, whatever stopped it).
 */
export const retryable = (d: Delivery) => d.state === 'uncertain' || (d.state === 'failed' && (d.failureCode === 'credentials' || halfPosted(d)));
