import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { NETWORKS, type NetworkName } from '../networks/network.js';
import type { Locale } from '../platform/config.js';
import { FOLLOWUP_BUCKETS, type BucketId, type DurationStats, type Figures } from './figures.js';
import { reportTexts, type ReportTexts } from './texts.js';

/** Stable column keys; the header line carries their names in the report's language. */
export const FIGURES_CSV_COLUMNS = ['figure', 'label', 'network', 'template', 'day', 'bucket', 'value', 'unit'] as const;
type Row = Record<(typeof FIGURES_CSV_COLUMNS)[number], string | number>;
type FigureKey = keyof ReportTexts['figure'];

/**
 * The figures as CSV, one row per figure, then one per day and network: `figure` is a stable key for
 * programs, `label` says it in words. Durations are whole seconds (empty when there was nothing to
 * measure). RFC 4180 like the audit export: comma, CRLF, a header line; template names are typed by
 * people, so fields that a spreadsheet would run as formulas get a leading `'` (OWASP "CSV injection").
 */
export function figuresCsv(f: Figures, locale: Locale): string {
  const t = reportTexts[locale];
  const rows: Row[] = [];
  const add = (figure: FigureKey, value: string | number | null, extra: Partial<Row> = {}, unit: 'count' | 'seconds' | 'date' = 'count') =>
    rows.push({
      figure,
      label: t.figure[figure],
      network: '',
      template: '',
      day: '',
      bucket: '',
      value: value ?? '',
      unit: unit === 'date' ? 'ISO 8601' : t.csv.units[unit],
      ...extra,
    });
  const local = (at: Date) => DateTime.fromJSDate(at, { zone: f.timeZone }).toISO() ?? '';
  const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
  const stats = (prefix: 'to_publication' | 'to_approval', s: DurationStats) => {
    add(`${prefix}_count`, s.count);
    add(`${prefix}_median`, seconds(s.median), {}, 'seconds');
    add(`${prefix}_p90`, seconds(s.p90), {}, 'seconds');
  };
  const perNetwork = (figure: FigureKey, counts: Record<NetworkName, number>, total: number) => {
    add(figure, total);
    for (const n of NETWORKS) add(figure, counts[n], { network: n });
  };
  const bucketLabel = (figure: FigureKey, id: BucketId) => `${t.figure[figure]} (${t.bucket[id]})`;

  add('period_start', local(f.period.start), {}, 'date');
  add('period_end', local(f.period.end), {}, 'date');
  perNetwork('posts', f.posts.byNetwork, f.posts.total);
  perNetwork('posts_dry_run', f.posts.dryRun.byNetwork, f.posts.dryRun.total);
  for (const x of f.posts.byTemplate) add('posts_by_template', x.count, { template: x.template ?? '' });
  for (const state of ['rejected', 'failed', 'expired', 'uncertain'] as const) add(state, f.proposals[state]);
  stats('to_publication', f.toPublication);
  stats('to_approval', f.toApproval);
  const fu = f.followups;
  add('followups_opened', fu.opened);
  add('followups_resolved', fu.resolved);
  add('followups_closed', fu.closed);
  add('followups_open_at_end', fu.openAtEnd);
  add('followups_duration_median', seconds(fu.durations.median), {}, 'seconds');
  add('followups_duration_p90', seconds(fu.durations.p90), {}, 'seconds');
  add('followups_longest_open', seconds(fu.longestOpen), {}, 'seconds');
  fu.buckets.forEach((b, i) => {
    const id = FOLLOWUP_BUCKETS[i]!.id;
    add('followups_ended_in_bucket', b.ended, { bucket: id, label: bucketLabel('followups_ended_in_bucket', id) });
    add('followups_open_in_bucket', b.open, { bucket: id, label: bucketLabel('followups_open_in_bucket', id) });
  });
  add('reminders', fu.reminders);
  add('escalations', fu.escalations);
  add('handovers_recorded', f.handovers.recorded);
  add('handovers_acknowledged', f.handovers.acknowledged);
  add('summaries_without_handover', f.handovers.summariesWithoutHandover);
  for (const day of f.days) {
    for (const n of NETWORKS) add('posts_per_day', day.posts[n], { network: n, day: day.date });
  }

  return stringify(rows, {
    header: true,
    columns: FIGURES_CSV_COLUMNS.map((key) => ({ key, header: t.csv[key] })),
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    escape_formulas: true,
  });
}
