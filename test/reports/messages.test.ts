import { describe, expect, it } from 'vitest';
import type { types } from '@slack/bolt';
import { computeFigures } from '../../src/reports/figures.js';
import { ACTION_SHARE_REPORT, periodFromShareValue } from '../../src/reports/ids.js';
import { periodProblemText, reportMessage } from '../../src/reports/messages.js';
import { parsePeriod, previousWeek, type Period } from '../../src/reports/period.js';
import { periodLabel, reportTexts } from '../../src/reports/texts.js';
import { at, busyFacts, noFacts, PARIS, published } from './fixtures.js';

type KnownBlock = types.KnownBlock;

const NOW = at('2026-11-21T10:00:00Z');
const thisWeek = (): Period => {
  const result = parsePeriod('semaine', NOW, PARIS);
  if (!result.ok) throw new Error('refused');
  return result.period;
};

/** Every text a person reads in the blocks, with where it sits and Slack's limit for it (Block Kit reference). */
function texts(blocks: KnownBlock[]): Array<{ where: string; text: string; max: number }> {
  const out: Array<{ where: string; text: string; max: number }> = [];
  for (const b of blocks) {
    if (b.type === 'header') out.push({ where: 'header', text: b.text.text, max: 150 });
    if (b.type === 'section') {
      if (b.text) out.push({ where: 'section', text: b.text.text, max: 3000 });
      for (const field of b.fields ?? []) out.push({ where: 'field', text: field.text, max: 2000 });
    }
    if (b.type === 'context') for (const e of b.elements) if ('text' in e) out.push({ where: 'context', text: e.text, max: 3000 });
    if (b.type === 'actions') {
      for (const e of b.elements) if (e.type === 'button') out.push({ where: 'button', text: e.text.text, max: 75 });
    }
  }
  return out;
}

/** What Slack accepts in a message's blocks (Block Kit reference; NOTES: ~12,000 characters in all). */
function expectWithinSlackLimits(blocks: KnownBlock[]) {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    if (b.type === 'section' && b.fields) expect(b.fields.length).toBeLessThanOrEqual(10);
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(10);
    if (b.type === 'actions') for (const e of b.elements) if (e.type === 'button') expect((e.value ?? '').length).toBeLessThanOrEqual(2000);
  }
  const all = texts(blocks);
  for (const t of all) expect(t.text.length, `${t.where}: ${t.text.slice(0, 60)}`).toBeLessThanOrEqual(t.max);
  expect(all.reduce((n, t) => n + t.text.length, 0)).toBeLessThan(12_000);
}

/** French typography: U+202F before ; ! ? and %, U+00A0 before : and inside « ». */
function expectFrenchTypography(sent: string) {
  // Slack's escapes (&lt; for <) end with a semicolon that is not punctuation.
  const text = sent.replace(/&(lt|gt|amp);/g, '');
  expect(text, text).not.toMatch(/[^\u202F][;!?%]/u);
  expect(text, text).not.toMatch(/[^\u00A0]:/u);
  expect(text, text).not.toMatch(/«[^\u00A0]|[^\u00A0]»/u);
}

