import type { BlockAction, ButtonAction, types } from '@slack/bolt';
import { PLAIN_TEXT_INPUT_MAX } from '../platform/blocks.js';
import type { SlackRoutes } from '../platform/routes.js';
import { privateAnswer } from '../platform/slack.js';
import { checkOptionFields, targetsOf } from './command.js';
import {
  composerView, FIELD, keptAltBlock, keptFiles, newAltBlock, partBlock, partTooLong, prefillOf,
  type ComposerFile, type ComposerPreset, type Prefill,
} from './composerView.js';
import type { ProposalsContext } from './context.js';
import {
  ACTION_COMPOSE, ACTION_EDIT, COMPOSER_ADD_PART, COMPOSER_CALLBACK, COMPOSER_OTHER_IMAGES, COMPOSER_PART_ACTION, COMPOSER_REMOVE_PART,
  COMPOSER_TEXT_ACTION, COMPOSER_TEXT_BLOCK,
} from './ids.js';
import { checkImages, type UploadedFile } from './images.js';
import { draftProblems, propose, targets } from './propose.js';
import { imageProblemText, problemText, readComposeValue } from './refusals.js';
import { OPEN_STATES } from './rules.js';
import type { ProposalImage } from './store.js';
import { checkParts, joinParts, MAX_PARTS, splitParts } from './thread.js';
import type { NetworkName } from '../networks/network.js';

export { composerView } from './composerView.js';

type Field = { value?: string | null; files?: UploadedFile[]; selected_options?: Array<{ value?: string }>; selected_option?: { value?: string } | null; selected_date?: string | null; selected_time?: string | null };
type Values = Record<string, Record<string, Field>>;

/** What the modal holds, read from the state Slack sends: each field as typed. */
interface State {
  /** The text fields, in order, with their block (a composer from before threads has one, `text`). */
  fields: Array<{ block: string; text: string }>;
  followup: string;
  atDate: string;
  atTime: string;
  /** A composer from before the pickers: `--at` typed in one field. */
  typedAt: string | null;
  reply: string;
  /** Ticked networks; undefined when the modal has no checkboxes (one network). */
  networks: string[] | undefined;
  files: UploadedFile[];
  /** The alt fields' values by block id. */
  alts: Record<string, string>;
}

const NONE = 'none';
const chosen = (f: Field | undefined) => (f?.selected_option?.value ?? f?.value ?? '').trim();

function readState(values: Values, preset: ComposerPreset): State {
  const gen = preset.gen ?? 0;
  const partKey = new RegExp(`^part_${gen}_(\\d+)$`);
  const found = Object.keys(values).flatMap((block) => {
    const m = partKey.exec(block);
    return m ? [Number(m[1])] : [];
  });
  const count = Math.min(MAX_PARTS, Math.max(preset.parts ?? 0, ...found));
  const fields = Array.from({ length: count }, (_, i) => {
    const block = partBlock(gen, i + 1);
    return { block, text: normalize(values[block]?.[COMPOSER_PART_ACTION]?.value ?? '') };
  });
  const legacy = values[COMPOSER_TEXT_BLOCK]?.[COMPOSER_TEXT_ACTION];
  const alts = Object.fromEntries(
    Object.entries(values).flatMap(([block, actions]) => (block.startsWith('alt_') ? [[block, (actions[block]?.value ?? '').trim()]] : [])),
  );
  const follow = chosen(values[FIELD.followup]?.[FIELD.followup]);
  const reply = chosen(values[FIELD.reply]?.[FIELD.reply]);
  const typedAt = values.at?.at;
  return {
    // A submission without any text field (a malformed payload) is an empty first part, refused as such.
    fields: fields.length > 0 ? fields : legacy ? [{ block: COMPOSER_TEXT_BLOCK, text: normalize(legacy.value ?? '') }] : [{ block: partBlock(gen, 1), text: '' }],
    followup: follow === NONE ? '' : follow,
    atDate: values[FIELD.date]?.[FIELD.date]?.selected_date ?? '',
    atTime: values[FIELD.time]?.[FIELD.time]?.selected_time ?? '',
    typedAt: typedAt ? (typedAt.value ?? '').trim() : null,
    reply: reply === NONE ? '' : reply,
    networks: values[FIELD.networks]?.[FIELD.networks]?.selected_options?.map((o) => o.value ?? ''),
    files: values[FIELD.images]?.[FIELD.images]?.files ?? [],
    alts,
  };
}

