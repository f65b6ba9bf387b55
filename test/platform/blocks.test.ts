import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import {
  BLOCK_CONTAINER_COST,
  EMPTY_TEXT,
  FALLBACK_TEXT_MAX,
  MESSAGE_BLOCKS_CHARS_MAX,
  blockId,
  button,
  capLines,
  context,
  cutMrkdwn,
  excerpt,
  fallbackText,
  fitMessage,
  header,
  modalLabel,
  plain,
  richTextQuote,
  section,
  textLength,
} from '../../src/platform/blocks.js';
import { blockProblems } from '../support/blockKitLimits.js';

describe('cutMrkdwn', () => {
  const fence = '```\nligne 1\nligne 2\nligne 3\n```';
  it.each([
    ['a text that fits is kept whole', 'Vols &amp; cambriolages', 23, 'Vols &amp; cambriolages'],
    ['never inside an entity', 'Vols &amp; cambriolages', 8, 'Vols…'],
    ['an entity that fits is kept whole', 'x&amp;yyyy', 7, 'x&amp;…'],
    ['never inside a link', 'voir <https://example.com/a/very/long/path|le lien> maintenant', 20, 'voir…'],
    ['never inside a date token', '<!date^1392734382^{date_short}|Feb 18, 2014> et la suite', 15, '…'],
    ['never inside a mention', 'pour <@U123ABC|jdupont> et <@U456DEF>', 25, 'pour <@U123ABC|jdupont>…'],
    ['never inside a surrogate pair', '😀😀😀😀', 5, '😀😀…'],
    ['never inside a ZWJ sequence', 'famille 👩‍👩‍👧👩‍👩‍👧', 12, 'famille…'],
    ['never between a letter and its combining mark', 'e\u0301'.repeat(5), 6, 'e\u0301e\u0301…'],
    ['never inside a flag', '🇫🇷🇫🇷🇫🇷', 6, '🇫🇷…'],
    ['a line end near the limit is preferred', 'première ligne entière ici\nseconde ligne', 30, 'première ligne entière ici…'],
    ['else a word end', 'Accident grave sur l’autoroute', 20, 'Accident grave sur…'],
    ['one long word is cut where it must', `https://exemple.fr/${'a'.repeat(50)}`, 20, 'https://exemple.fr/…'],
    ['bold left open is closed after the ellipsis', '*Alerte grave en cours sur la commune* de Nîmes', 20, '*Alerte grave en…*'],
    ['italic inside bold: both closed, innermost first', '*Alerte _grave en cours_ sur la commune*', 20, '*Alerte _grave en…_*'],
    ['a lone star is no markup: nothing added', '5 * 3 font quinze, pas seize ni dix-sept', 20, '5 * 3 font quinze,…'],
    ['an opener never closed in the text stays as typed', '*pas fermé et un texte très long ici', 15, '*pas fermé et…'],
    ['underscores inside words are no markup', 'snake_case_name est un nom très long', 20, 'snake_case_name est…'],
    ['inline code is closed', '`code très long ici` et suite', 12, '`code très…`'],
    ['a fence is closed (room made for its closer)', fence, 20, '```\nligne 1…```'],
    ['no room at all', 'abcdef', 0, ''],
    ['room for the ellipsis only', 'abcdef', 1, '…'],
  ])('%s', (_, text, max, expected) => {
    const cut = cutMrkdwn(text, max);
    expect(cut).toBe(expected);
    expect(cut.length).toBeLessThanOrEqual(max);
  });

  it('takes another ellipsis, and drops one that cannot fit', () => {
    expect(cutMrkdwn('Accident grave sur l’autoroute', 22, ' […]')).toBe('Accident grave sur […]');
    expect(cutMrkdwn('abcdef', 3, ' […]')).toBe('abc');
  });

  it('cuts earlier when the closers would not fit', () => {
    const cut = cutMrkdwn('*_~gras italique barré très long~_* fin', 12);
    expect(cut).toBe('*_~gras…~_*');
  });
});

