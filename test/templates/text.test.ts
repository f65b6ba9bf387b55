import { describe, expect, it } from 'vitest';
import { fieldLabel, fill, MAX_FIELDS, parseTemplate, preview } from '../../src/templates/text.js';

describe('a template text', () => {
  it.each([
    ['Accident sur l’{route} à hauteur de {lieu}. #{route}', ['route', 'lieu'], [{ literal: 'Accident sur l’' }, { field: 'route' }, { literal: ' à hauteur de ' }, { field: 'lieu' }, { literal: '. #' }, { field: 'route' }]],
    ['Sans champ.', [], [{ literal: 'Sans champ.' }]],
    ['{a}{b}', ['a', 'b'], [{ field: 'a' }, { field: 'b' }]],
    ['{lieu_exact} {n2} {Thème} {âge}', ['lieu_exact', 'n2', 'Thème', 'âge'], [{ field: 'lieu_exact' }, { literal: ' ' }, { field: 'n2' }, { literal: ' ' }, { field: 'Thème' }, { literal: ' ' }, { field: 'âge' }]],
    // `{{` and `}}` are a literal brace: `{{route}}` is text, `{{{route}}}` a field between braces.
    ['{{route}}', [], [{ literal: '{route}' }]],
    ['{{{route}}}', ['route'], [{ literal: '{' }, { field: 'route' }, { literal: '}' }]],
    ['a {{ b }} c', [], [{ literal: 'a { b } c' }]],
  ])('parses %j', (text, fields, parts) => {
    expect(parseTemplate(text)).toEqual({ ok: true, fields, parts });
  });

  it.each([
    ['Accident {route à hauteur', [{ code: 'unclosed_brace', near: '{route à hau' }]],
    ['Fin {', [{ code: 'unclosed_brace', near: '{' }]],
    ['Un {champ\nsur deux lignes}', [{ code: 'unclosed_brace', near: '{champ' }, { code: 'stray_brace', near: 'deux lignes}' }]],
    ['{a{b}', [{ code: 'unclosed_brace', near: '{a{b}' }]],
    ['Vide {} ici', [{ code: 'empty_field', near: '{} ici' }]],
    ['{bad-name}', [{ code: 'bad_field', name: 'bad-name' }]],
    ['{deux mots}', [{ code: 'bad_field', name: 'deux mots' }]],
    ['Fermée } seule', [{ code: 'stray_brace', near: 'Fermée }' }]],
    [`{${'x'.repeat(41)}}`, [{ code: 'field_too_long', name: 'x'.repeat(41), max: 40 }]],
    [Array.from({ length: MAX_FIELDS + 1 }, (_, i) => `{f${i}}`).join(' '), [{ code: 'too_many_fields', count: MAX_FIELDS + 1, max: MAX_FIELDS }]],
  ])('refuses %j', (text, problems) => {
    expect(parseTemplate(text)).toEqual({ ok: false, problems });
  });

  it('allows as many fields as a form holds, and the same field many times', () => {
    const text = Array.from({ length: MAX_FIELDS }, (_, i) => `{f${i}} {f${i}}`).join(' ');
    const parsed = parseTemplate(text);
    expect(parsed.ok && parsed.fields).toHaveLength(MAX_FIELDS);
  });

  it('fills every occurrence with its value, as typed; a value never makes a field', () => {
    const parsed = parseTemplate('Sur l’{route} à {lieu} #{route} {{ok}}');
    if (!parsed.ok) throw new Error('parse');
    expect(fill(parsed.parts, { route: 'A9', lieu: 'Montpellier-Est' })).toBe('Sur l’A9 à Montpellier-Est #A9 {ok}');
    expect(fill(parsed.parts, { route: '{lieu}', lieu: '{{x}} & <b>' })).toBe('Sur l’{lieu} à {{x}} & <b> #{lieu} {ok}');
    expect(fill(parsed.parts, {})).toBe('Sur l’ à  # {ok}');
  });

  it('previews a field not filled yet as the template writes it', () => {
    const parsed = parseTemplate('Sur l’{route} à {lieu}');
    if (!parsed.ok) throw new Error('parse');
    expect(preview(parsed.parts, { route: 'A9', lieu: '' })).toBe('Sur l’A9 à {lieu}');
  });

  it.each([
    ['route', 'Route'],
    ['lieu_exact', 'Lieu exact'],
    ['âge', 'Âge'],
    ['_', '_'],
  ])('labels the field %s as %s', (name, label) => {
    expect(fieldLabel(name)).toBe(label);
  });
});
