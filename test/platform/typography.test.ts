import { describe, expect, it } from 'vitest';
import { fr } from '../../src/platform/i18n/fr.js';
import { NBSP, NNBSP, frenchTypography, typeset, verbatim } from '../../src/platform/i18n/typography.js';

/** Tables are written with visible spaces: ⍽ for U+202F, · for U+00A0. */
const visible = (s: string) => s.replaceAll(NNBSP, '⍽').replaceAll(NBSP, '·');

describe('frenchTypography', () => {
  it.each([
    ['a space before ; ! ? becomes narrow and unbreakable', 'Réessayez ; rien n’a changé ! Vraiment ?', 'Réessayez⍽; rien n’a changé⍽! Vraiment⍽?'],
    ['a space before : becomes unbreakable', 'Limite : 280', 'Limite·: 280'],
    ['a missing space is added', 'Attention! Note: rien.', 'Attention⍽! Note·: rien.'],
    ['« » get no-break spaces inside', '«texte» et « texte »', '«·texte·» et «·texte·»'],
    ['a group of marks gets one space', 'Vraiment ?!', 'Vraiment⍽?!'],
    ['after closing markup', '*Notes* :\nRAS', '*Notes*·:\nRAS'],
    ['at a line start, nothing is added', '? inconnu', '? inconnu'],
    ['already right: unchanged', 'Limite\u00a0: 280\u202f!', 'Limite·: 280⍽!'],
    ['times are not punctuation', 'à 14:30 ou 2026-12-24 18:00:05', 'à 14:30 ou 2026-12-24 18:00:05'],
    ['URLs are left alone', 'voir https://x.fr/a?b=c:d;e!f ou http://y.fr:8080/', 'voir https://x.fr/a?b=c:d;e!f ou http://y.fr:8080/'],
    ['Slack tokens are left alone', '<!here> <https://x.fr/?q=1|lien : ici> <@U1> <!date^1^{time}|14:30>', '<!here> <https://x.fr/?q=1|lien : ici> <@U1> <!date^1^{time}|14:30>'],
    ['code is left alone', '`--at 14:30` : `a ; b` puis ```x : y ! ```', '`--at 14:30`·: `a ; b` puis ```x : y ! ```'],
    ['entities are left alone (they end with a ;)', 'Vols &amp; cambriolages &#8217; fin ; suite', 'Vols &amp; cambriolages &#8217; fin⍽; suite'],
    ['emoji codes are left alone', ':white_check_mark: validé : oui :+1:', ':white_check_mark: validé·: oui :+1:'],
    ['a mark inside a word is left alone', 'ratio 2:1, a?b', 'ratio 2:1, a?b'],
    ['a space inside a marked value is not ours', `Nom : ${verbatim('a ! b : c « d »')} !`, 'Nom·: a ! b : c « d »⍽!'],
    ['a value ending with a space gets nothing more', `${verbatim('fin ')}!`, 'fin !'],
  ])('%s', (_, text, expected) => {
    expect(visible(frenchTypography(text))).toBe(expected);
  });

  it('is idempotent', () => {
    const once = frenchTypography('Attention ! « Texte » : fin ; suite ?');
    expect(frenchTypography(once)).toBe(once);
  });

  it('a value cannot forge a marker: one inside is replaced', () => {
    expect(frenchTypography(verbatim('a\ufdd1 ! b'))).toBe('a\ufffd ! b');
  });
});

describe('typeset', () => {
  // The catalogue as the bot uses it: typeset at its export.
  const t = fr;

  it('sets the bot’s sentences and leaves every value as given', () => {
    const out = t.badDuration({ option: '--at', value: 'demain ? oui : non !' });
    expect(visible(out)).toBe('durée illisible pour `--at`·: «·demain ? oui : non !·». Exemples·: `90s`, `45m`, `2h`, `1h30m`, `1d`.');
  });

  it('keeps mentions, times and links given as values intact', () => {
    const out = t.reminderFallback({ mention: '<@U1>', ref: 3, late: 'en retard de 1 h (prévu hier à 22:10) a : b ; c' });
    expect(visible(out)).toBe('🔔 <@U1>·: tweet de clôture de #3, en retard de 1 h (prévu hier à 22:10) a : b ; c');
    expect(visible(t.threadPublished({ network: 'X', approvers: 'Alice', url: 'https://x.com/a?b=1:2' }))).toBe('✅ Publiée sur X·: https://x.com/a?b=1:2 (validée par Alice).');
  });

  it('sets plain strings and nested maps, not the locale tag', () => {
    expect(t.localeTag).toBe('fr-FR');
    expect(t.state.pending).toBe('en attente de validation');
    expect(visible(t.unexpectedError())).toBe('Une erreur inattendue est survenue⍽; rien n’a été modifié. Réessayez dans un instant.');
  });

  it('leaves no marker anywhere in a whole catalogue', () => {
    const sample = { ref: 1, by: 'x', time: 't', reason: 'r', count: 2, required: 1, approve: 'a', reject: 'r', max: 3, text: 'x', author: 'y', version: 2 };
    for (const [key, value] of Object.entries(t)) {
      if (typeof value !== 'function') continue;
      let out: unknown;
      try {
        out = (value as (p: unknown) => unknown)(sample);
      } catch {
        continue; // entries whose parameters differ from the sample
      }
      expect(String(out), key).not.toMatch(/[\ufdd0\ufdd1]/);
    }
  });
});
