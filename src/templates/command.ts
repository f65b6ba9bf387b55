import { parseDuration } from '../platform/duration.js';
import { fromSlack } from '../platform/slackText.js';
import type { NetworkName } from '../networks/network.js';
import { MAX_PARTS, splitParts } from '../proposals/thread.js';
import { checkText, type TextTarget } from '../proposals/tweetText.js';
import { fill, parseTemplate, type TextFieldProblem } from './text.js';

/**
 * `/template …` text → what to do (pure). The command has `should_escape: false`, as `/tweet`: the text
 * arrives as typed (`fromSlack`), with its `{fields}`, `#hashtags` and links.
 *
 *   /template [list]                   /template show NAME              /template remove NAME
 *   /template add NAME [options] text [options]
 *   /template change NAME [options] [text] [options]     options: --closing NAME|none, --followup DURATION|none
 */

export type TemplateOptionKey = 'closing' | 'followup';

export type TemplateProblem =
  | { code: 'unknown_subcommand'; word: string }
  | { code: 'missing_name'; subcommand: string }
  | { code: 'bad_name'; value: string }
  | { code: 'missing_text' }
  | { code: 'nothing_to_change'; name: string }
  | { code: 'too_many_words'; subcommand: string; extra: string }
  | { code: 'unknown_option'; option: string; known: string[] }
  | { code: 'missing_value'; option: string }
  | { code: 'duplicate_option'; option: string }
  | { code: 'bad_duration'; option: string; value: string }
  | { code: 'zero_duration'; option: string; value: string }
  | { code: 'control_chars'; chars: string[] }
  | { code: 'invalid_chars' }
  | { code: 'too_many_parts'; count: number; max: number }
  /** Even with every field left empty, the text is over a network's limit: no filling can fit. */
  | { code: 'skeleton_too_long'; network: NetworkName; count: number; max: number }
  | TextFieldProblem;

export type TemplateCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'show'; name: string }
  | { kind: 'remove'; name: string }
  | { kind: 'add'; name: string; text: string; closing: string | null; followupSeconds: number | null }
  /** What is absent is kept; null clears. */
  | { kind: 'change'; name: string; text?: string; closing?: string | null; followupSeconds?: number | null }
  | { kind: 'invalid'; problems: TemplateProblem[] };

type Subcommand = 'help' | 'list' | 'show' | 'add' | 'change' | 'remove';
const SUBCOMMANDS: Record<string, Subcommand> = {
  help: 'help', aide: 'help', list: 'list', liste: 'list', show: 'show', voir: 'show',
  add: 'add', ajouter: 'add', change: 'change', modifier: 'change', remove: 'remove', supprimer: 'remove',
};

export const TEMPLATE_OPTIONS: ReadonlyArray<{ key: TemplateOptionKey; names: readonly string[]; hidden: readonly string[] }> = [
  { key: 'closing', names: ['--closing', '--cloture'], hidden: ['--clôture'] },
  { key: 'followup', names: ['--followup', '--suivi'], hidden: [] },
];
const KNOWN = TEMPLATE_OPTIONS.flatMap((o) => o.names);
const BY_NAME = new Map(TEMPLATE_OPTIONS.flatMap((o) => [...o.names, ...o.hidden].map((n) => [n.slice(2), o.key] as const)));
/** The value that clears a closing template or a follow-up delay in `change`; no template may take these names. */
export const NONE = ['none', 'aucun', 'aucune'];
const NAME = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;
export const NAME_MAX = 40;

/** A template's name as stored: lower case, so `Accident` and `accident` are one template. */
export function templateName(typed: string): string | null {
  const name = typed.normalize('NFC').toLowerCase();
  return NAME.test(name) && name.length <= NAME_MAX && !NONE.includes(name) ? name : null;
}

export function parseTemplateCommand(slackText: string, networks: readonly TextTarget[]): TemplateCommand {
  const input = fromSlack(slackText).trim();
  const first = /^\S+/.exec(input)?.[0] ?? '';
  if (first === '') return { kind: 'list' };
  const subcommand = SUBCOMMANDS[first.toLowerCase()];
  if (!subcommand) return invalid({ code: 'unknown_subcommand', word: first });
  const rest = input.slice(first.length).trim();
  if (subcommand === 'help' || subcommand === 'list') {
    return rest ? invalid({ code: 'too_many_words', subcommand: first, extra: rest }) : { kind: subcommand };
  }
  const typedName = /^\S+/.exec(rest)?.[0] ?? '';
  if (!typedName) return invalid({ code: 'missing_name', subcommand: first });
  const name = templateName(typedName);
  const afterName = rest.slice(typedName.length).trim();
  if (subcommand === 'show' || subcommand === 'remove') {
    const problems: TemplateProblem[] = [];
    if (!name) problems.push({ code: 'bad_name', value: typedName });
    if (afterName) problems.push({ code: 'too_many_words', subcommand: first, extra: afterName });
    return problems.length > 0 || !name ? { kind: 'invalid', problems } : { kind: subcommand, name };
  }

  const problems: TemplateProblem[] = name ? [] : [{ code: 'bad_name', value: typedName }];
  const { text, options } = readOptions(afterName, problems);
  const closing = options.closing === undefined ? undefined : readClosing(options.closing, problems);
  const followupSeconds = options.followup === undefined ? undefined : readFollowup(options.followup, problems);
  if (text) problems.push(...textProblems(text, networks));
  else if (subcommand === 'add') problems.push({ code: 'missing_text' });
  else if (closing === undefined && followupSeconds === undefined && problems.length === 0) problems.push({ code: 'nothing_to_change', name: name ?? typedName });
  if (problems.length > 0 || !name) return { kind: 'invalid', problems };
  if (subcommand === 'add') return { kind: 'add', name, text, closing: closing ?? null, followupSeconds: followupSeconds ?? null };
  return {
    kind: 'change',
    name,
    ...(text ? { text } : {}),
    ...(closing !== undefined ? { closing } : {}),
    ...(followupSeconds !== undefined ? { followupSeconds } : {}),
  };
}