describe('capLines', () => {
  const refs = Array.from({ length: 10 }, (_, i) => `#${i + 1}`);
  const more = (n: number) => `et ${n} autres`;

  it.each([
    ['all fit', refs.slice(0, 3), { maxChars: 30 }, '#1, #2, #3'],
    ['whole items, then the rest counted', refs, { maxChars: 30 }, '#1, #2, #3, #4, et 6 autres'],
    ['at most maxItems', refs, { maxChars: 300, maxItems: 3 }, '#1, #2, #3, et 7 autres'],
    ['the rest beyond the items given', refs.slice(0, 3), { maxChars: 300, total: 10 }, '#1, #2, #3, et 7 autres'],
    ['nothing to show', [], { maxChars: 30 }, ''],
    ['only a count to show', [], { maxChars: 30, total: 5 }, 'et 5 autres'],
    ['no room', refs, { maxChars: 0 }, ''],
    ['maxItems 0 still says how many', refs, { maxChars: 30, maxItems: 0 }, 'et 10 autres'],
  ])('%s', (_, items, options, expected) => {
    const text = capLines(items, { separator: ', ', more, ...options });
    expect(text).toBe(expected);
    expect(text.length).toBeLessThanOrEqual(options.maxChars);
  });

  it('never drops the "more" line, even when it is all that fits', () => {
    const items = ['x'.repeat(40), 'y'.repeat(40)];
    expect(capLines(items, { maxChars: 15, more, separator: '\n' })).toBe('et 2 autres');
  });

  it('shows a first item too long to fit whole cut, rather than nothing', () => {
    const items = [`🔴 *#12* « ${'Incendie '.repeat(12)}»`, '🟡 *#13*'];
    const text = capLines(items, { maxChars: 60, more, separator: '\n' });
    expect(text).toMatch(/^🔴 \*#12\* « Incendie .*…\*?\net 1 autres$/);
    expect(text.length).toBeLessThanOrEqual(60);
  });

  it('keeps items with links whole', () => {
    const items = Array.from({ length: 30 }, (_, i) => `<https://x.com/cell/status/${1000 + i}|#${i + 1}>`);
    const text = capLines(items, { maxChars: 200, more, separator: ', ' });
    const shown = text.split(', ');
    expect(shown.slice(0, -1)).toEqual(items.slice(0, shown.length - 1));
    expect(shown[shown.length - 1]).toBe(`et ${30 - (shown.length - 1)} autres`);
  });
});

describe('builders', () => {
  it('section: cut to 3,000, never empty', () => {
    const long = section(`${'mot '.repeat(749)}&amp;&amp;&amp;`);
    expect((long.text as types.MrkdwnElement).text.length).toBeLessThanOrEqual(3000);
    expect((long.text as types.MrkdwnElement).text).toMatch(/mot…$/);
    expect(section('   ').text).toEqual({ type: 'mrkdwn', text: EMPTY_TEXT });
  });

  it('context: at most 10 elements, the rest gathered in the last, blanks dropped, never empty', () => {
    const texts = Array.from({ length: 12 }, (_, i) => `note ${i + 1}`);
    const block = context(['', ...texts]);
    expect(block.elements).toHaveLength(10);
    expect(block.elements[9]).toEqual({ type: 'mrkdwn', text: 'note 10 · note 11 · note 12' });
    expect(context([]).elements).toEqual([{ type: 'mrkdwn', text: EMPTY_TEXT }]);
    expect((context(['z'.repeat(5000)]).elements[0] as types.MrkdwnElement).text).toHaveLength(3000);
  });

  it('header: one line of at most 150', () => {
    const h = header(`Bilan\nde la vacation ${'x'.repeat(200)}`);
    expect(h.text.text).toMatch(/^Bilan de la vacation x+…$/);
    expect(h.text.text).toHaveLength(150);
  });

  it('modalLabel: one line of at most 24', () => {
    expect(modalLabel('Modifier #12').text).toBe('Modifier #12');
    expect(modalLabel('Proposer le tweet\nde clôture du suivi #12').text).toBe('Proposer le tweet de…');
  });

  it('plain: cut to its max (and never past 3,000)', () => {
    expect(plain('Réessayer maintenant', 10).text).toBe('Réessayer…');
    expect(plain('a'.repeat(4000), 9000).text).toHaveLength(3000);
  });

  it('button: label cut to 75; ids, values and urls refused (thrown) past their limits', () => {
    const b = button({ text: `Proposer ${'le tweet de clôture '.repeat(10)}`, actionId: 'followup_propose', value: '{"followup":1}', style: 'primary' });
    expect(b.text.text.length).toBeLessThanOrEqual(75);
    expect(b).toMatchObject({ type: 'button', action_id: 'followup_propose', value: '{"followup":1}', style: 'primary' });
    expect(() => button({ text: 'ok', actionId: 'a'.repeat(256) })).toThrow(RangeError);
    expect(() => button({ text: 'ok', actionId: '' })).toThrow(RangeError);
    expect(() => button({ text: 'ok', actionId: 'a', value: 'v'.repeat(2001) })).toThrow(/value of 2001 characters/);
    expect(() => button({ text: 'ok', actionId: 'a', url: `https://x.fr/${'p'.repeat(3000)}` })).toThrow(RangeError);
    expect(button({ text: 'ok', actionId: 'a', value: 'v'.repeat(2000) }).value).toHaveLength(2000);
    expect(() => blockId('b'.repeat(256))).toThrow(RangeError);
    expect(blockId('proposal_12_v2')).toBe('proposal_12_v2');
  });

  it('fallbackText: short, and never inside a token', () => {
    const text = fallbackText(`Proposition #12 de <@U123> : ${'texte '.repeat(100)}`);
    expect(text.length).toBeLessThanOrEqual(FALLBACK_TEXT_MAX);
    expect(text.startsWith('Proposition #12 de <@U123> : texte')).toBe(true);
    expect(fallbackText('')).toBe(EMPTY_TEXT);
  });

  it('richTextQuote: the text as typed (not escaped), cut only past 3,000 at a grapheme', () => {
    const typed = 'Vols & cambriolages <à> *Nîmes* <!channel>';
    expect(richTextQuote(typed).elements[0]).toEqual({ type: 'rich_text_quote', elements: [{ type: 'text', text: typed }] });
    const long = richTextQuote('👩‍👩‍👧'.repeat(400));
    const text = ((long.elements[0] as types.RichTextQuote).elements[0] as types.RichTextText).text;
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/^(👩‍👩‍👧)+…$/u);
  });

  it('every builder output is accepted by the Block Kit limits', () => {
    const blocks = [
      header('h'.repeat(500)),
      section('s'.repeat(9000)),
      context(Array.from({ length: 30 }, () => 'c'.repeat(4000))),
      richTextQuote('r'.repeat(9000)),
      { type: 'actions', elements: [button({ text: 'b'.repeat(300), actionId: 'act', value: 'v' })] } as types.ActionsBlock,
    ];
    expect(blockProblems(blocks)).toEqual([]);
  });
});

