import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import {
  MESSAGE_BLOCKS_CHARS_MAX,
  button,
  capLines,
  context,
  cutMrkdwn,
  excerpt,
  fallbackText,
  fitMessage,
  header,
  richTextQuote,
  section,
  textLength,
} from '../../src/platform/blocks.js';
import { escapeForSlack } from '../../src/platform/slackText.js';
import { blockProblems } from '../support/blockKitLimits.js';
import { int, pick, prng, type Random } from '../support/random.js';


/** What a person types: words, accents, emoji of every build, `&<>`, newlines, markup characters. */
const TYPED = [
  'Accident', 'sur', 'l’A9', 'à', 'Nîmes', 'évitez', 'le', 'secteur', '&', '<', '>', '<!channel>', '5 * 3', 'snake_case',
  '😀', '👩‍👩‍👧', '🇫🇷', '✅', '❤️', 'e\u0301', 'n\u0303\u0301', '\u200d', '\n', '\n\n', '\t', '…', '«', '»', ':', '?', '!', '`',
  `https://exemple.fr/${'chemin/'.repeat(20)}?q=1&r=2`, 'x'.repeat(120),
];

/** What the bot writes around it: escaped text, tokens, markup. */
function mrkdwnPiece(r: Random): string {
  switch (int(r, 0, 9)) {
    case 0:
      return `<https://exemple.fr/${'p'.repeat(int(r, 1, 300))}|${escapeForSlack(typed(r, 3))}>`;
    case 1:
      return pick(r, ['<@U123ABC>', '<#C42|cellule>', '<!here>', '<!subteam^S1|@equipe>']);
    case 2:
      return `<!date^${int(r, 1, 2e9)}^{date_short_pretty} {time}|${escapeForSlack(typed(r, 2))}>`;
    case 3:
      return `*${escapeForSlack(typed(r, 4))}*`;
    case 4:
      return `_${escapeForSlack(typed(r, 3))}_`;
    case 5:
      return `\`${escapeForSlack(typed(r, 3)).replace(/`/g, '')}\``;
    case 6:
      return `\`\`\`${escapeForSlack(typed(r, 8)).replace(/`/g, '')}\`\`\``;
    default:
      return escapeForSlack(typed(r, int(r, 1, 12)));
  }
}

function typed(r: Random, words: number): string {
  return Array.from({ length: words }, () => pick(r, TYPED)).join(pick(r, [' ', ' ', '', '\n']));
}

function mrkdwnText(r: Random): string {
  const target = pick(r, [40, 300, 3200, 9000]);
  let text = '';
  while (text.length < target * r() * 1.5) text += mrkdwnPiece(r) + pick(r, [' ', ' ', '\n', '']);
  return text;
}

const graphemeStarts = (text: string) => new Set([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].map((s) => s.index));
const ranges = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length] as const);

/** Where `text` was cut (`head` is its start) breaks nothing: no entity, token, pair or cluster is split. */
function expectCleanCut(text: string, head: string): void {
  expect(text.startsWith(head)).toBe(true);
  const p = head.length;
  for (const [s, e] of ranges(text, /&(?:amp|lt|gt);|<[^<>]*>/g)) expect(s < p && p < e, `cut inside ${text.slice(s, e)}`).toBe(false);
  const before = text.charCodeAt(p - 1);
  const after = text.charCodeAt(p);
  expect(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff, 'cut inside a surrogate pair').toBe(false);
  expect(/^[\p{M}\u200d\ufe0f]/u.test(text.slice(p)) && p > 0, 'cut before a combining mark or joiner').toBe(false);
  expect(text[p - 1] === '\u200d' && /^\p{Extended_Pictographic}/u.test(text.slice(p)), 'cut inside an emoji ZWJ sequence').toBe(false);
  if (p > 0 && p < text.length) expect(graphemeStarts(text).has(p), 'cut inside a grapheme').toBe(true);
}

