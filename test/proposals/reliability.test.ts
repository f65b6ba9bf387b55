import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/** Exactly once and nothing lost under X's faults: the matrix of the README's reliability section. */
describe('publishing under X faults', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MINUTE = 60_000;
  const row = (ref: number) => h.query('SELECT * FROM proposals WHERE ref = ?', ref)[0]!;
  const audit = (ref: number) =>
    h.query<{ action: string }>("SELECT action FROM audit_log WHERE subject = 'proposal' AND ref = ? ORDER BY id", ref).map((r) => r.action);
  const stateIs = (ref: number, state: string) => waitFor(() => row(ref).state === state, `proposal #${ref} to be ${state}`);
  const posts = () => h.x.requestsTo('POST /2/tweets').length;
  /** The retry after a lost answer is a stored job: moving the clock past its backoff fires it. */
  const passBackoff = async () => {
    await h.bot.scheduler.settle(); // the lost answer recorded first, its retry time from the clock of then
    return h.advance(MINUTE + 1);
  };

  it('waits for the reset after a 429, says when it will go out, and then publishes in approval order', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'rateLimited', resetEpochSeconds: Date.parse('2026-11-21T11:15:00Z') / 1000 });
    const first = await h.propose('Premier, limité.');
    const second = await h.propose('Second, derrière lui.');
    await h.react('added', ALICE, 'white_check_mark', first.ts);
    await stateIs(1, 'waiting');
    const told = await waitFor(() => h.threadReplies(first.ts)[0], 'the waiting reply');
    expect(told.text).toContain('12h15'); // 11:15 UTC is 12:15 in Paris
    expect(await h.react('added', BOB, 'white_check_mark', second.ts)).toBe('approval_added');
    await stateIs(2, 'waiting');
    expect(posts()).toBe(1); // the second did not call X while the limit holds
    await h.advance(74 * MINUTE);
    expect(posts()).toBe(1);
    await h.advance(2 * MINUTE);
    await stateIs(1, 'published');
    await stateIs(2, 'published');
    expect(h.x.tweets.map((t) => t.text)).toEqual(['Premier, limité.', 'Second, derrière lui.']);
  });

  it('a --at proposal due while X makes others wait after a 429 waits too, and goes out after the earlier-approved one', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'rateLimited', resetEpochSeconds: Date.parse('2026-11-21T11:15:00Z') / 1000 });
    const first = await h.propose('Premier, limité.');
    const later = await h.propose('--at 12:00 Prévu à midi, pendant la limite.'); // 11:00 UTC
    await h.react('added', ALICE, 'white_check_mark', first.ts);
    await stateIs(1, 'waiting');
    expect(await h.react('added', BOB, 'white_check_mark', later.ts)).toBe('approval_added');
    await stateIs(2, 'scheduled');
    await h.advance(60 * MINUTE); // 12:00 in Paris: its time, inside X's limit
    await stateIs(2, 'waiting');
    expect(posts()).toBe(1); // it did not call X while the limit holds
    const told = await waitFor(() => h.threadReplies(later.ts).find((r) => (r.text ?? '').includes('12h15')), 'the waiting reply');
    expect(told.text).toContain('12h15');
    expect(audit(2)).toEqual(['proposed', 'approved', 'scheduled', 'waiting']);
    await h.advance(14 * MINUTE);
    expect(posts()).toBe(1);
    await h.advance(2 * MINUTE);
    await stateIs(1, 'published');
    await stateIs(2, 'published');
    expect(h.x.tweets.map((t) => t.text)).toEqual(['Premier, limité.', 'Prévu à midi, pendant la limite.']);
    expect(posts()).toBe(3);
  });

  it('a Retry pressed while X makes others wait after a 429 waits with them instead of calling X', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'unauthorized' }, { kind: 'rateLimited', resetEpochSeconds: Date.parse('2026-11-21T11:15:00Z') / 1000 });
    const refused = await h.propose('Clés refusées, puis limite.');
    const limited = await h.propose('Limité par X.');
    await h.react('added', ALICE, 'white_check_mark', refused.ts);
    await stateIs(1, 'failed');
    const alert = await waitFor(() => h.threadReplies(refused.ts).find((r) => r.reply_broadcast), 'the alert in the channel');
    await h.react('added', BOB, 'white_check_mark', limited.ts);
    await stateIs(2, 'waiting');
    expect(posts()).toBe(2);
    await h.send.blockAction(CAROL, { action_id: 'proposal_retry', value: '1' }, { messageTs: alert.ts, message: alert });
    await stateIs(1, 'waiting');
    await waitFor(() => h.threadReplies(refused.ts).some((r) => (r.text ?? '').includes('12h15')), 'the waiting reply');
    expect(posts()).toBe(2); // the retry did not call X inside the limit
    await h.advance(76 * MINUTE);
    await stateIs(1, 'published');
    await stateIs(2, 'published');
    // In approval order: the retried one was approved first.
    expect(h.x.tweets.map((t) => t.text)).toEqual(['Clés refusées, puis limite.', 'Limité par X.']);
    expect(audit(1)).toEqual(['proposed', 'approved', 'publishing', 'failed', 'waiting', 'publishing', 'published']);
  });

  it('after a 503, checks the account, finds nothing, and posts again once', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { status: 503, body: { title: 'Service Unavailable' } });
    const m = await h.propose('Réponse perdue, tweet absent.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => posts() === 1 && h.logs.some((l) => l.includes('outcome unknown')), 'the first attempt');
    expect(row(1).state).toBe('publishing');
    await passBackoff();
    await stateIs(1, 'published');
    expect(h.x.requestsTo('GET /2/users/:id/tweets').length).toBeGreaterThanOrEqual(1);
    expect(posts()).toBe(2);
    expect(h.x.tweets).toHaveLength(1);
  });

  it('after a cut connection once the tweet was created, finds it on the account and never posts again', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'cutAfterCreate' });
    const m = await h.propose('Coupure après création & lien https://example.fr/info');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => posts() === 1 && h.logs.some((l) => l.includes('outcome unknown')), 'the first attempt');
    await passBackoff();
    await stateIs(1, 'published');
    expect(h.delivery(1)!.remote_id).toBe(h.x.tweets[0]!.id);
    expect(posts()).toBe(1);
    expect(h.x.tweets).toHaveLength(1);
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes(h.x.tweets[0]!.id), 'the link on the message');
  });

  it('asks a person when the account cannot be read, and records their answer: online', async () => {
    h = await startHarness({}, { stopGraceMs: 20 });
    h.x.script('POST /2/tweets', { kind: 'hang', createTweet: true });
    h.x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' });
    const m = await h.propose('Compte illisible.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => posts() === 1, 'the POST');
    await h.restart(); // the hung request is abandoned: its outcome is unknown
    await stateIs(1, 'uncertain');
    const ask = await waitFor(() => h.threadReplies(m.ts).find((r) => JSON.stringify(r.blocks ?? []).includes('proposal_online')), 'the question');
    const buttons = ask.blocks!.find((b: any) => b.type === 'actions').elements;
    expect(buttons.map((b: any) => b.action_id)).toEqual(['proposal_online', 'proposal_retry']);
    await h.send.blockAction(BOB, { action_id: 'proposal_online', value: '1' }, { messageTs: ask.ts, message: ask });
    await stateIs(1, 'published');
    expect(audit(1)).toContain('published');
    // Pressed again, on a stale message: nothing changes, and the person is told.
    const again = await h.send.blockAction(CAROL, { action_id: 'proposal_retry', value: '1' }, { messageTs: ask.ts, message: ask });
    expect(again.status).toBe(200);
    await waitFor(() => h.slack.responses.some((r) => /plus d’actualité/.test(r.body?.text ?? '')), 'the stale notice');
    expect(posts()).toBe(1);
  });

  it('asks a person when the account cannot be read, and retries when they say it is not online', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { status: 503 });
    h.x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' });
    const m = await h.propose('Pas en ligne.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => posts() === 1 && h.logs.some((l) => l.includes('outcome unknown')), 'the first attempt');
    await passBackoff();
    await stateIs(1, 'uncertain');
    const ask = await waitFor(() => h.threadReplies(m.ts).find((r) => JSON.stringify(r.blocks ?? []).includes('proposal_retry')), 'the question');
    await h.send.blockAction(BOB, { action_id: 'proposal_retry', value: '1' }, { messageTs: ask.ts, message: ask });
    await stateIs(1, 'published');
    expect(h.x.tweets).toHaveLength(1);
    expect(posts()).toBe(2);
  });

  it('gives up after three lost answers in a row and asks a person', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { status: 503 }, { status: 502 }, { status: 504 });
    const m = await h.propose('Trois fois perdu.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await waitFor(() => posts() === attempt, `attempt ${attempt}`);
      await passBackoff();
    }
    await stateIs(1, 'uncertain');
    expect(posts()).toBe(3);
    expect(h.x.tweets).toHaveLength(0);
  });

  it('fails on refused credentials, alerts the channel, and retries safely with the button', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'unauthorized' });
    const m = await h.propose('Clés refusées.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await stateIs(1, 'failed');
    const alert = await waitFor(() => h.threadReplies(m.ts).find((r) => r.reply_broadcast), 'the alert in the channel');
    expect(alert.text).toContain('<!here>');
    expect(h.delivery(1)!.failure_code).toBe('credentials');
    await h.send.blockAction(BOB, { action_id: 'proposal_retry', value: '1' }, { messageTs: alert.ts, message: alert });
    await stateIs(1, 'published');
    await h.send.blockAction(CAROL, { action_id: 'proposal_retry', value: '1' }, { messageTs: alert.ts, message: alert });
    await waitFor(() => h.slack.responses.some((r) => /plus d’actualité/.test(r.body?.text ?? '')), 'the stale notice');
    expect(h.x.tweets).toHaveLength(1);
    expect(audit(1)).toEqual(['proposed', 'approved', 'publishing', 'failed', 'publishing', 'published']);
  });

  it('recovers a publication interrupted by a stop: found on the account, never posted twice', async () => {
    h = await startHarness({}, { stopGraceMs: 20 });
    h.x.script('POST /2/tweets', { kind: 'hang', createTweet: true });
    const m = await h.propose('Coupure pendant la publication.');
    await h.react('added', BOB, 'white_check_mark', m.ts);
    await waitFor(() => posts() === 1, 'the POST to X');
    await h.restart();
    await stateIs(1, 'published');
    expect(h.delivery(1)!.remote_id).toBe(h.x.tweets[0]!.id);
    expect(posts()).toBe(1);
    expect(h.x.tweets).toHaveLength(1);
  });
});

