import { afterEach, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/platform/i18n/index.js';
import { ALICE, AUTHOR, BOB, firstLine, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { viewProblems } from '../support/blockKit.js';
import { actInComposer, inputs, openComposer, submitComposer } from '../support/composer.js';
import { testImage } from '../support/images.js';
import { waitFor } from '../support/waitFor.js';

/** The composer modal with every field, images with alt text end to end, editing, and the two languages. */
describe('the full composer', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const rows = (sql: string) => h.query(sql);

  it('opens with a part field, menus and pickers, no alt text field, and refreshes the counts as the person types', async () => {
    h = await startHarness();
    const opened = await openComposer(h);
    const ids = opened.view.blocks.map((b: any) => b.block_id);
    expect(ids).toEqual(['template_choose', 'part_0_1', 'part_0_1_count', 'parts_add', 'followup', 'at_date', 'at_time', 'reply', 'images']);
    const fields = inputs(opened);
    expect(fields.followup.element.type).toBe('static_select');
    expect(fields.at_date.element.type).toBe('datepicker');
    expect(fields.at_time.element).toMatchObject({ type: 'timepicker', timezone: 'Europe/Paris' });
    expect(fields.reply.element.type).toBe('static_select');
    // No alt text is asked before an image is attached.
    expect(ids.some((id: string) => id.startsWith('alt_'))).toBe(false);
    // No label says a field is both required and optional.
    for (const block of opened.view.blocks) if (block.label) expect(block.label.text).not.toMatch(/facultatif|obligatoire/);
    expect(opened.view.blocks.find((b: any) => b.block_id === 'part_0_1').dispatch_action).toBe(true);
    const updated = await actInComposer(h, opened, { part_0_1: 'Lien https://example.fr/a 🚓' }, { type: 'plain_text_input', block_id: 'part_0_1', action_id: 'part' });
    // "Lien " 5 + URL 23 + " " 1 + emoji 2 = 31
    expect(JSON.stringify(updated.view.blocks.find((b: any) => b.block_id === 'part_0_1_count'))).toContain('31/280');
    // Counting never touches what is being typed: the same block ids, so Slack keeps the field.
    expect(updated.view.blocks.map((b: any) => b.block_id)).toEqual(ids);
  });

  it('with several networks: all ticked at first; none ticked is refused on that field; the ones ticked are the proposal’s', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    const opened = await openComposer(h);
    const networks = inputs(opened).networks.element;
    expect(networks.type).toBe('checkboxes');
    expect(networks.options.map((o: any) => o.value)).toEqual(['x', 'mastodon', 'bluesky']);
    expect(networks.initial_options.map((o: any) => o.value)).toEqual(['x', 'mastodon', 'bluesky']);
    expect(viewProblems(opened.view, 'modal')).toEqual([]);

    const none = await submitComposer(h, opened, { part_0_1: 'Contrôles ce soir.', networks: [] });
    expect(none.json).toEqual({ response_action: 'errors', errors: { networks: 'Cochez au moins un réseau.' } });
    expect(rows('SELECT COUNT(*) AS n FROM proposals')[0]!.n).toBe(0);

    const two = await submitComposer(h, opened, { part_0_1: 'Contrôles ce soir.', networks: ['mastodon', 'bluesky'] });
    expect(two.status).toBe(200);
    await waitFor(() => h.proposalMessages()[0], 'the proposal message');
    expect(JSON.parse(rows('SELECT networks FROM proposal_versions WHERE ref = 1')[0]!.networks)).toEqual(['mastodon', 'bluesky']);
  });

  it('publishes with a follow-up from the menu, a reply picked among recent posts and images whose alt texts are asked once attached', async () => {
    h = await startHarness();
    const first = await h.propose('Accident A9.');
    await h.react('added', ALICE, 'white_check_mark', first.ts);
    await waitFor(() => h.x.tweets.length === 1, 'the first tweet');
    const png = h.slack.registerFile({ id: 'F1', name: 'carte.png', mimetype: 'image/png', content: await testImage('png') });
    const jpg = h.slack.registerFile({ id: 'F2', name: 'photo.jpg', mimetype: 'image/jpeg', content: await testImage('jpeg', 40, 30, 2) });
    const opened = await openComposer(h);
    // The published proposal is offered as a reply target, with the start of its text.
    expect(inputs(opened).reply.element.options.map((o: any) => o.value)).toEqual(['none', '1']);
    const typed = { part_0_1: 'Infographie : bilan de l’opération.', followup: '2h', reply: '1' };
    const step1 = await submitComposer(h, opened, { ...typed, images: [png, jpg] });
    // Second step: the same modal, one required alt text field per attached image, named after it.
    expect(step1.json.response_action).toBe('update');
    const second = { id: opened.id, view: step1.json.view };
    const alts = second.view.blocks.filter((b: any) => b.type === 'input' && b.block_id.startsWith('alt_'));
    expect(alts.map((b: any) => [b.block_id, b.optional ?? false, b.label.text])).toEqual([
      ['alt_1', false, 'Texte alternatif de « carte.png »'],
      ['alt_2', false, 'Texte alternatif de « photo.jpg »'],
    ]);
    expect(viewProblems(second.view, 'modal')).toEqual([]);
    // What was typed is still there.
    expect(JSON.stringify(second.view.blocks)).toContain('Infographie');
    const answer = await submitComposer(h, second, { alt_1: 'Carte des secteurs contrôlés', alt_2: 'Photo du dispositif' });
    expect(answer.status).toBe(200);
    const m = await waitFor(() => h.proposalMessages()[1], 'the proposal with images');
    expect(shown(m)).toContain('2 images jointes');
    expect(shown(m)).toContain('Carte des secteurs contrôlés');
    expect(shown(m)).toContain('en réponse à #1');
    await h.react('added', BOB, 'white_check_mark', m.ts);
    const tweet = await waitFor(() => h.x.tweets[1], 'the tweet with images');
    expect(tweet.replyTo).toBe(h.x.tweets[0]!.id);
    expect(tweet.mediaIds).toHaveLength(2);
    expect(h.x.media.map((x) => x.altText)).toEqual(['Carte des secteurs contrôlés', 'Photo du dispositif']);
    // Fetched from Slack with the bot token, at publication.
    expect(h.slack.callsTo('files.info').map((c) => c.args.file)).toEqual(['F1', 'F2']);
    // The follow-up opens in the publication's transaction, once X has answered.
    await waitFor(() => rows('SELECT state FROM followups WHERE ref = 2')[0]?.state === 'open', 'the follow-up');
    expect(rows('SELECT followup_seconds FROM proposal_versions WHERE ref = 2')).toEqual([{ followup_seconds: 7200 }]);
  });

  it('refuses on the field: wrong type, too big, a date without a time, a time past, a missing alt text — and stores nothing', async () => {
    h = await startHarness();
    const pdf = { id: 'F9', name: 'note.pdf', mimetype: 'application/pdf', size: 1000 };
    const huge = { id: 'F8', name: 'grande.jpg', mimetype: 'image/jpeg', size: 6 * 1024 * 1024 };
    const png = { id: 'F7', name: 'ok.png', mimetype: 'image/png', size: 1000 };
    const opened = await openComposer(h);
    const bad = await submitComposer(h, opened, { part_0_1: 'Texte.', images: [png, pdf, huge], at_date: '2026-11-22' });
    expect(bad.json.response_action).toBe('errors');
    expect(bad.json.errors.images).toMatch(/« grande.jpg » dépasse 5 Mo|« note.pdf » n’est pas une image/);
    expect(bad.json.errors.at_time).toMatch(/Choisissez aussi une heure/);
    // The test clock is at 11:00 in Paris: 10:00 today has passed.
    const past = await submitComposer(h, opened, { part_0_1: 'Texte.', at_date: '2026-11-21', at_time: '10:00' });
    expect(past.json.errors.at_time).toMatch(/passé/);
    const step1 = await submitComposer(h, opened, { part_0_1: 'Texte.', images: [png] });
    const second = { id: opened.id, view: step1.json.view };
    const noAlt = await submitComposer(h, second, { alt_1: '' });
    expect(noAlt.json.errors.alt_1).toMatch(/texte alternatif de l’image 1 est nécessaire/);
    expect(rows('SELECT ref FROM proposals')).toEqual([]);
  });

  it('edits as a new version: the old message is replaced and its approvals no longer count', async () => {
    h = await startHarness({ APPROVALS_REQUIRED: '2' });
    const v1 = await h.propose('Texte avec une faute de frappe.');
    expect(await h.react('added', ALICE, 'white_check_mark', v1.ts)).toBe('approval_added');
    // Only the author can edit.
    const edit = JSON.parse(JSON.stringify(v1.blocks)).find((b: any) => b.type === 'actions').elements[0];
    expect(edit.action_id).toBe('proposal_edit');
    await h.send.blockAction(BOB, { action_id: 'proposal_edit', value: edit.value }, { messageTs: v1.ts, message: v1 });
    await waitFor(() => h.slack.responses.some((r) => /Seul l’auteur/.test(r.body?.text ?? '')), 'the refusal to a non-author');
    await h.send.blockAction(AUTHOR, { action_id: 'proposal_edit', value: edit.value }, { messageTs: v1.ts, message: v1 });
    const opened = await waitFor(() => h.slack.views.find((v) => v.method === 'views.open'), 'the composer with the current text');
    expect(inputs(opened).part_0_1.element.initial_value).toBe('Texte avec une faute de frappe.');

    await submitComposer(h, opened, { part_0_1: 'Texte sans faute de frappe.' });
    const v2 = await waitFor(() => h.proposalMessages().find((m) => m.ts !== v1.ts), 'version 2');
    expect(shown(v2)).toContain('version 2');
    expect(shown(v2)).toContain('#1');
    await waitFor(() => firstLine(h.slack.message(TEAM, v1.ts)) === '↪️ *Remplacée* par la version 2', 'the old message replaced');
    expect(JSON.stringify(h.slack.message(TEAM, v1.ts)!.blocks)).not.toContain('proposal_edit');

    expect(await h.react('added', BOB, 'white_check_mark', v1.ts)).toBe('old_version');
    expect(await h.react('added', BOB, 'white_check_mark', v2.ts)).toBe('approval_added');
    expect(h.x.tweets).toHaveLength(0); // Alice's approval of version 1 does not count
    await h.react('added', ALICE, 'white_check_mark', v2.ts);
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet of version 2');
    expect(tweet.text).toBe('Texte sans faute de frappe.');
    expect(rows("SELECT action FROM audit_log WHERE action = 'edited'")).toHaveLength(1);
  });
});

describe('the two languages', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('have the same keys', () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.fr).sort());
    expect(Object.keys(catalogues.en.state).sort()).toEqual(Object.keys(catalogues.fr.state).sort());
  });

  it.each([
    ['fr', /texte trop long : 300\/280/],
    ['en', /text too long: 300\/280/],
  ])('refuse the same too-long text in %s', async (locale, expected) => {
    h = await startHarness({ LOCALE: locale });
    const answer = await h.send.command(AUTHOR, '/tweet', 'a'.repeat(300));
    expect(answer.json.text).toMatch(expected);
  });

  it('shows times in the team’s time zone, in the locale’s format', async () => {
    h = await startHarness({ LOCALE: 'en', TEAM_TIMEZONE: 'America/New_York' });
    const m = await h.propose('--at 2026-11-21 09:30 Scheduled in New York.');
    expect(shown(m)).toContain('09:30');
    expect(shown(m)).toContain('Awaiting approval');
  });
});
