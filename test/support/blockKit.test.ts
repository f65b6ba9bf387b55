/**
 * The Block Kit validator the fake Slack answers with: each rule refused with Slack's sentence at the right
 * JSON pointer, and accepted right at its limit.
 */
import { describe, expect, it } from 'vitest';
import { blocksTextLength, messageBlocksProblems, slackErrors, viewProblems } from './blockKit.js';

const x = (n: number) => 'x'.repeat(n);
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const button = (extra: Record<string, unknown> = {}) => ({ type: 'button', text: plain('OK'), action_id: 'ok', ...extra });
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const message = (...blocks: unknown[]) => slackErrors(messageBlocksProblems(blocks));
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) =>
  slackErrors(viewProblems({ type: 'modal', title: plain('Titre'), submit: plain('OK'), blocks, ...extra }, 'modal'));
const input = (element: unknown, extra: Record<string, unknown> = {}) => ({ type: 'input', label: plain('Texte'), element, ...extra });
const option = (value: string, text = value) => ({ text: plain(text), value });

describe('Block Kit in messages', () => {
  it('accepts a text object of 3,000 characters and refuses 3,001, or an empty one', () => {
    expect(message(section(x(3000)))).toEqual([]);
    expect(message(section(x(3001)))).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    expect(message(section(''))).toEqual(['must be more than 0 characters [json-pointer:/blocks/0/text/text]']);
  });

  it('refuses unknown text types, fields a text type does not have, and unknown fields anywhere', () => {
    expect(message({ type: 'section', text: { type: 'markdown', text: 'a' } })).toEqual(['unsupported type: markdown [json-pointer:/blocks/0/text/type]']);
    expect(message({ type: 'section', text: { ...mrkdwn('a'), emoji: true } })).toEqual(['invalid additional property: emoji [json-pointer:/blocks/0/text]']);
    expect(message({ type: 'section', text: { ...plain('a'), verbatim: true } })).toEqual(['invalid additional property: verbatim [json-pointer:/blocks/0/text]']);
    expect(message({ ...section('a'), color: 'red' })).toEqual(['invalid additional property: color [json-pointer:/blocks/0]']);
    expect(message(actions(button({ colour: 'red' })))).toEqual(['invalid additional property: colour [json-pointer:/blocks/0/elements/0]']);
    expect(message({ type: 'video', alt_text: 'a' })).toEqual(['unsupported type: video [json-pointer:/blocks/0/type]']);
    expect(message({ text: mrkdwn('a') })).toEqual(['missing required field: type [json-pointer:/blocks/0]']);
  });

  it('wants a section to have text or fields: up to 10 fields of up to 2,000 characters', () => {
    expect(message({ type: 'section' })).toEqual(['must define either `text` or `fields` [json-pointer:/blocks/0/type]']);
    const fields = (n: number, len = 5) => ({ type: 'section', fields: Array.from({ length: n }, () => mrkdwn(x(len))) });
    expect(message(fields(10, 2000))).toEqual([]);
    expect(message(fields(11))).toEqual(['no more than 10 items allowed [json-pointer:/blocks/0/fields]']);
    expect(message({ type: 'section', fields: [mrkdwn(x(2001))] })).toEqual(['must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]']);
  });

  it('takes 50 blocks in a message, not 51', () => {
    expect(message(...Array.from({ length: 50 }, () => ({ type: 'divider' })))).toEqual([]);
    expect(message(...Array.from({ length: 51 }, () => ({ type: 'divider' })))).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
  });

  it('limits context to 10 elements and actions to 25, with action_ids unique in their block', () => {
    const context = (n: number) => ({ type: 'context', elements: Array.from({ length: n }, () => mrkdwn('a')) });
    expect(message(context(10))).toEqual([]);
    expect(message(context(11))).toEqual(['no more than 10 items allowed [json-pointer:/blocks/0/elements]']);
    const many = (n: number) => actions(...Array.from({ length: n }, (_, i) => button({ action_id: `b${i}` })));
    expect(message(many(25))).toEqual([]);
    expect(message(many(26))).toEqual(['no more than 25 items allowed [json-pointer:/blocks/0/elements]']);
    expect(message(actions(button(), button()))).toEqual(['action_id must be unique in its block: ok [json-pointer:/blocks/0/elements/1/action_id]']);
    // The same action_id in two blocks is fine.
    expect(message(actions(button()), actions(button()))).toEqual([]);
  });

  it('limits a button: text 75, value 2,000, url 3,000, style primary or danger', () => {
    expect(message(actions(button({ text: plain(x(75)), value: x(2000), url: `https://a.fr/${x(2987)}` })))).toEqual([]);
    expect(message(actions(button({ text: plain(x(76)) })))).toEqual(['must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]']);
    expect(message(actions(button({ value: x(2001) })))).toEqual(['must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]']);
    expect(message(actions(button({ url: x(3001) })))).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]']);
    expect(message(actions(button({ style: 'secondary' })))).toEqual(['must be one of primary, danger [json-pointer:/blocks/0/elements/0/style]']);
    expect(message(actions(button({ text: mrkdwn('OK') })))).toEqual(['unsupported type: mrkdwn [json-pointer:/blocks/0/elements/0/text/type]']);
  });

  it('limits action_id and block_id to 255 characters, block_ids unique in the message', () => {
    expect(message({ ...section('a'), block_id: x(255) }, actions(button({ action_id: x(255) })))).toEqual([]);
    expect(message({ ...section('a'), block_id: x(256) })).toEqual(['must be less than 256 characters [json-pointer:/blocks/0/block_id]']);
    expect(message(actions(button({ action_id: x(256) })))).toEqual(['must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]']);
    expect(message({ ...section('a'), block_id: 'b' }, { type: 'divider', block_id: 'b' })).toEqual(['block_id must be unique: b [json-pointer:/blocks/1/block_id]']);
  });

  it('takes a header of plain text up to 150 characters', () => {
    expect(message({ type: 'header', text: plain(x(150)) })).toEqual([]);
    expect(message({ type: 'header', text: plain(x(151)) })).toEqual(['must be less than 151 characters [json-pointer:/blocks/0/text/text]']);
    expect(message({ type: 'header', text: mrkdwn('a') })).toEqual(['unsupported type: mrkdwn [json-pointer:/blocks/0/text/type]']);
  });

  it('takes an image by image_url or slack_file, never both, with alt_text up to 2,000', () => {
    expect(message({ type: 'image', image_url: 'https://a.fr/i.png', alt_text: x(2000) }, { type: 'image', slack_file: { id: 'F1' }, alt_text: 'a' })).toEqual([]);
    expect(message({ type: 'image', image_url: 'https://a.fr/i.png', alt_text: x(2001) })).toEqual(['must be less than 2001 characters [json-pointer:/blocks/0/alt_text]']);
    expect(message({ type: 'image', alt_text: 'a' })).toEqual(['must provide either `image_url` or `slack_file` [json-pointer:/blocks/0]']);
    expect(message({ type: 'image', image_url: 'https://a.fr/i.png', slack_file: { id: 'F1' }, alt_text: 'a' })).toEqual(['must provide either `image_url` or `slack_file` [json-pointer:/blocks/0]']);
    expect(message({ type: 'image', slack_file: { id: 'F1', url: 'https://a.fr' }, alt_text: 'a' })).toEqual(['must provide exactly one of `url` or `id` [json-pointer:/blocks/0/slack_file]']);
    expect(message({ type: 'image', image_url: 'https://a.fr/i.png' })).toEqual(['missing required field: alt_text [json-pointer:/blocks/0]']);
  });

  it('refuses input blocks in messages', () => {
    expect(message(input({ type: 'plain_text_input', action_id: 't' }))).toEqual(['unsupported type: input [json-pointer:/blocks/0/type]']);
  });

  it('checks rich text: its four containers and their elements', () => {
    const rich = (...elements: unknown[]) => ({ type: 'rich_text', elements });
    const good = rich(
      { type: 'rich_text_section', elements: [{ type: 'text', text: 'Vols', style: { bold: true } }, { type: 'link', url: 'https://a.fr', text: 'lien' }, { type: 'user', user_id: 'U1' }, { type: 'emoji', name: 'rotating_light' }] },
      { type: 'rich_text_list', style: 'bullet', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'un' }] }] },
      { type: 'rich_text_quote', elements: [{ type: 'text', text: 'cité' }] },
      { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'code' }] },
    );
    expect(message(good)).toEqual([]);
    expect(message(rich({ type: 'rich_text_quote', elements: [{ type: 'bold', text: 'a' }] }))).toEqual(['unsupported type: bold [json-pointer:/blocks/0/elements/0/elements/0/type]']);
    expect(message(rich({ type: 'rich_text_quote', elements: [{ type: 'text', text: 'a', style: { shout: true } }] }))).toEqual(['invalid additional property: shout [json-pointer:/blocks/0/elements/0/elements/0/style]']);
    expect(message(rich({ type: 'rich_text_preformatted', elements: [{ type: 'user', user_id: 'U1' }] }))).toEqual(['unsupported type: user [json-pointer:/blocks/0/elements/0/elements/0/type]']);
    expect(message(rich({ type: 'rich_text_list', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'un' }] }] })))
      .toEqual(['missing required field: style [json-pointer:/blocks/0/elements/0]']);
    expect(message(rich({ type: 'rich_text_quote', elements: [{ type: 'text', text: '' }] }))).toEqual(['must be more than 0 characters [json-pointer:/blocks/0/elements/0/elements/0/text]']);
  });

  it('takes a markdown block of up to 12,000 characters', () => {
    expect(message({ type: 'markdown', text: x(12_000) })).toEqual([]);
    expect(message({ type: 'markdown', text: x(12_001) })).toEqual(['must be less than 12001 characters [json-pointer:/blocks/0/text]']);
  });

  it('limits overflow menus to 5 options and wants a whole confirmation dialog', () => {
    const overflow = (n: number) => actions({ type: 'overflow', action_id: 'o', options: Array.from({ length: n }, (_, i) => option(`v${i}`)) });
    expect(message(overflow(5))).toEqual([]);
    expect(message(overflow(6))).toEqual(['no more than 5 items allowed [json-pointer:/blocks/0/elements/0/options]']);
    const confirm = { title: plain('Sûr ?'), text: plain('Vraiment ?'), confirm: plain('Oui') };
    expect(message(actions(button({ confirm })))).toEqual(['missing required field: deny [json-pointer:/blocks/0/elements/0/confirm]']);
    expect(message(actions(button({ confirm: { ...confirm, deny: plain(x(31)) } })))).toEqual(['must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/deny/text]']);
  });

  it('counts every string but type names toward the 12,000 of a message', () => {
    expect(blocksTextLength([{ type: 'section', block_id: 'ab', text: mrkdwn('hello') }])).toBe(7);
    expect(blocksTextLength([actions(button({ value: 'v' }))])).toBe('OK'.length + 'ok'.length + 'v'.length);
  });
});

