/**
 * Block Kit as strict as Slack: the blocks of a message and the views of a modal or Home tab, checked
 * field by field against Slack's reference (https://docs.slack.dev/reference/block-kit/blocks, one page per
 * block). The fake Slack answers `invalid_blocks` / `invalid_arguments` with these problems; a test of a
 * message builder can call the same functions directly:
 *
 *   expect(messageBlocksProblems(proposalMessage(p).blocks)).toEqual([]);
 *
 * Blocks Slack has but this fake does not model (video, table, card, carousel, container, alert, plan,
 * task_card, context_actions, data_table) are refused as unknown: the bot does not use them, and a fake
 * that let them through unchecked would hide a mistake in one.
 */
import {
  accessoryElement, actionsElement, anyText, contextElement, id255, imageSource, inputElement, plainText,
  setRichTextBlock, slackFile, uniqueActionIds,
} from './blockKitObjects.js';
import {
  type BlockKitProblem, bool, byType, type Ctx, fail, int, isObject, list, obj, oneOf, only, type Rule, str, type Surface,
  slackError, slackLine,
} from './blockKitRules.js';

export { type BlockKitProblem, type Surface, slackError, slackLine } from './blockKitRules.js';

const type: Rule = () => undefined;

// Rich text sub-elements (https://docs.slack.dev/reference/block-kit/blocks/rich-text-block and the
// rich-text-*-element pages; fields as in @slack/types' RichText* interfaces). Style: bold, italic,
// strike, code, underline.
const style = obj({ bold: bool, italic: bool, strike: bool, code: bool, underline: bool });
const textElement = obj({ type, text: str({ min: 1 }), style }, ['type', 'text']);
const linkElement = obj({ type, url: str({ min: 1 }), text: str({ min: 1 }), unsafe: bool, style }, ['type', 'url']);
const inline = byType({
  text: textElement,
  link: linkElement,
  user: obj({ type, user_id: str({ min: 1 }), style }, ['type', 'user_id']),
  usergroup: obj({ type, usergroup_id: str({ min: 1 }), style }, ['type', 'usergroup_id']),
  channel: obj({ type, channel_id: str({ min: 1 }), style }, ['type', 'channel_id']),
  team: obj({ type, team_id: str({ min: 1 }), style }, ['type', 'team_id']),
  emoji: obj({ type, name: str({ min: 1 }), unicode: str({ min: 1 }), url: str({ min: 1 }), skin_tone: int({ min: 1, max: 6 }), style }, ['type', 'name']),
  broadcast: obj({ type, range: oneOf('here', 'channel', 'everyone'), style }, ['type', 'range']),
  date: obj({ type, timestamp: int({ min: 0 }), format: str({ min: 1 }), url: str({ min: 1 }), fallback: str({ min: 1 }), style }, ['type', 'timestamp', 'format']),
  color: obj({ type, value: str({ min: 1 }), style }, ['type', 'value']),
});
const border = oneOf(0, 1);
const richTextSection = obj({ type, elements: list(inline, { min: 1 }) }, ['type', 'elements']);
const richTextObject = byType({
  rich_text_section: richTextSection,
  // rich_text_list: style bullet|ordered required, elements are sections, indent 0..8, offset, border.
  rich_text_list: obj(
    { type, style: oneOf('bullet', 'ordered'), elements: list(byType({ rich_text_section: richTextSection }), { min: 1 }),
      indent: int({ min: 0, max: 8 }), offset: int({ min: 0 }), border },
    ['type', 'style', 'elements'],
  ),
  rich_text_quote: obj({ type, elements: list(inline, { min: 1 }), border }, ['type', 'elements']),
  // rich_text_preformatted: "An array of text or link elements", border, language.
  rich_text_preformatted: obj(
    { type, elements: list(byType({ text: textElement, link: linkElement }), { min: 1 }), border, language: str({ min: 1 }) },
    ['type', 'elements'],
  ),
});
const richText = obj({ type, block_id: id255, elements: list(richTextObject, { min: 1 }) }, ['type', 'elements']);
setRichTextBlock(byType({ rich_text: richText }));

const blockRules: Record<string, Rule> = {
  // Section: text 1..3000, up to 10 fields of ≤ 2000 each, "must define either `text` or `fields`".
  section: obj(
    { type, block_id: id255, text: anyText(3000), fields: list(anyText(2000), { min: 1, max: 10 }), accessory: accessoryElement, expand: bool },
    ['type'],
    (o, at, ctx) => {
      if (o.text === undefined && o.fields === undefined) fail(ctx, `${at}/type`, 'must define either `text` or `fields`');
    },
  ),
  divider: obj({ type, block_id: id255 }, ['type']),
  // Header: plain_text only, "Maximum length for the text in this field is 150 characters".
  header: obj({ type, block_id: id255, text: plainText(150) }, ['type', 'text']),
  // Context: "Maximum number of items is 10" images and text objects.
  context: obj({ type, block_id: id255, elements: list(contextElement, { min: 1, max: 10 }) }, ['type', 'elements']),
  // Actions: "There is a maximum of 25 elements in each action block"; action_ids unique in the block.
  actions: obj({ type, block_id: id255, elements: list(actionsElement, { min: 1, max: 25 }) }, ['type', 'elements'], (o, at, ctx) =>
    uniqueActionIds(o.elements, `${at}/elements`, ctx),
  ),
  // Image: image_url ≤ 3000 or slack_file, alt_text ≤ 2000, title plain_text ≤ 2000.
  image: obj(
    { type, block_id: id255, image_url: str({ min: 1, max: 3000 }), slack_file: slackFile, alt_text: str({ min: 1, max: 2000 }), title: plainText(2000) },
    ['type', 'alt_text'],
    imageSource,
  ),
  // Input: label and hint plain_text ≤ 2000; dispatch_action "is incompatible with the file_input block
  // element ... an unsupported type error will be raised". Only in views here: older pages of the reference
  // list modals and Home tabs, newer ones messages too (strict: the older reading).
  input: only(['modal', 'home'], obj(
    { type, block_id: id255, label: plainText(2000), element: inputElement, hint: plainText(2000), optional: bool, dispatch_action: bool },
    ['type', 'label', 'element'],
    (o, at, ctx) => {
      if (o.dispatch_action === true && isObject(o.element) && o.element.type === 'file_input') {
        fail(ctx, `${at}/element/type`, 'unsupported type: file_input');
      }
    },
  )),
  rich_text: richText,
  // Markdown block: messages only, "Limit 12,000 characters max" (blocks/markdown-block).
  markdown: only(['message'], obj({ type, block_id: id255, text: str({ min: 1, max: 12_000 }) }, ['type', 'text'])),
};
const block = byType(blockRules);

