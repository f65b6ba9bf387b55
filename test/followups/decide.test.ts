import { describe, expect, it } from 'vitest';
import { decide, type FollowupRecord, type FollowupSettings } from '../../src/followups/decide.js';
import type { Followup } from '../../src/followups/store.js';
import type { Proposal } from '../../src/proposals/store.js';

/** The follow-up's rules as a table, with no server and no database. */
const NOW = new Date('2026-11-21T12:00:00Z');
const HOUR = 3_600_000;
const settings: FollowupSettings = { channel: 'CTEAM', remindEverySeconds: 1800, escalateAfter: 3 };
const p = { ref: 4, version: 1, authorId: 'UAUTHOR', text: 'Incident.', channelId: 'CTEAM', publishedAt: new Date(NOW.getTime() - 3 * HOUR), followupSeconds: 7200, replyToRef: null } as Proposal;
const f = (patch: Partial<Followup> = {}): Followup => ({
  id: 2, ref: 4, state: 'open', dueAt: new Date(NOW.getTime() - HOUR), remindersSent: 0, unanswered: 0, resolvedBy: null, closingRef: null, reason: null, lastAction: null, ...patch,
});
const record = (followup: Followup | null, onDuty: string | null = null): FollowupRecord => ({ ref: 4, nextId: 3, proposal: p, followup, onDuty });

describe('reminders', () => {
  it.each([
    ['the first, nobody on duty: the author', f(), null, { number: 1, mentioned: 'UAUTHOR', escalated: false }],
    ['the member on duty', f({ remindersSent: 1, unanswered: 1 }), 'UBOB', { number: 2, mentioned: 'UBOB', escalated: false }],
    ['the fourth unanswered escalates', f({ remindersSent: 3, unanswered: 3 }), null, { number: 4, escalated: true }],
    ['after a snooze the count starts again', f({ remindersSent: 5, unanswered: 0 }), null, { number: 6, escalated: false }],
  ])('%s', (_name, followup, onDuty, data) => {
    const d = decide(record(followup, onDuty), { type: 'remind' }, NOW, settings);
    expect(d.messages?.find((m) => m.op === 'post')).toMatchObject({ render: 'reminder', broadcast: true, data });
    expect(d.answer).toMatchObject({ ok: true, next: new Date(NOW.getTime() + 1800_000) });
  });

  it('carries how many are unanswered, refreshes the earlier reminders (their buttons go), and the proposal at the first', () => {
    const first = decide(record(f()), { type: 'remind' }, NOW, settings);
    expect(first.messages?.find((m) => m.op === 'post')).toMatchObject({ data: { unanswered: 1 } });
    expect(first.messages?.filter((m) => m.op === 'refresh')).toEqual([{ op: 'refresh', key: 'proposal:4:v1' }]);
    const third = decide(record(f({ remindersSent: 2, unanswered: 2 })), { type: 'remind' }, NOW, settings);
    expect(third.messages?.find((m) => m.op === 'post')).toMatchObject({ data: { number: 3, unanswered: 3 } });
    expect(third.messages?.filter((m) => m.op === 'refresh')).toEqual([
      { op: 'refresh', key: 'followup:2:reminder:1' },
      { op: 'refresh', key: 'followup:2:reminder:2' },
    ]);
  });

  it('a follow-up no longer open sends nothing and stops the cadence', () => {
    expect(decide(record(f({ state: 'closed' })), { type: 'remind' }, NOW, settings)).toMatchObject({ messages: [], answer: { next: null } });
  });
});

describe('snooze', () => {
  it('before the due time it counts from the due time, once due from now', () => {
    const early = decide(record(f({ dueAt: new Date(NOW.getTime() + HOUR) })), { type: 'snooze', seconds: 900, by: 'UBOB' }, NOW, settings);
    expect(early.answer).toMatchObject({ until: new Date(NOW.getTime() + HOUR + 900_000) });
    const late = decide(record(f()), { type: 'snooze', seconds: 900, by: 'UBOB' }, NOW, settings);
    expect(late.answer).toMatchObject({ until: new Date(NOW.getTime() + 900_000) });
  });

  it("an older reminder's button, or one already answered, is stale and changes nothing", () => {
    const older = decide(record(f({ remindersSent: 3, unanswered: 1 })), { type: 'snooze', seconds: 900, by: 'UBOB', reminder: 2 }, NOW, settings);
    expect(older).toMatchObject({ changes: [], answer: { ok: false, why: 'stale' } });
    const answered = decide(record(f({ remindersSent: 3, unanswered: 0 })), { type: 'close', reason: null, by: 'UBOB', reminder: 3 }, NOW, settings);
    expect(answered).toMatchObject({ changes: [], answer: { ok: false, why: 'stale' } });
  });
});

describe('every move rewrites the earlier reminders', () => {
  it.each([
    ['a snooze', { type: 'snooze' as const, seconds: 900, by: 'UBOB' }],
    ['a close', { type: 'close' as const, reason: 'fin', by: 'UBOB' }],
    ['the closing post', { type: 'closing_published' as const, closingRef: 9, by: 'UBOB', text: 'Fin.' }],
  ])('%s', (_name, event) => {
    const d = decide(record(f({ remindersSent: 2, unanswered: 2 })), event, NOW, settings);
    expect(d.messages?.filter((m) => m.op === 'refresh').map((m) => m.key)).toEqual(['proposal:4:v1', 'followup:2:reminder:1', 'followup:2:reminder:2']);
  });
});

describe('opening and closing', () => {
  it('a publication opens the follow-up asked for, due from the publication, and answers the one it replies to', () => {
    const reply = { ...p, ref: 9, replyToRef: 4, followupSeconds: null } as Proposal;
    const opened = decide({ ...record(null), proposal: p }, { type: 'proposal_published' }, NOW, settings);
    expect(opened.changes).toEqual([{ type: 'open', dueAt: new Date(p.publishedAt!.getTime() + 7200_000), by: 'UAUTHOR' }]);
    const closing = decide({ ref: 9, nextId: 3, proposal: reply, followup: null, onDuty: null }, { type: 'proposal_published' }, NOW, settings);
    expect(closing.emits).toEqual([{ to: 'followups', key: 4, event: { type: 'closing_published', closingRef: 9, by: 'UAUTHOR', text: 'Incident.' } }]);
  });

  it('/followup open refuses an unpublished proposal, and a second open follow-up', () => {
    expect(decide({ ...record(null), proposal: { ...p, publishedAt: null } }, { type: 'open', seconds: 60, by: 'UBOB' }, NOW, settings).answer).toEqual({ ok: false, why: 'not_published' });
    expect(decide(record(f()), { type: 'open', seconds: 60, by: 'UBOB' }, NOW, settings).answer).toMatchObject({ ok: false, why: 'already_open' });
  });
});
