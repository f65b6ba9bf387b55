/**
 * How much of a proposal's text its message can show, and the rest cut into thread replies: pure, so the
 * message (when rendered) and the hook that posts the full texts (when it is first shown) agree on which
 * parts were cut. Lengths are counted as `blocks.textLength` counts them: JSON characters, so a quote
 * or a line break inside a text costs what it costs in the blocks Slack measures.
 */
import { RICH_TEXT_MAX } from '../platform/blocks.js';

/**
 * What a proposal message's parts may take of the ~12,000 characters Slack accepts in a message's blocks
 * (`MESSAGE_BLOCKS_CHARS_MAX`): the rest is kept for the state, the networks, the buttons, the notes and
 * the alt texts, each cut to its own share (`messages.ts`).
 */
export const PARTS_BUDGET = 5_000;
/** A part's own heading and the wrapping of its quote, inside the one rich_text block of the parts. */
const PART_OVERHEAD = 220;
/** A full text in a thread reply: pieces of at most this many characters, three pieces per reply. */
export const PIECE_MAX = 2_900;
export const PIECES_PER_REPLY = 3;

/** A text's length as JSON counts it (without the quotes): `"` and `\` and line breaks take two. */
export function jsonLength(text: string): number {
  return JSON.stringify(text).length - 2;
}

/** The most of each part a proposal message shows, from the parts alone: the same for every state. */
export function previewMax(partCount: number): number {
  const share = Math.floor(PARTS_BUDGET / Math.max(1, partCount)) - PART_OVERHEAD;
  return Math.max(60, Math.min(RICH_TEXT_MAX, share));
}

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Where a text may be cut: grapheme boundaries, with the JSON length of what precedes each. */
function boundaries(text: string, limit: number): Array<{ at: number; cost: number }> {
  const out: Array<{ at: number; cost: number }> = [{ at: 0, cost: 0 }];
  let cost = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    cost += jsonLength(segment);
    if (cost > limit) break;
    out.push({ at: index + segment.length, cost });
  }
  return out;
}

/** The ranges of the links in `text`, which a cut never splits when it can help it. */
function links(text: string): Array<[number, number]> {
  return [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length]);
}

/**
 * The longest clean start of `text` within `max` (JSON characters): at a line end or a word end, never
 * inside a link — unless the text's first word is a link longer than `max`, which is then cut as it must.
 */
function cleanCut(text: string, max: number): number {
  const fitting = boundaries(text, max);
  const last = fitting[fitting.length - 1]!.at;
  if (last >= text.length) return text.length;
  const ranges = links(text);
  const safe = fitting.filter((b) => b.at > 0 && !ranges.some(([s, e]) => b.at > s && b.at < e)).map((b) => b.at);
  const lineEnd = lastOf(safe, (at) => text[at] === '\n');
  if (lineEnd !== undefined && lineEnd >= last * 0.8) return lineEnd;
  const wordEnd = lastOf(safe, (at) => /\s/.test(text[at] ?? ''));
  if (wordEnd !== undefined && wordEnd >= last * 0.5) return wordEnd;
  return safe.at(-1) ?? last;
}

function lastOf(values: readonly number[], test: (value: number) => boolean): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (test(values[i]!)) return values[i];
  return undefined;
}

/** A part as its message shows it: whole, or cut at a word with "…" (and then in full in the thread). */
export function preview(text: string, max: number): { text: string; cut: boolean } {
  if (jsonLength(text) <= max) return { text, cut: false };
  const at = cleanCut(text, max - 1);
  return { text: `${text.slice(0, at).trimEnd()}…`, cut: true };
}

/** Whether a part is cut in its message (its full text then goes in the thread). */
export function isCut(parts: readonly string[], part: number): boolean {
  return preview(parts[part - 1] ?? '', previewMax(parts.length)).cut;
}

/**
 * A text in pieces of at most `max` JSON characters, cut at a line or a word and never inside a link when
 * that can be helped; the pieces joined are the text, exactly.
 */
export function pieces(text: string, max = PIECE_MAX): string[] {
  const out: string[] = [];
  let rest = text;
  while (jsonLength(rest) > max) {
    let at = cleanCut(rest, max);
    // Take the spaces at the cut with this piece, so the next one starts with a word.
    while (at < rest.length && /\s/.test(rest[at]!) && jsonLength(rest.slice(0, at + 1)) <= max) at++;
    if (at === 0) at = boundaries(rest, max).at(-1)!.at || 1;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

/** How many thread replies a full text takes. */
export function replyCount(text: string): number {
  return Math.ceil(pieces(text).length / PIECES_PER_REPLY);
}