/** "block_id should be unique for each message or view". */
function uniqueBlockIds(blocks: unknown[], at: string, ctx: Ctx) {
  const seen = new Set<string>();
  blocks.forEach((b, i) => {
    const id = isObject(b) ? b.block_id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) fail(ctx, `${at}/${i}/block_id`, `block_id must be unique: ${id}`);
    seen.add(id);
  });
}

// "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs"
// (https://docs.slack.dev/reference/block-kit/blocks, introduction).
export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;

function blocksRule(max: number): Rule {
  return (v, at, ctx) => {
    list(block, { max })(v, at, ctx);
    if (Array.isArray(v)) uniqueBlockIds(v, at, ctx);
  };
}

/** What Slack finds wrong with a message's `blocks` (chat.postMessage, chat.update, chat.postEphemeral, response_url). */
export function messageBlocksProblems(blocks: unknown, at = '/blocks'): BlockKitProblem[] {
  const ctx: Ctx = { surface: 'message', problems: [] };
  blocksRule(MAX_MESSAGE_BLOCKS)(blocks, at, ctx);
  return ctx.problems;
}

// View object (https://docs.slack.dev/reference/views): modal title/close/submit plain_text ≤ 24,
// private_metadata ≤ 3000, callback_id ≤ 255, external_id ≤ 255 (views.update: "Max length of 255").
const viewCommon = {
  type, private_metadata: str({ max: 3000 }), callback_id: str({ max: 255 }), external_id: str({ min: 1, max: 255 }),
};
const modal = obj(
  { ...viewCommon, title: plainText(24), blocks: blocksRule(MAX_VIEW_BLOCKS), close: plainText(24), submit: plainText(24),
    clear_on_close: bool, notify_on_close: bool },
  ['type', 'title', 'blocks'],
  (o, at, ctx) => {
    // "`submit` is required when an input block is within the `blocks` array"; Slack's sentence and its odd pointer.
    const firstInput = (o.blocks as unknown[]).findIndex((b) => isObject(b) && b.type === 'input');
    if (o.submit === undefined && firstInput >= 0) {
      fail(ctx, `${at}/blocks/${firstInput}/input`, 'must define `submit` to use an `input` block in modals');
    }
  },
);
const home = obj({ ...viewCommon, blocks: blocksRule(MAX_VIEW_BLOCKS) }, ['type', 'blocks']);

/**
 * What Slack finds wrong with a view. `kind` is what the method accepts: views.open, views.push and
 * views.update take a modal; views.publish takes a Home tab.
 */
export function viewProblems(view: unknown, kind: 'modal' | 'home', at = '/view'): BlockKitProblem[] {
  const ctx: Ctx = { surface: kind, problems: [] };
  (kind === 'modal' ? byType({ modal }) : byType({ home }))(view, at, ctx);
  return ctx.problems;
}

/**
 * How long a message's blocks are, for `msg_blocks_too_long`. Slack does not document this limit:
 * bolt-js issue #2509 (a Slack engineer: "12,000 text characters with a buffer for block containers";
 * markdown blocks alone were refused past 13,297 characters, and less once a divider was added) and
 * #2867 (refused at 11,341 characters counting only `.text` fields) show that more than the text counts.
 * So, strictly: every string in the blocks counts (texts, URLs, ids, values, alt texts, emoji names),
 * only the `type` names do not, and more than 12,000 is refused.
 */
export function blocksTextLength(blocks: unknown): number {
  if (typeof blocks === 'string') return [...blocks].length;
  if (Array.isArray(blocks)) return blocks.reduce((n: number, b) => n + blocksTextLength(b), 0);
  if (!isObject(blocks)) return 0;
  return Object.entries(blocks).reduce((n, [key, v]) => (key === 'type' ? n : n + blocksTextLength(v)), 0);
}
export const MAX_BLOCKS_TEXT = 12_000;

/** The problems as Slack lists them in `response_metadata.messages`. */
export const slackLines = (problems: BlockKitProblem[]) => problems.map(slackLine);
/** The problems as in the top-level `errors` of an `invalid_blocks` answer. */
export const slackErrors = (problems: BlockKitProblem[]) => problems.map(slackError);
