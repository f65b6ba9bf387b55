/**
 * `/report` through the real bot: the figures as the command's private answer, the chart and the CSV
 * uploaded to the caller's messages with the app (the fake Slack checks each upload step), *Share in the
 * channel*, and bad input.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_SHARE_REPORT } from '../../src/reports/ids.js';
import { messageBlocksProblems } from '../support/blockKit.js';
import { ALICE, AUTHOR, BOB, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

/** A proposal published on X (the `ref`-th): proposed by the author, approved by Alice. */
async function publishOne(text: string, ref = 1): Promise<void> {
  const message = await h.propose(text);
  await h.react('added', ALICE, 'white_check_mark', message.ts);
  await waitFor(() => h.delivery(ref)?.state === 'published' || undefined, 'the publication');
  await h.bot.scheduler.settle();
  // A report of the period so far ends at the moment it is asked: a little later than the post.
  h.clock.advance(1_000);
}

/** The bytes of a file the fake Slack holds, read at its private URL with the bot token, as a person's client would. */
async function download(file: { url_private_download: string }): Promise<Buffer> {
  const response = await fetch(file.url_private_download, { headers: { authorization: 'Bearer xoxb-test-bot-token-123' } });
  return Buffer.from(await response.arrayBuffer());
}

const fileShares = () => h.slack.messages.filter((m) => (m.files ?? []).length > 0);

