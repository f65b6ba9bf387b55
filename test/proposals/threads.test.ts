import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/**
 * Threads (SPEC "Threads"): approved once, published in order on each network, each part replying to the
 * one before, never half posted without the channel told how far each network got.
 */
describe('threads', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MINUTE = 60_000;
  const state = (ref: number) => h.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state;
  const approve = (ts: string) => h.react('added', ALICE, 'white_check_mark', ts);
  const FOUR = ['Appel à témoins : disparition inquiétante.', 'Il portait une veste rouge.', 'Vu pour la dernière fois à Nîmes.', 'Contactez le 17.'];
  const thread = (parts: string[]) => parts.join('\n---\n');

  /** Each network's posts of the thread, in order, and whether each replies to the one before. */
  const chains = () => {
    const x = h.x.tweets;
    const m = h.mastodon!.posted();
    const b = h.bluesky!.posts();
    return {
      x: x.map((t, i) => [t.text, i === 0 ? null : t.replyTo === x[i - 1]!.id]),
      mastodon: m.map((s, i) => [s.text, i === 0 ? null : s.inReplyToId === m[i - 1]!.id]),
      bluesky: b.map((r, i) => [r.value.text, i === 0 ? null : r.value.reply?.parent.uri === b[i - 1]!.uri && r.value.reply?.root.uri === b[0]!.uri]),
    };
  };
  const expected = (parts: string[]) => parts.map((text, i) => [text, i === 0 ? null : true]);

  it('a 4-part thread on three networks: four posts in order on each, each replying to the one before', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    const m = await h.propose(thread(FOUR));
    await approve(m.ts);
    await waitFor(() => state(1) === 'published', 'published');
    expect(chains()).toEqual({ x: expected(FOUR), mastodon: expected(FOUR), bluesky: expected(FOUR) });
    // Every part's event in the audit log, per network.
    expect(h.query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'part_posted'")[0]!.n).toBe(12);
    expect(shown(m)).toContain('Il portait une veste rouge.');
  });

  it('a 5xx at part 3 on one network: parts 1–2 kept, parts 3 and 4 posted once each after the backoff', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    const pass = { kind: 'pass' } as const;
    h.mastodon!.script('POST /api/v1/statuses', pass, pass, { kind: 'serverError', status: 503 });
    const m = await h.propose(thread(FOUR));
    await approve(m.ts);
    await waitFor(() => h.delivery(1, 'x')?.state === 'published' && h.delivery(1, 'bluesky')?.state === 'published', 'X and Bluesky');
    await h.bot.scheduler.settle();
    expect(h.mastodon!.posted().map((s) => s.text)).toEqual(FOUR.slice(0, 2));
    expect(h.delivery(1, 'mastodon')).toMatchObject({ state: 'publishing', lost_answers: 1 });
    await h.advance(MINUTE + 1);
    await waitFor(() => state(1) === 'published', 'published');
    expect(chains().mastodon).toEqual(expected(FOUR));
    // Part 3 was sent twice (the 503, then the retry) with one key: one status.
    const keys = h.mastodon!.requestsTo('POST /api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(5);
    expect(keys[2]).toBe(keys[3]);
  });

  it('a 429 at part 2 on X: X waits, Mastodon and Bluesky finish; X resumes at part 2 after the reset', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    h.x.script('POST /2/tweets', { kind: 'pass' }, { kind: 'rateLimited', resetEpochSeconds: Date.parse('2026-11-21T10:15:00Z') / 1000 });
    const m = await h.propose(thread(FOUR));
    await approve(m.ts);
    await waitFor(() => h.delivery(1, 'x')?.state === 'waiting', 'X waiting');
    await h.bot.scheduler.settle();
    expect(h.delivery(1, 'mastodon')).toMatchObject({ state: 'published' });
    expect(h.delivery(1, 'bluesky')).toMatchObject({ state: 'published' });
    expect(h.x.tweets.map((t) => t.text)).toEqual(FOUR.slice(0, 1));
    await h.advance(16 * MINUTE);
    await waitFor(() => state(1) === 'published', 'published');
    expect(chains().x).toEqual(expected(FOUR));
  });

  it('a part refused for good half way: the channel is told how far the network got, and Retry from part N takes it up', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    h.bluesky!.script('com.atproto.repo.createRecord', { kind: 'pass' }, { kind: 'invalid', message: 'Record/text must not be longer than 300 graphemes' });
    const m = await h.propose(thread(FOUR));
    await approve(m.ts);
    await waitFor(() => h.delivery(1, 'bluesky')?.state === 'failed', 'Bluesky failed');
    // The thread is told how far Bluesky got, and so is the channel.
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.reply_broadcast && (r.text ?? '').includes('Bluesky : 1 partie sur 4 publiée, la suite attend.')), 'how far it got');
    // On the message itself: Bluesky's line with its progress, and Retry from part 2 for it alone.
    const message = await waitFor(() => {
      const now = h.slack.message(TEAM, m.ts);
      return JSON.stringify(now?.blocks ?? []).includes('proposal_retry') && now;
    }, 'Retry on the proposal message');
    expect(shown(message)).toContain('Bluesky ❌ publication refusée · 1/4');
    const retry = message.blocks!.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'proposal_retry');
    expect(retry.text.text).toBe('Reprendre à la partie 2 sur Bluesky');
    await h.send.blockAction(BOB, { action_id: 'proposal_retry', value: retry.value }, { messageTs: m.ts, message });
    await waitFor(() => state(1) === 'published', 'published');
    expect(chains().bluesky).toEqual(expected(FOUR));
    // Used, the button is gone; Bluesky's line links the thread.
    await waitFor(() => /Bluesky ✅ <[^|]+\|voir le fil> \(4 parties\)/.test(shown(h.slack.message(TEAM, m.ts))), 'Bluesky linked');
    expect(shown(h.slack.message(TEAM, m.ts))).not.toContain('proposal_retry');
  });

  it('--reply to a thread answers its last part; a follow-up closing post lands under the last part', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    const first = await h.propose(`--followup 1h ${thread(FOUR.slice(0, 2))}`);
    await approve(first.ts);
    await waitFor(() => state(1) === 'published', 'the thread published');
    await h.send.command(AUTHOR, '/followup', '#1 Personne retrouvée, merci à tous.');
    const closing = await waitFor(() => h.proposalMessages()[1], 'the closing proposal');
    await h.react('added', BOB, 'white_check_mark', closing.ts);
    await waitFor(() => state(2) === 'published', 'the closing post published');
    expect(h.x.tweets[2]!.replyTo).toBe(h.x.tweets[1]!.id);
    const [, secondStatus, closingStatus] = h.mastodon!.posted();
    expect(closingStatus!.inReplyToId).toBe(secondStatus!.id);
    const [root, second, closingPost] = h.bluesky!.posts();
    expect(closingPost!.value.reply).toMatchObject({ parent: { uri: second!.uri }, root: { uri: root!.uri } });
    await waitFor(() => h.query('SELECT state FROM followups WHERE ref = 1')[0]?.state === 'resolved', 'the follow-up resolved');
  });

  it('refuses a part too long for Bluesky, naming the part', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    const long = `Voir https://www.interieur.gouv.fr/${'a'.repeat(266)}`;
    const refused = await h.send.command(AUTHOR, '/tweet', thread(['Première partie.', long]));
    expect(refused.json.text).toContain('partie 2');
    expect(refused.json.text).toContain('Bluesky');
    expect(refused.json.text).toContain('301/300');
    expect(h.query('SELECT COUNT(*) AS n FROM proposals')[0]!.n).toBe(0);
  });

  it('refuses an empty part and more than ten parts', async () => {
    h = await startHarness();
    expect((await h.send.command(AUTHOR, '/tweet', 'Un\n---\n\n---\nTrois')).json.text).toContain('partie 2');
    const eleven = Array.from({ length: 11 }, (_, i) => `Partie ${i + 1}.`);
    expect((await h.send.command(AUTHOR, '/tweet', thread(eleven))).json.text).toContain('trop de parties : 11');
    expect(h.query('SELECT COUNT(*) AS n FROM proposals')[0]!.n).toBe(0);
  });

  it.each([
    ['on', ['Premier. (1/3)', 'Deuxième. (2/3)', 'Troisième. (3/3)']],
    ['off', ['Premier.', 'Deuxième.', 'Troisième.']],
  ])('THREAD_NUMBERING=%s', async (numbering, published) => {
    h = await startHarness({ THREAD_NUMBERING: numbering });
    const m = await h.propose(thread(['Premier.', 'Deuxième.', 'Troisième.']));
    await approve(m.ts);
    await waitFor(() => state(1) === 'published', 'published');
    expect(h.x.tweets.map((t) => t.text)).toEqual(published);
    // A single post is never numbered.
    const single = await h.propose('Seul.');
    await approve(single.ts);
    await waitFor(() => state(2) === 'published', 'published');
    expect(h.x.tweets[3]!.text).toBe('Seul.');
  });

  it('numbering counts in the length: a part that fits alone may not fit numbered', async () => {
    h = await startHarness({ THREAD_NUMBERING: 'on' });
    const refused = await h.send.command(AUTHOR, '/tweet', thread(['a'.repeat(278), 'b']));
    expect(refused.json.text).toContain('partie 1');
    expect(refused.json.text).toContain('284/280');
  });

});
