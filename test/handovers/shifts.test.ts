import { describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY, parseHandoverCommand } from '../../src/handovers/command.js';
import { lastShiftChange, nextShiftChange, previousShiftChange } from '../../src/handovers/shifts.js';

const PARIS = 'Europe/Paris';
const DEFAULT = ['06:00', '14:00', '22:00'];
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

/** The boundaries after `from`, one after the other, as ISO strings. */
function boundariesFrom(from: string, count: number, times: readonly string[], zone = PARIS): string[] {
  const out: string[] = [];
  let cursor = at(from);
  for (let i = 0; i < count; i++) {
    cursor = nextShiftChange(cursor, times, zone);
    out.push(iso(cursor));
  }
  return out;
}

describe('shift boundaries (SHIFT_CHANGES in TEAM_TIMEZONE)', () => {
  it('keeps 06:00, 14:00 and 22:00 Paris on an ordinary winter day (UTC+1)', () => {
    expect(boundariesFrom('2026-11-21T10:00:00Z', 4, DEFAULT)).toEqual([
      '2026-11-21T13:00:00.000Z',
      '2026-11-21T21:00:00.000Z',
      '2026-11-22T05:00:00.000Z',
      '2026-11-22T13:00:00.000Z',
    ]);
    expect(iso(lastShiftChange(at('2026-11-21T10:00:00Z'), DEFAULT, PARIS))).toBe('2026-11-21T05:00:00.000Z');
  });

  it('moves to summer time on 2026-03-29: 06:00 Paris is 05:00Z the day before and 04:00Z that day', () => {
    expect(boundariesFrom('2026-03-28T04:00:00Z', 6, DEFAULT)).toEqual([
      '2026-03-28T05:00:00.000Z', // 06:00 CET
      '2026-03-28T13:00:00.000Z', // 14:00 CET
      '2026-03-28T21:00:00.000Z', // 22:00 CET
      '2026-03-29T04:00:00.000Z', // 06:00 CEST: the night shift is an hour shorter
      '2026-03-29T12:00:00.000Z', // 14:00 CEST
      '2026-03-29T20:00:00.000Z', // 22:00 CEST
    ]);
    // Right across the change (02:00 CET → 03:00 CEST, at 01:00Z).
    expect(iso(nextShiftChange(at('2026-03-29T00:59:59Z'), DEFAULT, PARIS))).toBe('2026-03-29T04:00:00.000Z');
    expect(iso(nextShiftChange(at('2026-03-29T01:00:00Z'), DEFAULT, PARIS))).toBe('2026-03-29T04:00:00.000Z');
    expect(iso(lastShiftChange(at('2026-03-29T03:59:59Z'), DEFAULT, PARIS))).toBe('2026-03-28T21:00:00.000Z');
    expect(iso(previousShiftChange(at('2026-03-29T04:00:00Z'), DEFAULT, PARIS))).toBe('2026-03-28T21:00:00.000Z');
  });

  it('moves back to winter time on 2026-10-25: 06:00 Paris is 04:00Z the day before and 05:00Z that day', () => {
    expect(boundariesFrom('2026-10-24T03:00:00Z', 6, DEFAULT)).toEqual([
      '2026-10-24T04:00:00.000Z', // 06:00 CEST
      '2026-10-24T12:00:00.000Z', // 14:00 CEST
      '2026-10-24T20:00:00.000Z', // 22:00 CEST
      '2026-10-25T05:00:00.000Z', // 06:00 CET: the night shift is an hour longer
      '2026-10-25T13:00:00.000Z', // 14:00 CET
      '2026-10-25T21:00:00.000Z', // 22:00 CET
    ]);
    // 04:00Z on the 25th is 05:00 CET: not a boundary any more.
    expect(iso(nextShiftChange(at('2026-10-25T04:00:00Z'), DEFAULT, PARIS))).toBe('2026-10-25T05:00:00.000Z');
    expect(iso(lastShiftChange(at('2026-10-25T04:59:59Z'), DEFAULT, PARIS))).toBe('2026-10-24T20:00:00.000Z');
    expect(iso(previousShiftChange(at('2026-10-25T05:00:00Z'), DEFAULT, PARIS))).toBe('2026-10-24T20:00:00.000Z');
  });

  it('treats "at a boundary" as the last boundary, and the next one as strictly after', () => {
    const boundary = at('2026-11-21T13:00:00Z');
    expect(iso(lastShiftChange(boundary, DEFAULT, PARIS))).toBe('2026-11-21T13:00:00.000Z');
    expect(iso(nextShiftChange(boundary, DEFAULT, PARIS))).toBe('2026-11-21T21:00:00.000Z');
    expect(iso(previousShiftChange(boundary, DEFAULT, PARIS))).toBe('2026-11-21T05:00:00.000Z');
    expect(iso(lastShiftChange(at('2026-11-21T12:59:59.999Z'), DEFAULT, PARIS))).toBe('2026-11-21T05:00:00.000Z');
  });

  it('honours HH:MM:SS', () => {
    const times = ['09:30:15', '21:00'];
    expect(boundariesFrom('2026-11-21T08:30:14Z', 3, times)).toEqual([
      '2026-11-21T08:30:15.000Z',
      '2026-11-21T20:00:00.000Z',
      '2026-11-22T08:30:15.000Z',
    ]);
    expect(iso(lastShiftChange(at('2026-11-21T08:30:15Z'), times, PARIS))).toBe('2026-11-21T08:30:15.000Z');
    expect(iso(lastShiftChange(at('2026-11-21T08:30:14.999Z'), times, PARIS))).toBe('2026-11-20T20:00:00.000Z');
  });

  it('accepts SHIFT_CHANGES in any order', () => {
    const unsorted = ['22:00', '06:00', '14:00'];
    expect(boundariesFrom('2026-10-24T03:00:00Z', 6, unsorted)).toEqual(boundariesFrom('2026-10-24T03:00:00Z', 6, DEFAULT));
    expect(iso(lastShiftChange(at('2026-11-21T10:00:00Z'), unsorted, PARIS))).toBe('2026-11-21T05:00:00.000Z');
    expect(iso(previousShiftChange(at('2026-11-22T05:00:00Z'), unsorted, PARIS))).toBe('2026-11-21T21:00:00.000Z');
  });

  it('works with a single boundary a day, across midnight', () => {
    expect(iso(nextShiftChange(at('2026-11-21T06:00:00Z'), ['06:00'], PARIS))).toBe('2026-11-22T05:00:00.000Z');
    expect(iso(lastShiftChange(at('2026-11-21T04:00:00Z'), ['06:00'], PARIS))).toBe('2026-11-20T05:00:00.000Z');
    expect(iso(previousShiftChange(at('2026-11-21T05:00:00Z'), ['06:00'], PARIS))).toBe('2026-11-20T05:00:00.000Z');
  });

  it('uses the configured zone, with its own daylight-saving dates', () => {
    const NY = 'America/New_York';
    // New York leaves summer time on 2026-11-01 (a week after Paris).
    expect(boundariesFrom('2026-10-31T00:00:00Z', 4, ['06:00', '18:00'], NY)).toEqual([
      '2026-10-31T10:00:00.000Z', // 06:00 EDT
      '2026-10-31T22:00:00.000Z', // 18:00 EDT
      '2026-11-01T11:00:00.000Z', // 06:00 EST
      '2026-11-01T23:00:00.000Z', // 18:00 EST
    ]);
    expect(iso(nextShiftChange(at('2026-11-21T10:00:00Z'), ['06:00'], 'Asia/Tokyo'))).toBe('2026-11-21T21:00:00.000Z');
    expect(iso(nextShiftChange(at('2026-11-21T10:00:00Z'), ['06:00', '14:00'], 'UTC'))).toBe('2026-11-21T14:00:00.000Z');
  });

  it('has one boundary a day even for a time that is skipped or repeated by a change', () => {
    // 02:30 does not exist in Paris on 2026-03-29 and happens twice on 2026-10-25: still once a day.
    const spring = boundariesFrom('2026-03-28T00:00:00Z', 3, ['02:30']);
    expect(spring).toHaveLength(3);
    expect(spring.map((s) => s.slice(0, 10))).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    const autumn = boundariesFrom('2026-10-24T00:00:00Z', 3, ['02:30']);
    expect(autumn.map((s) => s.slice(0, 10))).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
  });
});

