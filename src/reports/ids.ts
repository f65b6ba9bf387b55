import type { Period } from './period.js';

/** Slack ids, outbox keys and scheduler kinds of the reports capability, in one place. */
export const COMMAND = '/report';
/** The *Share in the channel* button of an ephemeral report; its value is the period it shows (`shareValue`). */
export const ACTION_SHARE_REPORT = 'report_share';
export const WEEKLY_REPORT_JOB = 'weekly_report';
/** One pending weekly report at a time: scheduling it again moves it. */
export const WEEKLY_REPORT_KEY = 'report:weekly';

/** Outbox renderers: a report in the channel (figures, chart, CSV), and the chart and CSV for one person. */
export const REPORT_RENDER = 'report';
export const REPORT_FILES_RENDER = 'report_files';

/** The outbox key of a report in the channel: one per period, so a period is shown there once. */
export const weeklyKey = (p: Pick<Period, 'start' | 'end'>) => `report:week:${p.start.toISOString()}`;
export const sharedKey = (p: Pick<Period, 'start' | 'end'>) => `report:shared:${p.start.toISOString()}:${p.end.toISOString()}`;
/** A person's chart and CSV: one per request. */
export const privateKey = (user: string, at: Date) => `report:private:${user}:${at.getTime()}`;

/**
 * The period a report shows, as its button carries it: shared, the channel sees the very figures the
 * person saw (the same end, even for a week still going on), not those of the moment they press it.
 */
export function shareValue(p: Period): string {
  return [p.kind, p.start.getTime(), p.end.getTime(), p.toDate ? 1 : 0, p.word ?? ''].join('|');
}

/** The period back from a button's value; null for anything else (a stale or forged payload). */
export function periodFromShareValue(value: unknown): Period | null {
  if (typeof value !== 'string') return null;
  const match = /^(week|month)\|(\d{1,15})\|(\d{1,15})\|([01])\|([a-z0-9-]{0,10})$/.exec(value);
  if (!match) return null;
  const start = Number(match[2]);
  const end = Number(match[3]);
  if (!(end >= start)) return null;
  return { kind: match[1] as Period['kind'], start: new Date(start), end: new Date(end), toDate: match[4] === '1', word: match[5] || null };
}

/** A period as an outbox row stores it, and back. */
export function periodData(p: Period): Record<string, unknown> {
  return { kind: p.kind, start: p.start.toISOString(), end: p.end.toISOString(), toDate: p.toDate, word: p.word };
}

export function periodOfData(data: Record<string, unknown>): Period | null {
  const start = new Date(String(data.start));
  const end = new Date(String(data.end));
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return null;
  if (data.kind !== 'week' && data.kind !== 'month') return null;
  return { kind: data.kind, start, end, toDate: data.toDate === true, word: typeof data.word === 'string' ? data.word : null };
}
