import type { NetworkName } from '../networks/network.js';
import type { ProposalState } from '../proposals/rules.js';

/**
 * What a report is computed from: plain data the storage reads, nothing else. Passing more facts than
 * a period needs is safe (every figure filters by time); what a period [start, end) needs is:
 *
 * - proposals with `stateAt`, `firstApprovalAt` or a delivery's `publishedAt` in [start, end);
 * - follow-ups opened before `end` and not ended before `start` (`endedAt` null or ≥ start);
 * - handovers with `at` in [start, end), shift summaries with `boundaryAt` in [start, end).
 */
export interface ReportFacts {
  proposals: readonly ProposalFact[];
  followups: readonly FollowupFact[];
  handovers: readonly HandoverFact[];
  shiftSummaries: readonly ShiftSummaryFact[];
}

export type DeliveryState = 'queued' | 'publishing' | 'waiting' | 'published' | 'failed' | 'uncertain';

export interface DeliveryFact {
  network: NetworkName;
  state: DeliveryState;
  publishedAt: Date | null;
  dryRun: boolean;
}

export interface ProposalFact {
  ref: number;
  createdAt: Date;
  firstApprovalAt: Date | null;
  state: ProposalState;
  /**
   * When the proposal entered its current state (added to the brief's shape): rejected, failed and
   * expired proposals are counted in the period where that happened, so a past week's report does
   * not change when a proposal made that week expires the next.
   */
  stateAt: Date;
  template: string | null;
  deliveries: readonly DeliveryFact[];
}

export interface FollowupFact {
  id: number;
  ref: number;
  openedAt: Date;
  endedAt: Date | null;
  /** `resolved`: closed with a post; `closed`: closed without one; null while open. */
  outcome: 'resolved' | 'closed' | null;
  reminders: number;
  escalations: number;
}

export interface HandoverFact {
  at: Date;
  acknowledgedAt: Date | null;
}

/** `posted`: the automatic summary went out because no handover was recorded for that boundary. */
export interface ShiftSummaryFact {
  boundaryAt: Date;
  posted: boolean;
}
