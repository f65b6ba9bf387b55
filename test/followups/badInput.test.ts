/**
 * Every bad input of `/followup` (and `/duty`) through the real bot: an ephemeral refusal that says why,
 * in French, and nothing changed — no follow-up row, no scheduled job, no audit line, no message.
 *
 * The scene, published at 10:00Z (11:00 in Paris):
 *   #1 published, follow-up open (due 12:00Z)     #2 pending
 *   #3 published, follow-up closed                #4 published, no follow-up
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../support/fakeSlack.js';
import { choose, namesKnown } from '../support/glance.js';
import { ALICE, AUTHOR, BOB, BOT, CAROL, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const HOUR = 3_600_000;
const REFUSED = 'Commande non exécutée :';
const PROPOSAL_REFUSED = 'Proposition non enregistrée :';

type Row = Record<string, any>;

const query = (h: Harness, sql: string, ...params: unknown[]): Row[] => h.query<Row>(sql, ...params);

/** Everything a refused command must leave as it was. */
function everything(h: Harness) {
  return {
    followups: query(h, 'SELECT * FROM followups ORDER BY id'),
    jobs: query(h, 'SELECT * FROM scheduled_jobs ORDER BY id'),
    audit: query(h, 'SELECT count(*) AS n FROM audit_log')[0]!.n,
    proposals: query(h, 'SELECT ref, state, current_version FROM proposals ORDER BY ref'),
    versions: query(h, 'SELECT count(*) AS n FROM proposal_versions')[0]!.n,
    duty: query(h, 'SELECT * FROM duty ORDER BY id'),
    messages: JSON.stringify(h.slack.messages),
    updates: h.slack.callsTo('chat.update').length,
    ephemerals: h.slack.ephemerals.length,
    views: h.slack.views.length,
    tweets: h.x.tweets.length,
  };
}

async function publish(h: Harness, text: string, ref: number): Promise<FakeMessage> {
  const m = await h.propose(text);
  await h.react('added', ALICE, 'white_check_mark', m.ts);
  await waitFor(() => h.threadReplies(m.ts).some((r) => /Publiée sur X/.test(r.text ?? '')), `#${ref} published`);
  return m;
}

async function scene(h: Harness) {
  const one = await publish(h, '--followup 2h Accident sur l’A9 à Montpellier, évitez le secteur.', 1);
  await waitFor(() => shown(h.slack.message(TEAM, one.ts)).includes('Suivi : tweet de clôture attendu'), 'the follow-up note on #1');
  await h.propose('Appel à témoins : disparition à Sète.');
  const three = await publish(h, '--followup 1h Incendie à Lattes, évitez la D986.', 3);
  await waitFor(() => shown(h.slack.message(TEAM, three.ts)).includes('Suivi : tweet de clôture attendu'), 'the follow-up note on #3');
  const closed = await h.send.command(BOB, '/followup', 'done #3 RAS');
  expect(closed.json.text).toContain('clos sans tweet');
  await waitFor(() => h.threadReplies(three.ts).some((r) => r.text?.includes('Suivi clos sans tweet')), '#3 closed');
  await publish(h, 'Prévention : fermez vos portières.', 4);
  expect(query(h, 'SELECT ref, state FROM followups ORDER BY ref')).toEqual([
    { ref: 1, state: 'open' },
    { ref: 3, state: 'closed' },
  ]);
  return { one };
}

