import type { types } from '@slack/bolt';
import { escapeForSlack } from './slackText.js';
import { cutText } from './textCut.js';

export { cutText, type TextKind } from './textCut.js';

type KnownBlock = types.KnownBlock;

/**
 * Slack's limits. Unless said otherwise, from the Block Kit reference at docs.slack.dev/reference/block-kit
 * (the page of each block or element named). Lengths are UTF-16 code units: see `textCut.ts`.
 */
/** Text object `text`: "minimum length is 1 and maximum length is 3000 characters" (composition-objects/text-object). */
export const TEXT_MAX = 3000;
/** "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs" (blocks). */
export const MESSAGE_BLOCKS_MAX = 50;
export const VIEW_BLOCKS_MAX = 100;
/** Context block `elements`: "Maximum number of items is 10" (blocks/context-block). */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Actions block: "There is a maximum of 25 elements in each action block" (blocks/actions-block). */
export const ACTIONS_ELEMENTS_MAX = 25;
/** Header block text: "Maximum length for the text in this field is 150 characters" (blocks/header-block). */
export const HEADER_MAX = 150;
/** Button (block-elements/button-element): text 75, value 2,000, url 3,000, action_id 255, accessibility_label 75. */
export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const BUTTON_URL_MAX = 3000;
export const ACTION_ID_MAX = 255;
/** `block_id`: "Maximum length for this field is 255 characters" (every block's page). */
export const BLOCK_ID_MAX = 255;
/** Modal `title`, `submit`, `close`: 24 characters; `private_metadata` and `callback_id` (views/modal reference). */
export const MODAL_TITLE_MAX = 24;
export const PRIVATE_METADATA_MAX = 3000;
export const CALLBACK_ID_MAX = 255;
/** Plain-text input `max_length` and `initial_value` (block-elements/plain-text-input-element). */
export const PLAIN_TEXT_INPUT_MAX = 3000;
/** chat.postMessage `text`: "truncate messages containing more than 40,000 characters" (methods/chat.postMessage). */
export const MESSAGE_TEXT_MAX = 40_000;

/**
 * `msg_blocks_too_long`, undocumented. bolt-js #2509: with markdown blocks only, refused past 13,297
 * characters of text, and one divider more lowered that to 13,172 (a block with no text costs ~125);
 * a bolt-js maintainer there: "12,000 text characters with a buffer for block containers". bolt-js #2867:
 * 11,341 characters of `.text` in rich_text/section/header/divider blocks were refused all the same.
 * So summing texts is not enough. Our count (`textLength`): the length of the blocks as JSON (every
 * text, URL, id, value and all structure: never less than any text count) plus 125 for each block, the
 * container cost #2509 measured, kept at most 12,000. It is deliberately above anything Slack could be
 * counting that those reports describe, at the price of a few hundred characters of room.
 */
export const MESSAGE_BLOCKS_CHARS_MAX = 12_000;
export const BLOCK_CONTAINER_COST = 125;

/** Our choices, not Slack's. */
/** rich_text has no documented length: a quote is held to a text object's 3,000 (a post fits, unless its links are huge). */
export const RICH_TEXT_MAX = TEXT_MAX;
/** The message `text` shows in notifications, which show a line or two: more is noise (and counts). */
export const FALLBACK_TEXT_MAX = 300;
/** A text object may not be empty (minimum length 1): what stands for a text that has nothing. */
export const EMPTY_TEXT = '–';

// No-break spaces stay: French typography puts them before `: ; ! ?` (typography.ts).
const oneLine = (text: string) => text.replace(/[^\S\u00a0\u202f]+/g, ' ').trim();
const orEmpty = (text: string) => (text.trim() === '' ? EMPTY_TEXT : text);

/** An escaped mrkdwn text cut to `max` characters: never inside an entity, a `<…>` token or a grapheme. */
export function cutMrkdwn(text: string, max: number, ellipsis = '…'): string {
  return cutText(text, max, { kind: 'mrkdwn', ellipsis });
}

export interface CapOptions {
  maxChars: number;
  maxItems?: number;
  /** The last line, for the items not shown: "… and 12 more: /followup list". Never dropped. */
  more: (hidden: number) => string;
  separator?: string;
  /** How many items there are in all, when `items` holds only the first ones. */
  total?: number;
}

