import type { BlockAction, ButtonAction, PlainTextInputAction, types } from '@slack/bolt';
import { formatDuration } from '../platform/duration.js';
import type { SlackRoutes } from '../platform/routes.js';
import { privateAnswer } from '../platform/slack.js';
import { checkOptionFields, targetsOf } from './command.js';
import type { ProposalsContext } from './context.js';
import { ACTION_EDIT, COMPOSER_CALLBACK, COMPOSER_TEXT_ACTION as TEXT, COMPOSER_TEXT_BLOCK } from './ids.js';
import { altBlock, checkImages, IMAGE_FILE_TYPES, MAX_IMAGES, type UploadedFile } from './images.js';
import { countsLine, imageProblemText, problemText } from './messages.js';
import { draftProblems, propose, targets } from './propose.js';
import { OPEN_STATES } from './rules.js';
import type { Proposal, ProposalImage } from './store.js';
import { checkParts, joinParts, splitParts } from './thread.js';
import type { NetworkName } from '../networks/network.js';

type KnownBlock = types.KnownBlock;

/** What the composer was opened for, carried in the modal's private_metadata. */
interface ComposerPreset {
  replyToRef?: number;
  /** Editing this proposal: saving makes a new version. */
  editRef?: number;
}

const FIELD = { followup: 'followup', at: 'at', reply: 'reply', on: 'networks', images: 'images' } as const;
const COUNT_BLOCK = 'count';

/** The composer modal: `/tweet` with no text, *Propose the closing tweet*, or *Edit*. */
export function composerView(ctx: ProposalsContext, preset: ComposerPreset = {}, current?: Proposal, typed?: string) {
  const { t } = ctx.texts;
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  const text = typed ?? current?.text ?? '';
  const input = (block: string, label: string, initial: string | undefined, placeholder: string, optional = true): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional,
    label: plain(label),
    element: { type: 'plain_text_input', action_id: block, placeholder: plain(placeholder), ...(initial ? { initial_value: initial } : {}) },
  });
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: COMPOSER_TEXT_BLOCK,
      label: plain(t.composerTextLabel()),
      hint: plain(t.composerTextHint({ max: ctx.config.tweetMaxLength })),
      dispatch_action: true,
      element: {
        type: 'plain_text_input',
        action_id: TEXT,
        multiline: true,
        dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
        ...(current ? { initial_value: current.text } : {}),
      },
    },
    { type: 'context', block_id: COUNT_BLOCK, elements: [{ type: 'mrkdwn', text: countsLine(text, targets(ctx), ctx.texts) }] },
    ...networksInput(ctx, current?.networks),
    input(FIELD.followup, t.composerFollowup(), current?.followupSeconds ? formatDuration(current.followupSeconds) : undefined, '2h'),
    input(FIELD.at, t.composerAt(), current?.publishAt ? ctx.texts.wallClock(current.publishAt) : undefined, '14:30'),
    input(FIELD.reply, t.composerReply(), preset.replyToRef ? `#${preset.replyToRef}` : current?.replyToRef ? `#${current.replyToRef}` : undefined, '#12'),
    {
      type: 'input',
      block_id: FIELD.images,
      optional: true,
      label: plain(t.composerImages()),
      ...(current?.images.length ? { hint: plain(t.composerImagesKept({ count: current.images.length })) } : {}),
      element: { type: 'file_input', action_id: FIELD.images, filetypes: [...IMAGE_FILE_TYPES], max_files: MAX_IMAGES },
    },
    ...Array.from({ length: MAX_IMAGES }, (_, i) => input(altBlock(i + 1), t.composerAlt({ n: i + 1 }), current?.images[i]?.altText, t.composerAltPlaceholder())),
  ];
  return {
    type: 'modal' as const,
    callback_id: COMPOSER_CALLBACK,
    private_metadata: JSON.stringify(preset),
    title: plain(preset.editRef ? t.composerEditTitle({ ref: preset.editRef }) : t.composerTitle()),
    submit: plain(preset.editRef ? t.composerEditSubmit() : t.composerSubmit()),
    close: plain(t.composerCancel()),
    blocks,
  };
}

/** The networks to publish on, all ticked: shown only when the cell publishes on more than one. */
function networksInput(ctx: ProposalsContext, ticked: readonly NetworkName[] | undefined): KnownBlock[] {
  const all = targets(ctx);
  if (all.length < 2) return [];
  const { t } = ctx.texts;
  const option = (n: NetworkName) => ({ text: { type: 'plain_text' as const, text: t.networkName[n] }, value: n });
  const initial = all.filter((n) => !ticked || ticked.includes(n.name)).map((n) => option(n.name));
  return [
    {
      type: 'input',
      block_id: FIELD.on,
      label: { type: 'plain_text', text: t.composerNetworks() },
      element: { type: 'checkboxes', action_id: FIELD.on, options: all.map((n) => option(n.name)), ...(initial.length > 0 ? { initial_options: initial } : {}) },
    },
  ];
}

type Values = Record<string, Record<string, { value?: string | null; files?: UploadedFile[]; selected_options?: Array<{ value?: string }> }>>;

