import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

describe('the core loop: propose, approve, publish once', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('publishes an approved proposal on X once, with its link in Slack', async () => {
    const message = await h.propose('Accident sur l’A9 à Montpellier, évitez le secteur.');
    expect(message.text).toContain('#1');
    expect(await h.send.reactionAdded(ALICE, 'white_check_mark', TEAM, message.ts)).toMatchObject({ status: 200 });
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet');
    expect(tweet.text).toBe('Accident sur l’A9 à Montpellier, évitez le secteur.');
    const updated = await waitFor(() => {
      const m = h.slack.message(TEAM, message.ts);
      return JSON.stringify(m?.blocks).includes(`https://x.com/GendarmerieTest/status/${tweet.id}`) && m;
    }, 'the link in the proposal message');
    expect(updated).toBeTruthy();
    const reply = await waitFor(() => h.threadReplies(message.ts)[0], 'the thread reply');
    expect(reply.text).toContain(`<@${ALICE}>`);
    expect(h.x.tweets).toHaveLength(1);
  });
});