/** Fewer than this left for a lone first item, and it is not shown cut: the "more" line says it all. */
const MIN_CUT_ITEM = 20;

/**
 * The first whole items that fit, then the "more" line for the rest (always room for it). When not even
 * the first item fits whole, it is shown cut, so a list never shows nothing but "… and N more".
 */
export function capLines(items: readonly string[], o: CapOptions): string {
  if (o.maxChars <= 0) return '';
  const separator = o.separator ?? '\n';
  const total = Math.max(o.total ?? items.length, items.length);
  const limit = Math.min(o.maxItems ?? items.length, items.length);
  const more = (hidden: number) => cutMrkdwn(o.more(hidden), o.maxChars);
  let shown = 0;
  let length = 0;
  for (let k = 1; k <= limit; k++) {
    length += (k > 1 ? separator.length : 0) + items[k - 1]!.length;
    const hidden = total - k;
    const needed = hidden === 0 ? length : length + separator.length + more(hidden).length;
    if (needed <= o.maxChars) shown = k;
    else if (length > o.maxChars) break;
  }
  const head = items.slice(0, shown);
  if (shown === total) return head.join(separator);
  if (shown === 0 && items.length > 0 && limit > 0) {
    const tail = more(total - 1);
    const room = o.maxChars - separator.length - tail.length;
    if (room >= MIN_CUT_ITEM) return `${cutMrkdwn(items[0]!, room)}${separator}${tail}`;
  }
  return [...head, more(total - shown)].join(separator);
}

/** A mrkdwn section, its text cut to what Slack accepts. */
export function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cutMrkdwn(orEmpty(text), TEXT_MAX) } };
}

/** A context block of mrkdwn texts: at most 10 (the last one gathers the rest), each cut, none empty. */
export function context(texts: readonly string[]): types.ContextBlock {
  const kept = texts.filter((t) => t.trim() !== '');
  const elements =
    kept.length > CONTEXT_ELEMENTS_MAX
      ? [...kept.slice(0, CONTEXT_ELEMENTS_MAX - 1), kept.slice(CONTEXT_ELEMENTS_MAX - 1).join(' · ')]
      : kept;
  return {
    type: 'context',
    elements: (elements.length > 0 ? elements : [EMPTY_TEXT]).map((t) => ({ type: 'mrkdwn' as const, text: cutMrkdwn(t, TEXT_MAX) })),
  };
}

/** A plain_text object cut to `max`. */
export function plain(text: string, max = TEXT_MAX): types.PlainTextElement {
  return { type: 'plain_text', text: cutText(orEmpty(text), Math.min(max, TEXT_MAX), { kind: 'plain' }), emoji: true };
}

/** A header: one line of plain text, at most 150 characters. */
export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(oneLine(text), HEADER_MAX) };
}

/** An input block's label or hint: at most 2,000 characters (input block). */
export const INPUT_LABEL_MAX = 2000;
/** An element's placeholder: at most 150 characters. */
export const PLACEHOLDER_MAX = 150;
/** A menu option's text: at most 75 characters (option object). */
export const OPTION_TEXT_MAX = 75;
/** A static_select: at most 100 options. */
export const SELECT_OPTIONS_MAX = 100;

/** A menu's option: its text on one line (French no-break spaces kept), cut to 75 characters. */
export function option(text: string, value: string): types.PlainTextOption {
  return { text: plain(cutText(oneLine(text), OPTION_TEXT_MAX, { kind: 'literal' }), OPTION_TEXT_MAX), value };
}

/** A modal's title, submit or close label: one line of at most 24 characters. */
export function modalLabel(text: string): types.PlainTextElement {
  return plain(oneLine(text), MODAL_TITLE_MAX);
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  accessibilityLabel?: string;
}

/**
 * A button: its label is cut to 75 characters. Its action_id, value and url are the code's own data,
 * which a cut would corrupt: past their limits it throws, so a test finds it before Slack refuses it.
 */
export function button(spec: ButtonSpec): types.Button {
  within('action_id', spec.actionId, ACTION_ID_MAX);
  if (spec.value !== undefined) within('value', spec.value, BUTTON_VALUE_MAX);
  if (spec.url !== undefined) within('url', spec.url, BUTTON_URL_MAX);
  return {
    type: 'button',
    action_id: spec.actionId,
    text: plain(oneLine(spec.text), BUTTON_TEXT_MAX),
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.url !== undefined ? { url: spec.url } : {}),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.accessibilityLabel ? { accessibility_label: cutText(oneLine(spec.accessibilityLabel), BUTTON_TEXT_MAX, { kind: 'plain' }) } : {}),
  };
}

