import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/**
 * Nothing twice, nothing lost, under the faults of issue 11 that need no crash: Slack failing or silent at
 * the worst moment, an answer lost after Slack did the work, a clock that steps. Each was reproduced on
 * the code before the outbox and the inbox; each now ends with the channel showing the truth, once.
 */
describe('Slack failing at the worst moment', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MINUTE = 60_000;
  const state = (ref: number) => h.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state;
  const audit = (action: string) => h.query<{ detail: string }>('SELECT detail FROM audit_log WHERE action = ? ORDER BY id', action);
  /** Lets what the bot does now finish, then moves the clock past every backoff. */
  const pastBackoff = async () => {
    await h.bot.scheduler.settle();
    await h.advance(2 * MINUTE);
  };

  it('case 3: approvals made while the bot was down count, even when Slack fails at start-up', async () => {
    h = await startHarness();
    const m = await h.propose('Validée pendant l’arrêt.');
    await h.stop();
    h.slack.addReaction(TEAM, m.ts, 'white_check_mark', ALICE);
    h.slack.outage({ status: 500 }, ['reactions.get', 'conversations.members']);
    await h.start();
    await pastBackoff();
    expect(state(1)).toBe('pending'); // Slack still failing: nothing decided, nothing dropped
    expect(h.query("SELECT COUNT(*) AS n FROM inbox WHERE state = 'pending'")[0]!.n).toBe(1);
    h.slack.restore();
    await pastBackoff();
    await waitFor(() => state(1) === 'published', 'the publication once Slack answers');
    expect(h.x.tweets.map((t) => t.text)).toEqual(['Validée pendant l’arrêt.']);
  });

  it('case 4: an approval arriving while the member list cannot be read waits for Slack, and is never dropped', async () => {
    h = await startHarness();
    const m = await h.propose('Validée pendant une panne de Slack.');
    await h.restart(); // the member list is no longer cached
    h.slack.outage({ error: 'internal_error' }, ['conversations.members']);
    h.slack.addReaction(TEAM, m.ts, 'white_check_mark', ALICE);
    const answered = await h.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts, { eventId: 'EvDuringOutage' });
    expect(answered.status).toBe(200);
    await pastBackoff();
    expect(state(1)).toBe('pending');
    expect(h.query("SELECT state FROM inbox WHERE key = 'event:EvDuringOutage'")).toEqual([{ state: 'pending' }]);
    // Slack retries the event (it got its 200 late, say): stored once, counted once.
    await h.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts, { eventId: 'EvDuringOutage', retryNum: 1 });
    h.slack.restore();
    await pastBackoff();
    await waitFor(() => state(1) === 'published', 'the publication');
    expect(h.query("SELECT COUNT(*) AS n FROM approvals WHERE ref = 1")[0]!.n).toBe(1);
    expect(h.x.tweets).toHaveLength(1);
  });

  it('case 6: a proposal message Slack created but whose answer was lost is found in the channel, not posted twice', async () => {
    h = await startHarness();
    h.slack.failNext('chat.postMessage', { status: 500, applied: true });
    const sent = await h.send.command(AUTHOR, '/tweet', 'Réponse perdue, message créé.');
    expect(sent.status).toBe(200);
    await waitFor(() => h.proposalMessages().length === 1, 'the message Slack created');
    await pastBackoff();
    await waitFor(() => h.query('SELECT message_ts FROM proposal_versions WHERE ref = 1')[0]?.message_ts, 'the message adopted');
    expect(h.slack.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(h.proposalMessages()).toHaveLength(1);
    const [m] = h.proposalMessages();
    expect(h.query('SELECT message_ts FROM proposal_versions WHERE ref = 1')).toEqual([{ message_ts: m!.ts }]);
    // The approval on that one message counts.
    expect(await h.react('added', ALICE, 'white_check_mark', m!.ts)).toBe('approval_added');
    await waitFor(() => state(1) === 'published', 'the publication');
    await waitFor(() => shown(h.slack.message(TEAM, m!.ts)).includes(h.x.tweets[0]!.id), 'the link on the one message');
    expect(h.proposalMessages()).toHaveLength(1);
  });

  it('case 6, after an outage: five messages whose answers were lost are found with one read of the channel', async () => {
    h = await startHarness();
    h.slack.outage({ status: 500, applied: true }, ['chat.postMessage']);
    for (let i = 1; i <= 5; i++) expect((await h.send.command(AUTHOR, '/tweet', `Proposition ${i} pendant la panne.`)).status).toBe(200);
    await waitFor(() => h.proposalMessages().length === 5, 'the five messages Slack created');
    await h.bot.scheduler.settle();
    h.slack.restore();
    const reads = h.slack.callsTo('conversations.history').length;
    await pastBackoff();
    await waitFor(() => h.query('SELECT COUNT(*) AS n FROM proposal_versions WHERE message_ts IS NOT NULL')[0]!.n === 5, 'all five adopted');
    expect(h.slack.callsTo('conversations.history').length - reads).toBe(1);
    expect(h.proposalMessages()).toHaveLength(5);
  });

  it('case 6: a thread reply whose answer was lost (silence past the timeout) is found in the thread, not repeated', async () => {
    h = await startHarness();
    const m = await h.propose('Réponse de fil perdue.');
    h.slack.failNext('chat.postMessage', { cut: true, applied: true });
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => state(1) === 'published', 'the publication');
    await pastBackoff();
    await waitFor(() => h.slack.callsTo('conversations.replies').length >= 1, 'the look in the thread');
    await h.bot.scheduler.settle();
    expect(h.threadReplies(m.ts).filter((r) => (r.text ?? '').includes('Publiée'))).toHaveLength(1);
  });

  it('case 7: published while Slack fails for a while: the message ends showing it, and the thread says it once', async () => {
    h = await startHarness();
    const m = await h.propose('Publiée pendant une panne de Slack.');
    h.slack.outage({ status: 503 }, ['chat.update', 'chat.postMessage']);
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => state(1) === 'published', 'the publication');
    await pastBackoff();
    await pastBackoff();
    expect(shown(h.slack.message(TEAM, m.ts))).not.toContain(h.x.tweets[0]!.id);
    h.slack.restore();
    await pastBackoff();
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes(h.x.tweets[0]!.id), 'the link once Slack answers');
    expect(h.threadReplies(m.ts).filter((r) => (r.text ?? '').includes('Publiée'))).toHaveLength(1);
  });

  it('case 8: a reminder Slack refuses is delivered once it answers, numbered 1, and recorded as sent only then', async () => {
    h = await startHarness();
    const m = await h.propose('--followup 1h Incident en cours.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => state(1) === 'published', 'the publication');
    await h.bot.scheduler.settle();
    h.slack.outage({ error: 'internal_error' }, ['chat.postMessage']);
    await h.advance(60 * MINUTE);
    await pastBackoff();
    expect(audit('reminder_sent')).toEqual([]);
    const broadcast = () => h.threadReplies(m.ts).filter((r) => r.reply_broadcast === true);
    expect(broadcast()).toHaveLength(0);
    h.slack.restore();
    await pastBackoff();
    await waitFor(() => broadcast().length === 1, 'the reminder');
    expect(JSON.stringify(broadcast()[0]!.blocks)).toContain('rappel 1');
    expect(audit('reminder_sent').map((r) => JSON.parse(r.detail).reminder)).toEqual([1]);
    // The cadence resumes from the reminder that was decided, not from a lost one: the next is number 2.
    await h.advance(30 * MINUTE);
    await waitFor(() => broadcast().length === 2, 'the second reminder');
    expect(JSON.stringify(broadcast()[1]!.blocks)).toContain('rappel 2');
  });

  it('case 8: a shift summary Slack refuses at the boundary is posted once it answers, and recorded as posted then', async () => {
    h = await startHarness({}, { start: '2026-11-21T12:50:00Z' });
    h.slack.outage({ status: 500 }, ['chat.postMessage']);
    await h.advance(10 * MINUTE); // 14:00 in Paris
    await pastBackoff();
    expect(audit('shift_summary_posted')).toEqual([]);
    h.slack.restore();
    await pastBackoff();
    const summaries = () => h.slack.messages.filter((x) => (x.text ?? '').includes('bilan automatique'));
    await waitFor(() => summaries().length === 1, 'the summary');
    expect(audit('shift_summary_posted')).toHaveLength(1);
    await pastBackoff();
    expect(summaries()).toHaveLength(1);
  });

  it('case 9: a clock that steps forward makes due work go at once, without any timer running out', async () => {
    h = await startHarness();
    const m = await h.propose('--followup 1h Horloge qui saute.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => state(1) === 'published', 'the publication');
    await h.bot.scheduler.settle();
    // No tick from the test: the scheduler notices the wall clock by itself.
    h.clock.advance(3 * 60 * MINUTE);
    await waitFor(() => h.threadReplies(m.ts).some((r) => r.reply_broadcast === true), 'the reminder after the step', 5_000);
    // A step back never repeats it.
    h.clock.advance(-2 * 60 * MINUTE);
    await h.bot.scheduler.settle();
    expect(h.threadReplies(m.ts).filter((r) => r.reply_broadcast === true)).toHaveLength(1);
  });
});

