/**
 * A monthly report over the seeded year (100,000 proposals), as the bot makes one: the facts read from
 * SQLite (ReportStore, the same queries and indexes), the figures, the Block Kit message, the CSV, and
 * the chart (SVG by ECharts, PNG by resvg). Each step timed on its own, and the whole, in this process.
 */
import { DateTime } from 'luxon';
import { openDatabase } from '../../src/platform/database.js';
import { renderChart } from '../../src/reports/chart.js';
import { figuresCsv } from '../../src/reports/csv.js';
import { computeFigures } from '../../src/reports/figures.js';
import { reportMessage } from '../../src/reports/messages.js';
import { parsePeriod } from '../../src/reports/period.js';
import { ReportStore } from '../../src/reports/store.js';
import type { SeedInfo } from './seed.js';
import { summarize, type Summary } from './stats.js';

const ZONE = 'Europe/Paris';

export interface ReportTimings {
  facts: Summary;
  figures: Summary;
  message: Summary;
  csv: Summary;
  chart: Summary;
  /** The five steps one after the other, each repetition timed as a whole. */
  total: Summary;
  checks: Record<string, unknown>;
}

export async function timeMonthlyReport(dbPath: string, seed: SeedInfo, reps = 10): Promise<ReportTimings> {
  const db = openDatabase(dbPath);
  try {
    const store = new ReportStore(db);
    // The last full month before the seed's "now": a month of the busy year, all of it history.
    const month = DateTime.fromMillis(seed.now, { zone: ZONE }).minus({ months: 1 }).toFormat('yyyy-MM');
    const parsed = parsePeriod(month, new Date(seed.now), ZONE);
    if (!parsed.ok) throw new Error(`no period for ${month}`);
    const period = parsed.period;
    const view = { locale: 'fr' as const, timeZone: ZONE };
    const samples = { facts: [] as number[], figures: [] as number[], message: [] as number[], csv: [] as number[], chart: [] as number[], total: [] as number[] };
    const checks: Record<string, unknown> = { month };
    for (let rep = -2; rep < reps; rep++) {
      const t0 = performance.now();
      const facts = store.facts(period.start, period.end);
      const t1 = performance.now();
      const f = computeFigures(facts, period, ZONE);
      const t2 = performance.now();
      const message = reportMessage(f, { ...view, share: true });
      const t3 = performance.now();
      const csv = figuresCsv(f, view.locale);
      const t4 = performance.now();
      const chart = renderChart(f, view);
      const t5 = performance.now();
      if (rep < 0) continue; // warm-up: module loading, the font, the query plans
      samples.facts.push(t1 - t0);
      samples.figures.push(t2 - t1);
      samples.message.push(t3 - t2);
      samples.csv.push(t4 - t3);
      samples.chart.push(t5 - t4);
      samples.total.push(t5 - t0);
      Object.assign(checks, {
        proposals: facts.proposals.length,
        followups: facts.followups.length,
        posts: f.posts.total,
        blocks: message.blocks.length,
        csvBytes: csv.length,
        pngBytes: chart.png.length,
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      facts: summarize(samples.facts),
      figures: summarize(samples.figures),
      message: summarize(samples.message),
      csv: summarize(samples.csv),
      chart: summarize(samples.chart),
      total: summarize(samples.total),
      checks,
    };
  } finally {
    db.close();
  }
}
