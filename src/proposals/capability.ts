import type { Capability } from '../platform/apply.js';
import { decide, type ProposalAnswer, type ProposalEvent, type ProposalRecord, type ProposalSettings } from './decide.js';
import type { ProposalChange, ProposalStore } from './store.js';

/** A new proposal has no reference yet: it takes the next one inside the transaction that stores it. */
export const NEW = null;

/** Proposals as `apply` sees them: load a proposal with the facts its rules read, decide, write. */
export class ProposalsCapability implements Capability<number | null, ProposalRecord, ProposalEvent, ProposalChange, ProposalAnswer> {
  readonly name = 'proposals';

  constructor(
    private readonly store: ProposalStore,
    readonly settings: ProposalSettings,
  ) {}

  load(ref: number | null, now: Date): ProposalRecord {
    const proposal = ref === NEW ? null : this.store.get(ref);
    // Only a delivery under way or uncertain can end in a publication or a refusal: the others skip the query.
    const live = proposal?.deliveries.filter((d) => (d.state === 'publishing' || d.state === 'uncertain') && !d.dryRun) ?? [];
    return {
      ref: ref ?? this.store.nextRef(),
      proposal,
      limits: this.store.limits(now),
      replyTarget: proposal?.replyToRef ? this.store.get(proposal.replyToRef) : null,
      lastPublished: Object.fromEntries(live.map((d) => [d.network, this.store.lastPublication(d.network)])),
    };
  }

  decide(record: ProposalRecord, event: ProposalEvent, now: Date) {
    return decide(record, event, now, this.settings);
  }

  write(record: ProposalRecord, changes: readonly ProposalChange[], now: Date): void {
    this.store.write(record.ref, record.proposal?.version ?? 1, changes, now);
  }
}
