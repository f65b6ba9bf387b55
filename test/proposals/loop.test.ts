import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, firstLine, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
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
    expect(await h.react('added', ALICE, 'white_check_mark', message.ts)).toBe('approval_added');
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet');
    expect(tweet.text).toBe('Accident sur l’A9 à Montpellier, évitez le secteur.');
    const updated = await waitFor(() => {
      const m = h.slack.message(TEAM, message.ts);
      return JSON.stringify(m?.blocks).includes(`https://x.com/GendarmerieTest/status/${tweet.id}`) && m;
    }, 'the link in the proposal message');
    const url = `https://x.com/GendarmerieTest/status/${tweet.id}`;
    // The same proposal message, still quoting its text, now says it is published, with the link.
    expect(shown(updated)).toContain('Proposition #1');
    expect(shown(updated)).toContain('Accident sur l’A9 à Montpellier, évitez le secteur.');
    expect(firstLine(updated)).toBe('✅ *Publiée* sur X');
    expect(shown(updated)).toContain(`X ✅ <${url}|voir>`);
    // Once published, no approval hint and no button.
    expect(shown(updated)).not.toContain('Pour valider');
    expect(updated.blocks!.some((b: any) => b.type === 'actions')).toBe(false);
    expect(h.query('SELECT state FROM proposals WHERE ref = 1')).toEqual([{ state: 'published' }]);
    expect([h.delivery(1)]).toEqual([
      expect.objectContaining({ state: 'published', remote_id: tweet.id, url }),
    ]);
    const reply = await waitFor(() => h.threadReplies(message.ts)[0], 'the thread reply');
    // The approver is named, not pinged.
    expect(reply.text).toBe(`✅ Publiée sur X : ${url} (validée par ualice).`);
    expect(h.x.tweets).toHaveLength(1);
  });
});
