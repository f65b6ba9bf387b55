/**
 * `--at`: proposals published at their time once approved, through the real bot, moving the test clock.
 * Approved before the time: scheduled, then published at it. Approved at or less than 15 minutes after
 * it: published at once. Later: expired, and the author is told. Across a stop of the bot, the same.
 * Times are typed in Europe/Paris, including on the nights clocks change.
 *
 * The test clock starts at 2026-11-21T10:00:00Z, 11:00 in Paris.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../support/fakeSlack.js';
import { ALICE, AUTHOR, BOB, firstLine, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const SEC = 1_000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

describe('scheduled proposals (--at)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const row = (ref: number) =>
    h.query<{ state: string; published_at: string | null; publish_at: string | null }>(
      'SELECT p.state, p.published_at, v.publish_at FROM proposals p JOIN proposal_versions v ON v.ref = p.ref AND v.version = p.current_version WHERE p.ref = ?',
      ref,
    )[0]!;
  const statusOf = (m: FakeMessage) => shown(h.slack.message(TEAM, m.ts));
  const posts = () => h.x.requestsTo('POST /2/tweets').length;

  /** Approves and waits for the state the approval leads to, and for its thread reply when there is one. */
  async function approve(m: FakeMessage, ref: number, state: string, user = ALICE) {
    expect(await h.react('added', user, 'white_check_mark', m.ts)).toBe('approval_added');
    await waitFor(() => row(ref).state === state || (state === 'publishing' && row(ref).state === 'published'), `#${ref} ${state}`);
  }
  const replyMatching = (m: FakeMessage, pattern: RegExp) =>
    waitFor(() => h.threadReplies(m.ts).find((r) => pattern.test(r.text ?? '')), `a thread reply matching ${pattern}`);

  it('approved before its time: scheduled (said in the thread), nothing before, published at the time', async () => {
    h = await startHarness();
    const m = await h.propose('--at 12:00 Point presse du préfet à 12h, en direct sur ce compte.');
    expect(shown(m)).toContain('à publier à 12:00');
    expect(firstLine(m)).toBe('🟡 *À valider* · 0/1 validation');
    expect(row(1).publish_at).toBe('2026-11-21T11:00:00.000Z');

    await approve(m, 1, 'scheduled');
    const told = await replyMatching(m, /Elle partira/);
    expect(told.text).toBe('🗓️ Validée par ualice. Elle partira à 12:00.');
    // Approved and scheduled: it must not look like it awaits approval.
    await waitFor(() => firstLine(h.slack.message(TEAM, m.ts)) === '🗓️ *Programmée* : validée, elle partira à 12:00', 'the scheduled status');
    expect(statusOf(m)).not.toContain('Pour valider');

    await h.advance(59 * MIN);
    expect(h.x.tweets).toHaveLength(0);
    expect(row(1).state).toBe('scheduled');
    await h.advance(59 * SEC);
    expect(h.x.tweets).toHaveLength(0);

    await h.advance(SEC);
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet at 12:00');
    expect(tweet.text).toBe('Point presse du préfet à 12h, en direct sur ce compte.');
    expect(tweet.createdAt).toBe('2026-11-21T11:00:00.000Z');
    await waitFor(() => row(1).state === 'published', 'published');
    expect(row(1).published_at).toBe('2026-11-21T11:00:00.000Z');
    await replyMatching(m, /Publiée sur X/);

    await h.advance(2 * HOUR);
    expect(h.x.tweets).toHaveLength(1);
    expect(posts()).toBe(1);
  });

  it('an approval withdrawn before the time: nothing at the time; approved again 5 minutes late, published at once', async () => {
    h = await startHarness();
    const m = await h.propose('--at 11:30 Opération de contrôle routier à Béziers.');
    await approve(m, 1, 'scheduled');
    expect(await h.react('removed', ALICE, 'white_check_mark', m.ts)).toBe('approval_withdrawn');
    await waitFor(() => row(1).state === 'pending', 'back to pending');
    await waitFor(() => firstLine(h.slack.message(TEAM, m.ts)) === '🟡 *À valider* · 0/1 validation', 'the pending status');

    await h.advance(30 * MIN); // 11:30 in Paris
    expect(row(1).state).toBe('pending');
    expect(h.x.tweets).toHaveLength(0);
    await h.advance(5 * MIN);
    expect(posts()).toBe(0);

    await approve(m, 1, 'publishing', BOB);
    await waitFor(() => h.x.tweets[0], 'the tweet, 5 minutes late');
    await waitFor(() => row(1).state === 'published', 'published');
    await h.advance(HOUR);
    expect(posts()).toBe(1);
  });

  it('a scheduled proposal rejected before its time is never published', async () => {
    h = await startHarness();
    const m = await h.propose('--at 11:30 Texte finalement retiré.');
    await approve(m, 1, 'scheduled');
    expect(await h.react('added', BOB, 'x', m.ts)).toBe('rejected');
    await waitFor(() => row(1).state === 'rejected', 'rejected');
    await h.advance(HOUR);
    expect(row(1).state).toBe('rejected');
    expect(posts()).toBe(0);
  });

  it('approved exactly at its time: published at once', async () => {
    h = await startHarness();
    const m = await h.propose('--at 11:30 Ouverture du numéro vert.');
    await h.advance(30 * MIN);
    expect(posts()).toBe(0);
    await approve(m, 1, 'publishing');
    await waitFor(() => h.x.tweets[0], 'the tweet');
    await waitFor(() => row(1).state === 'published', 'published');
  });

  it('approved 10 minutes late: published at once', async () => {
    h = await startHarness();
    const m = await h.propose('--at 11:10 Fin de la vigilance orange.');
    await h.advance(20 * MIN); // 11:20 in Paris
    await approve(m, 1, 'publishing');
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet');
    expect(tweet.createdAt).toBe('2026-11-21T10:20:00.000Z');
    await waitFor(() => row(1).state === 'published', 'published');
  });

  it('approved 14 min 59 s late: still published', async () => {
    h = await startHarness();
    const m = await h.propose('--at 11:10 Juste à temps.');
    await h.advance(25 * MIN - SEC);
    await approve(m, 1, 'publishing');
    await waitFor(() => h.x.tweets[0], 'the tweet');
  });

  it.each([
    ['20 minutes', 30 * MIN],
    ['exactly 15 minutes', 25 * MIN],
  ])('approved %s late: expired, the author told in the thread, no tweet', async (_late, wait) => {
    h = await startHarness();
    const m = await h.propose('--at 11:10 Déviation mise en place sur la D613.');
    await h.advance(wait);
    await approve(m, 1, 'expired');
    const told = await replyMatching(m, /trop tard/);
    // The author must act: the one mention that pings, on purpose.
    expect(told.text).toBe(`⌛ <@${AUTHOR}> : validée trop tard, la proposition n’a pas été publiée (elle devait partir à 11:10). Reproposez-la si elle est toujours utile.`);
    await waitFor(() => firstLine(h.slack.message(TEAM, m.ts)) === '⌛ *Expirée* : validée trop tard pour partir à 11:10', 'the expired status');
    expect(posts()).toBe(0);
    // Expired is final: further approvals change nothing.
    expect(await h.react('added', BOB, 'white_check_mark', m.ts)).toBe('closed');
    await h.advance(HOUR);
    expect(posts()).toBe(0);
    expect(row(1).state).toBe('expired');
  });

  it('the bot stopped across the time and back 10 minutes late: published at start', async () => {
    h = await startHarness();
    const m = await h.propose('--at 12:00 Bilan de l’opération de la nuit.');
    await approve(m, 1, 'scheduled');
    await replyMatching(m, /Elle partira/);
    await h.stop();
    h.clock.advance(70 * MIN); // 12:10 in Paris
    await h.start();
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet after the restart');
    expect(tweet.createdAt).toBe('2026-11-21T11:10:00.000Z');
    await waitFor(() => row(1).state === 'published', 'published');
    await replyMatching(m, /Publiée sur X/);
    expect(posts()).toBe(1);
  });

  it('the bot stopped across the time and back 20 minutes late: expired, the author told, no tweet', async () => {
    h = await startHarness();
    const m = await h.propose('--at 12:00 Bilan de l’opération de la nuit.');
    await approve(m, 1, 'scheduled');
    await replyMatching(m, /Elle partira/);
    await h.stop();
    h.clock.advance(80 * MIN); // 12:20 in Paris
    await h.start();
    await waitFor(() => row(1).state === 'expired', 'expired at start');
    const told = await replyMatching(m, /trop tard/);
    expect(told.text).toContain(`<@${AUTHOR}>`);
    expect(told.text).toContain('à 12:00');
    await waitFor(() => firstLine(h.slack.message(TEAM, m.ts)).startsWith('⌛ *Expirée*'), 'the expired status');
    expect(posts()).toBe(0);
  });

  it('a restart before the time changes nothing: published at the time, once', async () => {
    h = await startHarness();
    const m = await h.propose('--at 12:00 Conférence de presse.');
    await approve(m, 1, 'scheduled');
    await h.advance(30 * MIN);
    await h.restart();
    await h.advance(29 * MIN);
    expect(posts()).toBe(0);
    await h.advance(MIN);
    await waitFor(() => h.x.tweets[0], 'the tweet at 12:00');
    await h.restart();
    await h.advance(HOUR);
    expect(posts()).toBe(1);
  });

  describe('across daylight-saving changes (Europe/Paris)', () => {
    it('spring forward (2026-03-29): 03:30 is 01:30Z, and the hour that does not exist is refused', async () => {
      h = await startHarness();
      h.clock.set('2026-03-28T20:00:00Z'); // Saturday 21:00 in Paris (CET)
      const gap = await h.send.command(AUTHOR, '/tweet', '--at 2026-03-29 02:30 Heure inexistante.');
      expect(gap.json).toMatchObject({ response_type: 'ephemeral' });
      expect(gap.json.text).toMatch(/« 2026-03-29 02:30 » n’existe pas ce jour-là/);
      expect(h.proposalMessages()).toHaveLength(0);

      const m = await h.propose('--at 2026-03-29 03:30 Passage à l’heure d’été cette nuit : pensez à avancer vos montres.');
      expect(row(1).publish_at).toBe('2026-03-29T01:30:00.000Z');
      await approve(m, 1, 'scheduled');
      const told = await replyMatching(m, /Elle partira/);
      expect(told.text).toContain('Elle partira demain à 03:30.');

      await h.advance(5 * HOUR + 29 * MIN); // 01:29Z: 03:29 in Paris (CEST), 02:29 had there been no change
      expect(posts()).toBe(0);
      await h.advance(MIN);
      const tweet = await waitFor(() => h.x.tweets[0], 'the tweet at 03:30 CEST');
      expect(tweet.createdAt).toBe('2026-03-29T01:30:00.000Z');
    });

    it('fall back (2026-10-25): 02:30 is its first occurrence, 00:30Z', async () => {
      h = await startHarness();
      h.clock.set('2026-10-24T20:00:00Z'); // Saturday 22:00 in Paris (CEST)
      const m = await h.propose('--at 2026-10-25 02:30 Passage à l’heure d’hiver cette nuit.');
      expect(row(1).publish_at).toBe('2026-10-25T00:30:00.000Z');
      await approve(m, 1, 'scheduled');
      const told = await replyMatching(m, /Elle partira/);
      expect(told.text).toContain('Elle partira demain à 02:30.');

      await h.advance(4 * HOUR + 29 * MIN); // 00:29Z
      expect(posts()).toBe(0);
      await h.advance(MIN);
      const tweet = await waitFor(() => h.x.tweets[0], 'the tweet at the first 02:30');
      expect(tweet.createdAt).toBe('2026-10-25T00:30:00.000Z');
      // Not again at the second 02:30.
      await h.advance(HOUR);
      expect(posts()).toBe(1);
    });

    it('fall back: a bare 02:30 typed at 02:45 (first pass) is the second 02:30, 01:30Z', async () => {
      h = await startHarness();
      h.clock.set('2026-10-25T00:45:00Z'); // 02:45 CEST, before clocks go back at 03:00 CEST
      const m = await h.propose('--at 02:30 Rappel : nous sommes repassés à l’heure d’hiver.');
      expect(row(1).publish_at).toBe('2026-10-25T01:30:00.000Z');
      await approve(m, 1, 'scheduled');
      await h.advance(44 * MIN); // 01:29Z
      expect(posts()).toBe(0);
      await h.advance(MIN);
      const tweet = await waitFor(() => h.x.tweets[0], 'the tweet at the second 02:30');
      expect(tweet.createdAt).toBe('2026-10-25T01:30:00.000Z');
    });
  });
});
