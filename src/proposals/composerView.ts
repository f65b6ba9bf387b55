/**
 * The composer modal, as data: one text field per part with its counts per network, *Add a part* /
 * *Remove*, the networks, a follow-up delay menu, Slack's date and time pickers, a menu of recent
 * published proposals to reply to, images and — only for images attached — their alt texts.
 *
 * Slack sends the files of a file input only with the submission, and an input block holding a file input
 * cannot dispatch actions (Block Kit reference, input block: `dispatch_action` "is incompatible with the
 * file_input block element"). So alt texts are a second step: a submission with new images comes back as
 * the same modal (`response_action: update`) with one required alt field per image attached, the files
 * kept in private_metadata.
 *
 * Part fields carry a generation in their block ids (`part_<gen>_<n>`): Slack keeps what was typed in a
 * block whose id is unchanged by views.update, so a new generation is how removing part 2 shows part 3's
 * text in the second field, and refreshing the counts (same generation) never touches what is being typed.
 */
import type { types } from '@slack/bolt';
import { DateTime } from 'luxon';
import { button, context, INPUT_LABEL_MAX, modalLabel, option, plain, PLACEHOLDER_MAX, PLAIN_TEXT_INPUT_MAX, PRIVATE_METADATA_MAX } from '../platform/blocks.js';
import { formatDuration, parseDuration } from '../platform/duration.js';
import { duration } from '../platform/i18n/when.js';
import type { NetworkName } from '../networks/network.js';
import type { ProposalsContext } from './context.js';
import { COMPOSER_ADD_PART, COMPOSER_CALLBACK, COMPOSER_OTHER_IMAGES, COMPOSER_PART_ACTION, COMPOSER_REMOVE_PART } from './ids.js';
import { IMAGE_FILE_TYPES, MAX_IMAGES, maxAltOf, type UploadedFile } from './images.js';
import { countsLine } from './messages.js';
import { targets } from './propose.js';
import { templateChoiceBlock } from '../templates/menu.js';
import type { Proposal, ProposalImage } from './store.js';
import { MAX_PARTS, publishedParts } from './thread.js';

type KnownBlock = types.KnownBlock;

/** What the composer was opened for, and where it stands, carried in the modal's private_metadata. */
export interface ComposerPreset {
  replyToRef?: number;
  /** Editing this proposal: saving makes a new version. */
  editRef?: number;
  /** The generation of the part fields' block ids. */
  gen?: number;
  /** How many part fields the view has (an empty one may be missing from the state Slack sends). */
  parts?: number;
  /** The second step: the images attached in the first, whose alt texts are asked. */
  files?: ComposerFile[];
}

/** An attached image as kept between the two steps (Slack's file object, reduced). */
export interface ComposerFile {
  id: string;
  name: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
}

/** What the fields show when the composer opens or is redrawn; each field as typed, never re-parsed. */
export interface Prefill {
  parts?: readonly string[];
  /** DURATION as the command takes it (`2h`); empty for none. */
  followup?: string;
  /** `YYYY-MM-DD` and `HH:mm`, in the cell's zone. */
  atDate?: string;
  atTime?: string;
  reply?: number | null;
  networks?: readonly NetworkName[] | null;
  /** The images a proposal being edited already has (kept unless others are attached). */
  kept?: readonly ProposalImage[];
  /** The alt fields' values, in order. */
  alts?: readonly string[];
}

export const FIELD = { networks: 'networks', followup: 'followup', date: 'at_date', time: 'at_time', reply: 'reply', images: 'images' } as const;
export const partBlock = (gen: number, part: number) => `part_${gen}_${part}`;
export const countBlock = (gen: number, part: number) => `part_${gen}_${part}_count`;
/** Alt fields: `alt_n` for the images attached in this composer (the id earlier composers used), `alt_kept_n` for an edited proposal's. */
export const newAltBlock = (n: number) => `alt_${n}`;
export const keptAltBlock = (n: number) => `alt_kept_${n}`;

