/**
 * `npm run report:chart [-- FILE]`: draws the weekly report's chart with the bot's own code
 * (`renderChart` of src/reports/chart.ts, in French) from a made-up but plausible week of the cell, and
 * writes it, scaled down to 1,000 pixels wide and with a 256-colour palette, to `docs/report-chart.png`
 * by default (the README's picture). The week is the same on every run (seeded pseudo-random numbers).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import sharp from 'sharp';
import type { NetworkName } from '../src/networks/network.js';
import { renderChart } from '../src/reports/chart.js';
import type { FollowupFact, ProposalFact, ReportFacts } from '../src/reports/facts.js';
import { computeFigures } from '../src/reports/figures.js';
import { previousWeek } from '../src/reports/period.js';

const ZONE = 'Europe/Paris';
const MIN = 60_000;
const HOUR = 60 * MIN;
const WIDTH = 1000;

const out = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'docs/report-chart.png');

/** Park–Miller: the same numbers on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/**
 * A week of a departmental cell: 10–25 proposals a day (more on the stormy Thursday and Friday), most
 * published on X, many also on Mastodon and Bluesky, a few rejected or expired; a follow-up for about a
 * third of them, closed within minutes to a day, some still open at the week's end; a handover every 8 h.
 */
function week(start: Date, rnd: () => number): ReportFacts {
  const proposals: ProposalFact[] = [];
  const followups: FollowupFact[] = [];
  const perDay = [12, 14, 11, 24, 22, 9, 7];
  let ref = 1;
  perDay.forEach((count, day) => {
    for (let i = 0; i < count; i++) {
      // Daytime mostly: 6 h to 23 h local (UTC+1 in November).
      const created = new Date(start.getTime() + day * 24 * HOUR + (5 + rnd() * 17) * HOUR);
      const roll = rnd();
      if (roll < 0.06) {
        const at = new Date(created.getTime() + 25 * MIN);
        proposals.push({ ref: ref++, createdAt: created, firstApprovalAt: null, state: roll < 0.04 ? 'rejected' : 'expired', stateAt: at, template: null, deliveries: [] });
        continue;
      }
      const approved = new Date(created.getTime() + (1 + rnd() * 12) * MIN);
      const posted = new Date(approved.getTime() + 2_000);
      const networks: NetworkName[] = ['x', ...(rnd() < 0.8 ? (['mastodon'] as const) : []), ...(rnd() < 0.65 ? (['bluesky'] as const) : [])];
      const template = ['météo', 'trafic', 'alerte crue', null][Math.floor(rnd() * 4)] ?? null;
      proposals.push({
        ref, createdAt: created, firstApprovalAt: approved, state: 'published', stateAt: posted, template,
        deliveries: networks.map((network) => ({ network, state: 'published' as const, publishedAt: posted, dryRun: false })),
      });
      if (rnd() < 0.35) {
        const open = rnd() * rnd() * 30 * HOUR;
        const ended = rnd() < 0.85 ? new Date(posted.getTime() + open) : null;
        followups.push({
          id: ref, ref, openedAt: posted, endedAt: ended, outcome: ended ? (rnd() < 0.7 ? 'resolved' : 'closed') : null,
          reminders: Math.floor(open / (30 * MIN)), escalations: open > 2 * HOUR ? 1 : 0,
        });
      }
      ref++;
    }
  });
  const handovers = [];
  for (let t = start.getTime() + 6 * HOUR; t < start.getTime() + 7 * 24 * HOUR; t += 8 * HOUR) handovers.push({ at: new Date(t - 10 * MIN), acknowledgedAt: new Date(t) });
  return { proposals, followups, handovers, shiftSummaries: [] };
}

// The weekly report sent on Monday 23 November 2026: the week of the 16th to the 22nd.
const period = previousWeek(new Date('2026-11-23T07:00:00Z'), ZONE);
const figures = computeFigures(week(period.start, random(11)), period, ZONE);
const chart = renderChart(figures, { locale: 'fr', timeZone: ZONE });
const png = await sharp(chart.png).resize({ width: WIDTH }).png({ palette: true, colours: 256, compressionLevel: 9 }).toBuffer();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, png);
process.stdout.write(`report chart: ${figures.posts.total} posts, ${figures.followups.opened} follow-ups → ${relative(process.cwd(), out)} (${Math.round(png.length / 1024)} kB, ${WIDTH} px wide)\n`);
process.stdout.write(`alt: ${chart.alt}\n`);
