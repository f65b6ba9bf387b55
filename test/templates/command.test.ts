import { describe, expect, it } from 'vitest';
import { BLUESKY_LENGTH } from '../../src/networks/bluesky/rules.js';
import { countMastodon } from '../../src/networks/mastodon/length.js';
import { xRules } from '../../src/networks/x.js';
import { parseTweetCommand } from '../../src/proposals/command.js';
import type { TextTarget } from '../../src/proposals/tweetText.js';
import { parseTemplateCommand } from '../../src/templates/command.js';

const X: TextTarget = { name: 'x', length: xRules(280).length };
const ALL: TextTarget[] = [X, { name: 'mastodon', length: { max: 500, count: (t) => countMastodon(t) } }, { name: 'bluesky', length: BLUESKY_LENGTH }];
const parse = (text: string, networks = ALL) => parseTemplateCommand(text, networks);
const KNOWN = ['--closing', '--cloture', '--followup', '--suivi'];

describe('/template, parsed', () => {
  it.each([
    ['', { kind: 'list' }],
    ['list', { kind: 'list' }],
    ['LISTE', { kind: 'list' }],
    ['help', { kind: 'help' }],
    ['aide', { kind: 'help' }],
    ['show accident', { kind: 'show', name: 'accident' }],
    ['voir Accident', { kind: 'show', name: 'accident' }],
    ['remove appel-a-temoins', { kind: 'remove', name: 'appel-a-temoins' }],
    ['supprimer météo_2', { kind: 'remove', name: 'météo_2' }],
  ])('%j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it('adds a template with its text as typed, options before or after it', () => {
    expect(parse('add accident Accident sur l’{route} &amp; &lt;{lieu}&gt; <https://ex.fr|ex.fr> #{route}')).toEqual({
      kind: 'add', name: 'accident', text: 'Accident sur l’{route} & <{lieu}> ex.fr #{route}', closing: null, followupSeconds: null,
    });
    expect(parse('ajouter accident --closing fin-intervention --suivi 2h Accident sur l’{route}.')).toEqual({
      kind: 'add', name: 'accident', text: 'Accident sur l’{route}.', closing: 'fin-intervention', followupSeconds: 7200,
    });
    expect(parse('add accident Accident sur l’{route}.\nÉvitez le secteur. --closing Fin-Intervention --followup=1h30m')).toEqual({
      kind: 'add', name: 'accident', text: 'Accident sur l’{route}.\nÉvitez le secteur.', closing: 'fin-intervention', followupSeconds: 5400,
    });
    // A phone's dash before a known option is the option; in the text a dash is text.
    expect(parse('add a —suivi 2h Point — situation {x}')).toEqual({ kind: 'add', name: 'a', text: 'Point — situation {x}', closing: null, followupSeconds: 7200 });
    // After a lone `--`, everything is text, even what looks like an option.
    expect(parse('add a --suivi 2h -- --x texte --closing b')).toEqual({ kind: 'add', name: 'a', text: '--x texte --closing b', closing: null, followupSeconds: 7200 });
  });

  it('changes what is given and keeps the rest; none clears', () => {
    expect(parse('change accident --followup 3h')).toEqual({ kind: 'change', name: 'accident', followupSeconds: 10800 });
    expect(parse('modifier accident --closing none --suivi aucun')).toEqual({ kind: 'change', name: 'accident', closing: null, followupSeconds: null });
    expect(parse('change accident Nouveau {texte}')).toEqual({ kind: 'change', name: 'accident', text: 'Nouveau {texte}' });
  });

  it.each([
    ['supprime accident', [{ code: 'unknown_subcommand', word: 'supprime' }]],
    ['show', [{ code: 'missing_name', subcommand: 'show' }]],
    ['add', [{ code: 'missing_name', subcommand: 'add' }]],
    ['show accident fin', [{ code: 'too_many_words', subcommand: 'show', extra: 'fin' }]],
    ['list tout', [{ code: 'too_many_words', subcommand: 'list', extra: 'tout' }]],
    ['remove acc!dent', [{ code: 'bad_name', value: 'acc!dent' }]],
    ['add none Texte', [{ code: 'bad_name', value: 'none' }]],
    [`add ${'a'.repeat(41)} Texte`, [{ code: 'bad_name', value: 'a'.repeat(41) }]],
    ['add accident', [{ code: 'missing_text' }]],
    ['add accident --closing fin', [{ code: 'missing_text' }]],
    ['change accident', [{ code: 'nothing_to_change', name: 'accident' }]],
    ['add accident Accident {route à hauteur', [{ code: 'unclosed_brace', near: '{route à hau' }]],
    ['add accident Accident {} ici', [{ code: 'empty_field', near: '{} ici' }]],
    ['add accident Accident {bad-name}', [{ code: 'bad_field', name: 'bad-name' }]],
    ['add accident Fermée } ici', [{ code: 'stray_brace', near: 'Fermée }' }]],
    ['add accident --folowup 2h Texte', [{ code: 'unknown_option', option: '--folowup', known: KNOWN }]],
    ['add accident Texte {x} --clsoing fin', [{ code: 'unknown_option', option: '--clsoing', known: KNOWN }]],
    ['add accident Texte --followup', [{ code: 'missing_value', option: '--followup' }]],
    ['add accident --followup 2h --suivi 3h Texte', [{ code: 'duplicate_option', option: '--suivi' }]],
    ['add accident --followup 2 Texte', [{ code: 'bad_duration', option: '--followup', value: '2' }]],
    ['add accident Texte --followup 0m', [{ code: 'zero_duration', option: '--followup', value: '0m' }]],
    ['add accident --closing fin!n Texte', [{ code: 'bad_name', value: 'fin!n' }]],
    ['add accident Alerte\u0007 {x}', [{ code: 'control_chars', chars: ['U+0007'] }]],
  ])('refuses %j', (text, problems) => {
    expect(parse(text)).toEqual({ kind: 'invalid', problems });
  });

  it('refuses a text too long for a network even with its fields empty, naming each network', () => {
    // Counted as a post is: trimmed (the space before a field at the end is not counted).
    expect(parse(`add long ${'é'.repeat(290)} {lieu}`)).toEqual({ kind: 'invalid', problems: [{ code: 'skeleton_too_long', network: 'x', count: 290, max: 280 }] });
    expect(parse(`add long ${'é'.repeat(301)} {lieu}`)).toEqual({
      kind: 'invalid',
      problems: [
        { code: 'skeleton_too_long', network: 'x', count: 301, max: 280 },
        { code: 'skeleton_too_long', network: 'bluesky', count: 301, max: 300 },
      ],
    });
    // Each part of a thread on its own: two parts of 200 fit.
    expect(parse(`add fil ${'é'.repeat(200)} {lieu}\n---\n${'é'.repeat(200)}`)).toMatchObject({ kind: 'add' });
    expect(parse(`add fil ${'é'.repeat(200)}\n---\n${'é'.repeat(290)}`)).toEqual({ kind: 'invalid', problems: [{ code: 'skeleton_too_long', network: 'x', count: 290, max: 280 }] });
    expect(parse(`add fil ${Array.from({ length: 11 }, (_, i) => `partie ${i}`).join('\n---\n')}`)).toEqual({ kind: 'invalid', problems: [{ code: 'too_many_parts', count: 11, max: 10 }] });
    // Within Bluesky's 300 and X's 280 once empty, it is accepted: the values are checked when filled.
    expect(parse(`add court ${'é'.repeat(270)} {lieu}`)).toMatchObject({ kind: 'add' });
    // A text of fields alone is not "empty": it is filled before it is checked as a post.
    expect(parse('add libre {texte}')).toMatchObject({ kind: 'add', text: '{texte}' });
  });
});

