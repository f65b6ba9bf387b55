import type { types } from '@slack/bolt';
import type { NetworkName } from '../networks/network.js';
import { context, INPUT_LABEL_MAX, modalLabel, plain, PLACEHOLDER_MAX, PLAIN_TEXT_INPUT_MAX, PRIVATE_METADATA_MAX, richTextQuote } from '../platform/blocks.js';
import { formatDuration } from '../platform/duration.js';
import { cutText } from '../platform/textCut.js';
import { checkOptionFields, targetsOf, type TweetOptions } from '../proposals/command.js';
import type { ProposalsContext } from '../proposals/context.js';
import { networksInput } from '../proposals/composerView.js';
import { countsLine, problemText } from '../proposals/messages.js';
import { draftProblems, propose, targets } from '../proposals/propose.js';
import { checkParts, joinParts, splitParts } from '../proposals/thread.js';
import { COMPOSER_CALLBACK, fieldBlock, OPTION_BLOCK, PREVIEW_BLOCK, COUNT_BLOCK, INTRO_BLOCK } from './ids.js';
import type { Template } from './store.js';
import { fieldLabel, fill, parseTemplate, preview, type Part } from './text.js';

type KnownBlock = types.KnownBlock;

/** What the template form is for, carried in the modal's private_metadata. */
export interface TemplatePreset {
  template: string;
  /** The text the form fills, as it was when the form opened (left out if it would not fit the metadata). */
  text?: string;
  /** A closing post: the proposal it replies to. */
  replyToRef?: number;
}

/** The values a form shows at first: a closing post's, copied from the original's fields of the same name. */
interface Opening {
  values?: Readonly<Record<string, string>>;
  options?: Partial<TweetOptions>;
}

type FormTemplate = Pick<Template, 'name' | 'text' | 'followupSeconds'>;

/** `/tweet --template NAME`: the template's form, the command's other options already in it; null if it does not exist. */
export function templateComposer(ctx: ProposalsContext, name: string, options: Partial<TweetOptions> = {}) {
  const template = ctx.templates?.get(name);
  return template ? templateView(ctx, template, { template: name, ...(options.replyToRef ? { replyToRef: options.replyToRef } : {}) }, { options }) : null;
}

/**
 * *Propose the closing tweet* on a reminder of a proposal made from a template that names a closing template:
 * that template's form, its fields filled with the original's values of the same name, as a reply to it.
 * Null when the original was not made from a template, or its template has no closing one (any more).
 */
export function closingComposer(ctx: ProposalsContext, ref: number) {
  const used = ctx.store.get(ref);
  const original = used?.template ? ctx.templates?.get(used.template) : null;
  const closing = original?.closing ? ctx.templates?.get(original.closing) : null;
  if (!closing) return null;
  return templateView(ctx, closing, { template: closing.name, replyToRef: ref }, { values: used?.templateValues ?? {}, options: { replyToRef: ref } });
}

