import { describe, expect, it } from 'vitest';
import { decideHandover, decideShift, type HandoverRecord, type ShiftRecord } from '../../src/handovers/decide.js';
import { quietShift } from '../../src/handovers/facts.js';
import { handoverWindowStart } from '../../src/handovers/shifts.js';
import type { Handover } from '../../src/handovers/store.js';

/** The shift a handover summarises, and the automatic summary at a boundary: tables, no server. */
const TIMES = ['06:00', '14:00', '22:00'];
const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);

describe('the window a handover summarises (SPEC "Handovers and duty")', () => {
  it.each([
    // [handover at (UTC), previous handover, expected start]: 06:00 Paris is 05:00Z, 14:00 is 13:00Z in November.
    ['mid-shift, no earlier handover: since the last boundary', '2026-11-21T10:00:00Z', null, '2026-11-21T05:00:00.000Z'],
    ['a few minutes after a boundary, no earlier handover: the whole shift that ended', '2026-11-21T13:10:00Z', null, '2026-11-21T05:00:00.000Z'],
    ['30 minutes after a boundary: still a late one', '2026-11-21T13:30:00Z', null, '2026-11-21T05:00:00.000Z'],
    ['31 minutes after: the new shift', '2026-11-21T13:31:00Z', null, '2026-11-21T13:00:00.000Z'],
    ['after an earlier handover in that window: since that handover', '2026-11-21T13:10:00Z', '2026-11-21T09:00:00Z', '2026-11-21T09:00:00.000Z'],
    ['an earlier handover before the boundary before: ignored', '2026-11-21T10:00:00Z', '2026-11-20T20:00:00Z', '2026-11-21T05:00:00.000Z'],
  ])('%s', (_name, when, previous, start) => {
    expect(handoverWindowStart(at(when), previous ? at(previous) : null, TIMES, PARIS).toISOString()).toBe(start);
  });
});

describe('the automatic summary at a boundary', () => {
  const boundary = at('2026-11-21T13:00:00Z');
  const record = (lastHandoverAt: string | null, alreadyDone = false): ShiftRecord => ({
    boundary, shiftStart: at('2026-11-21T05:00:00Z'), alreadyDone, onDuty: 'UBOB', since: at('2026-11-21T05:00:00Z'),
    lastHandover: lastHandoverAt ? ({ at: at(lastHandoverAt) } as Handover) : null, facts: quietShift(at('2026-11-21T05:00:00Z'), boundary),
  });
  it.each([
    ['no handover: posted', null, false, true],
    ['a handover 20 minutes before: skipped', '2026-11-21T12:40:00Z', false, false],
    ['a handover 40 minutes before: posted', '2026-11-21T12:20:00Z', false, true],
    ['already done for that boundary: nothing', null, true, false],
  ])('%s', (_name, last, done, posted) => {
    const d = decideShift(record(last, done), boundary, 'CTEAM');
    expect(d.answer).toEqual({ posted });
    expect((d.messages ?? []).length).toBe(posted ? 1 : 0);
  });
});

describe('a handover, recorded or acknowledged', () => {
  const NOW = at('2026-11-21T13:20:00Z');
  const h = (over: Partial<Handover> = {}) => ({ id: 4, from: 'UALICE', to: 'UBOB', notes: 'RAS', at: at('2026-11-21T05:10:00Z'), acknowledged: null, ...over }) as Handover;
  const recording = (over: Partial<HandoverRecord> = {}): HandoverRecord => ({
    id: 5, handover: null, previous: h(), since: at('2026-11-21T05:10:00Z'), facts: quietShift(at('2026-11-21T05:10:00Z'), NOW), ...over,
  });

  it('posts the summary, rewrites the previous handover (superseded) and the automatic summary it answers', () => {
    const d = decideHandover(recording({ openSummary: at('2026-11-21T13:00:00Z') }), { type: 'record', from: 'UBOB', to: 'UCAROL', notes: 'RAS' }, NOW, 'CTEAM');
    expect(d.messages).toEqual([
      { op: 'post', key: 'handover:5', channel: 'CTEAM', render: 'handover', data: { id: 5 } },
      { op: 'refresh', key: 'handover:4' },
      { op: 'refresh', key: 'shift:2026-11-21T13:00:00.000Z' },
    ]);
  });

  it('posts notes too long for the summary in full in its thread', () => {
    const long = 'Point & suite. '.repeat(100);
    const d = decideHandover(recording(), { type: 'record', from: 'UBOB', to: null, notes: long }, NOW, 'CTEAM');
    expect(d.messages).toContainEqual({ op: 'post', key: 'handover:5:notes', channel: 'CTEAM', thread: 'handover:5', render: 'handover_notes', data: { id: 5 } });
    const short = decideHandover(recording(), { type: 'record', from: 'UBOB', to: null, notes: 'RAS' }, NOW, 'CTEAM');
    expect(short.messages?.some((m) => m.key === 'handover:5:notes')).toBe(false);
  });

  it.each([
    ['by the named member', h(), null, 'UBOB', { ok: true, id: 4 }],
    ['superseded by the next one: acknowledging it would undo who is on duty', h({ to: null }), h({ id: 5 }), 'UCAROL', { ok: false, why: 'superseded' }],
    ['already acknowledged', h({ acknowledged: { by: 'UBOB', at: NOW } }), h({ id: 5 }), 'UBOB', { ok: false, why: 'already_acknowledged', by: 'UBOB', at: NOW }],
    ['by someone else', h(), null, 'UCAROL', { ok: false, why: 'not_yours', to: 'UBOB' }],
  ])('acknowledged %s', (_name, handover, next, by, answer) => {
    const d = decideHandover({ id: 4, handover, previous: null, next, since: NOW, facts: null }, { type: 'acknowledge', by }, NOW, 'CTEAM');
    expect(d.answer).toEqual(answer);
    if (!answer.ok) expect(d.changes).toEqual([]);
  });
});