describe('/tweet --template', () => {
  const ctx = { maxLength: 280, timeZone: 'Europe/Paris', now: new Date('2026-11-21T10:00:00Z'), networks: [X], templates: () => ['accident', 'météo'] };
  it('opens the template’s form with the other options set, whatever the case of the name', () => {
    expect(parseTweetCommand('--template Accident', ctx)).toEqual({ kind: 'template', name: 'accident', options: { followupSeconds: null, publishAt: null, replyToRef: null, networks: null } });
    expect(parseTweetCommand('--modele=météo --suivi 3h --reply #4', ctx)).toEqual({ kind: 'template', name: 'météo', options: { followupSeconds: 10800, publishAt: null, replyToRef: 4, networks: null } });
    expect(parseTweetCommand('--modèle accident', ctx)).toMatchObject({ kind: 'template', name: 'accident' });
  });

  it('refuses an unknown template, a text with it, and a missing name', () => {
    expect(parseTweetCommand('--template accidnet', ctx)).toMatchObject({ kind: 'invalid', problems: [{ code: 'unknown_template', name: 'accidnet', known: ['accident', 'météo'] }] });
    expect(parseTweetCommand('--template accident Accident sur l’A9', ctx)).toMatchObject({ kind: 'invalid', problems: [{ code: 'template_with_text', name: 'accident' }] });
    expect(parseTweetCommand('--template', ctx)).toMatchObject({ kind: 'invalid', problems: [{ code: 'missing_value', option: '--template' }] });
    expect(parseTweetCommand('--template accident --template météo', ctx)).toMatchObject({ kind: 'invalid', problems: [{ code: 'duplicate_option', option: '--template' }] });
  });

  it('asks for the names only when the option is given', () => {
    let asked = 0;
    const counting = { ...ctx, templates: () => (asked++, ['accident']) };
    expect(parseTweetCommand('Un tweet ordinaire.', counting)).toMatchObject({ kind: 'draft' });
    expect(asked).toBe(0);
  });
});