/** The follow-up delays offered: DURATION values, shown as people write durations ("30 min", "1 j"). */
const DELAYS = ['30m', '1h', '2h', '4h', '8h', '12h', '1d', '2d'];
/** Published proposals offered as reply targets. */
const REPLY_CHOICES = 20;
const NONE = 'none';

/** What fills the composer: a proposal being edited, or a refused /tweet's text and the options that parsed. */
export function prefillOf(
  p: Pick<Proposal, 'parts' | 'followupSeconds' | 'publishAt' | 'replyToRef'> & { text?: string; networks: readonly NetworkName[] | null; images?: readonly ProposalImage[] },
  timeZone: string,
): Prefill {
  const at = p.publishAt ? DateTime.fromJSDate(p.publishAt, { zone: timeZone }) : null;
  return {
    parts: p.parts.length > 0 ? p.parts : [p.text ?? ''],
    followup: p.followupSeconds ? formatDuration(p.followupSeconds) : '',
    ...(at ? { atDate: at.toFormat('yyyy-MM-dd'), atTime: at.toFormat('HH:mm') } : {}),
    reply: p.replyToRef,
    networks: p.networks,
    ...(p.images ? { kept: p.images, alts: p.images.map((image) => image.altText) } : {}),
  };
}

/** The part that no field can hold (over 3,000 characters), if any: such a text is not opened in the composer. */
export function partTooLong(parts: readonly string[]): { part: number; length: number } | null {
  const i = parts.findIndex((text) => text.length > PLAIN_TEXT_INPUT_MAX);
  return i === -1 ? null : { part: i + 1, length: parts[i]!.length };
}

/** The composer modal: `/tweet` with no text, *Propose the closing tweet*, *Edit*, or a refusal taken up again. */
export function composerView(ctx: ProposalsContext, preset: ComposerPreset = {}, given?: Prefill | Proposal) {
  const { t } = ctx.texts;
  const prefill: Prefill = given && 'ref' in given ? prefillOf(given, ctx.config.timeZone) : (given ?? {});
  const gen = preset.gen ?? 0;
  const parts = (prefill.parts?.length ? prefill.parts : ['']).slice(0, MAX_PARTS);
  const all = targets(ctx);
  const chosen = all.filter((n) => !prefill.networks || prefill.networks.includes(n.name));
  const counted = chosen.length > 0 ? chosen : all;
  const numbered = ctx.config.threadNumbering && parts.length > 1;
  const published = publishedParts(parts, numbered);

  const blocks: KnownBlock[] = [];
  // A new post may start from one of the cell's templates: the menu turns this form into the template's.
  const choice = preset.editRef === undefined && !preset.files && ctx.templates ? templateChoiceBlock(ctx.templates.all(), ctx.texts) : null;
  if (choice) blocks.push(choice as KnownBlock);
  parts.forEach((text, i) => {
    const part = i + 1;
    blocks.push({
      type: 'input',
      block_id: partBlock(gen, part),
      label: plain(parts.length > 1 ? t.composerPartLabel({ part, total: parts.length }) : t.composerTextLabel()),
      ...(part === 1 ? { hint: plain(t.composerTextHint({ max: ctx.config.tweetMaxLength })) } : {}),
      dispatch_action: true,
      element: {
        type: 'plain_text_input',
        action_id: COMPOSER_PART_ACTION,
        multiline: true,
        max_length: PLAIN_TEXT_INPUT_MAX,
        dispatch_action_config: { trigger_actions_on: ['on_character_entered'] },
        ...(text ? { initial_value: text } : {}),
      },
    });
    const counts = countsLine(published[i]!, counted, ctx.texts);
    blocks.push({
      type: 'section',
      block_id: countBlock(gen, part),
      text: { type: 'mrkdwn', text: counts },
      ...(parts.length > 1 ? { accessory: button({ text: t.composerRemovePart({ part }), actionId: COMPOSER_REMOVE_PART, value: String(part) }) } : {}),
    });
  });
  if (parts.length < MAX_PARTS) {
    blocks.push({ type: 'actions', block_id: 'parts_add', elements: [button({ text: t.composerAddPart(), actionId: COMPOSER_ADD_PART, value: String(parts.length) })] });
  }
  blocks.push(...networksInput(ctx, prefill.networks ?? null));
  blocks.push(followupInput(ctx, prefill.followup ?? ''));
  blocks.push(...atInputs(ctx, prefill));
  blocks.push(replyInput(ctx, prefill.reply ?? preset.replyToRef ?? null));
  blocks.push(...imageBlocks(ctx, preset, prefill, counted));

  const metadata: ComposerPreset = { ...preset, gen, parts: parts.length };
  return {
    type: 'modal' as const,
    callback_id: COMPOSER_CALLBACK,
    private_metadata: fitMetadata(metadata),
    title: modalLabel(preset.editRef ? t.composerEditTitle({ ref: preset.editRef }) : t.composerTitle()),
    submit: modalLabel(preset.editRef ? t.composerEditSubmit() : t.composerSubmit()),
    close: modalLabel(t.composerCancel()),
    blocks,
  };
}