/** `cutMrkdwn`'s result is the text's clean start, the ellipsis, then only closing markers. */
function expectCut(text: string, out: string, max: number): void {
  expect(out.length).toBeLessThanOrEqual(max);
  if (text.length <= max) return expect(out).toBe(text);
  const mark = out.lastIndexOf('…');
  expect(mark).toBeGreaterThanOrEqual(0);
  expect(out.slice(mark + 1)).toMatch(/^[*_~`]*$/);
  expectCleanCut(text, out.slice(0, mark));
  // Code the text closes is closed in the output too.
  const outside = (s: string) => s.replace(/<[^<>]*>/g, '');
  const fences = (s: string) => outside(s).split('```').length - 1;
  if (fences(text) % 2 === 0) expect(fences(out) % 2, JSON.stringify({ text, out })).toBe(0);
}

const SEEDS = Array.from({ length: 8 }, (_, i) => 0x5eed + i * 7919);
const RUNS = 40;

describe.each(SEEDS)('random texts, seed %i', (seed) => {
  it('cutMrkdwn stays within the limit and cuts cleanly', () => {
    const r = prng(seed);
    for (let run = 0; run < RUNS; run++) {
      const text = mrkdwnText(r);
      const max = pick(r, [1, 2, 5, 20, 80, 150, 3000, int(r, 1, 4000)]);
      expectCut(text, cutMrkdwn(text, max), max);
    }
  });

  it('every builder gives what Slack accepts', () => {
    const r = prng(seed + 1);
    for (let run = 0; run < RUNS; run++) {
      const text = mrkdwnText(r);
      const raw = typed(r, int(r, 0, 400));
      const blocks: types.KnownBlock[] = [
        header(raw),
        section(text),
        context(Array.from({ length: int(r, 0, 14) }, () => mrkdwnText(r))),
        richTextQuote(raw),
        { type: 'actions', elements: [button({ text: raw, actionId: 'act', value: 'v' })] },
      ];
      expect(blockProblems(blocks), `seed ${seed} run ${run}`).toEqual([]);
      const mrkdwn = (blocks[1] as types.SectionBlock).text!.text;
      expectCut(text, mrkdwn, 3000);
      const fallback = fallbackText(text);
      if (text.trim() !== '') expectCut(text, fallback, 300);
    }
  });

  it('excerpt is one escaped line within its length', () => {
    const r = prng(seed + 2);
    for (let run = 0; run < RUNS; run++) {
      const raw = typed(r, int(r, 0, 60));
      const max = int(r, 1, 120);
      const out = excerpt(raw, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\n<>]/);
      expect(out.replace(/&(?:amp|lt|gt);/g, '')).not.toContain('&');
      expectCut(escapeForSlack(raw.replace(/\s+/g, ' ').trim()), out, max);
    }
  });

  it('capLines keeps whole items and always says how many more', () => {
    const r = prng(seed + 3);
    for (let run = 0; run < RUNS; run++) {
      const items = Array.from({ length: int(r, 0, 60) }, () => mrkdwnPiece(r));
      const total = items.length + int(r, 0, 5);
      const maxChars = int(r, 1, 3000);
      const separator = pick(r, ['\n', ', ', ' · ']);
      const more = (n: number) => `… et ${n} autres : \`/followup list\``;
      const out = capLines(items, { maxChars, separator, more, total, maxItems: int(r, 0, 80) });
      expect(out.length).toBeLessThanOrEqual(maxChars);
      if (total === 0 || out === items.join(separator)) continue;
      const hidden = Array.from({ length: total }, (_, k) => k + 1).find((h) => out === more(h) || out.endsWith(`${separator}${more(h)}`));
      if (hidden === undefined) {
        // Not even the "more" line fits whole: it is all there is, cut.
        expectCut(more(total), out, maxChars);
        continue;
      }
      const shown = total - hidden;
      const shownText = out === more(hidden) ? '' : out.slice(0, out.length - more(hidden).length - separator.length);
      if (shownText === items.slice(0, shown).join(separator)) continue;
      // The one exception: a first item too long to show whole, shown cut.
      expect(shown, `seed ${seed} run ${run}`).toBe(1);
      expectCleanCut(items[0]!, shownText.slice(0, shownText.lastIndexOf('…')));
    }
  });

  it('fitMessage always fits: 50 blocks, the characters, and every block valid', () => {
    const r = prng(seed + 4);
    for (let run = 0; run < RUNS / 4; run++) {
      const blocks = Array.from({ length: int(r, 0, 90) }, () => (r() < 0.5 ? section(mrkdwnText(r)) : context([mrkdwnText(r)])));
      const fitted = fitMessage(blocks, { overflow: (n) => context([`… ${n} de plus dans le fil`]), from: int(r, 0, 5), keepLast: int(r, 0, 3) });
      expect(fitted.length).toBeLessThanOrEqual(50);
      expect(textLength(fitted)).toBeLessThanOrEqual(MESSAGE_BLOCKS_CHARS_MAX);
      expect(blockProblems(fitted)).toEqual([]);
    }
  });
});
