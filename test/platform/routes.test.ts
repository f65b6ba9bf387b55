import { afterEach, describe, expect, it } from 'vitest';
import { AUTHOR, startHarness, TEAM, type Harness } from '../support/harness.js';

/** The routing table in front of every capability: what no handler takes is still answered, and logged. */
describe('Slack routes', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const warned = () => h.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'a Slack request no handler takes');

  it('acknowledges a button and a modal no capability handles, logs them, and changes nothing', async () => {
    h = await startHarness();
    const button = await h.send.blockAction(AUTHOR, { action_id: 'no_such_button', value: '1' }, { channel: TEAM, messageTs: '1700000000.000100' });
    expect(button.status).toBe(200);
    const modal = await h.send.viewSubmission(AUTHOR, { callback_id: 'no_such_modal', state: { values: {} } });
    expect(modal.status).toBe(200);
    expect(warned().map((l) => l.kind)).toEqual(['block_actions', 'view_submission']);
    expect(h.slack.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(h.query('SELECT COUNT(*) AS n FROM audit_log')).toEqual([{ n: 0 }]);
  });
});
