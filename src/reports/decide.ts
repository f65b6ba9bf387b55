import type { Decision } from '../platform/apply.js';
import { periodData, privateKey, REPORT_FILES_RENDER, REPORT_RENDER, sharedKey, weeklyKey } from './ids.js';
import type { Period } from './period.js';

/**
 * A report is a message owed to Slack: the weekly one and a shared one in the team channel, once per
 * period (their outbox keys name the period), and a person's chart and CSV in their messages with the
 * app. The figures themselves are read when the message is sent (notify.ts), from what is stored.
 */
export type ReportEvent =
  | { type: 'weekly'; period: Period }
  | { type: 'share'; period: Period; by: string }
  | { type: 'private'; period: Period; user: string };

/** A report already owed to the channel for the event's period, and who shared it. */
export interface ReportRecord {
  existing: { sharedBy: string | null } | null;
}

export type ReportAnswer = { ok: true; key: string } | { ok: false; why: 'already_shared'; by: string | null };

export function reportKey(event: ReportEvent, now: Date): string {
  switch (event.type) {
    case 'weekly':
      return weeklyKey(event.period);
    case 'share':
      return sharedKey(event.period);
    case 'private':
      return privateKey(event.user, now);
  }
}

export function decideReport(record: ReportRecord, event: ReportEvent, now: Date, channel: string): Decision<never, ReportAnswer> {
  const key = reportKey(event, now);
  const data = periodData(event.period);
  switch (event.type) {
    case 'weekly':
      // Fired again (a clock stepped back, a job moved by hand): the period's report was already owed once.
      if (record.existing) return { changes: [], answer: { ok: true, key } };
      return { changes: [], messages: [{ op: 'post', key, channel, render: REPORT_RENDER, data }], answer: { ok: true, key } };
    case 'share':
      if (record.existing) return { changes: [], answer: { ok: false, why: 'already_shared', by: record.existing.sharedBy } };
      return { changes: [], messages: [{ op: 'post', key, channel, render: REPORT_RENDER, data: { ...data, sharedBy: event.by } }], answer: { ok: true, key } };
    case 'private':
      return { changes: [], messages: [{ op: 'post', key, channel: event.user, render: REPORT_FILES_RENDER, data }], answer: { ok: true, key } };
  }
}
