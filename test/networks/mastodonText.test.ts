import { describe, expect, it } from 'vitest';
import { countMastodon, entities } from '../../src/networks/mastodon/length.js';
import { comparable, plainText } from '../../src/networks/mastodon/text.js';

const limit = 500;
const over = (text: string) => countMastodon(text) > limit;

describe('countMastodon: the cases of Mastodon\'s own spec (spec/validators/status_length_validator_spec.rb)', () => {
  it('counts text over the limit', () => {
    expect(over('a'.repeat(501))).toBe(true);
    expect(over('a'.repeat(500))).toBe(false);
  });

  it('counts URLs as 23 characters flat', () => {
    expect(countMastodon(`${'a'.repeat(476)} http://${'b'.repeat(30)}.com/example`)).toBe(500);
  });

  it('does not count non-autolinkable URLs as 23 characters flat', () => {
    expect(over(`${'a'.repeat(476)}http://${'b'.repeat(30)}.com/example`)).toBe(true);
  });

  it('does not count overly long URLs as 23 characters flat', () => {
    expect(over(`http://example.com/valid?${'#foo?'.repeat(1000)}`)).toBe(true);
  });

  it('counts only the front part of remote usernames', () => {
    expect(countMastodon(`${'a'.repeat(475)} @alice@${'b'.repeat(30)}.com`)).toBe(482);
  });

  it('does count both parts of remote usernames for overly long domains', () => {
    expect(over(`@alice@${'b'.repeat(500)}.com`)).toBe(true);
  });
});

describe('countMastodon: tricky texts', () => {
  it('counts grapheme clusters: a family, a flag, an accent made of two code points, a keycap', () => {
    expect(countMastodon('👩‍👩‍👧‍👦')).toBe(1);
    expect(countMastodon('🇫🇷')).toBe(1);
    expect(countMastodon('e\u0301')).toBe(1);
    expect(countMastodon('1️⃣ 🚨')).toBe(3);
    expect(countMastodon('Sécurité routière')).toBe(17);
  });

  it('counts every URL as the instance says, whatever its length, but not its trailing punctuation', () => {
    expect(countMastodon('Voir https://www.interieur.gouv.fr/actualites/communiques/un-tres-long-chemin.')).toBe(5 + 23 + 1);
    expect(countMastodon('(https://fr.wikipedia.org/wiki/Gendarmerie_(France))')).toBe(1 + 23 + 1);
    expect(countMastodon('https://a.fr/x https://b.fr/y', 30)).toBe(30 + 1 + 30);
  });

  it('takes the path characters Mastodon takes, beyond twitter-text\'s own', () => {
    // Mastodon's path allows any non-space character but <>()?; twitter-text would stop at the ideographs.
    expect(countMastodon('https://example.jp/道路/情報 ok')).toBe(23 + 3);
    // Mastodon's path may not end with `=` (twitter-text's may): the `=` counts on its own.
    expect(countMastodon('https://example.fr/a=')).toBe(23 + 1);
  });

  it('knows the protocols Mastodon links, and counts a bare domain as text', () => {
    expect(countMastodon('gemini://example.org/page')).toBe(23);
    expect(countMastodon('ftp://example.org/file')).toBe(22);
    expect(countMastodon('voir gendarmerie.interieur.gouv.fr')).toBe(34);
  });

  it('reduces a remote mention to its user, keeps a local one, and ignores addresses and mentions in URLs', () => {
    expect(countMastodon('@prefet69@social.gouv.fr')).toBe('@prefet69'.length);
    expect(countMastodon('@prefet69')).toBe(9);
    expect(countMastodon('contact@gendarmerie.fr')).toBe(22);
    expect(countMastodon('https://mastodon.social/@Gargron')).toBe(23);
    expect(entities('https://mastodon.social/@Gargron').map((e) => e.kind)).toEqual(['url']);
  });

  it('does not take "@noël" as a mention of "@no"', () => {
    expect(entities('@noël@example.com')).toEqual([]);
    expect(countMastodon('@noël@example.com')).toBe(17);
  });

  it('counts a blank text as nothing, and white space inside a text as characters', () => {
    expect(countMastodon('  \n\t ')).toBe(0);
    expect(countMastodon('a\n\nb')).toBe(4);
  });
});

describe('plainText and comparable', () => {
  it('reads back the example status of the Status entity\'s documentation', () => {
    const content = '<p>&quot;I lost my inheritance with one wrong digit on my sort code&quot;</p><p><a href="https://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https://www.</span><span class="ellipsis">theguardian.com/money/2019/dec</span><span class="invisible">/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code</span></a></p>';
    expect(plainText(content)).toBe(
      '"I lost my inheritance with one wrong digit on my sort code"\n\nhttps://www.theguardian.com/money/2019/dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code',
    );
  });

  it('reads line breaks, entities (named and numeric) and a resolved mention', () => {
    const content = '<p>Alerte &amp; vigilance &lt;orange&gt;<br />Route &#39;D2&#39; fermée &#x2014; merci <span class="h-card"><a href="https://social.gouv.fr/@prefet" class="u-url mention">@<span>prefet</span></a></span></p>';
    expect(plainText(content)).toBe("Alerte & vigilance <orange>\nRoute 'D2' fermée — merci @prefet");
    expect(comparable(plainText(content))).toBe(comparable("Alerte & vigilance <orange>\nRoute 'D2' fermée — merci @prefet@social.gouv.fr"));
  });

  it('keeps texts that differ apart', () => {
    expect(comparable('Route D2 fermée')).not.toBe(comparable('Route D2 rouverte'));
    expect(comparable('@alice@a.fr bonjour')).not.toBe(comparable('@bob@a.fr bonjour'));
  });
});
