import { describe, expect, it } from 'vitest';
import { FIGURES_CSV_COLUMNS, figuresCsv } from '../../src/reports/csv.js';
import { computeFigures } from '../../src/reports/figures.js';
import { previousWeek } from '../../src/reports/period.js';
import { at, followup, MIN, noFacts, PARIS, published } from './fixtures.js';

/** RFC 4180 records: CRLF between them, quoted fields with doubled quotes (section 2). */
function readCsv(text: string): string[][] {
  expect(text.endsWith('\r\n')).toBe(true);
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else {
      expect(c, 'a bare CR, LF or quote outside a quoted field').not.toMatch(/[\r\n"]/);
      field += c;
    }
  }
  return records;
}

const WEEK = previousWeek(at('2026-11-23T07:00:00Z'), PARIS);

function rowsOf(csv: string) {
  const [header, ...rows] = readCsv(csv);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return { header: header!, rows: rows.map((r) => Object.fromEntries(FIGURES_CSV_COLUMNS.map((key, i) => [key, r[i]!]))) };
}

describe('the figures as CSV', () => {
  const facts = {
    ...noFacts(),
    proposals: [
      published('2026-11-17T09:00:00Z', 12 * MIN, ['x', 'mastodon'], { template: 'météo, vigilance "orange"' }),
      published('2026-11-18T09:00:00Z', 30 * MIN, ['x'], { template: '=HYPERLINK("http://example.test")' }),
    ],
    followups: [followup('2026-11-19T10:00:00Z', '2026-11-19T12:30:00Z', { reminders: 4, escalations: 1 })],
  };
  const f = computeFigures(facts, WEEK, PARIS);

  it('has a header in the report’s language and one row per figure, then per day and network', () => {
    const fr = rowsOf(figuresCsv(f, 'fr'));
    expect(fr.header).toEqual(['indicateur', 'libellé', 'réseau', 'modèle', 'jour', 'tranche', 'valeur', 'unité']);
    expect(rowsOf(figuresCsv(f, 'en')).header).toEqual(['figure', 'label', 'network', 'template', 'day', 'bucket', 'value', 'unit']);
    const figures = fr.rows.map((r) => r.figure);
    // 2 period rows, 4 + 4 post rows, 2 templates, 4 outcomes, 3 + 3 delays, 7 follow-up figures, 7 × 2 buckets, 2 reminders, 3 handovers, 7 days × 3 networks.
    expect(fr.rows).toHaveLength(2 + 8 + 2 + 4 + 6 + 7 + 14 + 2 + 3 + 21);
    expect(figures.slice(0, 3)).toEqual(['period_start', 'period_end', 'posts']);
    expect(figures.filter((x) => x === 'posts_per_day')).toHaveLength(21);
    expect(fr.rows.find((r) => r.figure === 'period_start')).toMatchObject({ value: '2026-11-16T00:00:00.000+01:00', unit: 'ISO 8601' });
  });

  it('gives counts and whole seconds under stable keys, with words beside them', () => {
    const { rows } = rowsOf(figuresCsv(f, 'en'));
    const get = (figure: string, extra: Record<string, string> = {}) =>
      rows.find((r) => r.figure === figure && Object.entries(extra).every(([k, v]) => r[k] === v) && (extra.network !== undefined || r.network === ''));
    expect(get('posts')).toMatchObject({ label: 'posts', value: '3', unit: 'count' });
    expect(get('posts', { network: 'mastodon' })).toMatchObject({ value: '1' });
    expect(get('to_publication_median')).toMatchObject({ value: String(12 * 60), unit: 'seconds' });
    expect(get('to_publication_p90')).toMatchObject({ value: String(30 * 60) });
    expect(get('followups_duration_median')).toMatchObject({ value: String(2.5 * 3600) });
    expect(get('followups_longest_open')).toMatchObject({ value: '' });
    expect(get('followups_ended_in_bucket', { bucket: '2h_4h' })).toMatchObject({ value: '1', label: 'closed follow-ups, by time open (2–4 h)' });
    expect(get('reminders')).toMatchObject({ value: '4' });
    expect(get('posts_per_day', { day: '2026-11-17', network: 'x' })).toMatchObject({ value: '1' });
    expect(get('posts_per_day', { day: '2026-11-18', network: 'mastodon' })).toMatchObject({ value: '0' });
  });

  it('quotes what needs quoting and defuses template names a spreadsheet would run', () => {
    const csv = figuresCsv(f, 'fr');
    const templates = rowsOf(csv).rows.filter((r) => r.figure === 'posts_by_template').map((r) => r.template);
    expect(templates).toEqual(['météo, vigilance "orange"', `'=HYPERLINK("http://example.test")`]);
    expect(csv).toContain('"météo, vigilance ""orange"""');
  });

  it('is only a header and figures at zero for an empty week', () => {
    const { rows } = rowsOf(figuresCsv(computeFigures(noFacts(), WEEK, PARIS), 'fr'));
    expect(rows.filter((r) => r.figure === 'posts_by_template')).toEqual([]);
    expect(rows.find((r) => r.figure === 'to_approval_median')?.value).toBe('');
    expect(rows.filter((r) => r.unit === 'nombre').every((r) => r.value === '0')).toBe(true);
  });
});