describe('textLength and fitMessage', () => {
  it('counts the blocks as JSON plus a container cost per block', () => {
    expect(textLength([{ type: 'divider' }])).toBe('[{"type":"divider"}]'.length + BLOCK_CONTAINER_COST);
    expect(textLength([])).toBe(2);
  });

  const overflow = (n: number) => context([`… ${n} de plus : voir le fil`]);
  const note = (n: number) => context([`${n} de plus`]);

  it('leaves a message within the limits as it is', () => {
    const blocks = [section('a'), section('b')];
    expect(fitMessage(blocks, { overflow })).toEqual(blocks);
  });

  it('at most 50 blocks, the last one saying how many were dropped', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => section(`ligne ${i}`));
    const fitted = fitMessage(blocks, { overflow: note });
    expect(fitted).toHaveLength(50);
    expect(fitted.slice(0, 49)).toEqual(blocks.slice(0, 49));
    expect(fitted[49]).toEqual(note(11));
  });

  it('within ~12,000 characters, dropping whole blocks between the kept head and tail', () => {
    const head = section('*Passation*');
    const tail = { type: 'actions', elements: [button({ text: 'Bien reçu', actionId: 'ack' })] } as types.ActionsBlock;
    const body = Array.from({ length: 10 }, (_, i) => section(`${i} ${'x'.repeat(2900)}`));
    const fitted = fitMessage([head, ...body, tail], { overflow, from: 1, keepLast: 1 });
    expect(textLength(fitted)).toBeLessThanOrEqual(MESSAGE_BLOCKS_CHARS_MAX);
    expect(fitted[0]).toEqual(head);
    expect(fitted[fitted.length - 1]).toEqual(tail);
    const kept = fitted.length - 3;
    expect(fitted.slice(1, 1 + kept)).toEqual(body.slice(0, kept));
    expect(fitted[fitted.length - 2]).toEqual(overflow(10 - kept));
    expect(kept).toBe(3);
  });

  it('drops kept blocks too when they alone are too long, so the result always fits', () => {
    const body = Array.from({ length: 6 }, () => section('y'.repeat(2990)));
    const fitted = fitMessage(body, { overflow, from: 6 });
    expect(textLength(fitted)).toBeLessThanOrEqual(MESSAGE_BLOCKS_CHARS_MAX);
    expect(fitted[fitted.length - 1]).toEqual(overflow(6 - (fitted.length - 1)));
  });

  it('takes other limits for a view', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => section(`ligne ${i}`));
    const fitted = fitMessage(blocks, { overflow: note, maxBlocks: 100, maxChars: Infinity });
    expect(fitted).toHaveLength(100);
    expect(fitted[99]).toEqual(note(21));
  });
});

describe('excerpt', () => {
  it.each([
    ['short: escaped, on one line', 'Vols &\ncambriolages <ici>', 80, 'Vols &amp; cambriolages &lt;ici&gt;'],
    ['cut at a word, with an ellipsis', 'Accident sur l’A9 à hauteur de Nîmes : évitez le secteur et prenez la déviation', 40, 'Accident sur l’A9 à hauteur de Nîmes :…'],
    ['never inside an escape', 'a & b & c & d & e & f', 12, 'a &amp; b…'],
    ['what looks like a mention stays text', '<!channel> venez', 80, '&lt;!channel&gt; venez'],
    ['blank', ' \n\t ', 80, ''],
  ])('%s', (_, text, max, expected) => {
    const out = excerpt(text, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});
