/**
 * What Slack refuses in a message as a whole, before and beside its blocks: text length, block count and
 * size, metadata; and in a view. Each function returns Slack's answer (`{ ok: false, error, ... }`) when it
 * refuses, else what it accepted. Method pages: https://docs.slack.dev/reference/methods/chat.postMessage (and chat.update, chat.postEphemeral).
 */
import { blocksTextLength, MAX_BLOCKS_TEXT, messageBlocksProblems, slackErrors, slackLines, viewProblems } from './blockKit.js';
import { isObject } from './blockKitRules.js';

export type Refusal = { ok: false; error: string; [key: string]: unknown };
export const isRefusal = (r: object): r is Refusal => 'error' in r;

export type MessageMethod = 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral' | 'response_url';

/** A JSON argument as the WebClient sends it (a string) or as a JSON body carries it (already parsed). */
function parsed(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

// chat.update: "msg_too_long: Message text is too long. The `text` field cannot exceed 4,000 characters."
// (chat.update errors). GitLab MR 258898 found it counted in bytes after Slack escapes &, < and >: so
// here, strictly, UTF-8 bytes with every bare `&` as `&amp;` and every `<`/`>` outside a `<…>` control
// sequence (mention, link) escaped.
export const MAX_UPDATE_TEXT_BYTES = 4_000;
export function escapedTextBytes(text: string): number {
  const escaped = text
    .split(/(<[^<>\n]+>)/)
    .map((part, i) => {
      const amp = part.replace(/&(?!amp;|lt;|gt;)/g, '&amp;');
      return i % 2 === 1 ? amp : amp.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    })
    .join('');
  return Buffer.byteLength(escaped, 'utf8');
}

// chat.postMessage: "The text field of a message should have no more than 40,000 characters"; Slack documents
// truncating beyond (warning `message_truncated`, changelog 2018-04) while chat.postEphemeral lists
// `msg_too_long`. Strict here: refused with msg_too_long, so that nothing is ever silently cut.
export const MAX_MESSAGE_TEXT = 40_000;
// "too_many_attachments: A maximum of 100 attachments are allowed on a message."
const MAX_ATTACHMENTS = 100;

/**
 * Slack's answer to a message payload it refuses, or the parsed blocks when it accepts it. `args.blocks` may
 * still be the JSON string the WebClient sent.
 */
export function messageRefusal(method: MessageMethod, args: Record<string, any>): Refusal | { blocks?: unknown[] } {
  let blocks: unknown[] | undefined;
  if (args.blocks !== undefined && args.blocks !== '') {
    const p = parsed(args.blocks);
    // "invalid_blocks_format: The `blocks` is not a valid JSON object or doesn't match the Block Kit syntax."
    if (!p.ok || !Array.isArray(p.value)) return { ok: false, error: 'invalid_blocks_format' };
    blocks = p.value;
    const problems = messageBlocksProblems(blocks);
    if (problems.length > 0) {
      return { ok: false, error: 'invalid_blocks', errors: slackErrors(problems), response_metadata: { messages: slackLines(problems) } };
    }
    // Not for response_url: bolt-js #2867 saw respond() accept the blocks chat.postMessage refused.
    // chat.update and chat.postEphemeral are not reported either way: strict, counted like chat.postMessage.
    if (method !== 'response_url' && blocksTextLength(blocks) > MAX_BLOCKS_TEXT) return { ok: false, error: 'msg_blocks_too_long' };
  }
  if (args.attachments !== undefined) {
    const p = parsed(args.attachments);
    if (!p.ok || !Array.isArray(p.value)) return { ok: false, error: 'invalid_attachments' };
    if (p.value.length > MAX_ATTACHMENTS) return { ok: false, error: 'too_many_attachments' };
  }
  const text = typeof args.text === 'string' ? args.text : '';
  // "no_text: No message text provided": neither text, nor blocks, nor attachments (a response_url body
  // may carry none of them, to delete the original).
  if (method !== 'response_url' && text === '' && !blocks?.length && args.attachments === undefined) return { ok: false, error: 'no_text' };
  if (method === 'chat.update' ? escapedTextBytes(text) > MAX_UPDATE_TEXT_BYTES : [...text].length > MAX_MESSAGE_TEXT) {
    return { ok: false, error: 'msg_too_long' };
  }
  if (method !== 'response_url' && args.metadata !== undefined) {
    const refused = metadataRefusal(args.metadata);
    if (refused) return refused;
  }
  return blocks ? { blocks } : {};
}

/**
 * Message metadata (https://docs.slack.dev/messaging/message-metadata): `{ event_type, event_payload }`,
 * event_type "a human readable alphanumeric string" (snake_case, as the metadata design guidelines ask),
 * event_payload an object whose values are strings, numbers, booleans, flat objects of those, or arrays of
 * such objects (@slack/types MessageMetadata, Slack's SDK types). Work-object `entities` are not modelled:
 * refused. `metadata_too_large` has no documented size: not modelled.
 */
export function metadataRefusal(raw: unknown): Refusal | undefined {
  const p = parsed(raw);
  if (!p.ok || !isObject(p.value)) return { ok: false, error: 'invalid_metadata_format' };
  const m = p.value;
  const schema: Refusal = { ok: false, error: 'invalid_metadata_schema' };
  if (Object.keys(m).some((k) => k !== 'event_type' && k !== 'event_payload')) return schema;
  if (typeof m.event_type !== 'string' || !/^[A-Za-z0-9_]+$/.test(m.event_type)) return schema;
  if (!isObject(m.event_payload)) return schema;
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  const flat = (v: unknown) => isObject(v) && Object.values(v).every(scalar);
  const fine = Object.values(m.event_payload).every((v) => scalar(v) || flat(v) || (Array.isArray(v) && v.every(flat)));
  return fine ? undefined : schema;
}

/** The parsed metadata of a message, once metadataRefusal has accepted it. */
export const parsedMetadata = (raw: unknown) => {
  const p = parsed(raw);
  return p.ok ? p.value : undefined;
};

// views.*: "view_too_large: Error returned if the provided view is greater than 250kb." (views.open errors)
const MAX_VIEW_BYTES = 250 * 1000;

/** Slack's answer to a view it refuses (`invalid_arguments` with the lines in response_metadata), or the parsed view. */
export function viewRefusal(raw: unknown, kind: 'modal' | 'home'): Refusal | { view: Record<string, unknown> } {
  if (raw === undefined || raw === '') {
    return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: view'] } };
  }
  const p = parsed(raw);
  if (!p.ok) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must provide an object [json-pointer:/view]'] } };
  if (Buffer.byteLength(typeof raw === 'string' ? raw : JSON.stringify(raw)) > MAX_VIEW_BYTES) return { ok: false, error: 'view_too_large' };
  const problems = viewProblems(p.value, kind);
  if (problems.length > 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: slackLines(problems) } };
  return { view: p.value as Record<string, unknown> };
}
