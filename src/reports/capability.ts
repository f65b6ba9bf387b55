import type { Capability } from '../platform/apply.js';
import type { Outbox } from '../platform/outbox.js';
import { decideReport, reportKey, type ReportAnswer, type ReportEvent, type ReportRecord } from './decide.js';

/**
 * Reports: keyed by nothing of their own (null); what a decision needs is whether the period's report is
 * already owed to the channel, read from the outbox with the event (load runs in the transaction).
 */
export class ReportsCapability implements Capability<ReportEvent, ReportRecord, ReportEvent, never, ReportAnswer> {
  readonly name = 'reports';

  constructor(
    private readonly outbox: Outbox,
    private readonly channel: string,
  ) {}

  /** The event is its own key: it names the period, hence the outbox row. */
  load(event: ReportEvent, now: Date): ReportRecord {
    if (event.type === 'private') return { existing: null };
    const row = this.outbox.get(reportKey(event, now));
    return { existing: row ? { sharedBy: typeof row.data.sharedBy === 'string' ? row.data.sharedBy : null } : null };
  }

  decide(record: ReportRecord, event: ReportEvent, now: Date) {
    return decideReport(record, event, now, this.channel);
  }

  write(): void {
    // Nothing of its own: a report is its outbox row.
  }
}
