import { describe, expect, it } from 'vitest';
import { decide, type ProposalRecord, type ProposalSettings } from '../../src/proposals/decide.js';
import type { Delivery, Proposal } from '../../src/proposals/store.js';

/** The proposal's rules as a table: (record, event, now) → decision, with no server and no database. */
const NOW = new Date('2026-11-21T10:00:00Z');
const settings: ProposalSettings = {
  channel: 'CTEAM',
  approveReactions: ['white_check_mark'],
  rejectReactions: ['x'],
  approvalsRequired: 1,
  networks: { x: { dryRun: false } },
  runId: 'run-1',
};

function delivery(patch: Partial<Delivery> = {}): Delivery {
  return {
    id: 1, network: 'x', state: 'publishing', dryRun: false, lostAnswers: 0, owner: 'run-1', retryAt: null, waitUntil: null,
    failureCode: null, failureDetail: null, replyTo: null, queuedAt: NOW, publishedAt: null,
    parts: [{ part: 1, key: 'k1', attemptedAt: NOW, remote: null, postedAt: null }], ...patch,
  };
}

function proposal(patch: Partial<Proposal> = {}): Proposal {
  return {
    ref: 7, authorId: 'UAUTHOR', state: 'pending', version: 1, text: 'Texte.', parts: ['Texte.'], numbered: false, template: null, templateValues: null, weightedLength: 6, followupSeconds: null, publishAt: null,
    replyToRef: null, networks: ['x'], channelId: 'CTEAM', messageTs: '1.1', images: [], approvals: [], approvedAt: null, rejectedBy: null,
    failureCode: null, failureDetail: null, createdAt: NOW, publishedAt: null, deliveries: [], ...patch,
  };
}

const record = (p: Proposal, limits: ProposalRecord['limits'] = {}): ProposalRecord => ({ ref: p.ref, proposal: p, limits, replyTarget: null });
const types = (d: ReturnType<typeof decide>) => d.changes.map((c) => (c.type === 'delivery' ? `delivery:${c.patch.state ?? '-'}` : c.type === 'state' ? `state:${c.state}` : c.type));

describe('approval → deliveries', () => {
  it('the quorum starts one delivery per configured network, stored before any network is called', () => {
    const d = decide(record(proposal({ networks: ['x', 'bluesky'] })), { type: 'reaction', change: 'added', user: 'UALICE', emoji: 'white_check_mark', isMember: true, version: 1 }, NOW, settings);
    expect(d.changes.filter((c) => c.type === 'deliver').map((c) => c.type === 'deliver' && c.network)).toEqual(['x']); // bluesky not configured
    expect(types(d)).toEqual(['approval', 'deliver', 'state:publishing']);
    expect(d.answer).toMatchObject({ ok: true, effect: 'approval_added', state: 'publishing' });
  });

  it('while a network makes earlier approvals wait, a new one waits behind them and the thread says until when', () => {
    const until = new Date(NOW.getTime() + 15 * 60_000);
    const d = decide(record(proposal(), { x: until }), { type: 'reaction', change: 'added', user: 'UALICE', emoji: 'white_check_mark', isMember: true, version: 1 }, NOW, settings);
    expect(d.changes.find((c) => c.type === 'deliver')).toMatchObject({ state: 'waiting', waitUntil: until });
    expect(d.answer).toMatchObject({ state: 'waiting' });
    expect(d.messages?.some((m) => m.op === 'post' && m.data?.what === 'waiting')).toBe(true);
  });

  it('a reaction on a replaced version counts for nothing', () => {
    const d = decide(record(proposal({ version: 2 })), { type: 'reaction', change: 'added', user: 'UALICE', emoji: 'white_check_mark', isMember: true, version: 1 }, NOW, settings);
    expect(d).toMatchObject({ changes: [], answer: { ok: false, why: 'old_version' } });
  });
});

