import { DateTime } from 'luxon';
import type { Locale } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { Outbox, OutboxFile } from '../platform/outbox.js';
import { escapeForSlack } from '../platform/slackText.js';
import { figuresCsv } from './csv.js';
import { computeFigures, type Figures } from './figures.js';
import { periodOfData, REPORT_FILES_RENDER, REPORT_RENDER } from './ids.js';
import { reportMessage } from './messages.js';
import type { ReportStore } from './store.js';
import { chartAlt, periodLabel, reportTexts } from './texts.js';

export interface ReportSettings {
  locale: Locale;
  timeZone: string;
}

/** Slack: an image's description "is longer than the limit of 1000 character" (files.getUploadURLExternal, alt_txt_too_large). */
const ALT_LIMIT = 1000;

/** The report's figures for a stored period, read now from SQLite. */
export function figuresFor(store: ReportStore, period: Figures['period'], timeZone: string): Figures {
  return computeFigures(store.facts(period.start, period.end), period, timeZone);
}

/**
 * The chart (PNG) and the figures (CSV) a report carries, named after its period. Each is drawn only when
 * the outbox uploads it, after the person who asked was answered: the chart is hundreds of milliseconds,
 * and its libraries (ECharts, resvg) are loaded then, the first time, not at every start of the bot.
 */
export function reportFiles(f: Figures, view: ReportSettings): OutboxFile[] {
  const t = reportTexts[view.locale];
  const start = DateTime.fromJSDate(f.period.start, { zone: view.timeZone });
  const stem = `${t.fileStem()}-${f.period.kind === 'month' ? start.toFormat('yyyy-MM') : start.toFormat('yyyy-MM-dd')}`;
  const period = periodLabel(f.period, t, view.timeZone);
  return [
    { name: `${stem}.png`, title: t.chartFileTitle({ period }), alt: [...chartAlt(f, view)].slice(0, ALT_LIMIT).join(''), content: async () => (await import('./chart.js')).renderChart(f, view).png },
    { name: `${stem}.csv`, title: t.csvFileTitle({ period }), content: () => Buffer.from(figuresCsv(f, view.locale), 'utf8') },
  ];
}

/**
 * The reports' messages, rendered when sent from what is stored: in the channel, the figures with the
 * chart and the CSV (one file share); for one person, the chart and the CSV in their messages with the app.
 */
export function defineMessages(
  outbox: Outbox,
  deps: { store: ReportStore; view: ReportSettings; log: Logger; name: (userId: string) => string },
): void {
  const { store, view, log } = deps;
  const t = reportTexts[view.locale];
  outbox.define(
    REPORT_RENDER,
    (data) => {
      const period = periodOfData(data);
      if (!period) return null;
      const f = figuresFor(store, period, view.timeZone);
      const sharedBy = typeof data.sharedBy === 'string' ? named(deps.name(data.sharedBy)) : undefined;
      return { ...reportMessage(f, { ...view, share: false, ...(sharedBy ? { sharedBy } : {}) }), files: reportFiles(f, view) };
    },
    { shown: (row, ts) => log.info({ report: row.key, ts }, 'report shown in the channel'), failed: (row, reason) => log.error({ report: row.key, reason }, 'Slack refused a report') },
  );
  outbox.define(
    REPORT_FILES_RENDER,
    (data) => {
      const period = periodOfData(data);
      if (!period) return null;
      const f = figuresFor(store, period, view.timeZone);
      return { text: t.filesComment({ period: periodLabel(period, t, view.timeZone) }), files: reportFiles(f, view) };
    },
    { failed: (row, reason) => log.warn({ report: row.key, reason }, 'a report’s chart and CSV could not be sent to the person who asked') },
  );
}

/** A name as people.ts gives it: a stored name is escaped, a mention (a name not known yet) kept. */
export function named(name: string): string {
  return /^<@[UW][A-Z0-9]+>$/.test(name) ? name : escapeForSlack(name);
}
