import type { DB } from '../platform/database.js';

export type AuditSubject = 'proposal' | 'followup' | 'handover' | 'duty';

export interface AuditEntry {
  at: Date;
  actor: string;
  subject: AuditSubject;
  ref?: number | null;
  action: string;
  text?: string | null;
  detail?: Record<string, unknown> | null;
}

/** The bot itself, as an actor in the audit log. */
export const BOT_ACTOR = 'comcell';

/** Appends one line; call it inside the transaction that makes the change, so both land or neither. */
export function appendAudit(db: DB, entry: AuditEntry): void {
  db.prepare(
    `INSERT INTO audit_log (at, actor, subject, ref, action, text, detail) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    entry.at.toISOString(),
    entry.actor,
    entry.subject,
    entry.ref ?? null,
    entry.action,
    entry.text ?? null,
    entry.detail ? JSON.stringify(entry.detail) : null,
  );
}
