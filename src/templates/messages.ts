import { capLines, cutMrkdwn, excerpt, TEXT_MAX } from '../platform/blocks.js';
import { formatDuration } from '../platform/duration.js';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import { problemText as proposalProblemText } from '../proposals/messages.js';
import type { TemplateProblem } from './command.js';
import type { TemplateAnswer } from './decide.js';
import type { Template } from './store.js';
import { fieldLabel, parseTemplate } from './text.js';

const e = escapeForSlack;
/** A list's lines: what an ephemeral answer shows whole. */
const LIST_MAX = TEXT_MAX;

/** The answer to a refused `/template`: the intro, then one line per problem. */
export function refusal(lines: readonly string[], { t }: Texts): string {
  return [t.templates.refused(), ...lines.map((line) => `• ${line}`)].join('\n');
}

export function problemText(problem: TemplateProblem, texts: Texts): string {
  const { t } = texts;
  switch (problem.code) {
    case 'unknown_subcommand':
      return t.templates.unknownSubcommand({ word: e(problem.word) });
    case 'missing_name':
      return t.templates.missingName({ subcommand: e(problem.subcommand) });
    case 'bad_name':
      return t.templates.badName({ value: e(problem.value) });
    case 'missing_text':
      return t.templates.missingText();
    case 'nothing_to_change':
      return t.templates.nothingToChange({ name: e(problem.name) });
    case 'too_many_words':
      return t.tooManyWords({ subcommand: e(problem.subcommand), extra: e(problem.extra) });
    case 'unclosed_brace':
      return t.templates.unclosedBrace({ near: e(problem.near) });
    case 'empty_field':
      return t.templates.emptyField({ near: e(problem.near) });
    case 'bad_field':
      return t.templates.badField({ name: e(problem.name) });
    case 'field_too_long':
      return t.templates.fieldTooLong({ name: e(problem.name), max: problem.max });
    case 'stray_brace':
      return t.templates.strayBrace({ near: e(problem.near) });
    case 'too_many_fields':
      return t.templates.tooManyFields(problem);
    case 'skeleton_too_long':
      return t.templates.skeletonTooLong({ network: t.networkName[problem.network], count: problem.count, max: problem.max });
    default:
      // Options, durations and characters: worded as for `/tweet`.
      return proposalProblemText(problem, texts);
  }
}

/** What the person is told once a change is committed, or why nothing changed. */
export function answerText(answer: TemplateAnswer, name: string, texts: Texts, known: () => string[]): string {
  const { t } = texts;
  if (answer.ok) {
    const n = e(answer.template.name);
    switch (answer.effect) {
      case 'added':
        return t.templates.added({ name: n, fields: fieldsOf(answer.template.text).map(e).join(', ') });
      case 'changed':
        return t.templates.changed({ name: n });
      case 'unchanged':
        return t.templates.unchanged({ name: n });
      case 'removed':
        return t.templates.removed({ name: n });
    }
  }
  const why = (() => {
    switch (answer.why) {
      case 'taken':
        return t.templates.taken({ name: e(name) });
      case 'unknown':
        return unknownText(name, known(), texts);
      case 'closing_unknown':
        return t.templates.closingUnknown({ name: e(answer.closing ?? '') });
      case 'closing_self':
        return t.templates.closingSelf();
      case 'linked':
        return t.templates.linked({ name: e(name), by: texts.list(answer.linkedBy.map((n) => `\`${e(n)}\``)), first: e(answer.linkedBy[0] ?? '') });
    }
  })();
  return refusal([why], texts);
}

export function unknownText(name: string, known: readonly string[], texts: Texts): string {
  const { t } = texts;
  const names = known.length > 0 ? cutMrkdwn(known.map((n) => `\`${e(n)}\``).join(', '), 1000) : t.templates.noTemplates();
  return t.templates.unknown({ name: e(name), known: names });
}

/** `/template list`: a line per template (name, start of its text, closing template, follow-up), cut to fit. */
export function listText(templates: readonly Template[], texts: Texts): string {
  const { t } = texts;
  if (templates.length === 0) return t.templates.listEmpty();
  const lines = templates.map((tp) =>
    t.templates.listLine({
      name: e(tp.name),
      excerpt: excerpt(tp.text, 70),
      closing: tp.closing ? e(tp.closing) : null,
      followup: tp.followupSeconds ? formatDuration(tp.followupSeconds) : null,
    }),
  );
  const title = t.templates.listTitle({ count: templates.length });
  const body = capLines(lines, {
    maxChars: LIST_MAX - title.length - 1,
    // The names of those not shown, so each can still be asked for with `show`.
    more: (hidden) => t.templates.listMore({ count: hidden, names: templates.slice(templates.length - hidden).map((tp) => e(tp.name)).join(', ') }),
  });
  return `${title}\n${body}`;
}

/** `/template show NAME`: the text as stored (quoted, escaped), its fields, closing template, follow-up, last change. */
export function showText(tp: Template, texts: Texts): string {
  const { t } = texts;
  const fields = fieldsOf(tp.text);
  const quoted = e(tp.text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  const lines = [
    t.templates.showTitle({ name: e(tp.name) }),
    cutMrkdwn(quoted, 2000),
    fields.length > 0 ? t.templates.showFields({ fields: fields.map((f) => `\`${e(f)}\` (${e(fieldLabel(f))})`).join(', ') }) : t.templates.showNoFields(),
    ...(tp.closing ? [t.templates.showClosing({ name: e(tp.closing) })] : []),
    ...(tp.followupSeconds ? [t.templates.showFollowup({ duration: formatDuration(tp.followupSeconds) })] : []),
    t.templates.showUpdated({ by: tp.updatedBy === 'comcell' ? 'comcell' : `<@${tp.updatedBy}>`, at: texts.time(tp.updatedAt) }),
  ];
  return cutMrkdwn(lines.join('\n'), LIST_MAX);
}

function fieldsOf(text: string): string[] {
  const parsed = parseTemplate(text);
  return parsed.ok ? parsed.fields : [];
}