describe('/followup refuses bad input, says why, and changes nothing', () => {
  let h: Harness;
  let one: FakeMessage;
  beforeAll(async () => {
    h = await startHarness();
    ({ one } = await scene(h));
  });
  afterAll(async () => {
    await h?.close();
  });

  const cases: Array<[string, string, RegExp, string?]> = [
    ['an unknown sub-command', 'fermer #1', /« fermer » n’est pas une commande de `\/followup`.*`liste`.*`ouvrir`.*`reporter`.*`clore`/],
    ['a misspelt sub-command', 'snoze #1 30m', /« snoze » n’est pas une commande de `\/followup`/],
    ['an unknown REF (snooze)', 'snooze #99 30m', /la proposition #99 n’existe pas\./],
    ['an unknown REF (done)', 'done 99 fin', /la proposition #99 n’existe pas\./],
    ['an unknown REF (open)', 'open #99 1h', /la proposition #99 n’existe pas\./],
    ['an unknown REF (closing tweet)', '#99 Fin d’intervention.', /la proposition #99 n’existe pas\./, PROPOSAL_REFUSED],
    ['a REF far too large', 'snooze #99999999999999999999 30m', /référence illisible : « #99999999999999999999 »/],
    ['a closing tweet for a REF far too large', '99999999999999999999 Fin.', /référence illisible : « 99999999999999999999 »/],
    ['open on a REF not published', 'open #2 1h', /la proposition #2 n’est pas publiée \(état : en attente de validation\)/],
    ['a closing tweet for a REF not published', '#2 Fin de l’appel à témoins.', /la proposition #2 n’est pas publiée \(état : en attente de validation\)/, PROPOSAL_REFUSED],
    ['snooze on a REF without follow-up', 'snooze #2 30m', /la proposition #2 n’a pas de suivi ouvert\./],
    ['snooze on a closed follow-up', 'snooze #3 30m', /la proposition #3 n’a pas de suivi ouvert\./],
    ['done on a closed follow-up', 'done #3 encore', /la proposition #3 n’a pas de suivi ouvert\./],
    ['done on a published REF that never had a follow-up', 'clore #4', /la proposition #4 n’a pas de suivi ouvert\./],
    ['open when a follow-up is already open', 'open #1 1h', /la proposition #1 a déjà un suivi ouvert, dû à 13:00\./],
    ['a zero duration (snooze)', 'snooze #1 0m', /la durée ne peut pas être nulle \(« 0m »\)/],
    ['a zero duration (open)', 'open #4 0h0m', /la durée ne peut pas être nulle \(« 0h0m »\)/],
    ['an unparsable duration (snooze)', 'reporter #1 demain', /durée illisible : « demain ».*`90s`/],
    ['an unparsable duration (open)', 'ouvrir #4 1.5h', /durée illisible : « 1\.5h »/],
    ['a negative duration', 'snooze #1 -30m', /durée illisible : « -30m »/],
    ['a missing REF (snooze)', 'snooze', /`snooze` attend une référence/],
    ['a missing REF (done)', 'done', /`done` attend une référence/],
    ['a missing REF (open)', 'open', /`open` attend une référence/],
    ['a missing duration (snooze)', 'snooze #1', /`snooze` attend une durée après la référence/],
    ['a missing duration (open)', 'open #4', /`open` attend une durée après la référence/],
    ['an unreadable REF', 'snooze abc 30m', /référence illisible : « abc »/],
    ['REF #0', 'done #0', /référence illisible : « #0 »/],
    ['extra words after the duration', 'snooze #1 30m stp', /`snooze` ne prend pas « stp »/],
    ['extra words after list', 'list tout', /`list` ne prend pas « tout »/],
    ['a closing tweet without text', '#1', /le texte est vide/],
    ['a closing tweet too long', `#1 ${'a'.repeat(281)}`, /texte trop long : 281\/280.*au moins 1 caractère/],
    ['a closing tweet with a control character', '#1 Fin\u0007', /caractères de contrôle invisibles \(U\+0007\)/],
  ];

  it.each(cases)('%s: `/followup %s`', async (_name, text, reason, intro = REFUSED) => {
    const before = everything(h);
    const response = await h.send.command(CAROL, '/followup', text);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    expect(response.json.text.startsWith(intro)).toBe(true);
    expect(response.json.text).toMatch(reason);
    expect(everything(h)).toEqual(before);
  });

  it('echoes what was typed escaped, so a refusal notifies nobody', async () => {
    const before = everything(h);
    const word = await h.send.command(CAROL, '/followup', '&lt;!here&gt;');
    expect(word.json.text).toContain('« &lt;!here&gt; »');
    expect(word.json.text).not.toContain('<!here>');
    const duration = await h.send.command(CAROL, '/followup', 'snooze #1 &lt;!channel&gt;');
    expect(duration.json.text).toContain('« &lt;!channel&gt; »');
    expect(duration.json.text).not.toContain('<!channel>');
    expect(everything(h)).toEqual(before);
  });

  it('refuses a non-member, whatever the sub-command, without revealing anything', async () => {
    const before = everything(h);
    for (const text of ['list', 'snooze #1 30m', 'done #1 fini', 'open #4 1h', '#1 Fin.', '']) {
      const response = await h.send.command(OUTSIDER, '/followup', text);
      expect(response.json).toMatchObject({ response_type: 'ephemeral' });
      expect(response.json.text, text).toMatch(/réservé aux membres du canal/);
      expect(response.json.text).not.toContain('#1');
    }
    expect(everything(h)).toEqual(before);
  });

  it('answers help with the usage (ephemeral), changing nothing', async () => {
    const before = everything(h);
    for (const text of ['', 'help', 'aide']) {
      const response = await h.send.command(CAROL, '/followup', text);
      expect(response.json).toMatchObject({ response_type: 'ephemeral' });
      // In French, the French sub-commands (the English ones work too).
      expect(response.json.text).toContain('/followup liste');
      expect(response.json.text).toContain('/followup ouvrir #12 2h');
      expect(response.json.text).toContain('/followup reporter #12 30m');
      expect(response.json.text).toContain('/followup clore #12 [raison]');
    }
    expect(everything(h)).toEqual(before);
  });

  it('after all that, a valid command still works, and is the only change', async () => {
    const before = everything(h);
    const response = await h.send.command(CAROL, '/followup', 'snooze #1 30m');
    // Not yet due (13:00): the first reminder is pushed back from its due time.
    expect(response.json.text).toBe('Prochain rappel du suivi de #1 repoussé à 13:30.');
    await waitFor(() => h.threadReplies(one.ts).some((r) => r.text?.includes('a repoussé')), 'the snooze in the thread');
    const after = everything(h);
    expect(after.audit).toBe(before.audit + 1);
    expect(after.followups).toHaveLength(before.followups.length);
    expect(query(h, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")).toEqual([{ action: 'followup_snoozed' }]);
  });
});

describe('/duty refuses bad input', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('names an unknown word, escaped, and changes nothing', async () => {
    h = await startHarness();
    const before = everything(h);
    const unknown = await h.send.command(BOB, '/duty', 'foo');
    expect(unknown.json).toMatchObject({ response_type: 'ephemeral' });
    expect(unknown.json.text).toMatch(/« foo » n’est pas une commande de `\/duty`.*`\/duty prendre`/);
    const tricky = await h.send.command(BOB, '/duty', 'take &lt;!channel&gt;');
    expect(tricky.json.text).toContain('&lt;!channel&gt;');
    expect(tricky.json.text).not.toContain('<!channel>');
    const outsider = await h.send.command(OUTSIDER, '/duty', 'take');
    expect(outsider.json).toMatchObject({ response_type: 'ephemeral' });
    expect(outsider.json.text).toMatch(/réservé aux membres/);
    const outsiderAsks = await h.send.command(OUTSIDER, '/duty', '');
    expect(outsiderAsks.json.text).toMatch(/réservé aux membres/);
    // A valid command afterwards is the first change.
    const help = await h.send.command(BOB, '/duty', 'aide');
    expect(help.json.text).toContain('/duty prendre');
    expect(everything(h)).toEqual(before);
    await namesKnown(h);
    await h.send.command(BOB, '/duty', 'take');
    await waitFor(() => h.slack.messages.some((m) => m.text?.includes('ubob prend la permanence')), 'BOB on duty');
    expect(query(h, 'SELECT user_id FROM duty')).toEqual([{ user_id: BOB }]);
  });
});

describe('reminder buttons refuse what they cannot do', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const reminderOf = (ts: string) => waitFor(() => h.slack.messages.find((m) => m.thread_ts === ts && m.reply_broadcast === true), 'the reminder');
  const buttonValue = (m: FakeMessage, actionId: string) =>
    (m.blocks!.find((b: any) => b.type === 'actions').elements as any[]).find((e) => e.action_id === actionId).value as string;
  const menuValue = (m: FakeMessage, minutes: number) =>
    (m.blocks!.find((b: any) => b.type === 'actions').elements as any[]).find((e) => e.type === 'static_select').options.find((o: any) => JSON.parse(o.value).minutes === minutes).value as string;

  it('answers a malformed button value privately and changes nothing', async () => {
    h = await startHarness();
    const { one } = await scene(h);
    await h.advance(2 * HOUR);
    const reminder = await reminderOf(one.ts);
    const before = everything(h);
    for (const value of ['not json', '{"followup":"1","reminder":1}', '{"followup":999,"reminder":1}', '']) {
      const answers = h.slack.responses.length;
      const response = await h.send.blockAction(ALICE, { action_id: 'followup_snooze_15', value }, { messageTs: reminder.ts, message: { type: 'message', ts: reminder.ts, user: BOT, text: reminder.text } });
      expect(response.status).toBe(200);
      const answer = await waitFor(() => h.slack.responses[answers], 'the private answer');
      expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(answer.body.text, value).toMatch(/erreur inattendue.*rien n’a été modifié/);
    }
    expect(everything(h)).toEqual(before);
  });

  it('refuses a snooze whose minutes are not one of the menu’s (or, on an older reminder’s button, not that button’s), privately, and changes nothing', async () => {
    h = await startHarness();
    const { one } = await scene(h);
    await h.advance(2 * HOUR);
    const reminder = await reminderOf(one.ts);
    const genuine = JSON.parse(menuValue(reminder, 15)) as Record<string, unknown>;
    const before = everything(h);
    const refused = async (send: () => Promise<unknown>, label: string) => {
      const answers = h.slack.responses.length;
      await send();
      const answer = await waitFor(() => h.slack.responses[answers], 'the private answer');
      expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(answer.body.text, label).toBe('Ce délai de report n’est pas proposé par le menu : rien n’a été modifié.');
    };
    // The menu, with a value that is not one of its options'.
    for (const minutes of [100_000, undefined, '15', 45, 0, -15]) {
      const value = JSON.stringify({ ...genuine, minutes });
      await refused(() => choose(h, ALICE, reminder, 15, value), `menu ${value}`);
    }
    // The buttons of reminders posted before the menu: their minutes must be the button's own.
    const forged: Array<[string, Record<string, unknown>]> = [
      ['followup_snooze_15', { ...genuine, minutes: 100_000 }],
      ['followup_snooze_15', { ...genuine, minutes: undefined }],
      ['followup_snooze_15', { ...genuine, minutes: 60 }],
      ['followup_snooze_45', { ...genuine, minutes: 45 }],
    ];
    for (const [actionId, value] of forged) {
      const message = { type: 'message', ts: reminder.ts, user: BOT, text: reminder.text };
      await refused(() => h.send.blockAction(ALICE, { action_id: actionId, value: JSON.stringify(value) }, { messageTs: reminder.ts, message }), `${actionId} ${JSON.stringify(value)}`);
    }
    expect(everything(h)).toEqual(before);

    // Such an older button, genuine, still works while its reminder is the live one.
    await h.send.blockAction(ALICE, { action_id: 'followup_snooze_15', value: JSON.stringify(genuine) }, { messageTs: reminder.ts, message: reminder });
    await waitFor(() => query(h, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")[0]?.action === 'followup_snoozed', 'the snooze');
    expect(query(h, "SELECT due_at FROM scheduled_jobs WHERE key = 'followup:ref:1'")).toEqual([{ due_at: '2026-11-21T12:15:00.000Z' }]);
  });

  it('refuses *Propose the closing tweet* and *Snooze* on a follow-up closed since, opening nothing', async () => {
    h = await startHarness();
    const { one } = await scene(h);
    await h.advance(2 * HOUR);
    const reminder = JSON.parse(JSON.stringify(await reminderOf(one.ts))) as FakeMessage;
    await h.send.command(AUTHOR, '/followup', 'done #1');
    await waitFor(() => h.threadReplies(one.ts).some((r) => r.text?.includes('Suivi clos sans tweet')), 'closed');
    const before = everything(h);
    for (const actionId of ['followup_propose_closing', 'followup_snooze', 'followup_close']) {
      const answers = h.slack.responses.length;
      if (actionId === 'followup_snooze') await choose(h, BOB, reminder, 30);
      else await h.send.blockAction(BOB, { action_id: actionId, value: buttonValue(reminder, actionId) }, { messageTs: reminder.ts, message: reminder });
      const answer = await waitFor(() => h.slack.responses[answers], `the answer to ${actionId}`);
      expect(answer.body.text).toMatch(/n’est plus d’actualité : le suivi de #1 a changé depuis/);
    }
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    expect(everything(h)).toEqual(before);
  });
});