describe("a network's answer", () => {
  const publishing = (patch: Partial<Delivery> = {}) => record(proposal({ state: 'publishing', deliveries: [delivery(patch)] }));
  const answer = (outcome: any, r = publishing(), random = 0.5) => decide(r, { type: 'answer', network: 'x', part: 1, outcome, random }, NOW, settings);

  it.each([
    ['posted', { kind: 'posted', remote: { id: '9', url: 'https://x.com/a/status/9' } }, ['part', 'delivery:published', 'state:published'], 'published'],
    ['refused credentials', { kind: 'failed', code: 'credentials', status: 401, detail: 'Unauthorized' }, ['delivery:failed', 'state:failed'], 'failed'],
    ['a rate limit', { kind: 'rate_limited', resetAt: new Date(NOW.getTime() + 60_000), detail: 'Too Many Requests' }, ['limit', 'delivery:waiting', 'state:waiting'], 'waiting'],
    ['a first lost answer', { kind: 'unknown', detail: 'HTTP 503' }, ['delivery:-'], 'retry_later'],
    ['an unreadable account', { kind: 'unreadable', detail: 'plan without reads' }, ['delivery:uncertain', 'state:uncertain'], 'uncertain'],
  ])('%s', (_name, outcome, changes, effect) => {
    const d = answer(outcome);
    expect(types(d)).toEqual(changes);
    expect(d.answer).toMatchObject({ ok: true, effect });
  });

  it('a lost answer is retried after a backoff, and the third asks a person', () => {
    const first = answer({ kind: 'unknown', detail: 'x' }, publishing(), 0);
    expect(first.changes[0]).toMatchObject({ type: 'delivery', patch: { lostAnswers: 1, retryAt: new Date(NOW.getTime() + 2_500) } });
    const third = answer({ kind: 'unknown', detail: 'x' }, publishing({ lostAnswers: 2 }));
    expect(third.answer).toMatchObject({ effect: 'uncertain' });
  });

  it('the first publication on any network is told to follow-ups, in the same decision', () => {
    const d = answer({ kind: 'posted', remote: { id: '9', url: '' } });
    expect(d.emits).toEqual([{ to: 'followups', key: 7, event: { type: 'proposal_published' } }]);
  });

  it('the first network done while another still publishes: the publication time set, the audit says which network published', () => {
    const both = record(proposal({ state: 'publishing', networks: ['x', 'mastodon'], deliveries: [delivery(), delivery({ id: 2, network: 'mastodon' })] }));
    const d = answer({ kind: 'posted', remote: { id: '9', url: 'https://x.com/a/status/9' } }, both);
    expect(types(d)).toEqual(['part', 'delivery:published', 'state:publishing']);
    expect(d.changes.find((c) => c.type === 'state')).toMatchObject({ publishedAt: NOW });
    expect((d.audit ?? []).map((a) => [a.action, a.network])).toEqual([['delivery_published', 'x']]);
  });

  it('an answer for a part already stored, or a delivery no longer publishing, is stale', () => {
    expect(answer({ kind: 'posted', remote: { id: '9', url: '' } }, publishing({ state: 'published' })).answer).toEqual({ ok: false, why: 'stale' });
  });
});

describe('buttons', () => {
  it('Retry only where it means something: refused credentials or uncertain, once', () => {
    const failed = record(proposal({ state: 'failed', deliveries: [delivery({ state: 'failed', failureCode: 'credentials' })] }));
    expect(decide(failed, { type: 'retry', network: 'x', by: 'UBOB' }, NOW, settings).answer).toMatchObject({ ok: true, effect: 'retried' });
    const duplicate = record(proposal({ state: 'failed', deliveries: [delivery({ state: 'failed', failureCode: 'duplicate' })] }));
    expect(decide(duplicate, { type: 'retry', network: 'x', by: 'UBOB' }, NOW, settings).answer).toEqual({ ok: false, why: 'stale' });
    const published = record(proposal({ state: 'published', deliveries: [delivery({ state: 'published' })] }));
    expect(decide(published, { type: 'online', network: 'x', by: 'UBOB' }, NOW, settings).answer).toEqual({ ok: false, why: 'stale' });
  });

  it('a retry made by a person posts without looking again (this run owns it) and waits behind a rate limit', () => {
    const uncertain = record(proposal({ state: 'uncertain', deliveries: [delivery({ state: 'uncertain', owner: 'old-run', lostAnswers: 3 })] }), { x: new Date(NOW.getTime() + 60_000) });
    const d = decide(uncertain, { type: 'retry', network: 'x', by: 'UBOB' }, NOW, settings);
    expect(d.changes.find((c) => c.type === 'delivery')).toMatchObject({ patch: { state: 'waiting', owner: 'run-1', lostAnswers: 0 } });
  });
});
