import { unlinkSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTHOR, startHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/** A new proposal is shown only once it is on disk: what people see survives a power cut. */
describe('disk failures', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('shows nothing when the new proposal cannot be synced to disk, closes it as failed and tells the author', async () => {
    h = await startHarness();
    // The WAL file gone from under the bot: its sync before showing the proposal fails.
    unlinkSync(`${h.dbPath}-wal`);
    const sent = await h.send.command(AUTHOR, '/tweet', 'Jamais affichée.');
    expect(sent.status).toBe(200);
    const told = await waitFor(() => h.slack.responses.find((r) => r.url === sent.responseUrl), 'the explanation to the author');
    expect(told.body.text).toMatch(/n’a pas pu être affichée/);
    expect(told.body.text).toMatch(/ENOENT/);
    expect(h.proposalMessages()).toEqual([]);
    // Read through the bot's own connection: another one cannot open the file without its WAL.
    expect(h.bot.db.prepare('SELECT ref, state, failure_code FROM proposals').all()).toEqual([{ ref: 1, state: 'failed', failure_code: 'slack_post_failed' }]);
  });
});
