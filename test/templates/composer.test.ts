/**
 * The template form through the real bot (Bolt over HTTP, fake Slack and X, real SQLite): `/tweet --template`
 * opens it, typing refreshes the text and its counts (`views.update`), a submission is checked like any text
 * and becomes an ordinary proposal recording its template and field values, and a reminder of a proposal made
 * from `accident` opens `fin-intervention` already filled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { weightedLength } from '../../src/proposals/tweetText.js';
import type { StoredView } from '../support/fakeSlackViews.js';
import { ALICE, AUTHOR, BOB, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { escapeLikeSlack } from '../support/slackRequests.js';
import { actInComposer, stateOf, submitComposer } from '../support/composer.js';
import { waitFor } from '../support/waitFor.js';

const HOUR = 60 * 60_000;
type Row = Record<string, any>;

/** `/tweet …` as Slack sends it; resolves with the bot's answer and the form it opened, if any. */
async function tweet(h: Harness, text: string, user = AUTHOR) {
  const opened = h.slack.views.length;
  const response = await h.send.command(user, '/tweet', escapeLikeSlack(text));
  expect(response.status).toBe(200);
  return { response, form: () => waitFor(() => h.slack.views.slice(opened).find((v) => v.method === 'views.open'), 'the template form') };
}

const blockOf = (view: StoredView, id: string) => view.view.blocks.find((b: any) => b.block_id === id);
const textOf = (view: StoredView, id: string) => JSON.stringify(blockOf(view, id) ?? null);
/** The text the form previews: its rich-text quote, as Slack shows it. */
const previewOf = (view: StoredView) => blockOf(view, 'template_preview').elements[0].elements[0].text as string;

/** Typing in a field of the form: the block action Slack sends for an input with dispatch_action. */
const type = (h: Harness, view: StoredView, typed: Record<string, string>, block: string) =>
  actInComposer(h, view, typed, { type: 'plain_text_input', block_id: block, action_id: block });

const versions = (h: Harness): Row[] =>
  h.query<Row>('SELECT ref, version, text, followup_seconds, reply_to_ref, template, template_values FROM proposal_versions ORDER BY ref, version').map((r) => ({
    ...r,
    template_values: r.template_values ? JSON.parse(r.template_values) : null,
  }));