describe('what a person is told follows from what was stored', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const errors = () => h.slack.responses.filter((r) => /erreur inattendue|rien n’a été modifié/.test(String(r.body?.text ?? '')));

  it('case 10: /duty take while Slack refuses the channel message: taken, said so, shown later', async () => {
    h = await startHarness();
    h.slack.outage({ status: 500 }, ['chat.postMessage']);
    const sent = await h.send.command(BOB, '/duty', 'take');
    expect(sent.status).toBe(200);
    expect(h.query('SELECT user_id FROM duty')).toEqual([{ user_id: BOB }]);
    await h.bot.scheduler.settle();
    expect(errors()).toEqual([]);
    h.slack.restore();
    await h.advance(2 * 60_000);
    await waitFor(() => h.slack.messages.some((x) => (x.text ?? '').includes('prend la permanence')), 'the channel told');
  });

  it('case 10: /followup done and Acknowledge while Slack fails: recorded, confirmed, never "nothing was changed"', async () => {
    h = await startHarness();
    const m = await h.propose('--followup 2h Incident.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => h.query("SELECT state FROM followups WHERE ref = 1")[0]?.state === 'open', 'the follow-up');
    await h.send.command(AUTHOR, '/handover', `<@${BOB}|bob> RAS`);
    await waitFor(() => h.query('SELECT message_ts FROM handovers')[0]?.message_ts, 'the handover shown');
    const summary = h.slack.messages.find((x) => (x.blocks ?? []).some((b: any) => b.type === 'actions' && JSON.stringify(b).includes('handover_acknowledge')))!;
    h.slack.outage({ status: 500 }, ['chat.postMessage', 'chat.update']);
    const done = await h.send.command(AUTHOR, '/followup', 'done #1 terminé');
    expect(done.json.text).toContain('clos');
    expect(h.query('SELECT state FROM followups WHERE ref = 1')).toEqual([{ state: 'closed' }]);
    const ack = await h.send.blockAction(BOB, { action_id: 'handover_acknowledge', value: '1' }, { messageTs: summary.ts, message: summary });
    expect(ack.status).toBe(200);
    expect(h.query('SELECT acknowledged_by FROM handovers')).toEqual([{ acknowledged_by: BOB }]);
    await h.bot.scheduler.settle();
    expect(errors()).toEqual([]);
  });
});