/** The metadata within its 3,000 characters (views reference): file names are the only free text, cut until it fits. */
function fitMetadata(metadata: ComposerPreset): string {
  let json = JSON.stringify(metadata);
  for (let max = 100; json.length > PRIVATE_METADATA_MAX && max > 0; max = Math.floor(max / 2)) {
    json = JSON.stringify({ ...metadata, files: metadata.files?.map((f) => ({ ...f, name: f.name.slice(0, max) })) });
  }
  return json;
}

/** The networks to publish on, all ticked: shown only when the cell publishes on more than one (the template form's too). */
export function networksInput(ctx: ProposalsContext, ticked: readonly NetworkName[] | null, blockId: string = FIELD.networks): KnownBlock[] {
  const all = targets(ctx);
  if (all.length < 2) return [];
  const { t } = ctx.texts;
  const box = (n: NetworkName) => ({ text: { type: 'plain_text' as const, text: t.networkName[n] }, value: n });
  const initial = all.filter((n) => !ticked || ticked.includes(n.name)).map((n) => box(n.name));
  return [
    {
      type: 'input',
      block_id: blockId,
      label: plain(t.composerNetworks()),
      element: { type: 'checkboxes', action_id: blockId, options: all.map((n) => box(n.name)), ...(initial.length > 0 ? { initial_options: initial } : {}) },
    },
  ];
}

function followupInput(ctx: ProposalsContext, current: string): KnownBlock {
  const { t } = ctx.texts;
  const label = (d: string) => duration(parseDuration(d) ?? 0, ctx.config.locale);
  // A delay typed with /tweet that the menu lacks (1h30m) is offered too, so editing keeps it.
  const seconds = parseDuration(current);
  const typed = seconds && !DELAYS.some((d) => parseDuration(d) === seconds) ? [formatDuration(seconds)] : [];
  const options = [option(t.composerNoFollowup(), NONE), ...[...DELAYS, ...typed].sort((a, b) => parseDuration(a)! - parseDuration(b)!).map((d) => option(label(d), d))];
  return menuInput(FIELD.followup, t.composerFollowup(), options, seconds ? options.find((o) => parseDuration(o.value ?? '') === seconds) : undefined);
}

/** An optional menu field, its current choice selected. */
function menuInput(block: string, label: string, options: types.PlainTextOption[], initial: types.PlainTextOption | undefined): KnownBlock {
  return {
    type: 'input',
    block_id: block,
    optional: true,
    label: plain(label),
    element: { type: 'static_select', action_id: block, options, ...(initial ? { initial_option: initial } : {}) },
  };
}

