import type { Statement } from 'better-sqlite3';
import type { DB } from '../platform/database.js';

export type AuditSubject = 'proposal' | 'followup' | 'handover' | 'duty' | 'template';

export interface AuditEntry {
  at: Date;
  actor: string;
  subject: AuditSubject;
  ref?: number | null;
  action: string;
  /** The network of a delivery's event. */
  network?: string | null;
  text?: string | null;
  detail?: Record<string, unknown> | null;
}

/** The bot itself, as an actor in the audit log. */
export const BOT_ACTOR = 'comcell';

/** One prepared statement per connection: preparing it for every line was a measurable share of a /tweet. */
const inserts = new WeakMap<DB, Statement<unknown[]>>();

/** Appends one line; call it inside the transaction that makes the change, so both land or neither. */
export function appendAudit(db: DB, entry: AuditEntry): void {
  let insert = inserts.get(db);
  if (!insert) {
    insert = db.prepare(`INSERT INTO audit_log (at, actor, subject, ref, action, network, text, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    inserts.set(db, insert);
  }
  insert.run(
    entry.at.toISOString(),
    entry.actor,
    entry.subject,
    entry.ref ?? null,
    entry.action,
    entry.network ?? null,
    entry.text ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  );
}