describe('/report', () => {
  it('answers the caller alone with the figures, then sends the chart and the CSV to their messages with the app', async () => {
    await publishOne('Accident sur l’A9 à Montpellier, évitez le secteur.');
    const response = await h.send.command(BOB, '/report', '');
    expect(response.status).toBe(200);
    const answer = response.json;
    expect(answer.response_type).toBe('ephemeral');
    expect(messageBlocksProblems(answer.blocks)).toEqual([]);
    const all = shown(answer);
    expect(all).toContain('Rapport de la cellule — semaine en cours, depuis le lundi 16 novembre 2026');
    expect(answer.text).toContain('Publications : 1 (X 1)');
    expect(answer.blocks[1].fields[0].text).toBe('*Publications :*\n*1* (X 1)');
    expect(all).toContain('Le graphique et les chiffres (CSV) arrivent dans vos messages avec l’app.');
    const share = answer.blocks.find((b: { type: string }) => b.type === 'actions').elements[0];
    expect(share).toMatchObject({ action_id: ACTION_SHARE_REPORT, text: { text: 'Partager dans le canal' } });

    // The files: in Bob's messages with the app, nowhere else.
    const [dm] = await waitFor(() => (fileShares().length ? fileShares() : undefined), 'the chart and the CSV');
    expect(fileShares()).toHaveLength(1);
    expect(dm!.channel).toBe(h.slack.directMessage(BOB));
    expect(dm!.text).toBe('Graphique et chiffres du rapport de la cellule — semaine en cours, depuis le lundi 16 novembre 2026.');
    expect(h.slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual(['rapport-2026-11-16.png', 'rapport-2026-11-16.csv']);
    expect(h.slack.callsTo('files.getUploadURLExternal')[0]!.args.alt_txt).toMatch(/^Rapport de la cellule, semaine en cours.*1 publication par jour/);
    const [png, csv] = dm!.files as Array<{ name: string; mimetype: string; url_private_download: string }>;
    expect([png!.name, png!.mimetype, csv!.name, csv!.mimetype]).toEqual(['rapport-2026-11-16.png', 'image/png', 'rapport-2026-11-16.csv', 'text/csv']);
    expect([...(await download(png!)).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const figures = (await download(csv!)).toString('utf8');
    expect(figures.split('\r\n')[0]).toBe('indicateur,libellé,réseau,modèle,jour,tranche,valeur,unité');
    expect(figures).toContain('posts,publications,x,,,,1,nombre');
    // Nothing in the team channel but the proposal and its thread.
    expect(h.slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts)).toHaveLength(1);
    expect(h.slack.refusals).toEqual([]);
  });

  it('is answered before anything of the files is done: Slack holding the conversation, the figures are there', async () => {
    const release = h.slack.holdNext('conversations.open');
    const response = await h.send.command(BOB, '/report', 'mois');
    expect(response.json.blocks[0].text.text).toBe('📊 Rapport de la cellule — novembre 2026 (en cours)');
    await waitFor(() => h.slack.callsTo('conversations.open')[0], 'the conversation asked for');
    expect(h.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    release();
    await waitFor(() => fileShares()[0], 'the files');
    expect(h.slack.callsTo('files.getUploadURLExternal').map((c) => c.args.filename)).toEqual(['rapport-2026-11.png', 'rapport-2026-11.csv']);
  });

  it('shares the same figures in the channel, with the chart and the CSV, once', async () => {
    await publishOne('Appel à témoins : accident de la RN113 cette nuit.');
    const answer = (await h.send.command(BOB, '/report', 'semaine')).json;
    const value = answer.blocks.find((b: { type: string }) => b.type === 'actions').elements[0].value as string;
    await waitFor(() => fileShares()[0], 'the caller’s files');
    // Alice's name is known (read with the member list): the report names her without a mention.
    await waitFor(() => h.query(`SELECT name FROM people WHERE user_id = ?`, ALICE)[0], 'Alice’s name');
    // Later, more is published: the shared report still shows what Bob saw.
    h.clock.advance(60 * 60_000);
    await publishOne('Intervention terminée sur la RN113, circulation rétablie.', 2);
    const press = await h.send.blockAction(ALICE, { action_id: ACTION_SHARE_REPORT, value }, { messageTs: '1.000001' });
    expect(press.status).toBe(200);
    const told = await waitFor(() => h.slack.responses.find((r) => String(r.body.text).includes('partagé')), 'the answer to Alice');
    expect(told.body).toMatchObject({ response_type: 'ephemeral', text: 'Rapport partagé dans le canal.' });
    const shared = await waitFor(() => fileShares().find((m) => m.channel === TEAM), 'the report in the channel');
    expect(shared.blocks!.map((b: { type: string }) => b.type)).toEqual(answer.blocks.map((b: { type: string }) => b.type).filter((t: string) => t !== 'actions'));
    expect(shared.blocks![1].fields[0].text).toBe('*Publications :*\n*1* (X 1)');
    expect(shown(shared)).toContain('Partagé par ualice.');
    expect(shown(shared)).not.toContain('<@UALICE>');
    expect(shown(shared)).not.toContain('arrivent dans vos messages');
    expect(shared.files.map((f: { name: string }) => f.name)).toEqual(['rapport-2026-11-16.png', 'rapport-2026-11-16.csv']);
    expect(h.slack.callsTo('files.completeUploadExternal').at(-1)!.args.channel_id).toBe(TEAM);

    // Pressed again, by anyone: it is in the channel already.
    await h.send.blockAction(BOB, { action_id: ACTION_SHARE_REPORT, value }, { messageTs: '1.000001' });
    const again = await waitFor(() => h.slack.responses.find((r) => String(r.body.text).includes('déjà')), 'the second answer');
    expect(again.body.text).toBe('Ce rapport est déjà dans le canal : ualice l’a partagé.');
    await h.bot.scheduler.settle();
    expect(fileShares().filter((m) => m.channel === TEAM)).toHaveLength(1);
  });

  it('says what is wrong with a period, and does nothing else', async () => {
    const cases: Array<[string, string]> = [
      ['2026-13', 'Rapport impossible :\n• mois impossible : « 2026-13 ». Écrivez `AAAA-MM`, avec un mois de 01 à 12.'],
      ['demain', 'Rapport impossible :\n• période inconnue : « demain ». Écrivez `semaine`, `mois` ou un mois `AAAA-MM` (`2026-11`).'],
      ['2027-01', 'Rapport impossible :\n• le mois « 2027-01 » n’a pas encore commencé : il n’y a rien à compter.'],
      ['&lt;!channel&gt;', 'Rapport impossible :\n• période inconnue : « &lt;!channel&gt; ». Écrivez `semaine`, `mois` ou un mois `AAAA-MM` (`2026-11`).'],
    ];
    for (const [typed, said] of cases) {
      const response = await h.send.command(BOB, '/report', typed);
      expect(response.json, typed).toEqual({ response_type: 'ephemeral', text: said });
    }
    expect((await h.send.command(BOB, '/report', 'aide')).json.text).toContain('`/report mois`');
    const outsider = await h.send.command(OUTSIDER, '/report', '');
    expect(outsider.json.text).toContain('réservé aux membres');
    await h.bot.scheduler.settle();
    expect(h.query(`SELECT key FROM outbox WHERE key LIKE 'report:%'`)).toEqual([]);
    expect(h.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
  });

  it('refuses a Share button whose value names no report, and shares nothing', async () => {
    for (const value of ['week', 'month|2|1|0|', 'week|1|2|0|<!here>', '']) {
      const before = h.slack.responses.length;
      await h.send.blockAction(AUTHOR, { action_id: ACTION_SHARE_REPORT, value }, { messageTs: '1.000001' });
      const told = await waitFor(() => h.slack.responses[before], `the answer to ${value}`);
      expect(told.body.text).toBe('Ce bouton ne correspond à aucun rapport : relancez `/report`.');
    }
    await h.bot.scheduler.settle();
    expect(fileShares()).toHaveLength(0);
  });
});
