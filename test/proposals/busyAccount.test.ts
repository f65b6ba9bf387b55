import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, startHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The account is shared: a colleague, a scheduling tool post on it too. After a lost answer the bot
 * must find its tweet among all the account's tweets since the publication began, not only the first
 * page of them, or it posts the tweet a second time.
 */
describe('publishing on a busy account', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MINUTE = 60_000;
  const row = (ref: number) => h.query('SELECT * FROM proposals WHERE ref = ?', ref)[0]!;

  // Issue 11, case 1: the lookup read one page of 20 tweets. It now follows `meta.next_token` back to the attempt.
  it('finds its tweet on the second page of the timeline after a cut connection, and never posts again', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'cutAfterCreate' });
    const m = await h.propose('Coupure, puis le compte s’anime.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => h.x.tweets.length === 1 && h.logs.some((l) => l.includes('outcome unknown')), 'the first attempt');
    // 150 tweets from others land after ours, before the bot looks: ours is past the first page of 100.
    h.x.seedTweets(150, { at: h.clock.now().getTime() + 1000, everyMs: 100 });
    await h.bot.scheduler.settle();
    await h.advance(MINUTE + 1);
    await waitFor(() => row(1).state === 'published', 'the publication');
    expect(h.x.tweets.filter((t) => t.text === 'Coupure, puis le compte s’anime.')).toHaveLength(1);
    expect(h.x.requestsTo('POST /2/tweets')).toHaveLength(1);
    // It had to read past the first page.
    expect(h.x.requestsTo('GET /2/users/:id/tweets').length).toBeGreaterThanOrEqual(2);
  });
});