describe('Block Kit in views', () => {
  it('limits a modal title, submit and close to 24 characters of plain text', () => {
    expect(modal([], { title: plain(x(24)), submit: plain(x(24)), close: plain(x(24)) })).toEqual([]);
    expect(modal([], { title: plain(x(25)) })).toEqual(['must be less than 25 characters [json-pointer:/view/title/text]']);
    expect(modal([], { close: plain(x(25)) })).toEqual(['must be less than 25 characters [json-pointer:/view/close/text]']);
    expect(modal([], { title: mrkdwn('a') })).toEqual(['unsupported type: mrkdwn [json-pointer:/view/title/type]']);
    expect(slackErrors(viewProblems({ type: 'modal', blocks: [] }, 'modal'))).toEqual(['missing required field: title [json-pointer:/view]']);
  });

  it('limits private_metadata to 3,000 and callback_id to 255', () => {
    expect(modal([], { private_metadata: x(3000), callback_id: x(255) })).toEqual([]);
    expect(modal([], { private_metadata: x(3001) })).toEqual(['must be less than 3001 characters [json-pointer:/view/private_metadata]']);
    expect(modal([], { callback_id: x(256) })).toEqual(['must be less than 256 characters [json-pointer:/view/callback_id]']);
  });

  it('takes 100 blocks in a modal or a Home tab, not 101', () => {
    const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(modal(dividers(100))).toEqual([]);
    expect(modal(dividers(101))).toEqual(['no more than 100 items allowed [json-pointer:/view/blocks]']);
    expect(slackErrors(viewProblems({ type: 'home', blocks: dividers(101) }, 'home'))).toEqual(['no more than 100 items allowed [json-pointer:/view/blocks]']);
  });

  it('wants submit beside input blocks, labels and hints up to 2,000', () => {
    const text = { type: 'plain_text_input', action_id: 't' };
    expect(modal([input(text, { label: plain(x(2000)), hint: plain(x(2000)) })])).toEqual([]);
    expect(slackErrors(viewProblems({ type: 'modal', title: plain('T'), blocks: [{ type: 'divider' }, input(text)] }, 'modal')))
      .toEqual(['must define `submit` to use an `input` block in modals [json-pointer:/view/blocks/1/input]']);
    expect(modal([input(text, { label: plain(x(2001)) })])).toEqual(['must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]']);
    expect(modal([input(text, { hint: plain(x(2001)) })])).toEqual(['must be less than 2001 characters [json-pointer:/view/blocks/0/hint/text]']);
    expect(modal([input(text, { label: mrkdwn('a') })])).toEqual(['unsupported type: mrkdwn [json-pointer:/view/blocks/0/label/type]']);
  });

  it('limits a plain-text input: max_length up to 3,000, its initial value within it, min_length not above it', () => {
    const text = (extra: Record<string, unknown>) => modal([input({ type: 'plain_text_input', action_id: 't', ...extra })]);
    expect(text({ max_length: 3000, min_length: 3000, initial_value: x(3000) })).toEqual([]);
    expect(text({ max_length: 3001 })).toEqual(['must be less than or equal to 3000 [json-pointer:/view/blocks/0/element/max_length]']);
    expect(text({ max_length: 0 })).toEqual(['must be greater than or equal to 1 [json-pointer:/view/blocks/0/element/max_length]']);
    expect(text({ initial_value: x(3001) })).toEqual(['must be less than 3001 characters [json-pointer:/view/blocks/0/element/initial_value]']);
    expect(text({ max_length: 280, initial_value: x(280) })).toEqual([]);
    expect(text({ max_length: 280, initial_value: x(281) })).toEqual(['must be less than 281 characters [json-pointer:/view/blocks/0/element/initial_value]']);
    expect(text({ max_length: 10, min_length: 11 })).toEqual(['must be less than or equal to 10 [json-pointer:/view/blocks/0/element/min_length]']);
    expect(text({ max_length: 2.5 })).toEqual(['must provide an integer [json-pointer:/view/blocks/0/element/max_length]']);
  });

  it('limits selects: 100 options, values of 150, texts of 75, an initial option among the options', () => {
    const select = (extra: Record<string, unknown>) => modal([input({ type: 'static_select', action_id: 's', ...extra })]);
    const options = (n: number) => Array.from({ length: n }, (_, i) => option(`v${i}`));
    expect(select({ options: options(100), initial_option: option('v3') })).toEqual([]);
    expect(select({ options: options(101) })).toEqual(['no more than 100 items allowed [json-pointer:/view/blocks/0/element/options]']);
    expect(select({ options: [option(x(150), 'a')] })).toEqual([]);
    expect(select({ options: [option(x(151), 'a')] })).toEqual(['must be less than 151 characters [json-pointer:/view/blocks/0/element/options/0/value]']);
    expect(select({ options: [option('v', x(76))] })).toEqual(['must be less than 76 characters [json-pointer:/view/blocks/0/element/options/0/text/text]']);
    expect(select({ options: options(2), initial_option: option('v9') })).toEqual(['must exactly match one of the `options` [json-pointer:/view/blocks/0/element/initial_option]']);
    expect(select({ options: options(2), option_groups: [{ label: plain('G'), options: options(1) }] })).toEqual(['must provide either `options` or `option_groups` [json-pointer:/view/blocks/0/element]']);
    expect(select({ options: [{ text: mrkdwn('a'), value: 'a' }] })).toEqual(['unsupported type: mrkdwn [json-pointer:/view/blocks/0/element/options/0/text/type]']);
    expect(modal([input({ type: 'multi_users_select', action_id: 'u', max_selected_items: 0 })])).toEqual(['must be greater than or equal to 1 [json-pointer:/view/blocks/0/element/max_selected_items]']);
  });

  it('limits checkboxes and radio buttons to 10 options, initial ones among them', () => {
    const options = (n: number) => Array.from({ length: n }, (_, i) => ({ text: mrkdwn(`*${i}*`), value: `v${i}` }));
    const boxes = (extra: Record<string, unknown>) => modal([input({ type: 'checkboxes', action_id: 'c', ...extra })]);
    expect(boxes({ options: options(10), initial_options: [options(10)[2]] })).toEqual([]);
    expect(boxes({ options: options(11) })).toEqual(['no more than 10 items allowed [json-pointer:/view/blocks/0/element/options]']);
    expect(boxes({ options: options(2), initial_options: [{ text: mrkdwn('*9*'), value: 'v9' }] })).toEqual(['must exactly match one of the `options` [json-pointer:/view/blocks/0/element/initial_options/0]']);
    const radio = (initial: unknown) => modal([input({ type: 'radio_buttons', action_id: 'r', options: options(3), initial_option: initial })]);
    // Equal whatever the order of the fields.
    expect(radio({ value: 'v1', text: mrkdwn('*1*') })).toEqual([]);
    expect(radio({ value: 'v1', text: mrkdwn('*2*') })).toEqual(['must exactly match one of the `options` [json-pointer:/view/blocks/0/element/initial_option]']);
  });

  it('checks date, time and datetime formats', () => {
    const picker = (element: Record<string, unknown>) => modal([input({ action_id: 'p', ...element })]);
    expect(picker({ type: 'datepicker', initial_date: '2028-02-29' })).toEqual([]);
    expect(picker({ type: 'datepicker', initial_date: '2026-02-29' })).toEqual(['must be a date in the format YYYY-MM-DD [json-pointer:/view/blocks/0/element/initial_date]']);
    expect(picker({ type: 'datepicker', initial_date: '21/11/2026' })).toEqual(['must be a date in the format YYYY-MM-DD [json-pointer:/view/blocks/0/element/initial_date]']);
    expect(picker({ type: 'timepicker', initial_time: '23:59' })).toEqual([]);
    expect(picker({ type: 'timepicker', initial_time: '24:00' })).toEqual(['must be a time in the format HH:mm [json-pointer:/view/blocks/0/element/initial_time]']);
    expect(picker({ type: 'datetimepicker', initial_date_time: 1_795_000_000 })).toEqual([]);
    expect(picker({ type: 'datetimepicker', initial_date_time: 1_795_000_000_000 })).toEqual(['must be less than or equal to 9999999999 [json-pointer:/view/blocks/0/element/initial_date_time]']);
  });

  it('takes a file input in a modal only, up to 10 files, and not with dispatch_action', () => {
    const files = (extra: Record<string, unknown>, block: Record<string, unknown> = {}) => input({ type: 'file_input', action_id: 'f', ...extra }, block);
    expect(modal([files({ filetypes: ['png', 'jpg'], max_files: 10 })])).toEqual([]);
    expect(modal([files({ max_files: 11 })])).toEqual(['must be less than or equal to 10 [json-pointer:/view/blocks/0/element/max_files]']);
    expect(modal([files({}, { dispatch_action: true })])).toEqual(['unsupported type: file_input [json-pointer:/view/blocks/0/element/type]']);
    expect(slackErrors(viewProblems({ type: 'home', blocks: [files({})] }, 'home'))).toEqual(['unsupported type: file_input [json-pointer:/view/blocks/0/element/type]']);
  });

  it('shows email, number and URL inputs in modals only, datetime pickers not in Home tabs', () => {
    const home = (element: unknown) => slackErrors(viewProblems({ type: 'home', blocks: [input(element)] }, 'home'));
    expect(modal([input({ type: 'email_text_input', action_id: 'e' })])).toEqual([]);
    expect(home({ type: 'email_text_input', action_id: 'e' })).toEqual(['unsupported type: email_text_input [json-pointer:/view/blocks/0/element/type]']);
    expect(home({ type: 'number_input', action_id: 'n', is_decimal_allowed: false })).toEqual(['unsupported type: number_input [json-pointer:/view/blocks/0/element/type]']);
    expect(home({ type: 'datetimepicker', action_id: 'd' })).toEqual(['unsupported type: datetimepicker [json-pointer:/view/blocks/0/element/type]']);
    expect(message(actions({ type: 'datetimepicker', action_id: 'd' }))).toEqual([]);
    expect(home({ type: 'plain_text_input', action_id: 't' })).toEqual([]);
  });

  it('knows a Home tab from a modal', () => {
    expect(slackErrors(viewProblems({ type: 'home', blocks: [section('a')] }, 'home'))).toEqual([]);
    expect(slackErrors(viewProblems({ type: 'home', title: plain('T'), blocks: [] }, 'home'))).toEqual(['invalid additional property: title [json-pointer:/view]']);
    expect(slackErrors(viewProblems({ type: 'home', blocks: [] }, 'modal'))).toEqual(['unsupported type: home [json-pointer:/view/type]']);
    expect(slackErrors(viewProblems({ type: 'modal', title: plain('T'), blocks: [{ type: 'markdown', text: 'a' }] }, 'modal'))).toEqual(['unsupported type: markdown [json-pointer:/view/blocks/0/type]']);
  });
});