const normalize = (text: string) => text.replace(/\r\n?/g, '\n');

/** The fields as they are, to draw the modal again (a part added or removed, other images). */
function prefillFrom(state: State, preset: ComposerPreset, ctx: ProposalsContext, editing = preset.editRef ? ctx.store.get(preset.editRef) : null): Prefill {
  const altsOf = (block: (n: number) => string, n: number) => Array.from({ length: n }, (_, i) => state.alts[block(i + 1)] ?? '');
  return {
    parts: state.fields.map((f) => f.text),
    followup: state.followup,
    atDate: state.atDate,
    atTime: state.atTime,
    reply: /^\d+$/.test(state.reply.replace(/^#/, '')) ? Number(state.reply.replace(/^#/, '')) : null,
    networks: state.networks ? (state.networks as NetworkName[]) : null,
    kept: editing?.images ?? [],
    alts: preset.files?.length ? altsOf(newAltBlock, preset.files.length) : altsOf(keptAltBlock, editing?.images.length ?? 0),
  };
}

export function readPreset(metadata: string | undefined): ComposerPreset {
  try {
    const value = JSON.parse(metadata || '{}') as Record<string, unknown>;
    const int = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
    const files = Array.isArray(value.files)
      ? (value.files as unknown[]).filter((f): f is ComposerFile => typeof (f as ComposerFile)?.id === 'string' && typeof (f as ComposerFile)?.name === 'string')
      : [];
    return {
      ...(int(value.replyToRef) ? { replyToRef: value.replyToRef as number } : {}),
      ...(int(value.editRef) ? { editRef: value.editRef as number } : {}),
      ...(int(value.gen) ? { gen: value.gen as number } : {}),
      ...(int(value.parts) ? { parts: Math.min(MAX_PARTS, value.parts as number) } : {}),
      ...(files.length > 0 ? { files } : {}),
    };
  } catch {
    return {};
  }
}

export function registerComposer(routes: SlackRoutes, ctx: ProposalsContext): void {
  const { t } = ctx.texts;
  type ViewAction = BlockAction & { view?: { id: string; hash: string; private_metadata?: string; state?: { values: unknown } } };
  const current = (body: ViewAction) => {
    const preset = readPreset(body.view?.private_metadata);
    return { preset, state: readState((body.view?.state?.values ?? {}) as Values, preset) };
  };
  const redraw = async (body: ViewAction, client: { views: { update(a: object): Promise<unknown> } }, preset: ComposerPreset, prefill: Prefill, keepHash: boolean) => {
    if (!body.view) return;
    const view = composerView(ctx, preset, prefill);
    // Typing refreshes the counts only if nothing changed meanwhile (the next keystroke will); a click always applies.
    await client.views.update({ view_id: body.view.id, ...(keepHash ? { hash: body.view.hash } : {}), view }).catch((error: unknown) => {
      if (!keepHash) ctx.log.warn({ err: error }, 'the composer could not be redrawn');
    });
  };

  // The counts of every part, refreshed as the person types (the same generation: Slack keeps what is typed).
  const typing = async ({ ack, body, client }: { ack: () => Promise<void>; body: ViewAction; client: never }) => {
    await ack();
    const { preset, state } = current(body);
    const legacy = state.fields[0]?.block === COMPOSER_TEXT_BLOCK;
    const prefill = prefillFrom(state, preset, ctx);
    // A composer from before threads is redrawn as today's: its text split into part fields.
    const next = legacy ? { ...preset, gen: (preset.gen ?? 0) + 1 } : preset;
    await redraw(body, client, next, legacy ? { ...prefill, parts: splitParts(state.fields[0]!.text).slice(0, MAX_PARTS) } : prefill, true);
  };
  routes.action(COMPOSER_PART_ACTION, typing as never);
  routes.action(COMPOSER_TEXT_ACTION, typing as never);

  routes.action<BlockAction<ButtonAction>>(COMPOSER_ADD_PART, async ({ ack, body, client }) => {
    await ack();
    const { preset, state } = current(body as ViewAction);
    const prefill = prefillFrom(state, preset, ctx);
    const parts = [...(prefill.parts ?? []), ''].slice(0, MAX_PARTS);
    await redraw(body as ViewAction, client as never, { ...preset, gen: (preset.gen ?? 0) + 1 }, { ...prefill, parts }, false);
  });

  routes.action<BlockAction<ButtonAction>>(COMPOSER_REMOVE_PART, async ({ ack, body, action, client }) => {
    await ack();
    const { preset, state } = current(body as ViewAction);
    const prefill = prefillFrom(state, preset, ctx);
    const removed = Number(action.value);
    const parts = (prefill.parts ?? []).filter((_, i) => i + 1 !== removed);
    await redraw(body as ViewAction, client as never, { ...preset, gen: (preset.gen ?? 0) + 1 }, { ...prefill, parts: parts.length > 0 ? parts : [''] }, false);
  });

  // Second step: back to the file input, to attach other images.
  routes.action<BlockAction<ButtonAction>>(COMPOSER_OTHER_IMAGES, async ({ ack, body, client }) => {
    await ack();
    const { preset, state } = current(body as ViewAction);
    const { files: _files, ...first } = preset;
    await redraw(body as ViewAction, client as never, { ...first, gen: (preset.gen ?? 0) + 1 }, { ...prefillFrom(state, preset, ctx), alts: [] }, false);
  });

  routes.action<BlockAction<ButtonAction>>(ACTION_EDIT, async ({ ack, body, action, client, respond }) => {
    await ack();
    const p = ctx.store.get(Number(action.value));
    const tell = privateAnswer(respond);
    if (!p) return tell(t.unexpectedError());
    if (body.user.id !== p.authorId) return tell(t.editNotAuthor({ ref: p.ref }));
    if (!OPEN_STATES.includes(p.state)) return tell(t.proposalButtonStale({ ref: p.ref, state: t.state[p.state] }));
    // A field holds 3,000 characters: a part longer than that (long links count 23 on X) is not cut to fit.
    const long = partTooLong(p.parts);
    if (long) return tell(t.editTooLong({ ref: p.ref, part: p.parts.length > 1 ? long.part : null, length: long.length, max: PLAIN_TEXT_INPUT_MAX }));
    await client.views.open({ trigger_id: body.trigger_id, view: composerView(ctx, { editRef: p.ref }, p) });
  });

  // *Edit in the composer* on a refused /tweet: what was typed, and the options that did parse.
  routes.action<BlockAction<ButtonAction>>(ACTION_COMPOSE, async ({ ack, body, action, client, respond }) => {
    await ack();
    // The value fits a button (2,000 characters): every part fits a field.
    const typed = readComposeValue(action.value);
    if (!typed) return privateAnswer(respond)(t.unexpectedError());
    await client.views.open({ trigger_id: body.trigger_id, view: composerView(ctx, {}, prefillOf(typed, ctx.config.timeZone)) });
  });

  routes.view(COMPOSER_CALLBACK, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const preset = readPreset(view.private_metadata);
    const state = readState(view.state.values as Values, preset);
    const errors: Record<string, string> = {};
    const firstField = state.fields[0]?.block ?? partBlock(preset.gen ?? 0, 1);

    if (state.networks && state.networks.length === 0) errors[FIELD.networks] = t.composerNoNetwork();
    // The pickers make `--at`'s text: a date and a time, or a time alone (the next time the clock shows it).
    const atBlock = state.typedAt !== null ? 'at' : state.atTime ? FIELD.time : FIELD.date;
    const at = state.typedAt ?? (state.atDate && state.atTime ? `${state.atDate} ${state.atTime}` : state.atTime);
    if (state.typedAt === null && state.atDate && !state.atTime) errors[FIELD.time] = t.composerTimeNeeded();
    const commandContext = { maxLength: ctx.config.tweetMaxLength, timeZone: ctx.config.timeZone, now: ctx.clock.now(), networks: targets(ctx) };
    const fields = checkOptionFields(
      {
        followup: state.followup,
        at,
        // The reply target a reminder preset stays, even if the field was not sent back.
        reply: state.reply || (preset.replyToRef ? String(preset.replyToRef) : ''),
        on: state.networks && state.networks.length > 0 ? state.networks.join(',') : null,
      },
      commandContext,
    );
    const blockOf = { followup: FIELD.followup, at: atBlock, reply: FIELD.reply, on: FIELD.networks } as const;
    for (const { field, problem } of fields.problems) errors[blockOf[field]] = problemText(problem, ctx.texts);
    for (const problem of draftProblems(ctx, fields.options)) errors[FIELD.reply] = problemText(problem, ctx.texts);

    // Each field is a part; a field holding `---` lines is several (a thread pasted whole).
    const origin: string[] = [];
    const parts = state.fields.flatMap((f) => {
      const split = splitParts(f.text.trim());
      origin.push(...split.map(() => f.block));
      return split;
    });
    const numbered = ctx.config.threadNumbering && parts.length > 1;
    const checked = checkParts(parts, numbered, targetsOf(fields.options.networks, commandContext));
    if (!checked.ok) {
      for (const problem of checked.problems) {
        const block = 'part' in problem && typeof problem.part === 'number' ? (origin[problem.part - 1] ?? firstField) : firstField;
        errors[block] = errors[block] ? `${errors[block]}\n${problemText(problem, ctx.texts)}` : problemText(problem, ctx.texts);
      }
    }

    const editing = preset.editRef ? ctx.store.get(preset.editRef) : null;
    if (editing && editing.authorId !== userId) errors[firstField] = t.editNotAuthor({ ref: editing.ref });
    if (editing && !OPEN_STATES.includes(editing.state)) errors[firstField] = t.proposalButtonStale({ ref: editing.ref, state: t.state[editing.state] });

    const networks = [...ctx.networks.values()].filter((n) => (fields.options.networks ?? [...ctx.networks.keys()]).includes(n.name));
    const imageErrors = (problems: ReturnType<typeof checkImages>['problems'], imagesBlock: string) => {
      for (const problem of problems) errors[problem.block === 'images' ? imagesBlock : problem.block] = imageProblemText(problem, ctx.texts);
    };
    let images: ProposalImage[] = [];
    const legacyAlts = Object.keys(state.alts).some((block) => /^alt_\d+$/.test(block)) && !preset.files;
    if (state.files.length > 0 && !legacyAlts) {
      // First step with new images: their types and sizes now; their alt texts in the second step.
      const { problems } = checkImages(state.files, state.files.map(() => '-'), networks);
      imageErrors(problems.filter((p) => p.code !== 'alt_missing' && p.code !== 'alt_too_long'), FIELD.images);
      if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
      const next = { ...preset, gen: (preset.gen ?? 0) + 1, files: keptFiles(state.files) };
      return ack({ response_action: 'update', view: composerView(ctx, next, { ...prefillFrom(state, preset, ctx, editing), alts: [] }) as unknown as types.View });
    }
    if (preset.files || state.files.length > 0) {
      const files = preset.files ?? state.files;
      const result = checkImages(files, files.map((_, i) => state.alts[newAltBlock(i + 1)] ?? ''), networks);
      imageErrors(result.problems, preset.files ? newAltBlock(1) : FIELD.images);
      images = result.images;
    } else if (editing) {
      // No new file: the current images stay, with their alt texts as edited.
      images = editing.images.map((image, i) => ({ ...image, altText: state.alts[keptAltBlock(i + 1)] || image.altText }));
    }
    if (Object.keys(errors).length > 0 || !checked.ok) return ack({ response_action: 'errors', errors: Object.keys(errors).length > 0 ? errors : { [firstField]: t.unexpectedError() } });

    const draft = { text: joinParts(parts), parts, numbered, weightedLength: checked.weightedLength, ...fields.options, images, authorId: userId };
    if (editing) {
      const { answer } = ctx.applier.apply(ctx.capability, editing.ref, { type: 'edit', draft: { ...draft, networks: fields.options.networks ?? editing.networks }, by: userId });
      if (!answer?.ok) {
        const now = ctx.store.get(editing.ref)!;
        return ack({ response_action: 'errors', errors: { [firstField]: t.proposalButtonStale({ ref: now.ref, state: t.state[now.state] }) } });
      }
      await ack();
      ctx.log.info({ ref: editing.ref, version: editing.version + 1, by: userId }, 'proposal edited: new version posted');
      return;
    }
    await propose(ctx, draft);
    await ack();
  }, { errorBlock: partBlock(0, 1) });
}
