import type { AuditEntry } from '../audit/log.js';
import type { Decision } from '../platform/apply.js';
import type { Template, TemplateChange } from './store.js';

/** A template is known by its name; its rules read the other templates too (closing links). */
export interface TemplateRecord {
  name: string;
  templates: ReadonlyMap<string, Template>;
}

/** From `/template add | change | remove`; the text was checked by the command's parser. */
export type TemplateEvent =
  | { type: 'add'; text: string; closing: string | null; followupSeconds: number | null; by: string }
  /** What is absent is kept; null clears a closing template or a follow-up delay. */
  | { type: 'change'; text?: string; closing?: string | null; followupSeconds?: number | null; by: string }
  | { type: 'remove'; by: string };

export type TemplateContent = Pick<Template, 'name' | 'text' | 'closing' | 'followupSeconds'>;

export type TemplateAnswer =
  | { ok: true; effect: 'added' | 'changed' | 'unchanged' | 'removed'; template: TemplateContent }
  | { ok: false; why: 'taken' | 'unknown' | 'closing_unknown' | 'closing_self'; closing?: string }
  /** Removing a template other templates name as their closing one: refused, naming them. */
  | { ok: false; why: 'linked'; linkedBy: string[] };

type Out = Decision<TemplateChange, TemplateAnswer>;

/**
 * The rules of the cell's templates (pure). `add` of a name already taken is refused (SPEC "Templates",
 * bad input): changing a template is `change`, said in words, so that nobody replaces the cell's accident
 * template by typing a new one of the same name. A template named as another's closing template cannot be
 * removed while that link exists: the accident's closing post would silently stop being offered.
 */
export function decide(record: TemplateRecord, event: TemplateEvent, now: Date): Out {
  const { name, templates } = record;
  const current = templates.get(name) ?? null;
  switch (event.type) {
    case 'add': {
      if (current) return refused({ ok: false, why: 'taken' });
      const problem = closingProblem(record, event.closing);
      if (problem) return refused(problem);
      const template = { name, text: event.text, closing: event.closing, followupSeconds: event.followupSeconds };
      return put(template, event.by, now, 'template_added', null);
    }
    case 'change': {
      if (!current) return refused({ ok: false, why: 'unknown' });
      const closing = event.closing === undefined ? current.closing : event.closing;
      // A link already there stays valid even if the text alone changes; a new link must name a template.
      if (closing !== current.closing) {
        const problem = closingProblem(record, closing);
        if (problem) return refused(problem);
      }
      const template = {
        name,
        text: event.text ?? current.text,
        closing,
        followupSeconds: event.followupSeconds === undefined ? current.followupSeconds : event.followupSeconds,
      };
      const same = template.text === current.text && template.closing === current.closing && template.followupSeconds === current.followupSeconds;
      if (same) return { changes: [], answer: { ok: true, effect: 'unchanged', template } };
      return put(template, event.by, now, 'template_changed', current);
    }
    case 'remove': {
      if (!current) return refused({ ok: false, why: 'unknown' });
      const linkedBy = [...templates.values()].filter((t) => t.closing === name && t.name !== name).map((t) => t.name);
      if (linkedBy.length > 0) return refused({ ok: false, why: 'linked', linkedBy });
      return {
        changes: [{ type: 'delete', name }],
        audit: [audit(event.by, now, 'template_removed', current, null)],
        answer: { ok: true, effect: 'removed', template: content(current) },
      };
    }
  }
}

function closingProblem(record: TemplateRecord, closing: string | null): Extract<TemplateAnswer, { ok: false }> | null {
  if (closing === null) return null;
  if (closing === record.name) return { ok: false, why: 'closing_self' };
  return record.templates.has(closing) ? null : { ok: false, why: 'closing_unknown', closing };
}

function put(template: TemplateContent, by: string, now: Date, action: string, previous: Template | null): Out {
  return {
    changes: [{ type: 'put', ...template, by }],
    audit: [audit(by, now, action, template, previous)],
    answer: { ok: true, effect: previous ? 'changed' : 'added', template },
  };
}

function audit(by: string, now: Date, action: string, t: TemplateContent, previous: Template | null): AuditEntry {
  return {
    at: now,
    actor: by,
    subject: 'template',
    action,
    text: t.text,
    detail: {
      name: t.name,
      closing: t.closing,
      followupSeconds: t.followupSeconds,
      ...(previous ? { previous: content(previous) } : {}),
    },
  };
}

const content = (t: TemplateContent): TemplateContent => ({ name: t.name, text: t.text, closing: t.closing, followupSeconds: t.followupSeconds });

const refused = (answer: Extract<TemplateAnswer, { ok: false }>): Out => ({ changes: [], answer });
