import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, CAROL, OUTSIDER, startHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

describe('the App Home dashboard', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const published = (user: string) =>
    waitFor(() => h.slack.views.filter((v) => v.method === 'views.publish' && v.args.user_id === user).at(-1), `the home tab of ${user}`);

  it('shows who is on duty, proposals in progress, open follow-ups (overdue first), the last handover and today’s counts', async () => {
    h = await startHarness();
    const incident = await h.propose('--followup 30m Accident A9 en cours.');
    await h.react('added', ALICE, 'white_check_mark', incident.ts);
    await waitFor(() => h.x.tweets.length === 1, 'the incident tweet');
    await h.propose('--followup 2h Deuxième incident.');
    await h.react('added', BOB, 'white_check_mark', h.proposalMessages()[1]!.ts);
    await waitFor(() => h.x.tweets.length === 2, 'the second tweet');
    await waitFor(() => h.query('SELECT id FROM followups').length === 2, 'both follow-ups opened at publication');
    await h.propose('En attente de validation.');
    await h.send.command(BOB, '/duty', 'take');
    await h.send.command(AUTHOR, '/handover', '<@UBOB|bob> RAS');
    await waitFor(() => h.slack.messages.some((m) => (m.text ?? '').includes('Passation')), 'the handover summary');
    await h.advance(40 * 60_000); // the first follow-up is now overdue, the second not

    await h.send.appHomeOpened(ALICE);
    const view = await published(ALICE);
    const text = JSON.stringify(view.view.blocks);
    expect(view.view.type).toBe('home');
    expect(text).toContain('De permanence');
    expect(text).toContain('<@UBOB>');
    expect(text).toMatch(/#3/);
    expect(text).toContain('en attente');
    expect(text.indexOf('🔴')).toBeGreaterThan(-1);
    expect(text.indexOf('#1')).toBeLessThan(text.indexOf('#2')); // overdue first
    expect(text).toContain('Dernière passation');
    expect(text).toContain('3 proposées');
    expect(text).toContain('2 publiées');
    expect(text).toMatch(/archives\/CTEAM\/p\d+/); // links to the proposal messages
  });

  it('shows who acknowledged the last handover when it named nobody, as /handover history does', async () => {
    h = await startHarness();
    await h.send.command(AUTHOR, '/handover', 'Relève libre');
    const handover = await waitFor(() => h.query('SELECT id, message_ts FROM handovers WHERE message_ts IS NOT NULL')[0], 'the handover summary');
    await h.send.appHomeOpened(ALICE);
    expect(JSON.stringify((await published(ALICE)).view.blocks)).toContain('<@UAUTHOR> → …');

    await h.send.blockAction(CAROL, { action_id: 'handover_acknowledge', value: String(handover.id), block_id: `handover_${handover.id}` }, { messageTs: handover.message_ts });
    await waitFor(() => h.query('SELECT acknowledged_by FROM handovers')[0]?.acknowledged_by === CAROL, 'CAROL acknowledging');
    await h.send.appHomeOpened(ALICE);
    await waitFor(() => h.slack.views.filter((v) => v.method === 'views.publish').length === 2, 'the second publish');
    const text = JSON.stringify((await published(ALICE)).view.blocks);
    expect(text).toContain('Dernière passation* : <@UAUTHOR> → <@UCAROL>');
    expect(String((await h.send.command(ALICE, '/handover', 'history')).json.text)).toContain('<@UAUTHOR> → <@UCAROL>');
  });

  it('is refreshed each time it is opened, and shows nothing of the cell to a non-member', async () => {
    h = await startHarness();
    await h.send.appHomeOpened(ALICE);
    const first = await published(ALICE);
    expect(JSON.stringify(first.view.blocks)).toContain('0 proposée');
    await h.propose('Nouvelle.');
    await h.send.appHomeOpened(ALICE);
    await waitFor(() => h.slack.views.filter((v) => v.method === 'views.publish').length === 2, 'the second publish');
    expect(JSON.stringify((await published(ALICE)).view.blocks)).toContain('1 proposée');
    await h.send.appHomeOpened(OUTSIDER);
    const outsider = await published(OUTSIDER);
    expect(JSON.stringify(outsider.view.blocks)).toContain('réservé aux membres');
    expect(JSON.stringify(outsider.view.blocks)).not.toContain('Nouvelle');
  });
});