describe('the template form', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('is chosen in the /tweet composer: its menu lists the templates and turns the composer into the chosen one’s form', async () => {
    h = await startHarness();
    const { form } = await tweet(h, '');
    const composer = await form();
    const menu = blockOf(composer, 'template_choose').accessory;
    expect(menu.options.map((o: any) => o.value)).toContain('accident');
    const updates = h.slack.views.filter((v) => v.method === 'views.update').length;
    const response = await h.send.interaction({
      type: 'block_actions', user: { id: AUTHOR }, api_app_id: 'A1', token: 'x', trigger_id: h.slack.newTriggerId(), team: { id: 'T1' },
      container: { type: 'view', view_id: composer.id },
      view: { id: composer.id, hash: composer.hash, type: 'modal', callback_id: composer.view.callback_id, private_metadata: composer.view.private_metadata, state: { values: {} } },
      actions: [{ type: 'static_select', block_id: 'template_choose', action_id: 'template_choose', selected_option: { text: { type: 'plain_text', text: 'accident' }, value: 'accident' }, action_ts: '1' }],
    });
    expect(response.status).toBe(200);
    const updated = await waitFor(() => h.slack.views.filter((v) => v.method === 'views.update')[updates], 'the template form');
    expect(updated.id).toBe(composer.id);
    expect(updated.view.callback_id).toBe('template_composer');
    expect(textOf(updated, 'template_intro')).toContain('accident');
    expect(h.slack.refusals).toEqual([]);
  });

  it('chosen in a composer opened as a reply (a reminder without a closing template): the template form replies to the same proposal', async () => {
    h = await startHarness();
    const { form } = await tweet(h, '');
    const composer = await form();
    // The metadata the bot writes for the composer a reminder opens (composerView with replyToRef), as Slack sends it back.
    const metadata = JSON.stringify({ ...JSON.parse(composer.view.private_metadata), replyToRef: 7 });
    const updates = h.slack.views.filter((v) => v.method === 'views.update').length;
    await h.send.interaction({
      type: 'block_actions', user: { id: AUTHOR }, api_app_id: 'A1', token: 'x', trigger_id: h.slack.newTriggerId(), team: { id: 'T1' },
      container: { type: 'view', view_id: composer.id },
      view: { id: composer.id, hash: composer.hash, type: 'modal', callback_id: composer.view.callback_id, private_metadata: metadata, state: { values: {} } },
      actions: [{ type: 'static_select', block_id: 'template_choose', action_id: 'template_choose', selected_option: { text: { type: 'plain_text', text: 'accident' }, value: 'accident' }, action_ts: '1' }],
    });
    const updated = await waitFor(() => h.slack.views.filter((v) => v.method === 'views.update')[updates], 'the template form');
    expect(updated.view.callback_id).toBe('template_composer');
    expect(blockOf(updated, 'template_reply').element.initial_value).toBe('#7');
    expect(JSON.parse(updated.view.private_metadata)).toMatchObject({ template: 'accident', replyToRef: 7 });
  });

  it('opens from /tweet --template with one input per field, the text to come, and the template’s follow-up', async () => {
    h = await startHarness();
    const { response, form } = await tweet(h, '--template Accident');
    expect(response.text).toBe('');
    const view = await form();
    expect(view.view).toMatchObject({ type: 'modal', callback_id: 'template_composer', title: { text: 'Tweet depuis un modèle' } });
    expect(blockOf(view, 'template_field_0')).toMatchObject({
      type: 'input', label: { text: 'Route' }, dispatch_action: true,
      element: { type: 'plain_text_input', action_id: 'template_field_0', dispatch_action_config: { trigger_actions_on: ['on_character_entered'] } },
    });
    expect(blockOf(view, 'template_field_1')).toMatchObject({ label: { text: 'Lieu' } });
    expect(blockOf(view, 'template_field_2')).toBeUndefined();
    expect(previewOf(view)).toMatch(/^⚠️ #Accident sur l'\{route\} à hauteur de \{lieu\}\./);
    expect(textOf(view, 'template_count')).toContain('À remplir : Route, Lieu');
    expect(blockOf(view, 'template_followup').element.initial_value).toBe('2h');
    expect(textOf(view, 'template_followup')).toContain('Vide : le suivi par défaut du modèle (2h)');
    expect(blockOf(view, 'template_reply').element.initial_value).toBeUndefined();
    expect(versions(h)).toEqual([]);
  });

  it('takes the command’s other options into the form', async () => {
    h = await startHarness();
    const first = await h.propose('Un premier tweet.');
    await h.react('added', ALICE, 'white_check_mark', first.ts);
    await waitFor(() => h.x.tweets[0], 'the first tweet');
    const view = await (await tweet(h, '--modele perturbation --suivi 45m --reply #1 --at 14:30')).form();
    expect(blockOf(view, 'template_followup').element.initial_value).toBe('45m');
    expect(blockOf(view, 'template_reply').element.initial_value).toBe('#1');
    expect(blockOf(view, 'template_at').element.initial_value).toBe('2026-11-21 14:30');
  });

  it.each([
    ['an unknown template', '--template accidnet', 'le modèle « accidnet » n’existe pas. Modèles : `accident`, `appel-a-temoins`, `disparition`, `fin-intervention`, `perturbation`, `prevention`.'],
    ['a text with a template', '--template accident Accident sur l’A9', '`--template accident` ouvre le formulaire du modèle : il ne prend pas de texte'],
    ['a template without a name', '--template', 'l’option `--template` attend une valeur'],
    ['an unknown reply target', '--template fin-intervention --reply #9', 'la proposition #9 n’existe pas'],
  ])('refuses %s at the command, opening nothing', async (_what, text, message) => {
    h = await startHarness();
    const { response } = await tweet(h, text);
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    expect(response.json.text).toContain('Proposition non enregistrée :');
    expect(response.json.text).toContain(message);
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('refreshes the text and its count as the person types', async () => {
    h = await startHarness();
    const view = await (await tweet(h, '--template accident')).form();
    const one = await type(h, view, { template_field_0: 'A9' }, 'template_field_0');
    expect(one.args.view_id).toBe(view.id);
    expect(one.args.hash).toBe(view.hash);
    expect(previewOf(one)).toMatch(/^⚠️ #Accident sur l'A9 à hauteur de \{lieu\}\./);
    expect(textOf(one, 'template_count')).toContain('À remplir : Lieu');
    const both = await type(h, one, { template_field_0: 'A9', template_field_1: 'Montpellier-Est' }, 'template_field_1');
    const text = previewOf(both);
    expect(text).toMatch(/^⚠️ #Accident sur l'A9 à hauteur de Montpellier-Est\..* #A9$/);
    expect(textOf(both, 'template_count')).toContain(`${weightedLength(text)}/280`);
    expect(textOf(both, 'template_count')).not.toContain('À remplir');
  });

  it('refuses an empty field on that field, then makes an ordinary proposal recording its template and values', async () => {
    h = await startHarness();
    const view = await (await tweet(h, '--template accident')).form();
    const refused = await submitComposer(h, view, { template_field_0: 'A9', template_field_1: '   ' });
    expect(refused.json).toEqual({ response_action: 'errors', errors: { template_field_1: '« Lieu » est à remplir.' } });
    expect(versions(h)).toEqual([]);

    // The follow-up emptied: the template's default applies.
    const answer = await submitComposer(h, view, { template_field_0: ' A9 ', template_field_1: 'Montpellier-Est', template_followup: '' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
    const m = await waitFor(() => h.proposalMessages()[0], 'the proposal message');
    const [stored] = versions(h);
    expect(stored).toMatchObject({ ref: 1, followup_seconds: 7200, reply_to_ref: null, template: 'accident', template_values: { route: 'A9', lieu: 'Montpellier-Est' } });
    expect(stored!.text).toBe(
      "⚠️ #Accident sur l'A9 à hauteur de Montpellier-Est. Gendarmes et secours sont sur place, la circulation est perturbée. Évitez le secteur, ralentissez à l'approche et suivez les consignes. #A9",
    );
    expect(shown(m)).toContain('suivi 2 h après publication');
    expect(h.query("SELECT action, text FROM audit_log WHERE subject = 'proposal'")).toEqual([{ action: 'proposed', text: stored!.text }]);

    // A delay given in the form wins over the template's.
    await submitComposer(h, view, { template_field_0: 'A75', template_field_1: 'Millau', template_followup: '3h' });
    await waitFor(() => h.proposalMessages()[1], 'the second proposal');
    expect(versions(h)[1]).toMatchObject({ followup_seconds: 10800, template_values: { route: 'A75', lieu: 'Millau' } });
  });

  it('refuses a filled text too long for Bluesky, on the field, as any text would be', async () => {
    h = await startHarness({ DRY_RUN: 'bluesky', TWEET_MAX_LENGTH: '1000' });
    const body = 'Fermeture de la route pour travaux de réfection de la chaussée. '.repeat(4).trim();
    await h.send.command(AUTHOR, '/template', `add travaux ${body} Secteur : {lieu}.`);
    const view = await (await tweet(h, '--template travaux')).form();
    const lieu = 'Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson, route départementale 9';
    const filled = `${body} Secteur : ${lieu}.`;
    const refused = await submitComposer(h, view, { template_field_0: lieu });
    expect(refused.json.response_action).toBe('errors');
    const error = refused.json.errors.template_field_0 as string;
    expect(error).toContain(`trop long pour Bluesky : ${[...new Intl.Segmenter().segment(filled)].length}/300`);
    // The same words as the command's refusal of the same text.
    const command = await h.send.command(AUTHOR, '/tweet', escapeLikeSlack(filled));
    expect(command.json.text).toContain(error);
    expect(versions(h)).toEqual([]);
  });

  it('makes a thread of a template holding a line of ---, each part checked on its own', async () => {
    h = await startHarness();
    await h.send.command(AUTHOR, '/template', 'add bilan Bilan de la nuit à {lieu} : 1/2.\n---\nMerci aux équipes engagées à {lieu}.');
    const view = await (await tweet(h, '--template bilan')).form();
    expect(previewOf(view)).toBe('Bilan de la nuit à {lieu} : 1/2.\n---\nMerci aux équipes engagées à {lieu}.');
    const tooLong = await submitComposer(h, view, { template_field_0: 'x'.repeat(260) });
    expect(tooLong.json.errors.template_field_0).toContain('partie 2');
    await submitComposer(h, view, { template_field_0: 'Lunel' });
    await waitFor(() => h.proposalMessages()[0], 'the thread proposal');
    expect(h.query('SELECT part, text FROM proposal_parts WHERE ref = 1 ORDER BY part')).toEqual([
      { part: 1, text: 'Bilan de la nuit à Lunel : 1/2.' },
      { part: 2, text: 'Merci aux équipes engagées à Lunel.' },
    ]);
    expect(versions(h)[0]).toMatchObject({ template: 'bilan', template_values: { lieu: 'Lunel' } });
  });

  it('refuses a form from a non-member, or one whose metadata is not the bot’s, storing nothing', async () => {
    h = await startHarness();
    const view = await (await tweet(h, '--template accident')).form();
    const outsider = await submitComposer(h, view, { template_field_0: 'A9', template_field_1: 'Montpellier-Est' }, OUTSIDER);
    expect(outsider.json).toEqual({ response_action: 'errors', errors: { template_followup: expect.stringContaining('réservé aux membres') } });
    const forged = await h.send.viewSubmission(AUTHOR, { callback_id: 'template_composer', private_metadata: '{"nope":1', state: stateOf(view, { template_field_0: 'A9' }) });
    expect(forged.json).toEqual({ response_action: 'errors', errors: { template_followup: expect.stringContaining('Une erreur inattendue') } });
    expect(versions(h)).toEqual([]);
  });

  it('keeps the template and its values when the author edits the proposal', async () => {
    h = await startHarness();
    const view = await (await tweet(h, '--template accident')).form();
    await submitComposer(h, view, { template_field_0: 'A9', template_field_1: 'Montpellier-Est' });
    const m = await waitFor(() => h.proposalMessages()[0], 'the proposal');
    // Edit on the message opens the composer with the text; the author changes it and saves.
    const edit = m.blocks!.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === 'proposal_edit');
    const opened = h.slack.views.filter((v) => v.method === 'views.open').length;
    await h.send.blockAction(AUTHOR, { action_id: 'proposal_edit', value: edit.value }, { messageTs: m.ts, message: m });
    const composer = await waitFor(() => h.slack.views.filter((v) => v.method === 'views.open')[opened], 'the composer');
    const edited = await submitComposer(h, composer, { part_0_1: 'Accident sur l’A9 à hauteur de Montpellier-Est : évitez le secteur.' });
    expect(edited.status).toBe(200);
    await waitFor(() => versions(h).length === 2, 'version 2');
    expect(versions(h)[1]).toMatchObject({ version: 2, template: 'accident', template_values: { route: 'A9', lieu: 'Montpellier-Est' } });
  });

  it('speaks English when the cell does', async () => {
    h = await startHarness({ LOCALE: 'en' });
    const view = await (await tweet(h, '--template prevention')).form();
    expect(view.view.title.text).toBe('Tweet from a template');
    expect(blockOf(view, 'template_field_0').label.text).toBe('Hashtag');
    const refused = await submitComposer(h, view, { template_field_0: 'Cambriolages' });
    expect(refused.json.errors).toEqual({ template_field_1: '“Conseil” must be filled in.' });
  });
});

describe('the closing post from a template', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const remindersIn = (ts: string) => h.slack.messages.filter((m) => m.thread_ts === ts && m.reply_broadcast === true);
  /** Presses *Propose the closing tweet* on a reminder, as Slack sends it. */
  async function proposeClosing(reminder: any) {
    const opened = h.slack.views.length;
    const actions = reminder.blocks.find((b: any) => b.type === 'actions');
    const button = actions.elements.find((b: any) => b.action_id === 'followup_propose_closing');
    await h.send.blockAction(BOB, { action_id: button.action_id, value: button.value, block_id: actions.block_id }, { messageTs: reminder.ts, message: reminder });
    return waitFor(() => h.slack.views.slice(opened).find((v) => v.method === 'views.open'), 'the closing form');
  }

  it('accident on the A9 at Montpellier-Est, approved; two hours later the reminder opens the end of intervention, ready to approve', async () => {
    h = await startHarness();
    const form = await (await tweet(h, '--template accident')).form();
    await submitComposer(h, form, { template_field_0: 'A9', template_field_1: 'Montpellier-Est' });
    const m = await waitFor(() => h.proposalMessages()[0], 'the accident proposal');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    const accident = await waitFor(() => h.x.tweets[0], 'the accident tweet');
    expect(accident.text).toMatch(/^⚠️ #Accident sur l'A9 à hauteur de Montpellier-Est\./);
    await waitFor(() => h.query("SELECT state FROM followups WHERE ref = 1")[0]?.state === 'open', 'the follow-up the template opens');

    await h.advance(2 * HOUR);
    const reminder = await waitFor(() => remindersIn(m.ts)[0], 'the reminder at +2h');
    const closing = await proposeClosing(reminder);
    expect(closing.view.callback_id).toBe('template_composer');
    expect(previewOf(closing)).toMatch(/^✅ Fin d'intervention sur l'A9 à hauteur de Montpellier-Est : /);
    expect(blockOf(closing, 'template_field_0').element.initial_value).toBe('A9');
    expect(blockOf(closing, 'template_field_1').element.initial_value).toBe('Montpellier-Est');
    expect(blockOf(closing, 'template_reply').element.initial_value).toBe('#1');
    expect(textOf(closing, 'template_count')).not.toContain('À remplir');

    // Submitted as it opened: a proposal replying to #1.
    const answer = await submitComposer(h, closing, {}, BOB);
    expect(answer.text).toBe('');
    const m2 = await waitFor(() => h.proposalMessages().find((x) => x.ts !== m.ts), 'the closing proposal');
    expect(versions(h)[1]).toMatchObject({
      ref: 2, reply_to_ref: 1, followup_seconds: null, template: 'fin-intervention', template_values: { route: 'A9', lieu: 'Montpellier-Est' },
    });
    await h.react('added', ALICE, 'white_check_mark', m2.ts);
    const end = await waitFor(() => h.x.tweets[1], 'the closing tweet');
    expect(end.text).toMatch(/^✅ Fin d'intervention sur l'A9 à hauteur de Montpellier-Est : la chaussée est dégagée/);
    expect(end.replyTo).toBe(accident.id);
    await waitFor(() => h.query('SELECT state FROM followups WHERE ref = 1')[0]?.state === 'resolved', 'the follow-up resolved');
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes('Suivi clos : tweet de clôture #2 publié'), 'the accident message saying so');
  });

  it('opens the ordinary composer for a proposal whose template has no closing template, or for one made without a template', async () => {
    h = await startHarness();
    const form = await (await tweet(h, '--template perturbation')).form();
    await submitComposer(h, form, { template_field_0: 'RD613', template_field_1: 'Saint-Mathieu-de-Tréviers', template_field_2: 'chute d’arbres' });
    const m = await waitFor(() => h.proposalMessages()[0], 'the disruption proposal');
    const plain = await h.propose('--followup 1h Bouchon sur la rocade.');
    await h.react('added', ALICE, 'white_check_mark', m.ts);
    await h.react('added', ALICE, 'white_check_mark', plain.ts);
    await waitFor(() => h.query("SELECT count(*) AS n FROM followups WHERE state = 'open'")[0]?.n === 2, 'both follow-ups');

    await h.advance(3 * HOUR);
    for (const message of [m, plain]) {
      const reminder = await waitFor(() => remindersIn(message.ts)[0], 'a reminder');
      const view = await proposeClosing(reminder);
      expect(view.view.callback_id).toBe('proposal_composer');
    }
  });
});
