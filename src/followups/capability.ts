import type { Capability } from '../platform/apply.js';
import type { DutyRoster } from '../handovers/duty.js';
import type { ProposalStore } from '../proposals/store.js';
import { decide, type FollowupAnswer, type FollowupChange, type FollowupEvent, type FollowupRecord, type FollowupSettings } from './decide.js';
import type { FollowupStore } from './store.js';

/** Follow-ups as `apply` sees them: keyed by the proposal they follow up. */
export class FollowupsCapability implements Capability<number, FollowupRecord, FollowupEvent, FollowupChange, FollowupAnswer> {
  readonly name = 'followups';

  constructor(
    private readonly store: FollowupStore,
    private readonly proposals: Pick<ProposalStore, 'get'>,
    private readonly roster: Pick<DutyRoster, 'current'>,
    readonly settings: FollowupSettings,
  ) {}

  load(ref: number): FollowupRecord {
    return {
      ref,
      nextId: this.store.nextId(),
      proposal: this.proposals.get(ref),
      followup: this.store.latestFor(ref),
      onDuty: this.roster.current()?.userId ?? null,
    };
  }

  decide(record: FollowupRecord, event: FollowupEvent, now: Date) {
    return decide(record, event, now, this.settings);
  }

  write(record: FollowupRecord, changes: readonly FollowupChange[], now: Date): void {
    this.store.write(record.ref, record.nextId, changes, now);
  }
}