describe('the report message', () => {
  const week = thisWeek();
  const figures = computeFigures(busyFacts(week, 120), week, PARIS);

  it('puts the four key numbers first, then the detail, within Slack limits, in both languages', () => {
    for (const locale of ['fr', 'en'] as const) {
      const { text, blocks } = reportMessage(figures, { locale, timeZone: PARIS, share: true });
      expectWithinSlackLimits(blocks);
      expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'divider', 'section', 'section', 'section', 'section', 'context', 'actions']);
      const key = blocks[1] as types.SectionBlock;
      expect(key.fields).toHaveLength(4);
      expect(key.fields![0]!.text).toContain(`*${figures.posts.total}*`);
      expect(text).toContain(String(figures.posts.total));
    }
  });

  it('says the period and its figures in French, with French typography', () => {
    const { text, blocks } = reportMessage(figures, { locale: 'fr', timeZone: PARIS, share: true });
    const all = texts(blocks).map((t) => t.text);
    expect(all[0]).toBe('📊 Rapport de la cellule — semaine en cours, depuis le lundi 16 novembre 2026');
    expect(all.join('\n')).toContain('Publications\u00A0:');
    expect(all.join('\n')).toContain(`Encore ouverts à la fin de la période\u00A0: *${figures.followups.openAtEnd}*`);
    expect(all.join('\n')).toContain('Chiffres arrêtés au sam. 21 nov. 11\u00A0h\u00A000\u202F;');
    // The distribution's labels hold < and >, escaped: raw, Slack would read them as the start of a link.
    const distribution = all.join('\n').split('\n').find((line) => line.includes('Répartition'))!;
    expect(distribution).toMatch(/&lt;\u00A030\u00A0min/);
    expect(distribution).not.toMatch(/[<>]/);
    for (const t of [...all, text]) expectFrenchTypography(t);
  });

  it('writes English without French spaces', () => {
    const { text, blocks } = reportMessage(figures, { locale: 'en', timeZone: PARIS, share: true });
    const all = texts(blocks).map((t) => t.text);
    expect(all[0]).toBe('📊 Cell report — this week, since Monday 16 November 2026');
    expect(all.join('\n')).toContain('Figures as of Sat 21 Nov 11:00');
    for (const t of [...all, text]) expect(t).not.toMatch(/[\u00A0\u202F]/u);
  });

  it('has a Share button carrying the period shown, only on the ephemeral report of a named period', () => {
    const share = (period: Period, on: boolean) => {
      const f = computeFigures(noFacts(), period, PARIS);
      const actions = reportMessage(f, { locale: 'fr', timeZone: PARIS, share: on }).blocks.find((b) => b.type === 'actions');
      return actions?.type === 'actions' ? actions.elements : null;
    };
    const value = `week|${week.start.getTime()}|${NOW.getTime()}|1|week`;
    expect(share(week, true)).toEqual([{ type: 'button', action_id: ACTION_SHARE_REPORT, text: { type: 'plain_text', text: 'Partager dans le canal' }, value }]);
    expect(periodFromShareValue(value)).toEqual(week);
    const month = parsePeriod('mois', NOW, PARIS);
    if (!month.ok) throw new Error('refused');
    const shared = share(month.period, true)?.[0];
    expect(shared).toMatchObject({ value: `month|${at('2026-10-31T23:00:00Z').getTime()}|${NOW.getTime()}|1|2026-11` });
    expect(periodFromShareValue(shared && 'value' in shared ? shared.value : null)).toEqual(month.period);
    expect(share(week, false)).toBeNull();
    expect(share(previousWeek(NOW, PARIS), true)).toBeNull();
  });

  it('names who shared it in the channel, as given (a name, not a mention that pings)', () => {
    const { blocks } = reportMessage(figures, { locale: 'en', timeZone: PARIS, share: false, sharedBy: 'Capitaine Martin' });
    expect(texts(blocks).find((t) => t.where === 'context')?.text).toContain('Shared by Capitaine Martin.');
  });

  it('says, privately, where the chart and the CSV went', () => {
    const { blocks } = reportMessage(figures, { locale: 'fr', timeZone: PARIS, share: true, filesSentPrivately: true });
    const note = texts(blocks).find((t) => t.where === 'context')!.text;
    expect(note).toContain('Le graphique et les chiffres (CSV) arrivent dans vos messages avec l’app.');
    expectFrenchTypography(note);
  });

  it('reads well for an empty week: nothing to measure, no distribution line', () => {
    const f = computeFigures(noFacts(), previousWeek(at('2026-11-23T07:00:00Z'), PARIS), PARIS);
    const { blocks } = reportMessage(f, { locale: 'fr', timeZone: PARIS, share: true });
    const all = texts(blocks).map((t) => t.text).join('\n');
    expect(texts(blocks)[0]?.text).toBe('📊 Rapport de la cellule — semaine du 16 au 22 novembre 2026');
    expect(all).toContain('Aucune publication sur la période.');
    expect(all).toContain('rien à mesurer');
    expect(all).not.toContain('Répartition');
    expect(all).not.toContain('Chiffres arrêtés');
    expectWithinSlackLimits(blocks);
  });

  it('shows a few templates, counts the rest, and escapes the names people typed', () => {
    const names = Array.from({ length: 100 }, (_, i) => `<!channel> modèle ${i} ${'x'.repeat(80)}`);
    const facts = { ...noFacts(), proposals: names.map((template, i) => published(at('2026-11-18T10:00:00Z'), (i + 1) * 1000, ['x', 'mastodon', 'bluesky'], { template })) };
    const f = computeFigures(facts, thisWeek(), PARIS);
    const { blocks } = reportMessage(f, { locale: 'fr', timeZone: PARIS, share: true });
    const posts = texts(blocks).find((t) => t.text.startsWith('*Publications*'))!.text;
    expect(posts).toContain('et 92 autres');
    expect(posts).not.toContain('<!channel>');
    expect(posts).toContain('&lt;!channel&gt;');
    expect(posts.match(/&lt;!channel&gt; modèle/g)).toHaveLength(8);
    expectWithinSlackLimits(blocks);
  });

  it('stays within limits over a whole busy month', () => {
    const month = parsePeriod('2026-10', NOW, PARIS);
    if (!month.ok) throw new Error('refused');
    const f = computeFigures(busyFacts(month.period, 3000, 5), month.period, PARIS);
    for (const locale of ['fr', 'en'] as const) expectWithinSlackLimits(reportMessage(f, { locale, timeZone: PARIS, share: true }).blocks);
  });
});

