/**
 * `npx tsx bench/reports.ts`: how long the pure parts of a report take, and that figures grow linearly
 * with the facts (not part of `npm test`: no test asserts a duration). Facts are generated over a
 * year (the busy fixture of test/reports/), then:
 *
 * - `computeFigures` over the whole year for 25k, 50k, 100k and 200k proposals (median of 5 runs;
 *   the cost per proposal should stay flat);
 * - for 100k proposals, a month's report end to end: figures, message, CSV, chart (SVG and PNG).
 */
import { renderChart } from '../src/reports/chart.js';
import { figuresCsv } from '../src/reports/csv.js';
import { computeFigures } from '../src/reports/figures.js';
import { reportMessage } from '../src/reports/messages.js';
import type { Period } from '../src/reports/period.js';
import { at, busyFacts, PARIS } from '../test/reports/fixtures.js';

const YEAR: Period = { kind: 'month', start: at('2025-11-30T23:00:00Z'), end: at('2026-11-30T23:00:00Z'), toDate: false, word: null };
const NOVEMBER: Period = { kind: 'month', start: at('2026-10-31T23:00:00Z'), end: at('2026-11-30T23:00:00Z'), toDate: false, word: '2026-11' };

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function time<T>(run: () => T, reps = 5): { ms: number; result: T } {
  let result!: T;
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    result = run();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), result };
}

console.log('computeFigures over a year of facts');
console.log('proposals  follow-ups  ms (median of 5)  µs per proposal');
for (const count of [25_000, 50_000, 100_000, 200_000]) {
  const facts = busyFacts(YEAR, count, 3);
  computeFigures(facts, YEAR, PARIS); // warm-up
  const { ms } = time(() => computeFigures(facts, YEAR, PARIS));
  console.log(`${String(count).padStart(9)}  ${String(facts.followups.length).padStart(10)}  ${ms.toFixed(1).padStart(16)}  ${((ms * 1000) / count).toFixed(2).padStart(15)}`);
}

console.log('\nA month’s report from a year of facts (100,000 proposals), each step once after a warm-up');
const facts = busyFacts(YEAR, 100_000, 3);
const steps: Array<[string, () => unknown]> = [];
const figures = computeFigures(facts, NOVEMBER, PARIS);
steps.push(['figures', () => computeFigures(facts, NOVEMBER, PARIS)]);
steps.push(['message (fr)', () => reportMessage(figures, { locale: 'fr', timeZone: PARIS, share: true })]);
steps.push(['CSV (fr)', () => figuresCsv(figures, 'fr')]);
steps.push(['chart SVG + PNG (fr)', () => renderChart(figures, { locale: 'fr', timeZone: PARIS })]);
let total = 0;
for (const [name, run] of steps) {
  run();
  const { ms } = time(run, 3);
  total += ms;
  console.log(`${name.padEnd(22)} ${ms.toFixed(1).padStart(8)} ms`);
}
console.log(`${'total'.padEnd(22)} ${total.toFixed(1).padStart(8)} ms`);