export function registerComposer(routes: SlackRoutes, ctx: ProposalsContext): void {
  const { t } = ctx.texts;

  // The weighted count, refreshed as the person types.
  routes.action<BlockAction<PlainTextInputAction>>(TEXT, async ({ ack, body, client }) => {
    await ack();
    if (!body.view) return;
    const typed = (body.view.state?.values as Values | undefined)?.[COMPOSER_TEXT_BLOCK]?.[TEXT]?.value ?? '';
    const preset = readPreset(body.view.private_metadata);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view: composerView(ctx, preset, undefined, typed) }).catch(() => undefined);
  });

  routes.action<BlockAction<ButtonAction>>(ACTION_EDIT, async ({ ack, body, action, client, respond }) => {
    await ack();
    const p = ctx.store.get(Number(action.value));
    const tell = privateAnswer(respond);
    if (!p) return tell(t.unexpectedError());
    if (body.user.id !== p.authorId) return tell(t.editNotAuthor({ ref: p.ref }));
    if (!OPEN_STATES.includes(p.state)) return tell(t.proposalButtonStale({ ref: p.ref, state: t.state[p.state] }));
    await client.views.open({ trigger_id: body.trigger_id, view: composerView(ctx, { editRef: p.ref }, p) });
  });

  routes.view(COMPOSER_CALLBACK, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const values = view.state.values as Values;
    const field = (block: string) => values[block]?.[block]?.value ?? '';
    const errors: Record<string, string> = {};
    const preset = readPreset(view.private_metadata);

    const text = (values[COMPOSER_TEXT_BLOCK]?.[TEXT]?.value ?? '').replace(/\r\n?/g, '\n').trim();
    const ticked = values[FIELD.on]?.[FIELD.on]?.selected_options?.map((o) => o.value ?? '');
    if (ticked && ticked.length === 0) errors[FIELD.on] = t.composerNoNetwork();
    const commandContext = { maxLength: ctx.config.tweetMaxLength, timeZone: ctx.config.timeZone, now: ctx.clock.now(), networks: targets(ctx) };
    const fields = checkOptionFields(
      // The reply target a reminder preset stays, even if the field was not sent back.
      {
        followup: field(FIELD.followup),
        at: field(FIELD.at),
        reply: field(FIELD.reply) || (preset.replyToRef ? String(preset.replyToRef) : ''),
        on: ticked && ticked.length > 0 ? ticked.join(',') : null,
      },
      commandContext,
    );
    const parts = splitParts(text);
    const numbered = ctx.config.threadNumbering && parts.length > 1;
    const checked = checkParts(parts, numbered, targetsOf(fields.options.networks, commandContext));
    if (!checked.ok) errors[COMPOSER_TEXT_BLOCK] = checked.problems.map((problem) => problemText(problem, ctx.texts)).join('\n');
    for (const { field: name, problem } of fields.problems) errors[FIELD[name]] = problemText(problem, ctx.texts);
    for (const problem of draftProblems(ctx, fields.options)) errors[FIELD.reply] = problemText(problem, ctx.texts);

    const editing = preset.editRef ? ctx.store.get(preset.editRef) : null;
    const files = values[FIELD.images]?.[FIELD.images]?.files ?? [];
    const alts = Array.from({ length: MAX_IMAGES }, (_, i) => field(altBlock(i + 1)).trim());
    let images: ProposalImage[] = [];
    if (files.length > 0) {
      const chosen = fields.options.networks ?? [...ctx.networks.keys()];
      const result = checkImages(files, alts, [...ctx.networks.values()].filter((n) => chosen.includes(n.name)));
      for (const problem of result.problems) errors[problem.block] = imageProblemText(problem, ctx.texts);
      images = result.images;
    } else if (editing) {
      // No new file: the current images stay, with their alt texts as edited.
      images = editing.images.map((image, i) => ({ ...image, altText: alts[i] || image.altText }));
    }
    if (editing && editing.authorId !== userId) errors[COMPOSER_TEXT_BLOCK] = t.editNotAuthor({ ref: editing.ref });
    if (editing && !OPEN_STATES.includes(editing.state)) errors[COMPOSER_TEXT_BLOCK] = t.proposalButtonStale({ ref: editing.ref, state: t.state[editing.state] });
    if (Object.keys(errors).length > 0 || !checked.ok) return ack({ response_action: 'errors', errors });

    const draft = { text: joinParts(parts), parts, numbered, weightedLength: checked.weightedLength, ...fields.options, images, authorId: userId };
    if (editing) {
      const { answer } = ctx.applier.apply(ctx.capability, editing.ref, { type: 'edit', draft: { ...draft, networks: fields.options.networks ?? editing.networks }, by: userId });
      if (!answer?.ok) {
        const now = ctx.store.get(editing.ref)!;
        return ack({ response_action: 'errors', errors: { [COMPOSER_TEXT_BLOCK]: t.proposalButtonStale({ ref: now.ref, state: t.state[now.state] }) } });
      }
      await ack();
      ctx.log.info({ ref: editing.ref, version: editing.version + 1, by: userId }, 'proposal edited: new version posted');
      return;
    }
    await propose(ctx, draft);
    await ack();
  }, { errorBlock: COMPOSER_TEXT_BLOCK });
}

function readPreset(metadata: string | undefined): ComposerPreset {
  try {
    const value = JSON.parse(metadata || '{}') as { replyToRef?: unknown; editRef?: unknown };
    return {
      ...(Number.isSafeInteger(value.replyToRef) ? { replyToRef: value.replyToRef as number } : {}),
      ...(Number.isSafeInteger(value.editRef) ? { editRef: value.editRef as number } : {}),
    };
  } catch {
    return {};
  }
}
