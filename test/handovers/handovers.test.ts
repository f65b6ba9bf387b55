import { afterEach, describe, expect, it } from 'vitest';
import type { ShiftFacts } from '../../src/handovers/facts.js';
import { summaryMessage } from '../../src/handovers/summary.js';
import { readable } from '../support/readable.js';
import { texts } from '../../src/platform/i18n/index.js';
import type { FakeMessage } from '../support/fakeSlack.js';
import { namesKnown } from '../support/glance.js';
import { ALICE, AUTHOR, BOB, CAROL, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

/** `/handover`, its modal, the Acknowledge button, history and `/duty`, through the real Bolt app and fake Slack. */
describe('handovers', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MINUTE = 60_000;
  /** As the bot writes them once it knows the team's names (the fake Slack names UBOB "ubob"). */
  const fr = { texts: texts('fr', 'Europe/Paris'), locale: 'fr' as const, timeZone: 'Europe/Paris', name: (id: string) => id.toLowerCase() };

  const query = <T = Record<string, any>>(sql: string, ...args: unknown[]): T[] => h.query<T>(sql, ...args);
  const handoverRows = () => query('SELECT * FROM handovers ORDER BY id');
  const handoverRow = (id: number) => query('SELECT * FROM handovers WHERE id = ?', id)[0];
  const proposalState = (ref: number) => query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state;
  const handoverAudit = () => query<{ actor: string; ref: number; action: string; text: string; detail: string | null }>(
    "SELECT actor, ref, action, text, detail FROM audit_log WHERE subject = 'handover' ORDER BY id",
  );

  /** The bot's handover summaries in the team channel, oldest first. */
  const summaries = () => h.slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts && /Passation/.test(m.text ?? ''));

  /** The bot reads the team (and learns its names) at the first request: a question that changes nothing. */
  async function knowNames() {
    if (query<{ n: number }>('SELECT COUNT(*) AS n FROM people')[0]!.n >= 4) return;
    await h.send.command(ALICE, '/duty', '');
    await namesKnown(h);
  }

  /** `/handover text` as `user`: the ephemeral answer, and (once posted and linked) the summary message and its row. */
  async function recordHandover(user: string, text: string) {
    await knowNames();
    const before = summaries().length;
    const rowsBefore = handoverRows().length;
    const response = await h.send.command(user, '/handover', text);
    expect(response.status).toBe(200);
    const message = await waitFor(() => summaries()[before], `the summary of "/handover ${text}"`);
    const row = await waitFor(() => handoverRows()[rowsBefore]?.permalink && handoverRows()[rowsBefore], 'the summary linked to its handover');
    return { response, message, row };
  }

  async function duty(user = ALICE): Promise<string> {
    const response = await h.send.command(user, '/duty', '');
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    return String(response.json.text);
  }

  /**
   * Presses Acknowledge on a summary and waits for what the bot did: an ephemeral answer (a refusal) or
   * an update of the summary (accepted). Resolves with the answer, or null when the summary was updated.
   */
  async function acknowledge(user: string, message: FakeMessage, id: number): Promise<string | null> {
    const before = h.slack.responses.length;
    const updates = h.slack.callsTo('chat.update').length;
    const response = await h.send.blockAction(user, { action_id: 'handover_acknowledge', value: String(id), block_id: `handover_${id}` }, { messageTs: message.ts });
    expect(response.status).toBe(200);
    await waitFor(() => h.slack.responses.length > before || h.slack.callsTo('chat.update').length > updates, 'the bot to answer the button');
    const answer = h.slack.responses[before];
    if (!answer) return null;
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    return String(answer.body.text);
  }

  const approve = async (ts: string, ref: number, state: string) => {
    await h.react('added', ALICE, 'white_check_mark', ts);
    await waitFor(() => proposalState(ref) === state, `#${ref} to be ${state}`);
  };

  /** What the summary of a stored handover must look like: composed from its stored facts only. */
  const expectedSummary = (row: Record<string, any>) =>
    readable(summaryMessage(
      {
        kind: 'handover',
        id: row.id,
        from: row.from_user,
        to: row.to_user,
        at: new Date(row.at),
        notes: row.notes,
        facts: JSON.parse(row.summary) as ShiftFacts,
        acknowledged: row.acknowledged_by ? { by: row.acknowledged_by, at: new Date(row.acknowledged_at) } : null,
        supersededAt: null,
      },
      fr,
    ));

  it('records a handover to @next and posts the summary of the shift, with an Acknowledge button', async () => {
    h = await startHarness();
    // The shift's activity: published, failed, rejected, published with a follow-up, and still pending.
    const published = await h.propose('Opération anti-cambriolages ce soir à Nîmes.');
    await approve(published.ts, 1, 'published');
    h.x.script('POST /2/tweets', { kind: 'duplicate' });
    const failing = await h.propose('Déjà publié hier.');
    await approve(failing.ts, 2, 'failed');
    const rejected = await h.propose('Texte hors sujet.');
    expect(await h.react('added', ALICE, 'x', rejected.ts)).toMatch(/reject/);
    await waitFor(() => proposalState(3) === 'rejected', '#3 rejected');
    const incident = await h.propose('--followup 1h Accident sur l’A9 à Montpellier, évitez le secteur.');
    await approve(incident.ts, 4, 'published');
    await h.propose('Appel à témoins en attente.');
    // An hour and a bit later (12:02 Paris, before the 14:00 boundary) the follow-up of #4 is overdue.
    await h.advance(62 * MINUTE);
    const tweetUrl = h.delivery(1)!.url!;
    expect(tweetUrl).toMatch(/^https:\/\/x\.com\/.+\/status\/\d+$/);

    const { response, message, row } = await recordHandover(AUTHOR, '<@UBOB|bob> RAS &amp; A9 à surveiller <!channel>');
    expect(response.json).toEqual({ response_type: 'ephemeral', text: 'Passation enregistrée : ubob est de permanence.' });
    expect(row).toMatchObject({ from_user: AUTHOR, to_user: BOB, notes: 'RAS & A9 à surveiller @channel', at: '2026-11-21T11:02:00.000Z' });
    // The shift began at the last boundary (06:00 Paris) since nobody handed over before.
    expect(row.period_start).toBe('2026-11-21T05:00:00.000Z');

    const text = shown(message);
    const link = (ref: number) => `<https://comcell-test.slack.example/archives/${TEAM}/p${query('SELECT message_ts FROM proposal_versions WHERE ref = ?', ref)[0]!.message_ts.replace('.', '')}|#${ref}>`;
    expect(message.text).toBe('🔁 Passation : uauthor → ubob');
    expect(message.blocks![0].text.text).toBe('🔁 *Passation : uauthor → ubob* · ⏳ en attente de prise en compte');
    expect(text).toContain('Vacation de 06:00 à 12:02');
    expect(text).toContain('> RAS &amp; A9 à surveiller @channel');
    // To handle now, first: the overdue follow-up, the failure in words, what awaits approval; each linked.
    expect(text).toContain(`*⚠️ À traiter maintenant (3)*`);
    expect(text).toContain(`🔴 ${link(4)} · tweet de clôture en retard de 2 min (prévu à 12:00) · « Accident sur l’A9 à Montpellier, évitez le secteur. »`);
    expect(text).toContain(`❌ ${link(2)} · échec sur X (texte identique déjà publié) · « Déjà publié hier. »`);
    expect(text).toContain(`⏳ ${link(5)} · en attente de validation · « Appel à témoins en attente. »`);
    expect(text.indexOf('À traiter maintenant')).toBeLessThan(text.indexOf('Pendant la vacation'));
    expect(text).toContain('5 proposées · 2 publiées · 1 rejetée · 1 en échec ou incertaine');
    expect(text).toContain(`✅ Publiées (2) : #1 (<${tweetUrl}|X>), #4 (<https://x.com/`);
    expect(text).toContain('🚫 Rejetées (1) : #3');
    expect(text).toContain('<@UBOB> : merci d’en accuser réception.');
    const button = message.blocks!.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'handover_acknowledge');
    expect(button).toMatchObject({ type: 'button', value: String(row.id), text: { text: 'Bien reçu' } });
    // Exactly what the composer makes from the stored facts.
    expect({ text: message.text, blocks: message.blocks }).toEqual(expectedSummary(row));
    expect(message.unfurl_links).toBe(false);

    expect(await duty()).toBe('ubob est de permanence depuis 12:02 (0 s). Les rappels de suivi le mentionnent.');
    expect(handoverAudit()).toEqual([
      { actor: AUTHOR, ref: row.id, action: 'handover_recorded', text: 'RAS & A9 à surveiller @channel', detail: JSON.stringify({ to: BOB }) },
    ]);
    expect(query("SELECT user_id, source, handover_id FROM duty ORDER BY id")).toEqual([{ user_id: BOB, source: 'handover', handover_id: row.id }]);
    expect(query("SELECT action FROM audit_log WHERE subject = 'duty'")).toEqual([{ action: 'duty_handed_over' }]);
  });

  it('lets only the incoming member acknowledge, once, and shows it on the summary', async () => {
    h = await startHarness();
    const { message, row } = await recordHandover(AUTHOR, '<@UBOB|bob> RAS');
    await h.advance(5 * MINUTE);

    // Someone else: refused, nothing stored, the summary untouched.
    expect(await acknowledge(ALICE, message, row.id)).toBe('Cette passation est adressée à ubob : c’est à lui ou elle d’en accuser réception.');
    expect(await acknowledge(OUTSIDER, message, row.id)).toMatch(/réservé aux membres du canal de la cellule/);
    expect(handoverRow(row.id)).toMatchObject({ acknowledged_by: null, acknowledged_at: null });
    expect(h.slack.callsTo('chat.update')).toHaveLength(0);
    expect(await duty()).toMatch(/^ubob /);

    // Bob: stored, and the summary now shows it, first, without the button.
    expect(await acknowledge(BOB, message, row.id)).toBeNull();
    expect(handoverRow(row.id)).toMatchObject({ acknowledged_by: BOB, acknowledged_at: '2026-11-21T10:05:00.000Z' });
    const updated = h.slack.message(TEAM, message.ts)!;
    expect(updated.blocks![0].text.text).toBe('🔁 *Passation : uauthor → ubob* · 👍 prise en compte par ubob (11:05)');
    expect(shown(updated)).not.toContain('accuser réception');
    expect(updated.blocks!.some((b: any) => b.type === 'actions')).toBe(false);
    expect({ text: updated.text, blocks: updated.blocks }).toEqual(expectedSummary(handoverRow(row.id)!));

    // Pressed again (a stale message): told, nothing changed.
    await h.advance(MINUTE);
    expect(await acknowledge(BOB, message, row.id)).toBe('Cette passation a déjà été prise en compte par ubob (11:05). Rien n’a été modifié.');
    expect(handoverRow(row.id)).toMatchObject({ acknowledged_by: BOB, acknowledged_at: '2026-11-21T10:05:00.000Z' });
    expect(h.slack.callsTo('chat.update')).toHaveLength(1);
    expect(handoverAudit().map((a) => [a.action, a.actor])).toEqual([
      ['handover_recorded', AUTHOR],
      ['handover_acknowledged', BOB],
    ]);
  });

  it('puts whoever acknowledges a handover without @next on duty', async () => {
    h = await startHarness();
    await h.send.command(ALICE, '/duty', 'take');
    const { response, message, row } = await recordHandover(ALICE, 'Nuit calme, rien en cours.');
    expect(response.json.text).toBe('Passation enregistrée.');
    expect(row.to_user).toBeNull();
    expect(message.text).toBe('🔁 Passation : ualice → la relève');
    // Until someone acknowledges, the one on duty has not changed.
    expect(await duty()).toMatch(/^ualice est de permanence/);

    await h.advance(2 * MINUTE);
    expect(await acknowledge(CAROL, message, row.id)).toBeNull();
    expect(handoverRow(row.id)).toMatchObject({ acknowledged_by: CAROL });
    expect(await duty()).toBe('ucarol est de permanence depuis 11:02 (0 s). Les rappels de suivi le mentionnent.');
    expect(shown(h.slack.message(TEAM, message.ts))).toContain('👍 prise en compte par ucarol');
    // A second member is too late: Carol keeps duty.
    expect(await acknowledge(BOB, message, row.id)).toMatch(/déjà été prise en compte par ucarol/);
    expect(await duty()).toMatch(/^ucarol /);
  });

  // BUG: the outgoing member can acknowledge their own handover without @next, which puts them back on
  // duty and leaves the summary "acknowledged" so the real incoming member can no longer take it.
  it('does not let the outgoing member acknowledge their own handover', async () => {
    h = await startHarness();
    const { message, row } = await recordHandover(ALICE, 'RAS');
    const answer = await acknowledge(ALICE, message, row.id);
    expect(answer, 'an ephemeral refusal, not an accepted acknowledgement').toEqual(expect.any(String));
    expect(handoverRow(row.id)).toMatchObject({ acknowledged_by: null });
    expect(await duty()).toMatch(/Personne n’est de permanence/);
  });

  it('opens the handover modal for /handover alone, and its submission records the same handover', async () => {
    h = await startHarness();
    await knowNames();
    const opened = await h.send.command(AUTHOR, '/handover', '');
    expect(opened.status).toBe(200);
    const call = await waitFor(() => h.slack.callsTo('views.open')[0], 'views.open');
    expect(call.args.trigger_id).toBe(opened.triggerId);
    const view = call.args.view;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'handover_modal', title: { text: 'Passation' }, submit: { text: 'Enregistrer' } });
    expect(view.blocks).toEqual([
      expect.objectContaining({ type: 'input', block_id: 'next', optional: true, element: expect.objectContaining({ type: 'users_select', action_id: 'next' }) }),
      // The most an input holds: longer notes go through the command.
      expect.objectContaining({ type: 'input', block_id: 'notes', element: expect.objectContaining({ type: 'plain_text_input', action_id: 'notes', multiline: true, max_length: 3000 }) }),
    ]);
    expect(view.blocks[0].label.text).toBe('Relève');
    expect(view.blocks[0].hint.text).toBe('Laissez vide pour la passer à qui en accusera réception le premier.');
    expect(handoverRows()).toHaveLength(0);

    const submitted = await h.send.viewSubmission(AUTHOR, {
      callback_id: 'handover_modal',
      state: {
        values: {
          next: { next: { type: 'users_select', selected_user: BOB } },
          notes: { notes: { type: 'plain_text_input', value: 'RAS\r\nA9 rouverte <!here>' } },
        },
      },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json?.response_action).toBeUndefined();
    const message = await waitFor(() => summaries()[0], 'the summary of the modal handover');
    const row = await waitFor(() => handoverRows()[0]?.permalink && handoverRows()[0], 'the handover linked');
    expect(row).toMatchObject({ from_user: AUTHOR, to_user: BOB, notes: 'RAS\nA9 rouverte <!here>' });
    expect(message.text).toBe('🔁 Passation : uauthor → ubob');
    expect(shown(message)).toContain('> RAS\\n> A9 rouverte &lt;!here&gt;');
    expect(JSON.stringify(message.blocks)).not.toContain('<!here>');
    expect({ text: message.text, blocks: message.blocks }).toEqual(expectedSummary(row));
    expect(await duty()).toMatch(/^ubob est de permanence/);
    expect(handoverAudit().map((a) => a.action)).toEqual(['handover_recorded']);
  });

  it('refuses a modal submission with a non-member, oneself, or no notes, on the field, recording nothing', async () => {
    h = await startHarness();
    const submit = (user: string, next: string | null, notes: string) =>
      h.send.viewSubmission(user, {
        callback_id: 'handover_modal',
        state: {
          values: {
            next: { next: { type: 'users_select', selected_user: next } },
            notes: { notes: { type: 'plain_text_input', value: notes } },
          },
        },
      });
    expect((await submit(AUTHOR, OUTSIDER, 'RAS')).json).toEqual({
      response_action: 'errors',
      errors: { next: '<@UOUTSIDER> n’est pas membre du canal de la cellule.' },
    });
    expect((await submit(AUTHOR, AUTHOR, 'RAS')).json).toEqual({
      response_action: 'errors',
      errors: { next: 'vous ne pouvez pas vous passer la main à vous-même.' },
    });
    expect((await submit(AUTHOR, BOB, '   ')).json).toEqual({
      response_action: 'errors',
      errors: { notes: expect.stringContaining('les notes sont obligatoires') },
    });
    expect((await submit(OUTSIDER, BOB, 'RAS')).json).toEqual({
      response_action: 'errors',
      errors: { notes: expect.stringContaining('réservé aux membres du canal') },
    });
    expect(handoverRows()).toHaveLength(0);
    expect(summaries()).toHaveLength(0);
    expect(handoverAudit()).toHaveLength(0);
    expect(await duty()).toMatch(/Personne n’est de permanence/);
  });

  it.each([
    ['@next not a member', AUTHOR, '<@UOUTSIDER|outsider> RAS', /Passation non enregistrée :\n• <@UOUTSIDER> n’est pas membre du canal de la cellule\./],
    ['the bot as @next', AUTHOR, '<@UBOT|comcell> RAS', /Passation non enregistrée :\n• <@UBOT> n’est pas membre du canal de la cellule\./],
    ['a caller who is not a member', OUTSIDER, '<@UBOB|bob> RAS', /réservé aux membres du canal de la cellule/],
    ['oneself as @next', AUTHOR, '<@UAUTHOR|author> RAS', /Passation non enregistrée :\n• vous ne pouvez pas vous passer la main à vous-même\./],
    ['a mention without notes', AUTHOR, '<@UBOB|bob>', /Passation non enregistrée :\n• les notes sont obligatoires/],
    ['history with a bad N', AUTHOR, 'history abc', /« abc » n’est pas un nombre de passations entre 1 et 50\./],
    ['history 0', AUTHOR, 'history 0', /« 0 » n’est pas un nombre/],
    ['history 51', AUTHOR, 'history 51', /« 51 » n’est pas un nombre/],
  ])('refuses %s with the reason, recording nothing', async (_name, user, text, reason) => {
    h = await startHarness();
    const response = await h.send.command(user, '/handover', text);
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    expect(response.json.text).toMatch(reason);
    expect(handoverRows()).toHaveLength(0);
    expect(handoverAudit()).toHaveLength(0);
    expect(query('SELECT * FROM duty')).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  // BUG: an unknown sub-command (`/handover help`) is recorded as a handover whose notes are "help".
  it('refuses an unknown sub-command rather than recording it as notes', async () => {
    h = await startHarness();
    const response = await h.send.command(AUTHOR, '/handover', 'help');
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    expect(handoverRows()).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('lists the last handovers, newest first, with a link to each summary', async () => {
    h = await startHarness();
    expect((await h.send.command(ALICE, '/handover', 'history')).json).toEqual({ response_type: 'ephemeral', text: 'Aucune passation enregistrée.' });

    const first = await recordHandover(AUTHOR, '<@UBOB|bob> Matinée calme');
    await h.advance(30 * MINUTE);
    const second = await recordHandover(BOB, '<@UCAROL|carol> A9 : suivi #4 ouvert <!channel>');
    await h.advance(30 * MINUTE);
    const third = await recordHandover(CAROL, 'Relève libre');
    await acknowledge(ALICE, third.message, third.row.id);

    // The permalinks are the summary messages' links, as Slack forms them from the workspace's URL.
    for (const { message, row } of [first, second, third]) {
      expect(row.message_ts).toBe(message.ts);
      expect(row.permalink).toBe(`https://comcell-test.slack.example/archives/${TEAM}/p${message.ts.replace('.', '')}`);
    }

    const all = await h.send.command(ALICE, '/handover', 'history');
    expect(all.json.response_type).toBe('ephemeral');
    expect(String(all.json.text).split('\n')).toEqual([
      '*Les 3 dernières passations* :',
      `• <${third.row.permalink}|12:00> : ucarol → ualice 👍 · Relève libre`,
      `• <${second.row.permalink}|11:30> : ubob → ucarol · A9 : suivi #4 ouvert @channel`,
      `• <${first.row.permalink}|11:00> : uauthor → ubob · Matinée calme`,
    ]);

    const two = await h.send.command(ALICE, '/handover', 'history 2');
    const lines = String(two.json.text).split('\n');
    expect(lines[0]).toBe('*Les 2 dernières passations* :');
    expect(lines.slice(1).map((l) => /<([^|]+)\|/.exec(l)?.[1])).toEqual([third.row.permalink, second.row.permalink]);

    const one = await h.send.command(ALICE, '/handover', 'historique 1');
    expect(String(one.json.text).split('\n')).toEqual(['*Dernière passation* :', expect.stringContaining(third.row.permalink)]);
  });

  it('lists the last 5 handovers when history is asked without N', async () => {
    h = await startHarness();
    const notes = ['Un', 'Deux', 'Trois', 'Quatre', 'Cinq', 'Six', 'Sept'];
    for (const [i, note] of notes.entries()) {
      await recordHandover(i % 2 === 0 ? AUTHOR : BOB, `<@${i % 2 === 0 ? 'UBOB|bob' : 'UAUTHOR|author'}> ${note}`);
      await h.advance(10 * MINUTE);
    }
    const lines = String((await h.send.command(ALICE, '/handover', 'history')).json.text).split('\n');
    expect(lines[0]).toBe('*Les 5 dernières passations* :');
    expect(lines.slice(1).map((l) => l.split(' · ').at(-1))).toEqual(['Sept', 'Six', 'Cinq', 'Quatre', 'Trois']);
  });

  it('tells nothing is recorded when the handover cannot be stored, and posts nothing', async () => {
    h = await startHarness();
    // The store fails (as a full disk would) inside the handover's transaction.
    h.bot.db.exec(`CREATE TEMP TRIGGER handover_fails BEFORE INSERT ON handovers BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const sent = await h.send.command(AUTHOR, '/handover', '<@UBOB|bob> RAS');
    expect(JSON.stringify(sent.json ?? null)).not.toContain('Passation enregistrée');
    const told = await waitFor(() => h.slack.responses.find((r) => r.url === sent.responseUrl), 'the explanation');
    expect(told.body.text).toMatch(/erreur inattendue.*rien n’a été modifié/);
    expect(handoverRows()).toEqual([]);
    expect(query('SELECT * FROM duty')).toEqual([]);
    expect(summaries()).toEqual([]);
    expect(h.slack.responses.map((r) => String(r.body.text))).not.toContainEqual(expect.stringContaining('Passation enregistrée'));
  });

  it('covers, in each summary, the shift since the previous handover, counting nothing twice', async () => {
    h = await startHarness();
    const early = await h.propose('Avant la première passation.');
    await approve(early.ts, 1, 'published');
    await h.advance(MINUTE);
    const first = await recordHandover(AUTHOR, '<@UBOB|bob> RAS');
    await h.advance(10 * MINUTE);
    await h.propose('Après la première passation.');
    await h.advance(MINUTE);
    const second = await recordHandover(BOB, '<@UCAROL|carol> RAS');

    expect(first.row.period_start).toBe('2026-11-21T05:00:00.000Z');
    expect(second.row.period_start).toBe(first.row.at);
    const before = JSON.parse(first.row.summary) as ShiftFacts;
    expect(before.proposed).toEqual([1]);
    // Each network's post, with its link (X's is also the one older summaries kept).
    const url = expect.stringMatching(/^https:\/\/x\.com\//);
    expect(before.published).toEqual([{ ref: 1, url, posts: [{ network: 'x', url, dryRun: false }] }]);
    const after = JSON.parse(second.row.summary) as ShiftFacts;
    expect(after.proposed).toEqual([2]);
    expect(after.published).toEqual([]);
    expect(after.waiting).toEqual([{ ref: 2, state: 'pending', publishAt: null }]);
    expect(shown(second.message)).toContain('1 proposée · 0 publiée');
    expect(shown(second.message)).toContain('Vacation de 11:01 à 11:12');
  });

  it('counts an event at the very instant of a handover in exactly one summary', async () => {
    h = await startHarness();
    // The test clock does not move: the proposal, its publication and the first handover share one instant.
    const m = await h.propose('Au même instant que la passation.');
    await approve(m.ts, 1, 'published');
    const first = await recordHandover(AUTHOR, '<@UBOB|bob> RAS');
    await h.advance(MINUTE);
    const second = await recordHandover(BOB, '<@UCAROL|carol> RAS');
    const proposed = [first, second].flatMap((x) => (JSON.parse(x.row.summary) as ShiftFacts).proposed);
    const published = [first, second].flatMap((x) => (JSON.parse(x.row.summary) as ShiftFacts).published.map((p) => p.ref));
    expect(proposed).toEqual([1]);
    expect(published).toEqual([1]);
  });

  it('says a handover was superseded by the next one, without its button; a stale press on it is refused and changes nothing', async () => {
    h = await startHarness();
    const first = await recordHandover(AUTHOR, 'Relève libre');
    const stale = JSON.parse(JSON.stringify(first.message)) as FakeMessage;
    await h.advance(8 * 60 * MINUTE); // 19:00 in Paris
    await recordHandover(BOB, '<@UCAROL|carol> Nuit à suivre');
    await waitFor(() => !h.slack.message(TEAM, first.message.ts)!.blocks!.some((b: any) => b.type === 'actions'), 'the first summary rewritten');
    const rewritten = h.slack.message(TEAM, first.message.ts)!;
    expect(rewritten.blocks![0].text.text).toBe('🔁 *Passation : uauthor → la relève* · ↪️ remplacée par la passation de 19:00');
    expect(shown(rewritten)).not.toContain('accuser réception');
    expect(await duty()).toMatch(/^ucarol est de permanence/);

    // Alice's client still shows the old button: acknowledging it would put her on duty over Carol.
    const updates = h.slack.callsTo('chat.update').length;
    expect(await acknowledge(ALICE, stale, first.row.id)).toBe('Une passation plus récente a remplacé celle-ci : il n’y a plus à en accuser réception. Rien n’a été modifié.');
    expect(handoverRow(first.row.id)).toMatchObject({ acknowledged_by: null });
    expect(await duty()).toMatch(/^ucarol est de permanence/);
    expect(h.slack.callsTo('chat.update')).toHaveLength(updates);
  });

  it('*Record the handover* on an automatic summary opens the modal; the handover recorded answers the summary, whose button goes', async () => {
    h = await startHarness();
    await knowNames();
    await h.advance(3 * 60 * MINUTE); // 13:00Z, 14:00 in Paris: the automatic summary
    const automatic = await waitFor(() => h.slack.messages.find((m) => m.channel === TEAM && (m.text ?? '').startsWith('🕕')), 'the automatic summary');
    const actions = automatic.blocks!.find((b: any) => b.type === 'actions');
    const button = actions.elements[0];
    expect(button).toMatchObject({ action_id: 'handover_record', style: 'primary', text: { text: 'Enregistrer la passation' } });

    const pressed = await h.send.blockAction(ALICE, { action_id: button.action_id, value: button.value, block_id: actions.block_id }, { messageTs: automatic.ts, message: automatic });
    expect(pressed.status).toBe(200);
    const call = await waitFor(() => h.slack.callsTo('views.open')[0], 'views.open');
    // Opened with the press's own trigger (the fake refuses a trigger used twice or too late).
    expect(h.slack.refusals).toEqual([]);
    expect(call.args.view).toMatchObject({ type: 'modal', callback_id: 'handover_modal' });

    await h.advance(5 * MINUTE);
    await h.send.viewSubmission(ALICE, {
      callback_id: 'handover_modal',
      state: { values: { next: { next: { type: 'users_select', selected_user: BOB } }, notes: { notes: { type: 'plain_text_input', value: 'RAS' } } } },
    });
    await waitFor(() => handoverRows()[0]?.permalink, 'the handover recorded');
    await waitFor(() => !h.slack.message(TEAM, automatic.ts)!.blocks!.some((b: any) => b.type === 'actions'), 'the automatic summary answered');
    expect(h.slack.message(TEAM, automatic.ts)!.blocks![0].text.text).toBe('🕕 *Fin de vacation (14:00)* · ✅ passation enregistrée par ualice (14:05)');
    expect(shown(h.slack.message(TEAM, automatic.ts))).not.toContain('enregistrez la passation');
  });

  it('posts notes too long for the summary in full in its thread, and cuts them in the summary', async () => {
    h = await startHarness();
    const notes = Array.from({ length: 60 }, (_, i) => `Ligne ${i + 1} : point sur l’A9 & la D986 <à suivre>.`).join('\n');
    const escaped = notes.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const { message } = await recordHandover(AUTHOR, `<@UBOB|bob> ${escaped}`);
    expect(shown(message)).toContain('La suite des notes est dans le fil.');
    expect(shown(message)).not.toContain('Ligne 60');
    const reply = await waitFor(() => h.threadReplies(message.ts)[0], 'the notes in the thread');
    expect(reply.blocks![0].text.text).toBe('*Notes de la passation de uauthor, en entier* :');
    const quoted = reply.blocks!.slice(1).map((b: any) => b.elements[0].elements[0].text).join('\n');
    expect(quoted).toBe(notes);
    expect(h.slack.refusals).toEqual([]);
  });

  it('keeps history, duty and the Acknowledge button across a restart', async () => {
    h = await startHarness();
    const first = await recordHandover(AUTHOR, '<@UBOB|bob> RAS');
    await h.advance(5 * MINUTE);
    const second = await recordHandover(BOB, '<@UCAROL|carol> Suivi A9 en cours');
    const historyBefore = (await h.send.command(ALICE, '/handover', 'history')).json.text;
    const dutyBefore = await duty();
    expect(dutyBefore).toMatch(/^ucarol est de permanence depuis 11:05/);

    await h.restart();

    expect((await h.send.command(ALICE, '/handover', 'history')).json.text).toBe(historyBefore);
    expect(historyBefore).toContain(first.row.permalink);
    expect(historyBefore).toContain(second.row.permalink);
    expect(await duty()).toBe(dutyBefore);
    // The summary posted before the restart can still be acknowledged.
    await h.advance(MINUTE);
    expect(await acknowledge(CAROL, second.message, second.row.id)).toBeNull();
    expect(handoverRow(second.row.id)).toMatchObject({ acknowledged_by: CAROL, acknowledged_at: '2026-11-21T10:06:00.000Z' });
    expect(shown(h.slack.message(TEAM, second.message.ts))).toContain('👍 prise en compte par ucarol');
  });
});
