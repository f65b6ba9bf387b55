/**
 * Through the real bot: one alert in the channel for one credentials problem, whatever the number of
 * proposals it hits; a refused `/tweet` taken up in the composer with what was typed; the composer's
 * parts added and removed (up to 10), every view accepted by the strict fake Slack.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { viewProblems } from '../support/blockKit.js';
import { actInComposer, inputs, openComposer, submitComposer } from '../support/composer.js';
import { ALICE, AUTHOR, firstLine, OUTSIDER, startHarness, TEAM, type Harness } from '../support/harness.js';
import { escapeLikeSlack } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

describe('what needs someone', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('several proposals refused with a 401: one alert in the channel, naming them all; each keeps its own Retry', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'unauthorized' }, { kind: 'unauthorized' }, { kind: 'unauthorized' });
    const messages = [];
    for (const text of ['Premier refusé.', 'Deuxième refusé.', 'Troisième refusé.']) messages.push(await h.propose(text));
    for (const m of messages) await h.react('added', ALICE, 'white_check_mark', m.ts);
    await waitFor(() => h.query("SELECT COUNT(*) AS n FROM proposals WHERE state = 'failed'")[0]!.n === 3, 'three failed');
    await h.bot.scheduler.settle();
    const alerts = () => h.slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts && (m.text ?? '').includes('🔑'));
    await waitFor(() => (h.slack.message(TEAM, alerts()[0]?.ts ?? '')?.text ?? '').includes('#1, #2 et #3'), 'the alert naming the three');
    expect(alerts()).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text ?? '').includes('🔑'))).toHaveLength(1);
    // Each proposal's own reply stays in its thread: the channel hears of the problem once.
    for (const m of messages) {
      const replies = await waitFor(() => h.threadReplies(m.ts).length > 0 && h.threadReplies(m.ts), 'the thread reply');
      expect(replies.some((r) => r.reply_broadcast)).toBe(false);
      const message = h.slack.message(TEAM, m.ts)!;
      expect(firstLine(message)).toBe('❌ *Échec* sur X');
      expect(JSON.stringify(message.blocks)).toContain('proposal_retry');
    }
  });
});

describe('a refusal taken up in the composer', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  /** The refusal's button, pressed: the composer it opened. */
  async function takeUp(answer: { json?: any }) {
    const button = answer.json.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === 'proposal_compose');
    expect(button, 'the button on the refusal').toBeDefined();
    const before = h.slack.callsTo('views.open').length;
    await h.send.blockAction(AUTHOR, { action_id: 'proposal_compose', value: button.value }, { messageTs: '1.000001' });
    return waitFor(() => h.slack.views.filter((v) => v.method === 'views.open')[before], 'the composer, prefilled');
  }

  it('quotes a text too long back, and its button opens the composer with the text and options as typed', async () => {
    h = await startHarness();
    const typed = `Vols & <cambriolages> : soyez vigilants. ${'Fermez portes et fenêtres. '.repeat(10)}`.trim();
    const answer = await h.send.command(AUTHOR, '/tweet', `--followup 2h ${escapeLikeSlack(typed)}`);
    expect(answer.json.response_type).toBe('ephemeral');
    expect(answer.json.text).toMatch(/trop long : \d+\/280/);
    // What was typed, quoted literally (Slack empties the field once a command is sent).
    expect(JSON.stringify(answer.json.blocks)).toContain(JSON.stringify(typed));
    const opened = await takeUp(answer);
    const fields = inputs(opened);
    expect(fields.part_0_1.element.initial_value).toBe(typed);
    expect(fields.part_0_1.element.max_length).toBeGreaterThanOrEqual(typed.length);
    expect(fields.followup.element.initial_option.value).toBe('2h');
    expect(viewProblems(opened.view, 'modal')).toEqual([]);
    expect(h.query('SELECT COUNT(*) AS n FROM proposals')[0]!.n).toBe(0);
  });

  it('takes a refused thread up with one field per part', async () => {
    h = await startHarness();
    const parts = ['Première partie.', 'x'.repeat(300), 'Troisième partie.'];
    const answer = await h.send.command(AUTHOR, '/tweet', parts.join('\n---\n'));
    expect(answer.json.text).toContain('partie 2');
    const opened = await takeUp(answer);
    const fields = inputs(opened);
    expect([1, 2, 3].map((n) => fields[`part_0_${n}`]?.element.initial_value)).toEqual(parts);
    expect(fields.part_0_4).toBeUndefined();
  });
});

