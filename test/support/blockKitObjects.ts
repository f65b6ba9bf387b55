/**
 * Block Kit composition objects and block elements, field by field as Slack documents them
 * (https://docs.slack.dev/reference/block-kit/composition-objects and .../block-elements, one page
 * per object; the same limits are in @slack/types' block-kit/*.d.ts, Slack's own SDK types). Every
 * object refuses a field it does not list. Elements this fake does not model (workflow_button,
 * icon_button, feedback_buttons) are refused as unknown: the bot has no use for them.
 */
import { bool, byType, type Ctx, fail, int, isObject, later, list, obj, oneOf, only, type Rule, str } from './blockKitRules.js';

const type: Rule = () => undefined; // checked by byType before the object's own rule runs

// block_id / action_id: "Maximum length for this field is 255 characters" (Block reference, every block and element).
export const id255 = str({ min: 1, max: 255 });

// Text object: "The minimum length is 1 and maximum length is 3000 characters"
// (composition-objects/text-object); `emoji` only on plain_text, `verbatim` only on mrkdwn.
const plainTextObject = (max: number) => obj({ type, text: str({ min: 1, max }), emoji: bool }, ['type', 'text']);
const mrkdwnObject = (max: number) => obj({ type, text: str({ min: 1, max }), verbatim: bool }, ['type', 'text']);
export const plainText = (max = 3000) => byType({ plain_text: plainTextObject(max) });
export const anyText = (max = 3000) => byType({ plain_text: plainTextObject(max), mrkdwn: mrkdwnObject(max) });

// Confirmation dialog object: title ≤ 100, text ≤ 300, confirm/deny ≤ 30, all four required
// (composition-objects/confirmation-dialog-object).
const confirm = obj(
  { title: plainText(100), text: anyText(300), confirm: plainText(30), deny: plainText(30), style: oneOf('primary', 'danger') },
  ['title', 'text', 'confirm', 'deny'],
);

// Option object: text ≤ 75 (plain_text in menus, mrkdwn allowed in checkboxes and radio buttons),
// value ≤ 150 and required, description ≤ 75 (plain_text), url ≤ 3000 only in overflow menus
// (composition-objects/option-object).
const option = (text: Rule, withUrl = false) =>
  obj(
    { text, value: str({ min: 1, max: 150 }), description: plainText(75), ...(withUrl ? { url: str({ min: 1, max: 3000 }) } : {}) },
    ['text', 'value'],
  );
const menuOption = option(plainText(75));
const choiceOption = option(anyText(75));
// Option group: label ≤ 75, up to 100 options (composition-objects/option-group-object).
const optionGroup = obj({ label: plainText(75), options: list(menuOption, { min: 1, max: 100 }) }, ['label', 'options']);

// Dispatch action configuration: one or both of the two triggers (composition-objects/dispatch-action-configuration-object).
const dispatchConfig = obj({ trigger_actions_on: list(oneOf('on_enter_pressed', 'on_character_entered'), { min: 1, max: 2 }) });

// Conversation filter: `include` not empty (composition-objects/conversation-filter-object).
const filter = obj({
  include: list(oneOf('im', 'mpim', 'private', 'public'), { min: 1, max: 4 }),
  exclude_external_shared_channels: bool,
  exclude_bot_users: bool,
});

// Slack file object: `url` or `id`, "If both are provided then the payload will be rejected"
// (composition-objects/slack-file-object).
export const slackFile = obj({ url: str({ min: 1 }), id: str({ min: 1 }) }, [], (o, at, ctx) => {
  if ((o.url === undefined) === (o.id === undefined)) fail(ctx, at, 'must provide exactly one of `url` or `id`');
});

/** An image given by `image_url` (≤ 3000, image block reference) or by `slack_file`, never both. */
export function imageSource(o: Record<string, unknown>, at: string, ctx: Ctx) {
  if ((o.image_url === undefined) === (o.slack_file === undefined)) fail(ctx, at, 'must provide either `image_url` or `slack_file`');
}

const placeholder = plainText(150); // "Maximum length for the text in this field is 150 characters" (every input and menu)
const interactive = { type, action_id: id255, confirm, focus_on_load: bool };

// Button element: text ≤ 75, value ≤ 2000, url ≤ 3000, accessibility_label ≤ 75 (block-elements/button-element).
const button = obj(
  { type, action_id: id255, text: plainText(75), value: str({ min: 1, max: 2000 }), url: str({ min: 1, max: 3000 }),
    style: oneOf('primary', 'danger'), confirm, accessibility_label: str({ min: 1, max: 75 }) },
  ['type', 'text'],
);