/** The form: one input per field, the text as it will read and its count per network, then the options. */
export function templateView(ctx: ProposalsContext, template: FormTemplate, preset: TemplatePreset, opening: Opening = {}, typed?: FormState) {
  const { t } = ctx.texts;
  const parsed = parseTemplate(template.text);
  const parts = parsed.ok ? parsed.parts : [{ literal: template.text }];
  const fields = parsed.ok ? parsed.fields : [];
  const values = typed?.values ?? Object.fromEntries(fields.map((f) => [f, opening.values?.[f] ?? '']));
  const all = targets(ctx);
  const chosen = typed?.networks ?? opening.options?.networks ?? null;
  const shownTargets = chosen && chosen.length > 0 ? all.filter((n) => chosen.includes(n.name)) : all;
  // No value can be longer than the longest post a network takes; Slack's own ceiling is 3,000.
  const longest = Math.min(PLAIN_TEXT_INPUT_MAX, Math.max(...all.map((n) => n.length.max)));
  const toFill = fields.filter((f) => !values[f]?.trim());

  const optional = (block: string, label: string, initial: string | undefined, placeholder: string, hint?: string): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: true,
    label: plain(label, INPUT_LABEL_MAX),
    ...(hint ? { hint: plain(hint, INPUT_LABEL_MAX) } : {}),
    element: { type: 'plain_text_input', action_id: block, placeholder: plain(placeholder, PLACEHOLDER_MAX), ...(initial ? { initial_value: initial } : {}) },
  });
  const followup = opening.options?.followupSeconds ?? template.followupSeconds;
  const reply = opening.options?.replyToRef ?? preset.replyToRef;
  const blocks: KnownBlock[] = [
    { ...context([t.templates.composerOf({ name: template.name })]), block_id: INTRO_BLOCK },
    ...fields.map(
      (field, i): KnownBlock => ({
        type: 'input',
        block_id: fieldBlock(i),
        label: plain(fieldLabel(field), INPUT_LABEL_MAX),
        dispatch_action: true,
        element: {
          type: 'plain_text_input',
          action_id: fieldBlock(i),
          max_length: longest,
          dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
          ...(opening.values?.[field] ? { initial_value: cutText(opening.values[field]!, longest, { kind: 'literal', ellipsis: '' }) } : {}),
        },
      }),
    ),
    { ...richTextQuote(preview(parts, values)), block_id: PREVIEW_BLOCK },
    {
      ...context([countsLine(fill(parts, values), shownTargets, ctx.texts), toFill.length > 0 ? t.templates.composerToFill({ fields: toFill.map(fieldLabel).join(', ') }) : '']),
      block_id: COUNT_BLOCK,
    },
    ...networksInput(ctx, opening.options?.networks ?? null, OPTION_BLOCK.on),
    optional(
      OPTION_BLOCK.followup,
      t.composerFollowup(),
      followup ? formatDuration(followup) : undefined,
      '2h',
      template.followupSeconds ? t.templates.composerFollowupHint({ duration: formatDuration(template.followupSeconds) }) : undefined,
    ),
    optional(OPTION_BLOCK.at, t.composerAt(), opening.options?.publishAt ? ctx.texts.wallClock(opening.options.publishAt) : undefined, '14:30'),
    optional(OPTION_BLOCK.reply, t.composerReply(), reply ? `#${reply}` : undefined, '#12'),
  ];
  return {
    type: 'modal' as const,
    callback_id: COMPOSER_CALLBACK,
    private_metadata: metadata(preset, template.text),
    title: modalLabel(t.templates.composerTitle()),
    submit: modalLabel(t.templates.composerSubmit()),
    close: modalLabel(t.composerCancel()),
    blocks,
  };
}


/** The template's text travels with the form when it fits: what the person previewed is what is proposed. */
function metadata(preset: TemplatePreset, text: string): string {
  const withText = JSON.stringify({ ...preset, text });
  return withText.length <= PRIVATE_METADATA_MAX ? withText : JSON.stringify({ ...preset, text: undefined });
}

export function readPreset(json: string | undefined): TemplatePreset | null {
  try {
    const value = JSON.parse(json || '{}') as Record<string, unknown>;
    if (typeof value.template !== 'string') return null;
    return {
      template: value.template,
      ...(typeof value.text === 'string' ? { text: value.text } : {}),
      ...(Number.isSafeInteger(value.replyToRef) ? { replyToRef: value.replyToRef as number } : {}),
    };
  } catch {
    return null;
  }
}

type Values = Record<string, Record<string, { value?: string | null; selected_options?: Array<{ value?: string }> }>>;

/** What the person has typed in a form, as Slack sends its state back. */
export interface FormState {
  values: Record<string, string>;
  networks: NetworkName[] | null;
  option: (block: string) => string;
}

export function readState(state: unknown, fields: readonly string[]): FormState {
  const values = ((state as { values?: Values } | undefined)?.values ?? {}) as Values;
  const input = (block: string) => values[block]?.[block]?.value ?? '';
  const ticked = values[OPTION_BLOCK.on]?.[OPTION_BLOCK.on]?.selected_options;
  return {
    values: Object.fromEntries(fields.map((f, i) => [f, input(fieldBlock(i)).replace(/\s+/g, ' ').trim()])),
    networks: ticked ? (ticked.map((o) => o.value ?? '') as NetworkName[]) : null,
    option: input,
  };
}

