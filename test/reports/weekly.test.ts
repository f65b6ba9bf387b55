/**
 * The weekly report at REPORT_AT through the persisted scheduler and the outbox: once a week, once
 * across a restart, once when missed while the bot was down, and once when Slack fails on the way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WEEKLY_REPORT_KEY } from '../../src/reports/ids.js';
import { startHarness, TEAM, type Harness } from '../support/harness.js';

const HOUR = 3_600_000;
// The test clock starts on Saturday 21 November 2026, 10:00 UTC (11:00 in Paris). Shift summaries are off:
// the channel holds only what these tests look at.
const QUIET = { SHIFT_CHANGES: '' };

let h: Harness;
afterEach(async () => {
  await h.close();
});

const reports = () => h.slack.messages.filter((m) => m.channel === TEAM && (m.files ?? []).length > 0);
const title = (m: { blocks?: Array<{ text?: { text?: string } }> }) => m.blocks?.[0]?.text?.text;
const advanceTo = (iso: string) => h.advance(new Date(iso).getTime() - h.clock.now().getTime());

describe('the weekly report', () => {
  it('goes out on Monday at 08:00 Paris time with last week’s figures, chart and CSV, once a week', async () => {
    h = await startHarness(QUIET);
    expect(h.query(`SELECT due_at FROM scheduled_jobs WHERE key = ?`, WEEKLY_REPORT_KEY)).toEqual([{ due_at: '2026-11-23T07:00:00.000Z' }]);
    await advanceTo('2026-11-23T06:59:59.000Z');
    expect(reports()).toHaveLength(0);
    await h.advance(1_000);
    expect(reports()).toHaveLength(1);
    const [report] = reports();
    expect(title(report!)).toBe('📊 Rapport de la cellule — semaine du 16 au 22 novembre 2026');
    expect(report!.blocks!.some((b: { type: string }) => b.type === 'actions')).toBe(false);
    expect(report!.files.map((f: { name: string }) => f.name)).toEqual(['rapport-2026-11-16.png', 'rapport-2026-11-16.csv']);
    // A week later, the next one; nothing in between.
    await advanceTo('2026-11-30T06:00:00.000Z');
    expect(reports()).toHaveLength(1);
    await advanceTo('2026-11-30T07:00:00.000Z');
    expect(reports().map(title)).toEqual(['📊 Rapport de la cellule — semaine du 16 au 22 novembre 2026', '📊 Rapport de la cellule — semaine du 23 au 29 novembre 2026']);
    expect(h.slack.refusals).toEqual([]);
  });

  it('is sent once across a restart', async () => {
    h = await startHarness(QUIET);
    await advanceTo('2026-11-23T07:00:00.000Z');
    expect(reports()).toHaveLength(1);
    await h.restart(QUIET);
    await h.advance(HOUR);
    expect(reports()).toHaveLength(1);
    expect(h.query(`SELECT due_at FROM scheduled_jobs WHERE key = ?`, WEEKLY_REPORT_KEY)).toEqual([{ due_at: '2026-11-30T07:00:00.000Z' }]);
  });

  it('missed while the bot was down, is sent once when it starts again', async () => {
    h = await startHarness(QUIET);
    await h.stop();
    h.clock.set('2026-11-24T15:00:00.000Z');
    await h.start(QUIET);
    expect(reports().map(title)).toEqual(['📊 Rapport de la cellule — semaine du 16 au 22 novembre 2026']);
    await h.restart(QUIET);
    await h.advance(HOUR);
    expect(reports()).toHaveLength(1);
  });

  it('reaches the channel once when Slack loses the answer to the upload’s completion, or refuses the bytes', async () => {
    h = await startHarness(QUIET);
    h.slack.failNext('upload_url', { status: 502 });
    h.slack.failNext('files.completeUploadExternal', { status: 500, applied: true });
    await advanceTo('2026-11-23T07:00:00.000Z');
    // Retried with backoff until Slack has it.
    for (let i = 0; i < 5 && h.query(`SELECT state FROM outbox WHERE key LIKE 'report:week:%'`)[0]?.state !== 'done'; i++) await h.advance(60_000);
    expect(h.query(`SELECT state FROM outbox WHERE key LIKE 'report:week:%'`)).toEqual([{ state: 'done' }]);
    expect(reports()).toHaveLength(1);
    expect(h.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    // The chart's bytes were refused once: uploaded again under a new ticket, the CSV once.
    expect(h.slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual(['rapport-2026-11-16.png', 'rapport-2026-11-16.png', 'rapport-2026-11-16.csv']);
  });

  it('follows REPORT_AT, and is off when it is empty', async () => {
    h = await startHarness({ ...QUIET, REPORT_AT: 'ven 17:30' });
    expect(h.query(`SELECT due_at FROM scheduled_jobs WHERE key = ?`, WEEKLY_REPORT_KEY)).toEqual([{ due_at: '2026-11-27T16:30:00.000Z' }]);
    await h.restart({ ...QUIET, REPORT_AT: '' });
    expect(h.query(`SELECT state FROM scheduled_jobs WHERE key = ?`, WEEKLY_REPORT_KEY)).toEqual([{ state: 'cancelled' }]);
    await advanceTo('2026-11-30T08:00:00.000Z');
    expect(reports()).toHaveLength(0);
  });
});
