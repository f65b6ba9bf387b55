import { describe, expect, it } from 'vitest';
import { baseEmoji, decideReaction, replyTargetProblem, stateFor, timingOf, type ProposalFacts } from '../../src/proposals/rules.js';

const rules = { approveReactions: ['white_check_mark', '+1'], rejectReactions: ['x'], approvalsRequired: 1 };
const now = new Date('2026-11-21T10:00:00Z');
const proposal = (over: Partial<ProposalFacts> = {}): ProposalFacts => ({
  ref: 7,
  authorId: 'UAUTHOR',
  state: 'pending',
  approvals: [],
  publishAt: null,
  ...over,
});
const react = (userId: string, emoji: string, change: 'added' | 'removed' = 'added', userIsMember = true) => ({
  change,
  userId,
  emoji,
  userIsMember,
});

describe('approval rules', () => {
  it('folds skin tones and colons', () => {
    expect(baseEmoji('+1::skin-tone-3')).toBe('+1');
    expect(baseEmoji('white_check_mark')).toBe('white_check_mark');
    expect(baseEmoji(':x:')).toBe('x');
  });

  it('publishes at once when a colleague brings the quorum', () => {
    expect(decideReaction(proposal(), react('UALICE', '+1::skin-tone-5'), rules, now)).toEqual({
      effect: 'approval_added',
      approvals: ['UALICE'],
      next: 'publishing',
    });
  });

  it("refuses the author's own approval, and ignores its removal", () => {
    expect(decideReaction(proposal(), react('UAUTHOR', 'white_check_mark'), rules, now)).toEqual({ effect: 'own_approval' });
    expect(decideReaction(proposal(), react('UAUTHOR', 'white_check_mark', 'removed'), rules, now).effect).toBe('none');
  });

  it('ignores non-members, other emoji, and closed proposals', () => {
    expect(decideReaction(proposal(), react('UOUT', 'white_check_mark', 'added', false), rules, now)).toEqual({ effect: 'none', why: 'not_member' });
    expect(decideReaction(proposal(), react('UALICE', 'eyes'), rules, now)).toEqual({ effect: 'none', why: 'not_our_emoji' });
    for (const state of ['publishing', 'published', 'rejected', 'failed', 'uncertain', 'expired'] as const) {
      expect(decideReaction(proposal({ state }), react('UALICE', 'white_check_mark'), rules, now)).toEqual({ effect: 'none', why: 'closed' });
      expect(decideReaction(proposal({ state }), react('UALICE', 'x'), rules, now)).toEqual({ effect: 'none', why: 'closed' });
    }
  });

  it('counts distinct approvers toward a quorum of 2, and withdraws on removal', () => {
    const two = { ...rules, approvalsRequired: 2 };
    const first = decideReaction(proposal(), react('UALICE', 'white_check_mark'), two, now);
    expect(first).toEqual({ effect: 'approval_added', approvals: ['UALICE'], next: 'pending' });
    expect(decideReaction(proposal({ approvals: ['UALICE'] }), react('UALICE', '+1'), two, now)).toEqual({ effect: 'none', why: 'no_change' });
    expect(decideReaction(proposal({ approvals: ['UALICE'] }), react('UBOB', '+1'), two, now)).toEqual({
      effect: 'approval_added',
      approvals: ['UALICE', 'UBOB'],
      next: 'publishing',
    });
    expect(decideReaction(proposal({ approvals: ['UALICE'] }), react('UALICE', 'white_check_mark', 'removed'), two, now)).toEqual({
      effect: 'approval_withdrawn',
      approvals: [],
      next: 'pending',
    });
    expect(decideReaction(proposal(), react('UBOB', '+1', 'removed'), two, now)).toEqual({ effect: 'none', why: 'no_change' });
  });

  it('rejects from any member, the author included; removing a reject revives nothing', () => {
    expect(decideReaction(proposal(), react('UBOB', 'x'), rules, now)).toEqual({ effect: 'rejected', by: 'UBOB' });
    expect(decideReaction(proposal(), react('UAUTHOR', 'x'), rules, now)).toEqual({ effect: 'rejected', by: 'UAUTHOR' });
    expect(decideReaction(proposal(), react('UBOB', 'x', 'removed'), rules, now)).toEqual({ effect: 'none', why: 'no_change' });
    expect(decideReaction(proposal({ state: 'scheduled' }), react('UBOB', 'x'), rules, now).effect).toBe('rejected');
  });
});

describe('timing of an approved proposal', () => {
  const at = (iso: string) => new Date(iso);
  it('goes now, waits for its time, or expires past 15 minutes late', () => {
    expect(timingOf(null, now)).toBe('publishing');
    expect(timingOf(at('2026-11-21T10:30:00Z'), now)).toBe('scheduled');
    expect(timingOf(at('2026-11-21T10:00:00Z'), now)).toBe('publishing');
    expect(timingOf(at('2026-11-21T09:45:01Z'), now)).toBe('publishing');
    expect(timingOf(at('2026-11-21T09:45:00Z'), now)).toBe('expired');
  });
  it('stays pending below the quorum whatever the time', () => {
    expect(stateFor(0, null, rules, now)).toBe('pending');
    expect(stateFor(1, at('2026-11-21T12:00:00Z'), rules, now)).toBe('scheduled');
  });
  it('withdrawing an approval from a scheduled proposal puts it back to pending', () => {
    const decision = decideReaction(
      proposal({ state: 'scheduled', approvals: ['UALICE'], publishAt: at('2026-11-21T12:00:00Z') }),
      react('UALICE', 'white_check_mark', 'removed'),
      rules,
      now,
    );
    expect(decision).toEqual({ effect: 'approval_withdrawn', approvals: [], next: 'pending' });
  });
});

describe('reply targets', () => {
  it('needs an existing, published, real tweet', () => {
    expect(replyTargetProblem(9, null, true)).toEqual({ code: 'unknown_ref', ref: 9 });
    expect(replyTargetProblem(9, { state: 'pending', published: [] }, true)).toEqual({ code: 'ref_not_published', ref: 9, state: 'pending' });
    expect(replyTargetProblem(9, { state: 'failed', published: [] }, true)).toEqual({ code: 'ref_not_published', ref: 9, state: 'failed' });
    expect(replyTargetProblem(9, { state: 'published', published: [{ dryRun: true }] }, true)).toEqual({ code: 'ref_dry_run', ref: 9 });
    expect(replyTargetProblem(9, { state: 'published', published: [{ dryRun: true }] }, false)).toBeNull();
    expect(replyTargetProblem(9, { state: 'published', published: [{ dryRun: false }] }, true)).toBeNull();
    // Published for real on one network is enough, even if it failed on another.
    expect(replyTargetProblem(9, { state: 'failed', published: [{ dryRun: true }, { dryRun: false }] }, true)).toBeNull();
  });
});