/** The text a form fills: the one it opened with, else the template as it is now. */
export function formTemplate(ctx: ProposalsContext, preset: TemplatePreset): (FormTemplate & { parts: Part[]; fields: string[] }) | null {
  const stored = ctx.templates?.get(preset.template) ?? null;
  const text = preset.text ?? stored?.text;
  if (text === undefined) return null;
  const parsed = parseTemplate(text);
  if (!parsed.ok) return null;
  return { name: preset.template, text, followupSeconds: stored?.followupSeconds ?? null, parts: parsed.parts, fields: parsed.fields };
}

/**
 * A submitted form, checked as the composer checks a text (each field filled; the filled text against every
 * network it targets; the options by the command's rules): the errors to show on its fields, or the proposal
 * made. The template's default follow-up applies when the field is left empty.
 */
export async function submitTemplateForm(ctx: ProposalsContext, preset: TemplatePreset, state: unknown, userId: string): Promise<Record<string, string> | null> {
  const { t } = ctx.texts;
  const template = formTemplate(ctx, preset);
  if (!template) return { [OPTION_BLOCK.followup]: t.templates.gone({ name: preset.template }) };
  const form = readState(state, template.fields);
  const errors: Record<string, string> = {};
  template.fields.forEach((f, i) => {
    if (!form.values[f]) errors[fieldBlock(i)] = t.templates.fieldEmpty({ label: fieldLabel(f) });
  });
  if (form.networks && form.networks.length === 0) errors[OPTION_BLOCK.on] = t.composerNoNetwork();
  const commandContext = { maxLength: ctx.config.tweetMaxLength, timeZone: ctx.config.timeZone, now: ctx.clock.now(), networks: targets(ctx) };
  const fields = checkOptionFields(
    {
      followup: form.option(OPTION_BLOCK.followup),
      at: form.option(OPTION_BLOCK.at),
      // The reply target a reminder preset stays, even if the field was emptied or not sent back.
      reply: form.option(OPTION_BLOCK.reply) || (preset.replyToRef ? String(preset.replyToRef) : ''),
      on: form.networks && form.networks.length > 0 ? form.networks.join(',') : null,
    },
    commandContext,
  );
  for (const { field, problem } of fields.problems) errors[OPTION_BLOCK[field]] = problemText(problem, ctx.texts);
  for (const problem of draftProblems(ctx, fields.options)) errors[OPTION_BLOCK.reply] = problemText(problem, ctx.texts);

  // A template holding a line of `---` makes a thread, as a typed text does.
  const parts = splitParts(fill(template.parts, form.values).trim());
  const numbered = ctx.config.threadNumbering && parts.length > 1;
  const checked = checkParts(parts, numbered, targetsOf(fields.options.networks, commandContext));
  // Once every field is filled, a refused text is shown on the longest value: the likeliest to shorten.
  if (!checked.ok && template.fields.every((f) => form.values[f])) {
    const length = (i: number) => form.values[template.fields[i]!]?.length ?? 0;
    const longest = template.fields.reduce((best, _f, i) => (length(i) > length(best) ? i : best), 0);
    const block = template.fields.length > 0 ? fieldBlock(longest) : OPTION_BLOCK.followup;
    errors[block] = checked.problems.map((problem) => problemText(problem, ctx.texts)).join('\n');
  }
  if (Object.keys(errors).length > 0 || !checked.ok) return errors;

  const ref = await propose(ctx, {
    text: joinParts(parts),
    parts,
    numbered,
    weightedLength: checked.weightedLength,
    ...fields.options,
    followupSeconds: fields.options.followupSeconds ?? template.followupSeconds,
    images: [],
    authorId: userId,
    template: template.name,
    templateValues: form.values,
  });
  ctx.log.info({ ref, template: template.name, by: userId }, 'proposal made from a template');
  return null;
}