/**
 * What is wrong with a template's text: its fields, its characters, and a length no filling can fit (each part
 * of a thread on its own: a line of `---` separates them, as in `/tweet`).
 */
export function textProblems(text: string, networks: readonly TextTarget[]): TemplateProblem[] {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return parsed.problems;
  const parts = splitParts(fill(parsed.parts, {}));
  if (parts.length > MAX_PARTS) return [{ code: 'too_many_parts', count: parts.length, max: MAX_PARTS }];
  const problems = new Map<string, TemplateProblem>();
  for (const part of parts) {
    const checked = checkText(part, networks);
    for (const p of checked.ok ? [] : checked.problems) {
      // A part of fields alone is not empty: it is filled before anything is checked as a post.
      if (p.code === 'empty') continue;
      if (p.code !== 'too_long') problems.set(p.code, p);
      else {
        const network = p.network ?? 'x';
        const before = problems.get(network);
        if (!before || (before.code === 'skeleton_too_long' && before.count < p.weightedLength)) problems.set(network, { code: 'skeleton_too_long', network, count: p.weightedLength, max: p.max });
      }
    }
  }
  return [...problems.values()];
}

type Found = { option: string; key: TemplateOptionKey | null; value: string | undefined };

/**
 * Options right after the name (until the text, or a lone `--`), and at the end of the text, as the usage
 * writes them (`add NAME text --closing X`). An unknown `--word` there is refused rather than published.
 */
function readOptions(input: string, problems: TemplateProblem[]): { text: string; options: Partial<Record<TemplateOptionKey, string>> } {
  const found: Found[] = [];
  let rest = input;
  let textStart = false;
  for (;;) {
    const token = /^\S+/.exec(rest)?.[0];
    if (!token) break;
    if (token === '--') {
      rest = rest.slice(2).trim();
      textStart = true;
      break;
    }
    const option = asOption(token);
    if (!option) break;
    rest = rest.slice(token.length).trim();
    let value = option.inline;
    if (value === undefined) {
      const next = /^\S+/.exec(rest)?.[0];
      if (next && !asOption(next) && next !== '--') {
        value = next;
        rest = rest.slice(next.length).trim();
      }
    }
    found.push({ option: option.option, key: option.key, value });
  }
  // After a lone `--` everything is text, to the end.
  const trailing: Found[] = [];
  while (!textStart) {
    const last = /(?:^|\s)(\S+)$/.exec(rest);
    const alone = last ? asOption(last[1]!) : null;
    if (last && alone) {
      // `--followup=2h`, or an option with nothing after it (its value is missing), at the very end.
      trailing.unshift({ option: alone.option, key: alone.key, value: alone.inline });
      rest = rest.slice(0, last.index).trim();
      continue;
    }
    const pair = /(?:^|\s)(\S+)\s+(\S+)$/.exec(rest);
    const option = pair ? asOption(pair[1]!) : null;
    if (!pair || !option || option.inline !== undefined) break;
    trailing.unshift({ option: option.option, key: option.key, value: pair[2]! });
    rest = rest.slice(0, pair.index).trim();
  }
  const options: Partial<Record<TemplateOptionKey, string>> = {};
  for (const f of [...found, ...trailing]) {
    if (f.key === null) problems.push({ code: 'unknown_option', option: f.option, known: [...KNOWN] });
    else if (options[f.key] !== undefined) problems.push({ code: 'duplicate_option', option: f.option });
    else if (f.value === undefined || f.value === '') problems.push({ code: 'missing_value', option: f.option });
    else options[f.key] = f.value;
  }
  return { text: rest, options };
}

/** `--name[=value]`, or a phone's `—name` for a known name; null for text. */
function asOption(token: string): { option: string; key: TemplateOptionKey | null; inline: string | undefined } | null {
  const doubleHyphen = /^--\p{L}/u.test(token);
  const dash = !doubleHyphen && /^[—–]\p{L}/u.test(token);
  if (!doubleHyphen && !dash) return null;
  const body = token.slice(doubleHyphen ? 2 : 1);
  const equals = body.indexOf('=');
  const name = equals === -1 ? body : body.slice(0, equals);
  const key = BY_NAME.get(name.normalize('NFC').toLowerCase()) ?? null;
  if (!key && dash) return null;
  return { option: `--${name}`, key, inline: equals === -1 ? undefined : body.slice(equals + 1) };
}

function readClosing(value: string, problems: TemplateProblem[]): string | null | undefined {
  if (NONE.includes(value.toLowerCase())) return null;
  const name = templateName(value);
  if (!name) problems.push({ code: 'bad_name', value });
  return name ?? undefined;
}

function readFollowup(value: string, problems: TemplateProblem[]): number | null | undefined {
  if (NONE.includes(value.toLowerCase())) return null;
  const seconds = parseDuration(value);
  if (seconds === null) problems.push({ code: 'bad_duration', option: '--followup', value });
  else if (seconds === 0) problems.push({ code: 'zero_duration', option: '--followup', value });
  return seconds || undefined;
}

const invalid = (problem: TemplateProblem): TemplateCommand => ({ kind: 'invalid', problems: [problem] });