describe('what is wrong with a /report period', () => {
  it('is said in French and English, the value typed escaped', () => {
    expect(periodProblemText({ code: 'unknown_period', value: 'année' }, 'fr')).toBe(
      'période inconnue\u00A0: «\u00A0année\u00A0». Écrivez `semaine`, `mois` ou un mois `AAAA-MM` (`2026-11`).',
    );
    expect(periodProblemText({ code: 'bad_month', value: '2026-13' }, 'en')).toBe('no such month: “2026-13”. Write `YYYY-MM`, with a month from 01 to 12.');
    expect(periodProblemText({ code: 'future_month', value: '2026-12' }, 'fr')).toContain('n’a pas encore commencé\u00A0:');
    expect(periodProblemText({ code: 'unknown_period', value: '<!here>' }, 'en')).toContain('&lt;!here&gt;');
    for (const code of ['unknown_period', 'bad_month', 'future_month'] as const) expectFrenchTypography(periodProblemText({ code, value: 'x' }, 'fr'));
  });
});

describe('the words around a report', () => {
  it('are set in French typography, and the same in English without it', () => {
    const fr = reportTexts.fr;
    const en = reportTexts.en;
    const lines = (t: typeof fr) => [
      t.filesSentPrivately(), t.shared(), t.alreadyShared({ by: 'Alice' }), t.staleShare(), t.reportHelp(), t.reportRefused(),
      t.chartFileTitle({ period: 'novembre 2026' }), t.csvFileTitle({ period: 'novembre 2026' }), t.filesComment({ period: 'novembre 2026' }),
    ];
    for (const line of lines(fr)) expectFrenchTypography(line);
    for (const line of lines(en)) expect(line).not.toMatch(/[\u00A0\u202F]/u);
    expect(fr.alreadyShared({ by: 'Alice' })).toBe('Ce rapport est déjà dans le canal\u00A0: Alice l’a partagé.');
  });
});

describe('the period in a title', () => {
  it('names weeks across a month or a year, and months so far, in both languages', () => {
    const week = (monday: string) => previousWeek(at(monday), PARIS);
    expect(periodLabel(week('2026-12-07T08:00:00Z'), reportTexts.fr, PARIS)).toBe('semaine du 30 novembre au 6 décembre 2026');
    expect(periodLabel(week('2026-12-07T08:00:00Z'), reportTexts.en, PARIS)).toBe('week of 30 November–6 December 2026');
    expect(periodLabel(week('2027-01-04T08:00:00Z'), reportTexts.fr, PARIS)).toBe('semaine du 28 décembre 2026 au 3 janvier 2027');
    expect(periodLabel(week('2027-01-04T08:00:00Z'), reportTexts.en, PARIS)).toBe('week of 28 December 2026–3 January 2027');
    const month = parsePeriod('mois', NOW, PARIS);
    if (!month.ok) throw new Error('refused');
    expect(periodLabel(month.period, reportTexts.fr, PARIS)).toBe('novembre 2026 (en cours)');
    expect(periodLabel(month.period, reportTexts.en, PARIS)).toBe('November 2026 (so far)');
    expect(periodLabel({ ...month.period, toDate: false }, reportTexts.en, PARIS)).toBe('November 2026');
  });
});