/** JSON with keys in order, so that two equal options compare equal whatever the order of their fields. */
const canonical = (x: unknown): string =>
  isObject(x) ? `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical(x[k])}`).join(',')}}` : JSON.stringify(x);

/** initial options must be options of the element: "exactly matches one or more of the options". */
function initialAmong(o: Record<string, unknown>, at: string, ctx: Ctx) {
  const offered = [
    ...((o.options as unknown[] | undefined) ?? []),
    ...((o.option_groups as Array<{ options: unknown[] }> | undefined) ?? []).flatMap((g) => g.options),
  ].map(canonical);
  const initial = o.initial_option !== undefined ? [['initial_option', o.initial_option] as const] : [];
  const many = ((o.initial_options as unknown[] | undefined) ?? []).map((x, i) => [`initial_options/${i}`, x] as const);
  for (const [path, x] of [...initial, ...many]) {
    if (!offered.includes(canonical(x))) fail(ctx, `${at}/${path}`, 'must exactly match one of the `options`');
  }
}

// Checkboxes and radio buttons: at most 10 options (block-elements/checkboxes-element, radio-button-group-element).
const checkboxes = obj(
  { ...interactive, options: list(choiceOption, { min: 1, max: 10 }), initial_options: list(choiceOption, { max: 10 }) },
  ['type', 'options'], initialAmong,
);
const radioButtons = obj(
  { ...interactive, options: list(choiceOption, { min: 1, max: 10 }), initial_option: choiceOption },
  ['type', 'options'], initialAmong,
);

// Date picker `initial_date` "in the format YYYY-MM-DD"; time picker `initial_time` "HH:mm" (00-23, 00-59);
// datetime picker `initial_date_time` a UNIX timestamp "in the format of 10 digits" (their element pages).
const isoDate = (v: unknown, at: string, ctx: Ctx) => {
  str({ pattern: /^\d{4}-\d{2}-\d{2}$/, patternMessage: 'must be a date in the format YYYY-MM-DD' })(v, at, ctx);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    fail(ctx, at, 'must be a date in the format YYYY-MM-DD');
  }
};
const datepicker = obj({ ...interactive, initial_date: isoDate, placeholder }, ['type']);
const timepicker = obj(
  { ...interactive, placeholder, timezone: str({ min: 1 }),
    initial_time: str({ pattern: /^([01]\d|2[0-3]):[0-5]\d$/, patternMessage: 'must be a time in the format HH:mm' }) },
  ['type'],
);
const datetimepicker = obj({ ...interactive, initial_date_time: int({ min: 1_000_000_000, max: 9_999_999_999 }) }, ['type']);

// Select menus: static options ≤ 100 or option groups ≤ 100, one of the two, not both
// (block-elements/select-menu-element); multi-selects add max_selected_items ≥ 1 (multi-select-menu-element).
const selectBase = { ...interactive, placeholder };
const multi = { max_selected_items: int({ min: 1 }) };
const staticOptions = (o: Record<string, unknown>, at: string, ctx: Ctx) => {
  if ((o.options === undefined) === (o.option_groups === undefined)) return fail(ctx, at, 'must provide either `options` or `option_groups`');
  initialAmong(o, at, ctx);
};
const staticChoices = { options: list(menuOption, { min: 1, max: 100 }), option_groups: list(optionGroup, { min: 1, max: 100 }) };
const selects: Record<string, Rule> = {
  static_select: obj({ ...selectBase, ...staticChoices, initial_option: menuOption }, ['type'], staticOptions),
  multi_static_select: obj({ ...selectBase, ...multi, ...staticChoices, initial_options: list(menuOption, { min: 1 }) }, ['type'], staticOptions),
  external_select: obj({ ...selectBase, initial_option: menuOption, min_query_length: int({ min: 0 }) }, ['type']),
  multi_external_select: obj({ ...selectBase, ...multi, initial_options: list(menuOption, { min: 1 }), min_query_length: int({ min: 0 }) }, ['type']),
  users_select: obj({ ...selectBase, initial_user: str({ min: 1 }) }, ['type']),
  multi_users_select: obj({ ...selectBase, ...multi, initial_users: list(str({ min: 1 }), { min: 1 }) }, ['type']),
  conversations_select: obj(
    { ...selectBase, initial_conversation: str({ min: 1 }), default_to_current_conversation: bool, response_url_enabled: bool, filter },
    ['type'],
  ),
  multi_conversations_select: obj(
    { ...selectBase, ...multi, initial_conversations: list(str({ min: 1 }), { min: 1 }), default_to_current_conversation: bool, filter },
    ['type'],
  ),
  channels_select: obj({ ...selectBase, initial_channel: str({ min: 1 }), response_url_enabled: bool }, ['type']),
  multi_channels_select: obj({ ...selectBase, ...multi, initial_channels: list(str({ min: 1 }), { min: 1 }) }, ['type']),
};

// Overflow menu: "An array of up to five option objects", which may carry a url (block-elements/overflow-menu-element).
const overflow = obj({ type, action_id: id255, confirm, options: list(option(plainText(75), true), { min: 1, max: 5 }) }, ['type', 'options']);

// Plain-text input: min_length 0..3000, max_length 1..3000 (block-elements/plain-text-input-element); the
// pre-filled value within the same 3000 and within max_length, and min_length not above max_length.
const textInput = obj(
  { type, action_id: id255, initial_value: str({ max: 3000 }), multiline: bool, min_length: int({ min: 0, max: 3000 }),
    max_length: int({ min: 1, max: 3000 }), dispatch_action_config: dispatchConfig, focus_on_load: bool, placeholder },
  ['type'],
  (o, at, ctx) => {
    const max = o.max_length as number | undefined;
    if (max !== undefined && typeof o.initial_value === 'string' && [...o.initial_value].length > max) {
      fail(ctx, `${at}/initial_value`, `must be less than ${max + 1} characters`);
    }
    if (max !== undefined && o.min_length !== undefined && (o.min_length as number) > max) {
      fail(ctx, `${at}/min_length`, `must be less than or equal to ${max}`);
    }
  },
);
const simpleInput = obj({ type, action_id: id255, initial_value: str(), dispatch_action_config: dispatchConfig, focus_on_load: bool, placeholder }, ['type']);
const numberInput = obj(
  { type, action_id: id255, is_decimal_allowed: bool, initial_value: str(), min_value: str(), max_value: str(),
    dispatch_action_config: dispatchConfig, focus_on_load: bool, placeholder },
  ['type', 'is_decimal_allowed'],
);

// File input: max_files "Minimum of 1, maximum of 10" (block-elements/file-input-element); only inside an input block.
const fileInput = obj({ type, action_id: id255, filetypes: list(str({ min: 1 })), max_files: int({ min: 1, max: 10 }) }, ['type']);

// Image element: alt_text required, image_url or slack_file (block-elements/image-element).
export const imageElement = obj({ type, alt_text: str({ min: 1, max: 2000 }), image_url: str({ min: 1, max: 3000 }), slack_file: slackFile }, ['type', 'alt_text'], imageSource);

// Rich text input: initial value a rich_text block; min/max lines 1..100 (block-elements/rich-text-input-element).
let richTextBlock: Rule | undefined;
export const setRichTextBlock = (rule: Rule) => {
  richTextBlock = rule;
};
const richTextInput = obj(
  { type, action_id: id255, initial_value: later(() => richTextBlock!), dispatch_action_config: dispatchConfig, focus_on_load: bool,
    placeholder, min_lines: int({ min: 1, max: 100 }), max_lines: int({ min: 1, max: 100 }) },
  ['type'],
);

// Which element goes where: each block's page lists its compatible elements, and the Block elements
// reference (https://docs.slack.dev/reference/block-kit/block-elements, "Surfaces") where each one shows:
// email, number, URL and file inputs in modals only, the datetime picker not in Home tabs, the rich text
// input not in messages.
const inModals = (rule: Rule) => only(['modal'], rule);
const datetime = only(['modal', 'message'], datetimepicker);
const richInput = only(['modal', 'home'], richTextInput);
export const accessoryElement = byType({ button, checkboxes, datepicker, image: imageElement, overflow, radio_buttons: radioButtons, timepicker, ...selects });
export const actionsElement = byType({
  button, checkboxes, datepicker, datetimepicker: datetime, overflow, radio_buttons: radioButtons, timepicker, ...selects,
  rich_text_input: richInput,
});
export const contextElement = byType({ image: imageElement, plain_text: plainTextObject(3000), mrkdwn: mrkdwnObject(3000) });
export const inputElement = byType({
  checkboxes, datepicker, datetimepicker: datetime, email_text_input: inModals(simpleInput), file_input: inModals(fileInput),
  number_input: inModals(numberInput), plain_text_input: textInput, radio_buttons: radioButtons, rich_text_input: richInput,
  timepicker, url_text_input: inModals(simpleInput), ...selects,
});

/** action_ids are unique among the elements of one block ("Should be unique among all other action_ids in the containing block"). */
export function uniqueActionIds(elements: unknown, at: string, ctx: Ctx) {
  if (!Array.isArray(elements)) return;
  const seen = new Set<string>();
  elements.forEach((e, i) => {
    const id = isObject(e) ? e.action_id : undefined;
    if (typeof id !== 'string') return;
    if (seen.has(id)) fail(ctx, `${at}/${i}/action_id`, `action_id must be unique in its block: ${id}`);
    seen.add(id);
  });
}