describe('reactions made while the bot was down', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const state = (ref: number) => h.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]!.state;

  it('count at the next start (reactions.get): an approval publishes, once', async () => {
    h = await startHarness();
    const m = await h.propose('Approuvée pendant la panne.');
    await h.stop();
    h.slack.setReactions(TEAM, m.ts, [{ name: 'white_check_mark', users: [ALICE] }, { name: 'eyes', users: [BOB] }]);
    await h.start();
    await waitFor(() => state(1) === 'published', 'the publication');
    expect(h.x.tweets).toHaveLength(1);
    expect(h.slack.callsTo('reactions.get').length).toBeGreaterThanOrEqual(1);
    await h.restart(); // nothing left to catch up: no second tweet
    expect(h.x.tweets).toHaveLength(1);
  });

  it('a reaction removed while down withdraws the approval; a reject while down rejects', async () => {
    h = await startHarness({ APPROVALS_REQUIRED: '2' });
    const first = await h.propose('Retrait pendant la panne.');
    const second = await h.propose('Rejet pendant la panne.');
    expect(await h.react('added', ALICE, 'white_check_mark', first.ts)).toBe('approval_added');
    await h.stop();
    h.slack.setReactions(TEAM, first.ts, [{ name: 'white_check_mark', users: [BOB] }]);
    h.slack.setReactions(TEAM, second.ts, [{ name: 'x', users: [CAROL] }, { name: 'white_check_mark', users: [ALICE, BOB] }]);
    await h.start();
    await waitFor(() => state(2) === 'rejected', 'the rejection');
    const approvals = h.query('SELECT user_id FROM approvals WHERE ref = 1');
    expect(approvals).toEqual([{ user_id: BOB }]);
    expect(state(1)).toBe('pending');
    expect(h.x.tweets).toHaveLength(0);
  });
});
