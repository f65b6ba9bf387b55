import type { DB } from '../platform/database.js';

/** A template as stored: its text with `{fields}`, the template of its closing post, its default follow-up delay. */
export interface Template {
  name: string;
  text: string;
  closing: string | null;
  followupSeconds: number | null;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

/** What a change writes: the content of a template and who changed it. */
export type TemplateChange =
  | { type: 'put'; name: string; text: string; closing: string | null; followupSeconds: number | null; by: string }
  | { type: 'delete'; name: string };

interface Row {
  name: string;
  text: string;
  closing: string | null;
  followup_seconds: number | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

const toTemplate = (r: Row): Template => ({
  name: r.name,
  text: r.text,
  closing: r.closing,
  followupSeconds: r.followup_seconds,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
});

/** The SQL of templates (which template a proposal was made from is the proposal's own: `Proposal.template`). */
export class TemplateStore {
  private readonly s;

  constructor(db: DB) {
    this.s = {
      all: db.prepare(`SELECT * FROM templates ORDER BY name`),
      get: db.prepare(`SELECT * FROM templates WHERE name = ?`),
      put: db.prepare(
        `INSERT INTO templates (name, text, closing, followup_seconds, created_by, created_at, updated_by, updated_at)
         VALUES (@name, @text, @closing, @followupSeconds, @by, @now, @by, @now)
         ON CONFLICT (name) DO UPDATE SET text = excluded.text, closing = excluded.closing,
           followup_seconds = excluded.followup_seconds, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      ),
      delete: db.prepare(`DELETE FROM templates WHERE name = ?`),
    };
  }

  all(): Template[] {
    return (this.s.all.all() as Row[]).map(toTemplate);
  }

  get(name: string): Template | null {
    const row = this.s.get.get(name) as Row | undefined;
    return row ? toTemplate(row) : null;
  }

  /** Writes the changes of one decision; inside `apply`'s transaction. */
  write(changes: readonly TemplateChange[], now: Date): void {
    for (const change of changes) {
      if (change.type === 'delete') this.s.delete.run(change.name);
      else this.s.put.run({ name: change.name, text: change.text, closing: change.closing, followupSeconds: change.followupSeconds, by: change.by, now: now.toISOString() });
    }
  }
}

