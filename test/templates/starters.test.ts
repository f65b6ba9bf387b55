/**
 * The starter templates (migrations/008_starter_templates.sql), as the migration leaves them in a real
 * database: each one, filled with realistic values (long place names included), is valid on X, Mastodon and
 * Bluesky by each network's own count (twitter-text's weighted length, Mastodon's validator, Bluesky's
 * graphemes), and a field meant as a hashtag makes one.
 */
import twitter from 'twitter-text';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLUESKY_LENGTH } from '../../src/networks/bluesky/rules.js';
import { countMastodon } from '../../src/networks/mastodon/length.js';
import { xRules } from '../../src/networks/x.js';
import { openDatabase, type DB } from '../../src/platform/database.js';
import { checkText, type TextTarget } from '../../src/proposals/tweetText.js';
import { TemplateStore, type Template } from '../../src/templates/store.js';
import { fill, parseTemplate } from '../../src/templates/text.js';

/** X's 280 (the default TWEET_MAX_LENGTH), Mastodon's default 500, Bluesky's 300 graphemes. */
const NETWORKS: TextTarget[] = [
  { name: 'x', length: xRules(280).length },
  { name: 'mastodon', length: { max: 500, count: (t) => countMastodon(t) } },
  { name: 'bluesky', length: BLUESKY_LENGTH },
];

/** The longest name of a French commune (45 characters), and a motorway exit as a cell would write it. */
const LONG_PLACE = 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson';
const EXIT = 'Saint-Jean-de-Védas (sortie 32, Montpellier-Ouest)';

/** For each starter, an ordinary filling and a long one: every field of the template must have a value here. */
const VALUES: Record<string, Array<Record<string, string>>> = {
  accident: [
    { route: 'A9', lieu: 'Montpellier-Est' },
    { route: 'A750', lieu: EXIT },
    { route: 'A75', lieu: LONG_PLACE },
  ],
  'fin-intervention': [
    { route: 'A9', lieu: 'Montpellier-Est' },
    { route: 'A750', lieu: EXIT },
  ],
  perturbation: [
    { route: 'RD613', lieu: 'Saint-Mathieu-de-Tréviers, rond-point des Verriès', cause: 'chute d’arbres sur la chaussée après les rafales de la nuit' },
    { route: 'A9', lieu: LONG_PLACE, cause: 'véhicule en panne sur la voie de droite, une voie neutralisée' },
  ],
  'appel-a-temoins': [
    { faits: 'Un cycliste a été renversé par un véhicule qui a pris la fuite', date: 'samedi 14 mars vers 22h30', lieu: LONG_PLACE, téléphone: '04 67 72 00 00' },
    { faits: 'Vol avec violence dans une bijouterie', date: '3 janvier', lieu: 'Lunel, place de la République', téléphone: '04 67 71 11 17' },
  ],
  disparition: [
    { nom: 'Lucas Martin-Fernandez', âge: '16', date: 'mardi 12 mars', lieu: 'Saint-Gély-du-Fesc', signalement: '1,75 m, mince, cheveux bruns courts, blouson noir et sac à dos rouge' },
    { nom: 'Marie-Thérèse Dupont-Lagarde', âge: '84', date: '2 février', lieu: LONG_PLACE, signalement: 'Atteinte de troubles de la mémoire, 1,60 m, manteau beige' },
  ],
  prevention: [
    { hashtag: 'Cambriolages', conseil: 'Avant de partir en vacances, inscrivez-vous à l’Opération Tranquillité Vacances : les gendarmes passeront surveiller votre domicile.' },
    { hashtag: 'ArnaquesEnLigne', conseil: 'Un faux conseiller bancaire vous appelle ? Ne communiquez jamais vos codes : votre banque ne vous les demandera pas.' },
  ],
};

describe('the starter templates', () => {
  let db: DB;
  let starters: Template[];
  beforeAll(() => {
    db = openDatabase(':memory:');
    starters = new TemplateStore(db).all();
  });
  afterAll(() => db.close());

  it('are the six the cell needs, made by comcell, each with well-formed fields', () => {
    expect(starters.map((t) => t.name).sort()).toEqual(Object.keys(VALUES).sort());
    for (const t of starters) {
      expect(t.createdBy).toBe('comcell');
      expect(parseTemplate(t.text).ok, t.name).toBe(true);
    }
  });

  it('tie an accident in progress to its end: a follow-up after 2h, closed by fin-intervention with the same route and place', () => {
    const byName = new Map(starters.map((t) => [t.name, t]));
    const accident = byName.get('accident')!;
    expect(accident).toMatchObject({ closing: 'fin-intervention', followupSeconds: 7200 });
    const fields = (name: string) => {
      const parsed = parseTemplate(byName.get(name)!.text);
      return parsed.ok ? parsed.fields : [];
    };
    expect(fields('fin-intervention')).toEqual(['route', 'lieu']);
    expect(fields('accident')).toEqual(expect.arrayContaining(fields('fin-intervention')));
    // Incidents in progress open a follow-up; the rest do not.
    expect(byName.get('perturbation')!.followupSeconds).toBeGreaterThan(0);
    expect(byName.get('disparition')!.followupSeconds).toBeGreaterThan(0);
    for (const name of ['fin-intervention', 'appel-a-temoins', 'prevention']) expect(byName.get(name)!.followupSeconds, name).toBeNull();
  });

  it.each(Object.entries(VALUES).flatMap(([name, sets]) => sets.map((values, i) => [name, i, values] as const)))(
    '%s filled (set %i) is valid on X, Mastodon and Bluesky',
    (name, _i, values) => {
      const parsed = parseTemplate(starters.find((t) => t.name === name)!.text);
      if (!parsed.ok) throw new Error(`${name} does not parse`);
      expect(Object.keys(values).sort()).toEqual([...parsed.fields].sort());
      const text = fill(parsed.parts, values);
      const checked = checkText(text, NETWORKS);
      expect(checked, text).toMatchObject({ ok: true });
      // The counts are real ones, not a lenient check: an ordinary post is well over half of X's limit.
      if (checked.ok) expect(checked.counts.x).toBeGreaterThan(140);
    },
  );

  it('make a hashtag of a road or a theme only from its field', () => {
    const text = (name: string, values: Record<string, string>) => {
      const parsed = parseTemplate(starters.find((t) => t.name === name)!.text);
      return parsed.ok ? fill(parsed.parts, values) : '';
    };
    expect(twitter.extractHashtags(text('accident', VALUES.accident![0]!))).toEqual(['Accident', 'A9']);
    expect(twitter.extractHashtags(text('fin-intervention', VALUES['fin-intervention']![0]!))).toEqual(['A9']);
    expect(twitter.extractHashtags(text('prevention', VALUES.prevention![0]!))).toEqual(['Prévention', 'Cambriolages']);
    expect(text('fin-intervention', VALUES['fin-intervention']![0]!)).toContain('Fin d\'intervention sur l\'A9 à hauteur de Montpellier-Est');
  });
});
