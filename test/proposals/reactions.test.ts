import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, BOT, CAROL, firstLine, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/** Reactions on proposal messages, through the real Bolt app, fake Slack and fake X. */
describe('approvals and rejections by reaction', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const stateOf = (ref: number) => h.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]!.state;
  const approvalsOf = (ref: number) => h.query<{ user_id: string }>('SELECT user_id FROM approvals WHERE ref = ? ORDER BY user_id', ref).map((r) => r.user_id);
  /** The status section of the proposal message as Slack shows it now. */
  const statusOf = (ts: string) => shown(h.slack.message(TEAM, ts));
  /** The state, first line of the proposal message. */
  const stateLine = (ts: string) => firstLine(h.slack.message(TEAM, ts));

  it("does not count the author's own approval, and tells the author privately", async () => {
    h = await startHarness();
    const m = await h.propose('Appel à témoins : disparition inquiétante à Sète.');
    await h.react('added', AUTHOR, 'white_check_mark', m.ts);
    const told = await waitFor(() => h.slack.ephemerals.find((e) => e.user === AUTHOR), 'the ephemeral to the author');
    expect(told.text).toContain('#1');
    expect(told.text).toMatch(/propre validation ne compte pas/);
    expect(approvalsOf(1)).toEqual([]);
    expect(stateOf(1)).toBe('pending');
    // A colleague's approval, sent afterwards, is what publishes it.
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => h.x.tweets.length === 1, 'the tweet');
  });

  it("ignores an outsider's approval and the bot's own reaction", async () => {
    h = await startHarness();
    const m = await h.propose('Prévention : fermez vos portières.');
    expect(await h.react('added', OUTSIDER, 'white_check_mark', m.ts)).toBe('not_member');
    expect(await h.react('added', ALICE, 'x', 'not-a-proposal.000001')).toBe('not_a_proposal');
    expect(await h.react('added', ALICE, 'thumbsup', m.ts)).toBe('not_our_emoji');
    // Bolt drops the bot's own events before any listener (ignoreSelf): the bot's reaction is never handled.
    await h.send.reactionAdded(BOT, 'white_check_mark', TEAM, m.ts, { eventId: 'EvFromBot' });
    await h.react('added', CAROL, 'eyes', m.ts);
    expect(h.logs.some((l) => l.includes('EvFromBot'))).toBe(false);
    expect(approvalsOf(1)).toEqual([]);
    expect(stateOf(1)).toBe('pending');
    expect(h.x.tweets).toHaveLength(0);
  });

  it('processes a retried event once (same event_id)', async () => {
    h = await startHarness({ APPROVALS_REQUIRED: '2' });
    const m = await h.propose('Opération anti-cambriolages ce soir.');
    expect(await h.react('added', ALICE, 'white_check_mark', m.ts, { eventId: 'EvRETRIED1' })).toBe('approval_added');
    // Alice removes her approval; then Slack retries the original "added" event: it must not come back.
    expect(await h.react('removed', ALICE, 'white_check_mark', m.ts, { eventId: 'EvREMOVED1' })).toBe('approval_withdrawn');
    expect(
      await h.react('added', ALICE, 'white_check_mark', m.ts, { eventId: 'EvRETRIED1', retryNum: 1, retryReason: 'http_timeout' }),
    ).toBe('already_processed');
    expect(approvalsOf(1)).toEqual([]);
    const audit = h.query("SELECT action FROM audit_log WHERE ref = 1 AND action LIKE 'approv%' ORDER BY id");
    expect(audit).toEqual([{ action: 'approved' }, { action: 'approval_withdrawn' }]);
  });

  it('publishes once when a burst of approvals arrives at the same instant', async () => {
    h = await startHarness();
    const m = await h.propose('Circulation rétablie sur la RN113.');
    const burst = [ALICE, BOB, CAROL].flatMap((user) => [
      h.react('added', user, 'white_check_mark', m.ts),
      h.react('added', user, 'white_check_mark', m.ts, { eventId: `EvBurst${user}` }),
      h.react('added', user, 'white_check_mark', m.ts, { eventId: `EvBurst${user}`, retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    await Promise.all(burst);
    await waitFor(() => stateOf(1) === 'published', 'the published state');
    await waitFor(() => h.threadReplies(m.ts).length >= 1, 'the publication reply');
    expect(h.x.tweets).toHaveLength(1);
    expect(h.x.requestsTo('POST /2/tweets')).toHaveLength(1);
  });

  it('needs APPROVALS_REQUIRED distinct approvals, and a removed reaction withdraws one', async () => {
    h = await startHarness({ APPROVALS_REQUIRED: '2' });
    const m = await h.propose('Alerte météo : vigilance orange orages.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => stateLine(m.ts) === '🟡 *À valider* · 1/2 validations', 'the 1/2 count on the message');
    await h.react('removed', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => stateLine(m.ts) === '🟡 *À valider* · 0/2 validations', 'the count back to 0/2');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await h.react('added', BOB, 'white_check_mark', m.ts);
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet after two approvals');
    expect(tweet.text).toBe('Alerte météo : vigilance orange orages.');
    const reply = await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes(tweet.id)), 'the thread reply with the link');
    // Both approvers named, neither pinged.
    expect(reply.text).toContain('validée par ualice et ubob');
    expect(reply.text).not.toContain('<@');
  });

  it('counts skin-tone variants as their base emoji, with custom APPROVE_REACTIONS and REJECT_REACTIONS', async () => {
    h = await startHarness({ APPROVE_REACTIONS: '+1,white_check_mark', REJECT_REACTIONS: 'x,no_entry' });
    const m = await h.propose('Contrôles routiers renforcés ce week-end.');
    expect(await h.react('added', ALICE, '+1::skin-tone-3', m.ts)).toBe('approval_added');
    expect(approvalsOf(1)).toEqual([ALICE]);
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet approved with a toned +1');
    expect(tweet.text).toBe('Contrôles routiers renforcés ce week-end.');
    await waitFor(() => stateOf(1) === 'published', 'the published state');

    // The second reject emoji of the list rejects too; an emoji in neither list does nothing.
    const second = await h.propose('Texte que la cellule refusera.');
    expect(await h.react('added', BOB, 'heavy_check_mark', second.ts)).toBe('not_our_emoji');
    expect(await h.react('added', BOB, 'no_entry', second.ts)).toBe('rejected');
    expect(stateOf(2)).toBe('rejected');
    await waitFor(() => stateLine(second.ts) === '🚫 *Rejetée* par ubob', 'the rejection on the message');
    expect(approvalsOf(2)).toEqual([]);
    expect(h.x.tweets).toHaveLength(1);
  });

  it('rejects finally: later approvals change nothing, and the message says by whom', async () => {
    h = await startHarness();
    const m = await h.propose('Texte à ne pas publier.');
    await h.react('added', BOB, 'x', m.ts);
    await waitFor(() => stateOf(1) === 'rejected', 'the rejected state');
    const reply = await waitFor(() => h.threadReplies(m.ts)[0], 'the rejection reply');
    expect(reply.text).toBe('🚫 Rejetée par ubob. Elle ne sera pas publiée.');
    await waitFor(() => stateLine(m.ts) === '🚫 *Rejetée* par ubob', 'the status on the message');
    // No approval hint, no Edit button once rejected.
    expect(statusOf(m.ts)).not.toContain('Pour valider');
    expect(statusOf(m.ts)).not.toContain('proposal_edit');
    expect(await h.react('removed', BOB, 'x', m.ts)).toBe('closed');
    expect(await h.react('added', ALICE, 'white_check_mark', m.ts)).toBe('closed');
    expect(stateOf(1)).toBe('rejected');
    expect(approvalsOf(1)).toEqual([]);
    expect(h.x.tweets).toHaveLength(0);
  });

  it("treats the author's reject as a withdrawal", async () => {
    h = await startHarness();
    const m = await h.propose('Je retire ce texte.');
    await h.react('added', AUTHOR, 'x', m.ts);
    await waitFor(() => stateLine(m.ts) === '↩️ *Retirée* par son auteur', 'the withdrawal on the message');
    expect(stateOf(1)).toBe('rejected');
  });

  it('ignores reactions on a proposal already published', async () => {
    h = await startHarness();
    const m = await h.propose('Fin d’intervention, circulation rétablie.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => stateOf(1) === 'published', 'publication');
    expect(await h.react('removed', ALICE, 'white_check_mark', m.ts)).toBe('closed');
    expect(await h.react('added', BOB, 'x', m.ts)).toBe('closed');
    expect(stateOf(1)).toBe('published');
    expect(approvalsOf(1)).toEqual([ALICE]);
  });

  it('follows the channel membership: a member who left no longer approves, one who joined does', async () => {
    h = await startHarness();
    const m = await h.propose('Test d’appartenance.');
    expect(await h.react('added', BOB, 'eyes', m.ts)).toBe('not_our_emoji'); // the member list is now cached
    h.slack.members.splice(h.slack.members.indexOf(ALICE), 1);
    await h.send.memberLeft(ALICE, TEAM);
    await waitFor(() => h.logs.some((l) => l.includes('left the team channel') && l.includes(ALICE)), 'the leave to be handled');
    expect(await h.react('added', ALICE, 'white_check_mark', m.ts)).toBe('not_member');
    expect(approvalsOf(1)).toEqual([]);
    h.slack.members.push(OUTSIDER);
    await h.send.memberJoined(OUTSIDER, TEAM);
    await waitFor(() => h.logs.some((l) => l.includes('joined the team channel') && l.includes(OUTSIDER)), 'the join to be handled');
    expect(await h.react('added', OUTSIDER, 'white_check_mark', m.ts)).toBe('approval_added');
    await waitFor(() => h.x.tweets.length === 1, 'the tweet approved by the newcomer');
    expect(approvalsOf(1)).toEqual([OUTSIDER]);
  });
});
