import { afterEach, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/platform/i18n/index.js';
import { ALICE, AUTHOR, BOB, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { testImage } from '../support/images.js';
import { waitFor } from '../support/waitFor.js';

/** The composer modal with every field, images with alt text end to end, editing, and the two languages. */
describe('the full composer', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const value = (v: string) => ({ type: 'plain_text_input', value: v });
  const submission = (fields: { text: string; followup?: string; at?: string; reply?: string; files?: any[]; alts?: string[] }, preset = {}) => ({
    callback_id: 'proposal_composer',
    private_metadata: JSON.stringify(preset),
    state: {
      values: {
        text: { text: value(fields.text) },
        followup: { followup: value(fields.followup ?? '') },
        at: { at: value(fields.at ?? '') },
        reply: { reply: value(fields.reply ?? '') },
        images: { images: { type: 'file_input', files: fields.files ?? [] } },
        ...Object.fromEntries([1, 2, 3, 4].map((n) => [`alt_${n}`, { [`alt_${n}`]: value(fields.alts?.[n - 1] ?? '') }])),
      },
    },
  });
  const rows = (sql: string) => h.query(sql);

  it('opens with every field and refreshes the weighted count as the person types', async () => {
    h = await startHarness();
    await h.send.command(AUTHOR, '/tweet', '');
    const opened = await waitFor(() => h.slack.views.find((v) => v.method === 'views.open'), 'the modal');
    const ids = opened.view.blocks.map((b: any) => b.block_id);
    expect(ids).toEqual(expect.arrayContaining(['text', 'count', 'followup', 'at', 'reply', 'images', 'alt_1', 'alt_4']));
    expect(opened.view.blocks[0].dispatch_action).toBe(true);
    const typed = {
      type: 'block_actions',
      user: { id: AUTHOR },
      api_app_id: 'A1',
      token: 'x',
      trigger_id: h.slack.newTriggerId(),
      team: { id: 'T1' },
      container: { type: 'view', view_id: opened.id },
      view: { id: opened.id, hash: opened.hash, type: 'modal', callback_id: 'proposal_composer', private_metadata: '{}', state: { values: { text: { text: value('Lien https://example.fr/a 🚓') } } } },
      actions: [{ type: 'plain_text_input', block_id: 'text', action_id: 'text', value: 'Lien https://example.fr/a 🚓', action_ts: '1' }],
    };
    expect((await h.send.interaction(typed)).status).toBe(200);
    const updated = await waitFor(() => h.slack.views.find((v) => v.method === 'views.update'), 'the refreshed count');
    // "Lien " 5 + URL 23 + " " 1 + emoji 2 = 31
    expect(JSON.stringify(updated.view.blocks.find((b: any) => b.block_id === 'count'))).toContain('31/280');
  });

  it('publishes a proposal with a follow-up, a reply target and images with their alt text', async () => {
    h = await startHarness();
    const first = await h.propose('Accident A9.');
    await h.react('added', ALICE, 'white_check_mark', first.ts);
    await waitFor(() => h.x.tweets.length === 1, 'the first tweet');
    const png = h.slack.registerFile({ id: 'F1', name: 'carte.png', mimetype: 'image/png', content: await testImage('png') });
    const jpg = h.slack.registerFile({ id: 'F2', name: 'photo.jpg', mimetype: 'image/jpeg', content: await testImage('jpeg', 40, 30, 2) });
    const answer = await h.send.viewSubmission(AUTHOR, submission({
      text: 'Infographie : bilan de l’opération.',
      followup: '2h',
      reply: '#1',
      files: [png, jpg],
      alts: ['Carte des secteurs contrôlés', 'Photo du dispositif'],
    }));
    expect(answer.status).toBe(200);
    const m = await waitFor(() => h.proposalMessages()[1], 'the proposal with images');
    expect(shown(m)).toContain('2 images jointes');
    expect(shown(m)).toContain('Carte des secteurs contrôlés');
    await h.react('added', BOB, 'white_check_mark', m.ts);
    const tweet = await waitFor(() => h.x.tweets[1], 'the tweet with images');
    expect(tweet.replyTo).toBe(h.x.tweets[0]!.id);
    expect(tweet.mediaIds).toHaveLength(2);
    expect(h.x.media.map((x) => x.altText)).toEqual(['Carte des secteurs contrôlés', 'Photo du dispositif']);
    // Fetched from Slack with the bot token, at publication.
    expect(h.slack.callsTo('files.info').map((c) => c.args.file)).toEqual(['F1', 'F2']);
    // The follow-up opens in the publication's transaction, once X has answered.
    await waitFor(() => rows('SELECT state FROM followups WHERE ref = 2')[0]?.state === 'open', 'the follow-up');
  });

  it('refuses on the field: missing alt text, wrong type, too big, bad delay, bad reply — and stores nothing', async () => {
    h = await startHarness();
    const pdf = { id: 'F9', name: 'note.pdf', mimetype: 'application/pdf', size: 1000 };
    const huge = { id: 'F8', name: 'grande.jpg', mimetype: 'image/jpeg', size: 6 * 1024 * 1024 };
    const png = { id: 'F7', name: 'ok.png', mimetype: 'image/png', size: 1000 };
    const answer = await h.send.viewSubmission(AUTHOR, submission({ text: 'Texte.', followup: '0m', at: '25:00', reply: '#42', files: [png, pdf, huge], alts: ['', 'x', 'y'] }));
    expect(answer.json.response_action).toBe('errors');
    const errors = answer.json.errors;
    expect(errors.alt_1).toMatch(/texte alternatif de l’image 1 est obligatoire/);
    expect(errors.images).toMatch(/« grande.jpg » dépasse 5 Mo|« note.pdf » n’est pas une image/);
    expect(errors.followup).toMatch(/ne peut pas être nulle/);
    expect(errors.at).toMatch(/heure illisible/);
    expect(errors.reply).toMatch(/#42 n’existe pas/);
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
    expect(JSON.stringify(opened.view.blocks)).toContain('Texte avec une faute de frappe.');

    await h.send.viewSubmission(AUTHOR, submission({ text: 'Texte sans faute de frappe.' }, JSON.parse(opened.view.private_metadata)));
    const v2 = await waitFor(() => h.proposalMessages().find((m) => m.ts !== v1.ts), 'version 2');
    expect(shown(v2)).toContain('version 2');
    expect(shown(v2)).toContain('#1');
    await waitFor(() => shown(h.slack.message(TEAM, v1.ts)).includes('Remplacée par la version 2'), 'the old message replaced');

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
    expect(shown(m)).toContain('Waiting for approval');
  });
});
