import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/** When Slack's Web API fails, the person is told and nothing stored is lost. */
describe('Slack API failures', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const proposals = () => h.query<{ ref: number; state: string }>('SELECT ref, state FROM proposals ORDER BY ref');

  it('tells the person when the team channel cannot be read to check membership, and stores nothing', async () => {
    h = await startHarness();
    h.slack.failNext('conversations.members', { error: 'ratelimited' });
    const sent = await h.send.command(AUTHOR, '/tweet', 'Slack indisponible.');
    // Acknowledged (not left to Slack's own timeout error) even though the handler failed before its ack.
    expect(sent.status).toBe(200);
    const told = await waitFor(() => h.slack.responses.find((r) => r.url === sent.responseUrl), 'the explanation');
    expect(told.body.text).toMatch(/erreur inattendue/);
    expect(told.body.text).toMatch(/rien n’a été modifié/);
    expect(proposals()).toEqual([]);
    // Slack is back: the same command works.
    const m = await h.propose('Slack de retour.');
    expect(m.text).toContain('#1');
  });

  it('keeps the state when updating the proposal message fails, and shows it at the next update', async () => {
    h = await startHarness();
    const m = await h.propose('Mise à jour perdue.');
    h.slack.failNext('chat.update', { error: 'internal_error' });
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => proposals()[0]?.state === 'published', 'the publication');
    // The refused update is sent again after its backoff, showing the state stored by then.
    await h.bot.scheduler.settle();
    await h.advance(60_000);
    await waitFor(() => JSON.stringify(h.slack.message(TEAM, m.ts)?.blocks).includes(h.x.tweets[0]!.id), 'the link after the failed update');
    expect(h.x.tweets).toHaveLength(1);
  });
});
