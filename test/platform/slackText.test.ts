import { describe, expect, it } from 'vitest';
import { escapeForSlack, fromSlack, mentionedUser } from '../../src/platform/slackText.js';

describe('fromSlack', () => {
  it.each([
    ['Vols &amp; cambriolages', 'Vols & cambriolages'],
    ['<https://a.b/c>', 'https://a.b/c'],
    ['voir <http://ex.fr|ex.fr> !', 'voir ex.fr !'],
    ['<mailto:a@b.fr|a@b.fr>', 'a@b.fr'],
    ['merci <@U123|jdupont>', 'merci @jdupont'],
    ['<@U123>', '@U123'],
    ['<#C123|general>', '#general'],
    ['<#C123>', '#C123'],
    ['<!here> <!channel> <!everyone>', '@here @channel @everyone'],
    ['<!here|here>', '@here'],
    ['<!subteam^S1|@equipe>', '@equipe'],
    ['<!date^1392734382^{date_short}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['2 &lt; 3 &gt; 1', '2 < 3 > 1'],
    ['&lt;!channel&gt;', '<!channel>'],
    ['&amp;lt;', '&lt;'],
    ['&amp;amp;', '&amp;'],
    ['<https://x.fr/?a=1&amp;b=2>', 'https://x.fr/?a=1&b=2'],
    ['a\r\nb\rc\nd', 'a\nb\nc\nd'],
    ['#hashtag @compte', '#hashtag @compte'],
  ])('%j → %j', (input, typed) => {
    expect(fromSlack(input)).toBe(typed);
  });
});

describe('escapeForSlack', () => {
  it('neutralises mentions and links', () => {
    expect(escapeForSlack('<!channel> & <@U1> <https://x.fr|y>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x.fr|y&gt;',
    );
  });

  it('round-trips with fromSlack', () => {
    const typed = 'A & B <c> &lt; d';
    expect(fromSlack(escapeForSlack(typed))).toBe(typed);
  });
});

describe('mentionedUser', () => {
  it.each([
    ['<@U123|jdupont>', 'U123'],
    ['<@U123>', 'U123'],
    ['<@W42ABC|x>', 'W42ABC'],
    [' <@U123> ', 'U123'],
    ['@jdupont', null],
    ['<#C123|general>', null],
    ['<!here>', null],
    ['<@U123|jdupont> texte', null],
    ['', null],
  ])('%j → %j', (token, id) => {
    expect(mentionedUser(token)).toBe(id);
  });
});
