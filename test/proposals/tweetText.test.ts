import { describe, expect, it } from 'vitest';
import { checkTweetText, weightedLength } from '../../src/proposals/tweetText.js';

describe('checkTweetText', () => {
  it('refuses empty and blank texts', () => {
    for (const text of ['', '   ', '\n\t \n', '\u200B', '\u00A0']) {
      expect(checkTweetText(text, 280)).toEqual({ ok: false, problem: { code: 'empty' } });
    }
  });

  it('accepts 280 and refuses 281 with the count and how much to cut', () => {
    expect(checkTweetText('a'.repeat(280), 280)).toEqual({ ok: true, weightedLength: 280 });
    expect(checkTweetText('a'.repeat(281), 280)).toEqual({
      ok: false,
      problem: { code: 'too_long', weightedLength: 281, max: 280, over: 1 },
    });
  });

  it('counts a URL as 23 and an emoji as 2', () => {
    expect(weightedLength('https://www.interieur.gouv.fr/actualites/communiques/un-tres-long-chemin')).toBe(23);
    expect(checkTweetText('Voir https://x.fr/a', 280)).toEqual({ ok: true, weightedLength: 5 + 23 });
    expect(weightedLength('🚨')).toBe(2);
    expect(weightedLength('👨‍👩‍👧‍👦')).toBe(2);
    expect(weightedLength('警察')).toBe(4);
    expect(weightedLength('Sécurité routière')).toBe(17);
  });

  it('uses the configured limit, not 280', () => {
    expect(checkTweetText('a'.repeat(100), 100)).toEqual({ ok: true, weightedLength: 100 });
    expect(checkTweetText('a'.repeat(150), 100)).toEqual({
      ok: false,
      problem: { code: 'too_long', weightedLength: 150, max: 100, over: 50 },
    });
    // Over X's own 280 is fine when the cell allows more (parseTweet's `valid` would say no).
    expect(checkTweetText('a'.repeat(300), 500)).toEqual({ ok: true, weightedLength: 300 });
  });

  it('refuses control characters, naming each once, but lets newline and tab pass', () => {
    expect(checkTweetText('Alerte\u0007 \u0007 fin\u001B', 280)).toEqual({
      ok: false,
      problem: { code: 'control_chars', chars: ['U+0007', 'U+001B'] },
    });
    expect(checkTweetText('a\rb', 280)).toEqual({ ok: false, problem: { code: 'control_chars', chars: ['U+000D'] } });
    expect(checkTweetText('a\u007Fb\u0085', 280)).toEqual({
      ok: false,
      problem: { code: 'control_chars', chars: ['U+007F', 'U+0085'] },
    });
    expect(checkTweetText('Ligne 1\nLigne 2\tfin', 280)).toEqual({ ok: true, weightedLength: 19 });
  });

  it("refuses twitter-text's invalid characters", () => {
    for (const char of ['\uFFFE', '\uFEFF', '\uFFFF']) {
      expect(checkTweetText(`Texte ${char} ici`, 280)).toEqual({ ok: false, problem: { code: 'invalid_chars' } });
    }
    // Inside a URL, where parseTweet itself does not look.
    expect(checkTweetText('https://x.fr/a\uFEFFb', 280)).toEqual({ ok: false, problem: { code: 'invalid_chars' } });
  });
});