describe('malformed payloads', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('case 11: each gets a clear answer and changes nothing', async () => {
    h = await startHarness();
    const modal = await h.send.raw(
      new URLSearchParams({ payload: JSON.stringify({ type: 'view_submission', user: { id: ALICE }, team: { id: 'T1' }, view: { id: 'V1', callback_id: 'proposal_composer' } }) }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(modal.status).toBe(200);
    expect(modal.json).toMatchObject({ response_action: 'update' });
    expect(JSON.stringify(modal.json)).toContain('rien n’a été modifié');
    const noAction = await h.send.raw(
      new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: ALICE }, team: { id: 'T1' }, actions: [], response_url: `${h.slack.origin}/response/x1` }) }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(noAction.status).toBe(200);
    const noUser = await h.send.raw(
      new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', team: { id: 'T1' }, actions: [{ action_id: 'proposal_retry', value: '1' }] }) }).toString(),
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(noUser.status).toBe(200);
    const m = await h.propose('Témoin des réactions malformées.');
    const badName = await h.send.raw(
      JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: 'EvBadName', event: { type: 'reaction_added', user: ALICE, reaction: 42, item: { type: 'message', channel: TEAM, ts: m.ts }, event_ts: '1.1' } }),
      { 'content-type': 'application/json' },
    );
    expect(badName.status).toBe(200);
    await h.bot.scheduler.settle();
    expect(h.query('SELECT state FROM proposals')).toEqual([{ state: 'pending' }]);
    expect(h.query("SELECT action FROM audit_log")).toEqual([{ action: 'proposed' }]);
    expect(h.logs.filter((l) => l.includes('a malformed Slack request')).length).toBeGreaterThanOrEqual(4);
  });
});
