import type { NetworkName } from '../networks/network.js';
import type { DB } from '../platform/database.js';
import { cutText } from '../platform/blocks.js';

/** A proposal named in a list: its reference, the start of its text (as typed), a link to its message. */
export interface ProposalItem {
  ref: number;
  text: string;
  link: string | null;
}

/** What needs someone at a moment: the "to handle now" of a handover summary and of the Home tab. */
export interface Attention {
  overdue: Array<ProposalItem & { dueAt: string; reminders: number }>;
  uncertain: Array<ProposalItem & { networks: NetworkName[] }>;
  /** `network` null: the proposal itself failed (its message could not be shown). */
  failed: Array<ProposalItem & { failures: Array<{ network: NetworkName | null; code: string }> }>;
  pending: ProposalItem[];
  /** How many there are in all (the lists hold the first ones). */
  totals: { overdue: number; uncertain: number; failed: number; pending: number };
}

/** A failure stays "to handle" this long; older ones were seen by earlier shifts and are in the history. */
export const FAILED_RECENT_MS = 24 * 60 * 60 * 1000;
/** Characters of a proposal's text kept with a list item: more than any excerpt shows. */
const TEXT_KEPT = 200;

type Row = { ref: number; text: string; channel_id: string; message_ts: string | null };

/** Reads what needs someone, with indexed queries only (open follow-ups by due time, proposals by state). */
export class AttentionReader {
  private readonly s;

  constructor(
    db: DB,
    private readonly link: (channel: string, ts: string | null) => string | null,
  ) {
    const current = `JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version`;
    this.s = {
      overdue: db.prepare(
        `SELECT f.ref, f.due_at, f.reminders_sent, v.text, v.channel_id, v.message_ts FROM followups f JOIN proposals p ON p.ref = f.ref ${current}
         WHERE f.state = 'open' AND f.due_at <= ? ORDER BY f.due_at, f.id LIMIT ?`,
      ),
      overdueCount: db.prepare(`SELECT COUNT(*) AS n FROM followups WHERE state = 'open' AND due_at <= ?`),
      byState: db.prepare(`SELECT p.ref, v.text, v.channel_id, v.message_ts FROM proposals p ${current} WHERE p.state = ? AND p.updated_at >= ? ORDER BY p.ref LIMIT ?`),
      stateCount: db.prepare(`SELECT COUNT(*) AS n FROM proposals WHERE state = ? AND updated_at >= ?`),
      deliveries: db.prepare(
        `SELECT d.network, d.state, d.failure_code FROM deliveries d JOIN proposals p ON p.ref = d.ref AND d.version = p.current_version
         WHERE d.ref = ? ORDER BY d.id`,
      ),
      ownFailure: db.prepare(`SELECT failure_code FROM proposals WHERE ref = ?`),
    };
  }

  /** What needs someone at `at`: at most `limit` of each kind, and how many in all. */
  read(at: Date, limit: number): Attention {
    const iso = at.toISOString();
    const since = new Date(at.getTime() - FAILED_RECENT_MS).toISOString();
    const ever = '';
    const item = (r: Row): ProposalItem => ({ ref: r.ref, text: kept(r.text), link: this.link(r.channel_id, r.message_ts) });
    const list = (state: string, from: string) => (this.s.byState.all(state, from, limit) as Row[]).map(item);
    const count = (state: string, from: string) => (this.s.stateCount.get(state, from) as { n: number }).n;
    type Overdue = Row & { due_at: string; reminders_sent: number };
    type Delivery = { network: NetworkName; state: string; failure_code: string | null };
    const deliveries = (ref: number) => this.s.deliveries.all(ref) as Delivery[];
    return {
      overdue: (this.s.overdue.all(iso, limit) as Overdue[]).map((r) => ({ ...item(r), dueAt: r.due_at, reminders: r.reminders_sent })),
      uncertain: list('uncertain', ever).map((x) => ({ ...x, networks: deliveries(x.ref).filter((d) => d.state === 'uncertain').map((d) => d.network) })),
      failed: list('failed', since).map((x) => {
        const failures = deliveries(x.ref)
          .filter((d) => d.state === 'failed')
          .map((d) => ({ network: d.network, code: d.failure_code ?? 'unknown' }));
        const own = (this.s.ownFailure.get(x.ref) as { failure_code: string | null } | undefined)?.failure_code;
        return { ...x, failures: failures.length > 0 ? failures : [{ network: null, code: own ?? 'unknown' }] };
      }),
      pending: list('pending', ever),
      totals: {
        overdue: (this.s.overdueCount.get(iso) as { n: number }).n,
        uncertain: count('uncertain', ever),
        failed: count('failed', since),
        pending: count('pending', ever),
      },
    };
  }
}

/** The start of a text on one line, cut at a character boundary. */
function kept(text: string): string {
  return cutText(text.replace(/\s+/g, ' ').trim(), TEXT_KEPT, { kind: 'literal', ellipsis: '' });
}

/** Nothing needs anyone: what a shift stored before attention was read looks like. */
export const noAttention = (): Attention => ({ overdue: [], uncertain: [], failed: [], pending: [], totals: { overdue: 0, uncertain: 0, failed: 0, pending: 0 } });
