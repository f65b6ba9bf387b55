/**
 * Cutting a text to a length without breaking what it says: never inside an entity (`&amp;`), a Slack
 * token (`<https://…|…>`, `<@U1>`, `<!date^…|…>`), a code fence, a surrogate pair or a grapheme
 * cluster (é as e + U+0301, 👩‍👩‍👧, 🇫🇷); a line, then a word boundary preferred; and, for mrkdwn, the
 * `*bold*`, `_italic_`, `~strike~` and `code` that the cut leaves open closed again after the ellipsis.
 *
 * Lengths are UTF-16 code units (`string.length`): Slack's reference gives its limits in "characters"
 * without saying which; a code unit count is never below the count of code points or graphemes, so a
 * text within it is within the limit whichever Slack counts.
 */

/** What the text is: mrkdwn (entities and tokens), plain_text (entities), or literal (rich_text). */
export type TextKind = 'mrkdwn' | 'plain' | 'literal';

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Runs that must stay whole. A lone `<` without its `>` is not a token and may be cut after. */
const ATOMS: Record<TextKind, RegExp | null> = {
  mrkdwn: /&(?:amp|lt|gt);|<[^<>]*>|```/g,
  plain: /&(?:amp|lt|gt);/g,
  literal: null,
};

/** A line boundary is taken when it keeps at least this share of the room, else a word boundary this share. */
const LINE_SHARE = 0.8;
const WORD_SHARE = 0.5;

/** The [start, end) ranges of the atoms of `text`, in order. */
export function atoms(text: string, kind: TextKind): Array<[number, number]> {
  const pattern = ATOMS[kind];
  if (!pattern) return [];
  return [...text.matchAll(new RegExp(pattern.source, 'g'))].map((m) => [m.index, m.index + m[0].length]);
}

/** Every position up to `limit` where the text may be cut: grapheme boundaries outside atoms, ascending. */
export function cutPositions(text: string, limit: number, kind: TextKind): number[] {
  // Boundaries up to `limit` depend only on what precedes and the next character: a few more suffice.
  // Atoms are found in the whole text: a token may end far past the limit.
  const window = text.slice(0, limit + 8);
  const inside = new Set<number>();
  for (const [start, end] of atoms(text, kind)) {
    if (start >= limit) break;
    for (let i = start + 1; i < Math.min(end, limit + 1); i++) inside.add(i);
  }
  const positions: number[] = [];
  for (const { index } of graphemes.segment(window)) {
    if (index > limit) break;
    if (!inside.has(index)) positions.push(index);
  }
  if (window.length <= limit && !inside.has(window.length)) positions.push(window.length);
  return positions;
}

/** The best place to cut within `room`: a line end kept near the limit, else a word end, else the last safe place. */
function preferredCut(text: string, positions: readonly number[], room: number): number {
  const fitting = positions.filter((p) => p <= room);
  const last = fitting[fitting.length - 1] ?? 0;
  const lineEnd = findLast(fitting, (p) => p > 0 && /[\r\n]/.test(text[p] ?? ''));
  if (lineEnd !== undefined && lineEnd >= room * LINE_SHARE) return lineEnd;
  const wordEnd = findLast(fitting, (p) => p > 0 && /\s/.test(text[p] ?? ''));
  if (wordEnd !== undefined && wordEnd >= room * WORD_SHARE) return wordEnd;
  return last;
}

function findLast(values: readonly number[], test: (value: number) => boolean): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (test(values[i]!)) return values[i];
  return undefined;
}

export interface CutOptions {
  kind?: TextKind;
  /** Put where the text was cut; dropped when even it does not fit. */
  ellipsis?: string;
}

/** `text` if it fits in `max`, else its longest clean start with the ellipsis (and closing markup), within `max`. */
export function cutText(text: string, max: number, { kind = 'mrkdwn', ellipsis = '…' }: CutOptions = {}): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const mark = ellipsis.length <= max ? ellipsis : '';
  const positions = cutPositions(text, max, kind);
  const spans = kind === 'mrkdwn' ? markupSpans(text) : [];
  let room = max - mark.length;
  while (room >= 0) {
    const head = text.slice(0, preferredCut(text, positions, room)).trimEnd();
    const out = head + mark + closers(spans, head.length);
    if (out.length <= max) return out;
    // The closers did not fit: cut earlier by what they overflow (the loop ends: room only shrinks).
    room -= Math.max(1, out.length - max);
  }
  return mark;
}

/** A pair of mrkdwn markers: the opener at `open`, its closer at `close`. */
interface Span {
  open: number;
  close: number;
  marker: string;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/**
 * The markup pairs of a mrkdwn text, approximately as Slack's clients read them (the formatting guide,
 * docs.slack.dev/messaging/formatting-message-text, gives no grammar): a marker opens after a non-word
 * character and before a non-space, closes after a non-space and before a non-word character, on the
 * same line; inside code nothing else is markup; tokens and entities count as words. A lone `*` (as in
 * `5 * 3`) opens nothing, so no closer is ever added for it.
 */
export function markupSpans(text: string): Span[] {
  const found = atoms(text, 'mrkdwn');
  // Fences first, paired in order: inside them nothing else is markup, and a backtick beside one is no code.
  const fences = found.filter(([s]) => text[s] === '`').map(([s]) => s);
  const spans: Span[] = [];
  for (let k = 0; k + 1 < fences.length; k += 2) spans.push({ open: fences[k]!, close: fences[k + 1]!, marker: '```' });
  // Read past whole: entities, tokens, fenced blocks, and a last fence never closed (to the end).
  const skipTo = new Map(found.filter(([s]) => text[s] !== '`'));
  for (const fence of spans) skipTo.set(fence.open, fence.close + 3);
  if (fences.length % 2 === 1) skipTo.set(fences[fences.length - 1]!, text.length);
  const fenceStarts = new Set(fences);

  for (let i = 0; i < text.length; ) {
    const skip = skipTo.get(i);
    if (skip !== undefined) {
      i = skip;
      continue;
    }
    const c = text[i]!;
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const lineEnd = text.indexOf('\n', i);
      if (close > i + 1 && !fenceStarts.has(close) && (lineEnd === -1 || close < lineEnd)) {
        spans.push({ open: i, close, marker: '`' });
        i = close + 1;
        continue;
      }
    } else if ((c === '*' || c === '_' || c === '~') && !isWordChar(text[i - 1]) && !isSpace(text[i + 1]) && text[i + 1] !== c) {
      const close = closerOf(text, i, c, skipTo);
      if (close !== -1) spans.push({ open: i, close, marker: c });
    }
    i++;
  }
  return spans;
}

function closerOf(text: string, open: number, marker: string, skipTo: Map<number, number>): number {
  for (let j = open + 2; j < text.length && text[j] !== '\n'; j++) {
    const skip = skipTo.get(j);
    if (skip !== undefined) {
      j = skip - 1;
      continue;
    }
    if (text[j] === marker && !isSpace(text[j - 1]) && !isWordChar(text[j + 1])) return j;
  }
  return -1;
}

/** The closers of the pairs opened before `cut` and closed after it, innermost first. */
function closers(spans: readonly Span[], cut: number): string {
  return spans
    .filter((s) => s.open + s.marker.length <= cut && s.close >= cut)
    .sort((a, b) => b.open - a.open)
    .map((s) => s.marker)
    .join('');
}
