import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, startHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/**
 * Issue 12: a handover recorded a few minutes after a shift boundary, with no earlier handover, summarised
 * only those few minutes. It now covers the shift that ended (SPEC "Handovers and duty").
 */
describe('the shift a late handover summarises', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const handovers = () => h.query<{ period_start: string; summary: string }>('SELECT period_start, summary FROM handovers ORDER BY id');

  it('a handover 10 minutes after 14:00 with no earlier one covers the shift from 06:00, with what was done in it', async () => {
    // 11:00 Paris: the morning shift.
    h = await startHarness({}, { start: '2026-11-21T10:00:00Z' });
    const m = await h.propose('Publiée le matin.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => h.query("SELECT state FROM proposals WHERE ref = 1")[0]?.state === 'published', 'published');
    // 14:10 Paris, ten minutes after the boundary: the leaving member hands over late.
    await h.advance((3 * 60 + 10) * 60_000);
    const sent = await h.send.command(AUTHOR, '/handover', `<@${BOB}|bob> RAS`);
    expect(sent.status).toBe(200);
    await waitFor(() => handovers().length === 1, 'the handover stored');
    const [row] = handovers();
    expect(row!.period_start).toBe('2026-11-21T05:00:00.000Z');
    expect(JSON.parse(row!.summary).published.map((p: { ref: number }) => p.ref)).toEqual([1]);
  });

  it('40 minutes after the boundary it covers the new shift only', async () => {
    h = await startHarness({}, { start: '2026-11-21T13:40:00Z' });
    await h.send.command(AUTHOR, '/handover', `<@${BOB}|bob> RAS`);
    await waitFor(() => handovers().length === 1, 'the handover stored');
    expect(handovers()[0]!.period_start).toBe('2026-11-21T13:00:00.000Z');
  });
});
