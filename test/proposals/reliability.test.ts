import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, CAROL, firstLine, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
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
  /** A button of the proposal message as it is now (what needs someone is on the message itself), or undefined. */
  const buttonOn = (ts: string, actionId: string) => {
    const m = h.slack.message(TEAM, ts);
    const button = (m?.blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === actionId);
    return button && m ? { button, message: m } : undefined;
  };
  const press = (user: string, ts: string, found: { button: any; message: any }) =>
    h.send.blockAction(user, { action_id: found.button.action_id, value: found.button.value }, { messageTs: ts, message: found.message });
  /** The channel's alert, a message of its own (not a proposal's thread reply). */
  const alerts = () => h.slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts && (m.text ?? '').includes('🔑'));
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
    expect(told.text).toContain('à 12:15 (dans 1 h 15)'); // 11:15 UTC is 12:15 in Paris
    await waitFor(() => firstLine(h.slack.message(TEAM, first.ts)) === '⏸️ *Retenue* : X limite les publications, départ automatique à 12:15', 'held back, first line');
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
    const told = await waitFor(() => h.threadReplies(later.ts).find((r) => (r.text ?? '').includes('à 12:15')), 'the waiting reply');
    expect(told.text).toContain('dans l’ordre des validations');
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
    await waitFor(() => alerts()[0], 'the alert in the channel');
    const retry = await waitFor(() => buttonOn(refused.ts, 'proposal_retry'), 'Retry on the proposal message');
    await h.react('added', BOB, 'white_check_mark', limited.ts);
    await stateIs(2, 'waiting');
    expect(posts()).toBe(2);
    await press(CAROL, refused.ts, retry);
    await stateIs(1, 'waiting');
    await waitFor(() => h.threadReplies(refused.ts).some((r) => (r.text ?? '').includes('à 12:15')), 'the waiting reply');
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
    // The question is on the proposal message itself, in the channel, and its thread alerts everyone.
    const online = await waitFor(() => buttonOn(m.ts, 'proposal_online'), 'the question on the message');
    const notOnline = buttonOn(m.ts, 'proposal_retry')!;
    expect(firstLine(online.message)).toBe('⚠️ *Incertaine* sur X : vérifiez le compte avant toute nouvelle tentative');
    expect(notOnline.button.confirm).toBeDefined();
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.reply_broadcast && (r.text ?? '').includes('<!here>')), 'the alert in the thread, shown in the channel');
    await press(BOB, m.ts, online);
    await stateIs(1, 'published');
    expect(audit(1)).toContain('published');
    // Once used, the buttons are gone from the message, which names who confirmed.
    await waitFor(() => firstLine(h.slack.message(TEAM, m.ts)) === '✅ *Publiée* sur X', 'published, first line');
    expect(buttonOn(m.ts, 'proposal_online')).toBeUndefined();
    expect(buttonOn(m.ts, 'proposal_retry')).toBeUndefined();
    await waitFor(() => h.threadReplies(m.ts).some((r) => (r.text ?? '').includes('ubob confirme que la publication est en ligne sur X')), 'who confirmed');
    // Pressed again, on a stale copy of the message: nothing changes, and the person is told.
    const again = await press(CAROL, m.ts, notOnline);
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
    const notOnline = await waitFor(() => buttonOn(m.ts, 'proposal_retry'), 'the question on the message');
    await press(BOB, m.ts, notOnline);
    await stateIs(1, 'published');
    await waitFor(() => buttonOn(m.ts, 'proposal_online') === undefined && buttonOn(m.ts, 'proposal_retry') === undefined, 'the buttons gone');
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
    const alert = await waitFor(() => alerts()[0], 'the alert in the channel');
    expect(alert.text).toContain('<!here>');
    expect(alert.text).toContain('X refuse les identifiants du compte de la cellule');
    expect(alert.text).not.toMatch(/401|HTTP|Unauthorized/);
    expect(alert.text).toContain('en échec : #1.');
    expect(h.delivery(1)!.failure_code).toBe('credentials');
    const retry = await waitFor(() => buttonOn(m.ts, 'proposal_retry'), 'Retry on the proposal message');
    expect(firstLine(retry.message)).toBe('❌ *Échec* sur X');
    await press(BOB, m.ts, retry);
    await stateIs(1, 'published');
    await waitFor(() => buttonOn(m.ts, 'proposal_retry') === undefined, 'Retry gone once used');
    // The alert says the problem is over, without pinging anyone again.
    await waitFor(() => (h.slack.message(TEAM, alert.ts)?.text ?? '').startsWith('✅ *X accepte de nouveau les publications.*'), 'the alert resolved');
    expect(h.slack.message(TEAM, alert.ts)!.text).not.toContain('<!here>');
    await press(CAROL, m.ts, retry);
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