/** Slack's date picker and time picker (in the cell's zone, which the time picker shows): `--at` in two fields. */
function atInputs(ctx: ProposalsContext, prefill: Prefill): KnownBlock[] {
  const { t } = ctx.texts;
  return [
    {
      type: 'input',
      block_id: FIELD.date,
      optional: true,
      label: plain(t.composerDate()),
      element: { type: 'datepicker', action_id: FIELD.date, ...(prefill.atDate ? { initial_date: prefill.atDate } : {}) },
    },
    {
      type: 'input',
      block_id: FIELD.time,
      optional: true,
      label: plain(t.composerTime()),
      hint: plain(t.composerTimeHint()),
      element: { type: 'timepicker', action_id: FIELD.time, timezone: ctx.config.timeZone, ...(prefill.atTime ? { initial_time: prefill.atTime } : {}) },
    },
  ];
}

/** The last published proposals, with the start of their text; the one preset (from a reminder) among them. */
function replyInput(ctx: ProposalsContext, current: number | null): KnownBlock {
  const { t } = ctx.texts;
  const forReal = [...ctx.networks.values()].some((n) => !n.dryRun);
  const recent = ctx.store.recentPublished(REPLY_CHOICES, !forReal);
  if (current && !recent.some((r) => r.ref === current)) {
    const p = ctx.store.get(current);
    recent.unshift({ ref: current, text: p?.text ?? '' });
  }
  const options = [option(t.composerNoReply(), NONE), ...recent.map((r) => option(t.composerReplyOption({ ref: r.ref, excerpt: r.text }), String(r.ref)))];
  return menuInput(FIELD.reply, t.composerReply(), options, current ? options.find((o) => o.value === String(current)) : undefined);
}

/**
 * Images: the file input (first step), or the files chosen and a way back to choose others (second step);
 * then one required alt field per image attached, none for images not attached.
 */
function imageBlocks(ctx: ProposalsContext, preset: ComposerPreset, prefill: Prefill, networks: ReadonlyArray<{ name: NetworkName }>): KnownBlock[] {
  const { t } = ctx.texts;
  const maxAlt = maxAltOf([...ctx.networks.values()].filter((n) => networks.some((x) => x.name === n.name)));
  const alt = (block: string, name: string, value: string | undefined): KnownBlock => ({
    type: 'input',
    block_id: block,
    label: plain(t.composerAlt({ name: name.slice(0, 100) }), INPUT_LABEL_MAX),
    element: {
      type: 'plain_text_input',
      action_id: block,
      multiline: true,
      max_length: maxAlt,
      placeholder: plain(t.composerAltPlaceholder(), PLACEHOLDER_MAX),
      ...(value ? { initial_value: value.slice(0, maxAlt) } : {}),
    },
  });
  if (preset.files?.length) {
    return [
      context([t.composerImagesChosen({ names: preset.files.map((f) => f.name).join(', ') }), t.composerAltStep({ count: preset.files.length })]),
      { type: 'actions', block_id: 'images_other', elements: [button({ text: t.composerOtherImages(), actionId: COMPOSER_OTHER_IMAGES, value: 'other' })] },
      ...preset.files.map((f, i) => alt(newAltBlock(i + 1), f.name, prefill.alts?.[i])),
    ];
  }
  const kept = prefill.kept ?? [];
  return [
    {
      type: 'input',
      block_id: FIELD.images,
      optional: true,
      label: plain(t.composerImages()),
      ...(kept.length > 0 ? { hint: plain(t.composerImagesKept({ count: kept.length })) } : {}),
      element: { type: 'file_input', action_id: FIELD.images, filetypes: [...IMAGE_FILE_TYPES], max_files: MAX_IMAGES },
    },
    ...kept.map((image, i) => alt(keptAltBlock(i + 1), image.name, prefill.alts?.[i] ?? image.altText)),
  ];
}

/** The files of a submission, as kept for the second step. */
export function keptFiles(files: readonly UploadedFile[]): ComposerFile[] {
  return files.map((f) => ({
    id: f.id,
    name: (f.name ?? f.title ?? f.id).slice(0, 100),
    ...(f.mimetype ? { mimetype: f.mimetype } : {}),
    ...(f.filetype ? { filetype: f.filetype } : {}),
    size: f.size ?? 0,
  }));
}