describe('the composer’s parts', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const partIds = (view: { view: any }) => view.view.blocks.filter((b: any) => b.type === 'input' && /^part_\d+_\d+$/.test(b.block_id)).map((b: any) => b.block_id);
  const partValues = (view: { view: any }) => view.view.blocks.filter((b: any) => b.type === 'input' && /^part_\d+_\d+$/.test(b.block_id)).map((b: any) => b.element.initial_value ?? '');

  it('adds a part keeping what was typed, removes one, and stops at ten', async () => {
    h = await startHarness();
    const opened = await openComposer(h);
    const added = await actInComposer(h, opened, { part_0_1: 'Un.' }, { block_id: 'parts_add', action_id: 'composer_add_part', value: '1' });
    // A new generation of ids, so Slack shows the values the bot gives: the first part kept, a second one empty.
    expect(partIds(added)).toEqual(['part_1_1', 'part_1_2']);
    expect(partValues(added)).toEqual(['Un.', '']);
    expect(inputs(added).part_1_1.label.text).toBe('Partie 1 sur 2');

    const two = await actInComposer(h, added, { part_1_1: 'Un.', part_1_2: 'Deux.' }, { block_id: 'parts_add', action_id: 'composer_add_part', value: '2' });
    const removed = await actInComposer(h, two, { part_2_1: 'Un.', part_2_2: 'Deux.', part_2_3: 'Trois.' }, { block_id: 'part_2_1_count', action_id: 'composer_remove_part', value: '1' });
    expect(partValues(removed)).toEqual(['Deux.', 'Trois.']);

    let view = removed;
    for (let n = 3; n <= 10; n++) {
      const typed = Object.fromEntries(partIds(view).map((id: string, i: number) => [id, `Partie ${i + 1}.`]));
      view = await actInComposer(h, view, typed, { block_id: 'parts_add', action_id: 'composer_add_part', value: String(n - 1) });
      expect(viewProblems(view.view, 'modal'), `${n} parts`).toEqual([]);
    }
    expect(partIds(view)).toHaveLength(10);
    // At ten parts, no way to add an eleventh; every part has its counts and its Remove button.
    expect(view.view.blocks.some((b: any) => b.block_id === 'parts_add')).toBe(false);
    expect(view.view.blocks.filter((b: any) => b.accessory?.action_id === 'composer_remove_part')).toHaveLength(10);
    expect(view.view.blocks.length).toBeLessThanOrEqual(100);
    // An eleventh asked anyway (a stale copy of the ten-part view still showing the button) is not added.
    const tenTyped = Object.fromEntries(partIds(view).map((id: string, i: number) => [id, `Partie ${i + 1}.`]));
    const stale = await actInComposer(h, view, tenTyped, { block_id: 'parts_add', action_id: 'composer_add_part', value: '10' });
    expect(partIds(stale)).toHaveLength(10);
    expect(partValues(stale)).toEqual(Array.from({ length: 10 }, (_, i) => `Partie ${i + 1}.`));
    expect(h.slack.refusals).toEqual([]);
  });

  it('refuses a non-member on a field the form holds, whatever parts were added (Slack refuses errors on a block it does not have)', async () => {
    h = await startHarness();
    const opened = await openComposer(h);
    const added = await actInComposer(h, opened, { part_0_1: 'Un.' }, { block_id: 'parts_add', action_id: 'composer_add_part', value: '1' });
    const refused = await submitComposer(h, added, { part_1_1: 'Un.', part_1_2: 'Deux.' }, OUTSIDER);
    expect(refused.json).toEqual({ response_action: 'errors', errors: { part_1_1: expect.stringContaining('réservé aux membres du canal') } });
    expect(h.query('SELECT COUNT(*) AS n FROM proposals')[0]!.n).toBe(0);
  });
});
