/**
 * What Slack refuses in blocks, written from the Block Kit reference (docs.slack.dev/reference/block-kit,
 * the page of each block and element) and independent of the bot's own builders: a fake Slack or a test
 * can ask it whether a payload would be answered `invalid_blocks`. The messages imitate Slack's
 * ("must be less than 3001 characters [json-pointer:/blocks/0/text/text]"). Lengths are UTF-16 code
 * units: the strictest reading of the reference's "characters".
 */

type Json = Record<string, unknown>;

export type Surface = 'message' | 'modal' | 'home';

export function blockProblems(blocks: unknown, surface: Surface = 'message'): string[] {
  const problems: string[] = [];
  const at = (path: string, what: string) => problems.push(`${what} [json-pointer:${path}]`);
  if (!Array.isArray(blocks)) return ['blocks must be an array [json-pointer:/blocks]'];
  // "up to 50 blocks in each message, and 100 blocks in modals or Home tabs" (blocks).
  const maxBlocks = surface === 'message' ? 50 : 100;
  if (blocks.length > maxBlocks) at('/blocks', `no more than ${maxBlocks} items allowed`);
  blocks.forEach((block, i) => checkBlock(block as Json, `/blocks/${i}`, at));
  return problems;
}

type At = (path: string, what: string) => void;

function text(value: unknown, path: string, at: At, o: { max: number; plainOnly?: boolean }): void {
  const t = value as Json | undefined;
  if (!t || typeof t !== 'object') return at(path, 'must provide an object');
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') return at(`${path}/type`, 'must be plain_text or mrkdwn');
  if (o.plainOnly && t.type !== 'plain_text') at(`${path}/type`, 'must be plain_text');
  string(t.text, `${path}/text`, at, 1, o.max);
}

function string(value: unknown, path: string, at: At, min: number, max: number): void {
  if (typeof value !== 'string') return at(path, 'must be a string');
  if (value.length < min) at(path, `must be more than ${min - 1} characters`);
  if (value.length > max) at(path, `must be less than ${max + 1} characters`);
}

function checkBlock(block: Json, path: string, at: At): void {
  // block_id: "Maximum length for this field is 255 characters" (every block).
  if (block.block_id !== undefined) string(block.block_id, `${path}/block_id`, at, 1, 255);
  switch (block.type) {
    case 'section': {
      // text 1..3000; fields ≤ 10 items of ≤ 2000 (section-block).
      if (block.text === undefined && block.fields === undefined) at(path, 'must provide text or fields');
      if (block.text !== undefined) text(block.text, `${path}/text`, at, { max: 3000 });
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) at(`${path}/fields`, 'no more than 10 items allowed');
        block.fields.forEach((f, i) => text(f, `${path}/fields/${i}`, at, { max: 2000 }));
      }
      if (block.accessory !== undefined) checkElement(block.accessory as Json, `${path}/accessory`, at);
      return;
    }
    case 'context': {
      // elements: image elements and text objects, 1..10 (context-block).
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0) return at(`${path}/elements`, 'must provide at least 1 item');
      if (elements.length > 10) at(`${path}/elements`, 'no more than 10 items allowed');
      elements.forEach((e, i) => {
        if ((e as Json).type !== 'image') text(e, `${path}/elements/${i}`, at, { max: 3000 });
      });
      return;
    }
    case 'header':
      // plain_text, 150 (header-block).
      return text(block.text, `${path}/text`, at, { max: 150, plainOnly: true });
    case 'actions': {
      // elements ≤ 25 (actions-block).
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0) return at(`${path}/elements`, 'must provide at least 1 item');
      if (elements.length > 25) at(`${path}/elements`, 'no more than 25 items allowed');
      elements.forEach((e, i) => checkElement(e as Json, `${path}/elements/${i}`, at));
      return;
    }
    case 'rich_text': {
      // elements: rich_text_section, _list, _preformatted, _quote (rich-text-block); no length documented.
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0) return at(`${path}/elements`, 'must provide at least 1 item');
      elements.forEach((e, i) => {
        const sub = e as Json;
        if (!['rich_text_section', 'rich_text_list', 'rich_text_preformatted', 'rich_text_quote'].includes(String(sub.type))) {
          at(`${path}/elements/${i}/type`, 'must be a rich text object');
        }
        if (!Array.isArray(sub.elements)) at(`${path}/elements/${i}/elements`, 'must provide an array');
      });
      return;
    }
    case 'divider':
      return;
    default:
      at(`${path}/type`, `unknown or unchecked block type ${String(block.type)}`);
  }
}

function checkElement(element: Json, path: string, at: At): void {
  if (element.type !== 'button') return;
  // Button: text plain_text ≤ 75, action_id ≤ 255, value ≤ 2000, url ≤ 3000, style primary|danger (button-element).
  text(element.text, `${path}/text`, at, { max: 75, plainOnly: true });
  if (element.action_id !== undefined) string(element.action_id, `${path}/action_id`, at, 1, 255);
  if (element.value !== undefined) string(element.value, `${path}/value`, at, 1, 2000);
  if (element.url !== undefined) string(element.url, `${path}/url`, at, 1, 3000);
  if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') at(`${path}/style`, 'must be primary or danger');
  if (element.accessibility_label !== undefined) string(element.accessibility_label, `${path}/accessibility_label`, at, 1, 75);
}
