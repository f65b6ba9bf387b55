/**
 * A template's text: literal parts and `{fields}` (pure). A field is `{name}`, its name letters, digits and
 * `_`; the same name twice is one field, filled in both places. `{{` and `}}` stand for a literal brace (as in
 * Python's and .NET's format strings), so a lone `}` is a mistake rather than text.
 */

export type Part = { literal: string } | { field: string };

/** Where a text goes wrong, with a few characters from that place so the person finds it. */
export type TextFieldProblem =
  | { code: 'unclosed_brace'; near: string }
  | { code: 'empty_field'; near: string }
  | { code: 'bad_field'; name: string }
  | { code: 'stray_brace'; near: string }
  | { code: 'field_too_long'; name: string; max: number }
  | { code: 'too_many_fields'; count: number; max: number };

export type ParsedTemplate = { ok: true; parts: Part[]; fields: string[] } | { ok: false; problems: TextFieldProblem[] };

/** Names are words, not sentences: a label in the form, a key in the stored values. */
export const FIELD_NAME_MAX = 40;
/** One input per field in a modal of at most 100 blocks (Slack's limit), with room for the rest of the form. */
export const MAX_FIELDS = 20;

const NAME = /^[\p{L}\p{N}_]+$/u;
const NEAR = 12;

export function parseTemplate(text: string): ParsedTemplate {
  const parts: Part[] = [];
  const problems: TextFieldProblem[] = [];
  let literal = '';
  let i = 0;
  // A few characters from a brace on: after an opening one, up to a closing one; on its line.
  const after = (at: number) => text.slice(at, at + NEAR).split('\n')[0]!;
  const before = (at: number) => text.slice(Math.max(0, at - NEAR + 1), at + 1).split('\n').pop()!;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if ((c === '{' || c === '}') && next === c) {
      literal += c;
      i += 2;
    } else if (c === '}') {
      problems.push({ code: 'stray_brace', near: before(i) });
      i += 1;
    } else if (c === '{') {
      // A field is on one line and holds no other brace: anything else is a `{` left open.
      const end = text.slice(i + 1).search(/[{}\n]/);
      const close = end === -1 ? -1 : i + 1 + end;
      if (close === -1 || text[close] !== '}') {
        problems.push({ code: 'unclosed_brace', near: after(i) });
        i += 1;
        continue;
      }
      const name = text.slice(i + 1, close);
      if (name === '') problems.push({ code: 'empty_field', near: after(i) });
      else if (!NAME.test(name)) problems.push({ code: 'bad_field', name });
      else if (name.length > FIELD_NAME_MAX) problems.push({ code: 'field_too_long', name, max: FIELD_NAME_MAX });
      else {
        if (literal) parts.push({ literal });
        literal = '';
        parts.push({ field: name });
      }
      i = close + 1;
    } else {
      literal += c;
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  const fields = [...new Set(parts.flatMap((p) => ('field' in p ? [p.field] : [])))];
  if (fields.length > MAX_FIELDS) problems.push({ code: 'too_many_fields', count: fields.length, max: MAX_FIELDS });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, parts, fields };
}

/** The text with each field replaced by its value, as typed: a value is never read for fields itself. */
export function fill(parts: readonly Part[], values: Readonly<Record<string, string>>): string {
  return parts.map((p) => ('field' in p ? (values[p.field] ?? '') : p.literal)).join('');
}

/** What the form shows for a field not filled yet: the field as the template writes it. */
export function preview(parts: readonly Part[], values: Readonly<Record<string, string>>): string {
  return parts.map((p) => ('field' in p ? values[p.field] || `{${p.field}}` : p.literal)).join('');
}

/** A field's name as a form's label: `lieu_exact` → `Lieu exact`. */
export function fieldLabel(name: string): string {
  const words = name.replace(/_+/g, ' ').trim() || name;
  return words.charAt(0).toLocaleUpperCase('fr') + words.slice(1);
}