/** A block_id or callback_id the code builds: refused (thrown) when empty or over 255. */
export function blockId(id: string): string {
  within('block_id', id, BLOCK_ID_MAX);
  return id;
}

function within(field: string, value: string, max: number): void {
  if (value.length === 0 || value.length > max) {
    throw new RangeError(`Slack refuses a button or block ${field} of ${value.length} characters (1 to ${max}): ${value.slice(0, 40)}…`);
  }
}

/** The message `text` (notifications, and where blocks cannot show): escaped mrkdwn cut short. */
export function fallbackText(text: string): string {
  return cutMrkdwn(orEmpty(text), FALLBACK_TEXT_MAX);
}

/**
 * A post's text exactly as it will be published: rich_text elements are shown literally (no mrkdwn, no
 * mention, no link), so it is not escaped. Cut (at a grapheme) only past `RICH_TEXT_MAX`.
 */
export function richTextQuote(text: string): types.RichTextBlock {
  return {
    type: 'rich_text',
    elements: [{ type: 'rich_text_quote', elements: [{ type: 'text', text: cutText(orEmpty(text), RICH_TEXT_MAX, { kind: 'literal' }) }] }],
  };
}

/** The count `msg_blocks_too_long` is about, as decided above `MESSAGE_BLOCKS_CHARS_MAX`. */
export function textLength(blocks: readonly KnownBlock[]): number {
  return JSON.stringify(blocks).length + BLOCK_CONTAINER_COST * blocks.length;
}

export interface FitOptions {
  maxBlocks?: number;
  /** `Infinity` for a modal or the Home tab, which `msg_blocks_too_long` does not concern. */
  maxChars?: number;
  /** The block that replaces those dropped: "… 12 more in the thread". Build it with `context`. */
  overflow: (dropped: number) => KnownBlock;
  /** Blocks before this index are kept (a title, a status). */
  from?: number;
  /** This many blocks at the end are kept (the buttons). */
  keepLast?: number;
}

/**
 * The blocks within a message's limits: whole blocks are dropped from the end of the droppable part
 * (`from` to `length - keepLast`) and replaced by the overflow block. Should the kept blocks alone still
 * be too many, the droppable part widens to every block, so the result always fits.
 */
export function fitMessage(blocks: readonly KnownBlock[], o: FitOptions): KnownBlock[] {
  const maxBlocks = o.maxBlocks ?? MESSAGE_BLOCKS_MAX;
  const maxChars = o.maxChars ?? MESSAGE_BLOCKS_CHARS_MAX;
  // textLength, summed block by block: "[", the blocks, a comma between two, "]", and each block's cost.
  const size = blocks.map((b) => JSON.stringify(b).length + 1 + BLOCK_CONTAINER_COST);
  const total = (parts: readonly number[]) => parts.reduce((a, b) => a + b, 1);
  if (blocks.length <= maxBlocks && total(size) <= maxChars) return [...blocks];
  const from = clamp(o.from ?? 0, 0, blocks.length);
  const to = clamp(blocks.length - (o.keepLast ?? 0), from, blocks.length);
  for (const [start, end] of [[from, to], [0, blocks.length]] as const) {
    const tail = total(size.slice(end)) - 1;
    for (let keep = end - 1; keep >= start; keep--) {
      const overflow = o.overflow(end - keep);
      const length = total(size.slice(0, keep)) + tail + JSON.stringify(overflow).length + 1 + BLOCK_CONTAINER_COST;
      if (keep + 1 + (blocks.length - end) <= maxBlocks && length <= maxChars) {
        return [...blocks.slice(0, keep), overflow, ...blocks.slice(end)];
      }
    }
  }
  return [o.overflow(blocks.length)];
}

const clamp = (n: number, low: number, high: number) => Math.min(Math.max(n, low), high);

/** The start of a person's text on one line, escaped for Slack, cut at a word with "…": at most `max`. */
export function excerpt(text: string, max = 80): string {
  return cutMrkdwn(escapeForSlack(oneLine(text)), max);
}