describe('parseHandoverCommand', () => {
  it('opens the modal with no text', () => {
    expect(parseHandoverCommand('')).toEqual({ kind: 'modal' });
    expect(parseHandoverCommand('   \n ')).toEqual({ kind: 'modal' });
  });

  it('reads history with a default of 5, or N', () => {
    expect(DEFAULT_HISTORY).toBe(5);
    expect(parseHandoverCommand('history')).toEqual({ kind: 'history', count: 5 });
    expect(parseHandoverCommand('history 12')).toEqual({ kind: 'history', count: 12 });
    expect(parseHandoverCommand('HISTORY 1')).toEqual({ kind: 'history', count: 1 });
    expect(parseHandoverCommand('historique 50')).toEqual({ kind: 'history', count: 50 });
  });

  it.each(['0', '51', 'abc', '-1', '2.5', '3 4'])('refuses history %s, naming the value', (value) => {
    expect(parseHandoverCommand(`history ${value}`)).toEqual({ kind: 'invalid', problem: { code: 'bad_history_count', value } });
  });

  it('reads the next member from an escaped mention, and the notes after it', () => {
    expect(parseHandoverCommand('<@U123|bob> RAS')).toEqual({ kind: 'record', next: 'U123', notes: 'RAS' });
    expect(parseHandoverCommand('<@U123> RAS')).toEqual({ kind: 'record', next: 'U123', notes: 'RAS' });
    expect(parseHandoverCommand('<@U123|bob> Suivi #4 ouvert\nA9 toujours fermée')).toEqual({
      kind: 'record',
      next: 'U123',
      notes: 'Suivi #4 ouvert\nA9 toujours fermée',
    });
  });

  it('records notes without a mention for whoever takes the next shift', () => {
    expect(parseHandoverCommand('RAS, nuit calme')).toEqual({ kind: 'record', next: null, notes: 'RAS, nuit calme' });
    // A mention that is not the first word is part of the notes, as typed.
    expect(parseHandoverCommand('voir avec <@U777|carol> demain')).toEqual({ kind: 'record', next: null, notes: 'voir avec @carol demain' });
  });

  it('refuses a mention without notes', () => {
    expect(parseHandoverCommand('<@U123|bob>')).toEqual({ kind: 'invalid', problem: { code: 'notes_missing' } });
    expect(parseHandoverCommand('  <@U123|bob>   ')).toEqual({ kind: 'invalid', problem: { code: 'notes_missing' } });
  });

  it('decodes what Slack escaped in the notes', () => {
    expect(parseHandoverCommand('<@U123|bob> A9 &amp; A75 : &lt;rien&gt;')).toEqual({ kind: 'record', next: 'U123', notes: 'A9 & A75 : <rien>' });
    expect(parseHandoverCommand('<!channel> tout va bien')).toEqual({ kind: 'record', next: null, notes: '@channel tout va bien' });
  });
});
