import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { chartSvg, renderChart } from '../../src/reports/chart.js';
import { computeFigures } from '../../src/reports/figures.js';
import { parsePeriod, previousWeek } from '../../src/reports/period.js';
import { at, busyFacts, noFacts, PARIS } from './fixtures.js';

const WEEK = previousWeek(at('2026-11-23T07:00:00Z'), PARIS);
const busyWeek = computeFigures(busyFacts(WEEK, 150), WEEK, PARIS);
// Rasterising takes a while on a busy machine: each language once, shared by the tests.
const french = renderChart(busyWeek, { locale: 'fr', timeZone: PARIS });
const english = renderChart(busyWeek, { locale: 'en', timeZone: PARIS });

/** Width and height from a PNG's IHDR chunk, after checking the signature (PNG specification, 5.2 and 11.2.2). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The darkest value of a band across the top of the image, where the title is written. */
async function darkestInTitle(png: Buffer): Promise<number> {
  const { width, height } = pngSize(png);
  // stats() reads its input, not the pipeline: cut the band out first.
  const band = await sharp(png).extract({ left: Math.round(width / 4), top: Math.round(height / 60), width: Math.round(width / 2), height: Math.round(height / 15) }).toBuffer();
  const stats = await sharp(band).stats();
  return Math.min(...stats.channels.slice(0, 3).map((c) => c.min));
}

describe('the report chart', () => {
  it('is a PNG of the size it says, one and a half times the drawing for sharp previews', () => {
    const chart = french;
    expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
    expect([chart.width, chart.height]).toEqual([1800, 900]);
    expect(chart.svg).toMatch(/^<svg width="1200" height="600"/);
  });

  it('labels both panels, the networks and the buckets in French', () => {
    const { svg, alt } = french;
    for (const label of [
      'Rapport de la cellule — semaine du 16 au 22 novembre 2026',
      'Publications par jour',
      'Suivis\u00A0: durée d’ouverture',
      '>X<',
      '>Mastodon<',
      '>Bluesky<',
      'clos dans la période',
      'encore ouverts à la fin',
      'lun. 16',
      'dim. 22',
      '&lt;\u00A030\u00A0min',
      '30–60\u00A0min',
      '&gt;\u00A024\u00A0h',
    ]) {
      expect(svg).toContain(label);
    }
    expect(alt).toMatch(/^Rapport de la cellule, semaine du 16 au 22 novembre 2026\u00A0: \d+ publications/);
  });

  it('labels them in English', () => {
    const { svg, alt } = english;
    for (const label of ['Cell report — week of 16–22 November 2026', 'Posts per day', 'Follow-ups: time open', '>Mastodon<', 'closed in the period', 'still open at the end', 'Mon 16', 'Sun 22', '&lt; 30 min', '8–24 h']) {
      expect(svg).toContain(label);
    }
    expect(svg).not.toContain('Publications par jour');
    expect(alt).toContain('posts per day and network');
  });

  it('uses the colour-blind-safe palette, and hatches the follow-ups still open', () => {
    const { svg } = english;
    for (const colour of ['#000', '#CC79A7', '#56B4E9', '#009E73', '#E69F00']) expect(svg.toUpperCase()).toContain(colour.toUpperCase());
    expect(svg).toContain('<pattern');
  });

  it('numbers a month by day of the month and says when a panel is empty', () => {
    const month = parsePeriod('2026-10', at('2026-11-21T10:00:00Z'), PARIS);
    if (!month.ok) throw new Error('refused');
    const svg = chartSvg(computeFigures(noFacts(), month.period, PARIS), { locale: 'fr', timeZone: PARIS });
    expect(svg).toContain('octobre 2026');
    expect(svg).toContain('>31<');
    expect(svg).toContain('Aucune publication');
    expect(svg).toContain('Aucun suivi');
  });

  it('draws its text with the font shipped in the project, not the machine’s', async () => {
    const chart = french;
    // The title is ink on white: dark pixels where it is written.
    expect(await darkestInTitle(chart.png)).toBeLessThan(80);
    // The same drawing with no font at all has no text there: what a fresh server would show without it.
    const fontless = new Resvg(chart.svg, { font: { loadSystemFonts: false, fontFiles: [] }, fitTo: { mode: 'zoom', value: 1.5 }, background: '#FFFFFF' }).render().asPng();
    expect(await darkestInTitle(fontless)).toBeGreaterThan(200);
  });
});
