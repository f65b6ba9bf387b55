/**
 * Follow-ups through the real bot (Bolt over HTTP, fake Slack, fake X, real SQLite), moving the test
 * clock: the reminder at the due time, its cadence, escalation, snooze, close, the closing tweet as a
 * reply, `/duty` choosing who is nagged, `/followup open` and `list`, and restarts.
 *
 * The test clock starts at 2026-11-21T10:00:00Z (11:00 in Paris); proposals approved at once are
 * published at that instant, so `--followup 2h` is due at 12:00Z, shown as 13:00 (today: no date).
 * The fake Slack's members are named after their ids in lower case (`UBOB` is "ubob"): people who acted
 * are named so, without a mention.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeMessage } from '../support/fakeSlack.js';
import { choose, namesKnown } from '../support/glance.js';
import { submitComposer } from '../support/composer.js';
import { ALICE, AUTHOR, BOB, BOT, CAROL, OUTSIDER, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const INCIDENT = 'Accident sur l’A9 à Montpellier, évitez le secteur.';
const ACTIONS = ['followup_propose_closing', 'followup_snooze', 'followup_close'];

type Row = Record<string, any>;

const query = (h: Harness, sql: string, ...params: unknown[]): Row[] => h.query<Row>(sql, ...params);
const followupOf = (h: Harness, ref: number): Row => query(h, 'SELECT * FROM followups WHERE ref = ? ORDER BY id DESC', ref)[0]!;
/** The reminder job of a follow-up: named by the proposal it follows up (one open follow-up per proposal). */
const reminderJob = (h: Harness, followupId: number): Row =>
  query(h, "SELECT * FROM scheduled_jobs WHERE key = 'followup:ref:' || (SELECT ref FROM followups WHERE id = ?)", followupId)[0]!;
const followupAudit = (h: Harness): Row[] =>
  query(h, "SELECT actor, ref, action, text, detail FROM audit_log WHERE subject = 'followup' ORDER BY id").map((r): Row => ({
    ...r,
    detail: r.detail ? JSON.parse(r.detail) : null,
  }));

/** Reminders are the bot's thread replies that are also shown in the channel. */
const remindersIn = (h: Harness, ts: string) => h.slack.messages.filter((m) => m.thread_ts === ts && m.reply_broadcast === true);
/** The interactive elements of a message: its buttons and the snooze menu (none once it is not the live reminder). */
const buttonsOf = (m: FakeMessage): Array<{ type: string; action_id: string; value?: string; text?: { text: string }; options?: any[] }> =>
  m.blocks?.find((b: any) => b.type === 'actions')?.elements ?? [];
/** Every reminder as it was posted (earlier ones are rewritten since): the bodies of chat.postMessage, in order. */
const postedReminders = (h: Harness) =>
  h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.metadata?.event_payload?.key ?? '').includes(':reminder:')).map((c) => c.args);
/** The section text of a reminder (its headline, whom it is for, the quoted post). */
const bodyOf = (m: { blocks?: any[] } | undefined): string => (m?.blocks?.[0]?.text?.text as string | undefined) ?? '';

/** A copy of the message as a client showed it, so a later press can carry the same (possibly stale) button. */
function snapshot(m: FakeMessage) {
  return JSON.parse(JSON.stringify({ type: 'message', ts: m.ts, thread_ts: m.thread_ts, user: BOT, text: m.text, blocks: m.blocks })) as FakeMessage;
}

/** Presses a button of a reminder as Slack would send it: its action_id, and the value the bot put on it. */
function press(h: Harness, user: string, reminder: FakeMessage, actionId: string) {
  const actions = reminder.blocks?.find((b: any) => b.type === 'actions');
  const button = buttonsOf(reminder).find((b) => b.action_id === actionId && b.type === 'button');
  if (!button) throw new Error(`no button ${actionId} on the reminder`);
  return h.send.blockAction(user, { action_id: actionId, value: button.value, block_id: actions.block_id }, { messageTs: reminder.ts, message: reminder });
}


/** The next answer posted to a response_url after `from` answers: what a button press said privately. */
const responseAfter = (h: Harness, from: number) => waitFor(() => h.slack.responses[from], 'an answer on the response_url');

async function approvePublished(h: Harness, m: FakeMessage, ref: number, approver = ALICE) {
  await h.react('added', approver, 'white_check_mark', m.ts);
  await waitFor(() => query(h, 'SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state === 'published', `#${ref} published`);
  await waitFor(() => h.threadReplies(m.ts).some((r) => /Publiée sur X/.test(r.text ?? '')), `the publication reply of #${ref}`);
}

/** Proposes, approves and publishes an incident tweet with a follow-up; resolves once the message shows the follow-up. */
async function publishIncident(h: Harness, options = '--followup 2h', text = INCIDENT, ref = 1) {
  const m = await h.propose(`${options} ${text}`);
  await approvePublished(h, m, ref);
  if (options.includes('followup')) {
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes('Suivi : tweet de clôture attendu'), 'the follow-up note on the proposal');
  }
  await namesKnown(h);
  return m;
}

/**
 * Moves the test clock and lets the scheduler fire what fell due; resolves once its effects are done, with
 * how many reminders were posted in the thread of `ts` meanwhile (other work, such as shift summaries, may fire too).
 */
async function advanceBy(h: Harness, ts: string, ms: number): Promise<number> {
  const before = remindersIn(h, ts).length;
  await h.advance(ms);
  return remindersIn(h, ts).length - before;
}

/** Moves the clock to the first reminder (+2h) and returns it. */
async function firstReminder(h: Harness, m: FakeMessage) {
  expect(await advanceBy(h, m.ts, 2 * HOUR)).toBe(1);
  return waitFor(() => remindersIn(h, m.ts)[0], 'the first reminder');
}

describe('follow-up reminders', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('reminds in the thread at the due time, not before: broadcast, state first, mentioning the author, quoting the tweet, with two buttons and a snooze menu', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    expect(shown(h.slack.message(TEAM, m.ts))).toContain('suivi 2 h après publication');
    expect(shown(h.slack.message(TEAM, m.ts))).toContain('Suivi : tweet de clôture attendu à 13:00');
    expect(followupOf(h, 1)).toMatchObject({ state: 'open', due_at: '2026-11-21T12:00:00.000Z', opened_by: AUTHOR, reminders_sent: 0 });

    expect(await advanceBy(h, m.ts, 2 * HOUR - MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    const reminder = await waitFor(() => remindersIn(h, m.ts)[0], 'the reminder at +2h');

    expect(reminder).toMatchObject({ channel: TEAM, thread_ts: m.ts, reply_broadcast: true });
    expect(reminder.text).toBe(`🔔 <@${AUTHOR}> : tweet de clôture de #1, prévu à 13:00 (maintenant)`);
    // The state first, in words; then whom it is for; then the post.
    expect(bodyOf(reminder).split('\n')).toEqual(['🔔 *Tweet de clôture de #1* : prévu à 13:00 (maintenant)', `Pour <@${AUTHOR}> · rappel 1`, `> ${INCIDENT}`]);
    expect(reminder.text).not.toContain('<!here>');
    expect(buttonsOf(reminder).map((b) => b.action_id)).toEqual(ACTIONS);
    expect(buttonsOf(reminder).map((b) => b.type)).toEqual(['button', 'static_select', 'button']);
    expect(buttonsOf(reminder).map((b) => b.text?.text)).toEqual(['Proposer le tweet de clôture', undefined, 'Clore sans tweet']);
    const menu = buttonsOf(reminder)[1]!;
    expect(menu.options!.map((o) => o.text.text)).toEqual(['Reporter de 15 min', 'Reporter de 30 min', 'Reporter de 1 h', 'Reporter de 2 h']);
    expect(JSON.parse(menu.options![2].value)).toEqual({ followup: 1, reminder: 1, minutes: 60 });
    expect(followupOf(h, 1)).toMatchObject({ reminders_sent: 1, unanswered: 1 });
  });

  it('quotes the tweet escaped: a mention or @channel typed in it notifies nobody', async () => {
    h = await startHarness();
    const m = await publishIncident(h, '--followup 1h', 'Fin &lt;!channel&gt; &amp; &lt;@U999&gt; pour test.');
    expect(await advanceBy(h, m.ts, HOUR)).toBe(1);
    const reminder = await waitFor(() => remindersIn(h, m.ts)[0], 'the reminder');
    expect(bodyOf(reminder)).toContain('> Fin &lt;!channel&gt; &amp; &lt;@U999&gt; pour test.');
    expect(shown(reminder)).not.toContain('<!channel>');
    expect(shown(reminder)).not.toContain('<@U999>');
  });

  it('repeats every FOLLOWUP_REMIND_EVERY (30m by default)', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    await firstReminder(h, m);
    expect(await advanceBy(h, m.ts, 29 * MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the second reminder');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    const third = await waitFor(() => remindersIn(h, m.ts)[2], 'the third reminder');
    expect(bodyOf(third)).toContain('rappel 3');
    expect(bodyOf(third)).toContain('en retard de 1 h (prévu à 13:00)');
    expect(followupOf(h, 1).reminders_sent).toBe(3);
  });

  it('follows a custom FOLLOWUP_REMIND_EVERY', async () => {
    h = await startHarness({ FOLLOWUP_REMIND_EVERY: '10m' });
    const m = await publishIncident(h);
    await firstReminder(h, m);
    expect(await advanceBy(h, m.ts, 9 * MIN)).toBe(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the reminder 10 minutes later');
    expect(await advanceBy(h, m.ts, 10 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[2], 'the next one 10 minutes after');
    expect(remindersIn(h, m.ts)).toHaveLength(3);
  });

  it('adds @here after FOLLOWUP_ESCALATE_AFTER unanswered reminders, and starts counting again after a snooze', async () => {
    h = await startHarness({ FOLLOWUP_ESCALATE_AFTER: '2' });
    const m = await publishIncident(h);
    await firstReminder(h, m);
    for (let i = 0; i < 3; i++) expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    const four = await waitFor(() => remindersIn(h, m.ts).length === 4 && remindersIn(h, m.ts), 'four reminders');
    const posted = postedReminders(h);
    expect(posted.map((r) => r.text.startsWith('<!here>'))).toEqual([false, false, true, true]);
    expect(posted[2]!.text).toContain(`<@${AUTHOR}>`);
    // Escalation looks like one: red, how late, how many reminders went unanswered, @here in the message too.
    expect(bodyOf(posted[2]).split('\n')[0]).toBe('<!here> 🔴 *Tweet de clôture de #1* : en retard de 1 h (prévu à 13:00) · *3 rappels sans réponse*');
    expect(bodyOf(four[3]).split('\n')[0]).toBe('<!here> 🔴 *Tweet de clôture de #1* : en retard de 1 h 30 (prévu à 13:00) · *4 rappels sans réponse*');
    expect(bodyOf(posted[1])).toMatch(/^🔔 \*Tweet de clôture de #1\* : en retard de 30 min/);
    // Only the latest is live: the three before it say they were superseded by it.
    expect(four.slice(0, 3).map(bodyOf)).toEqual([1, 2, 3].map((n) => `↪️ Remplacé par le rappel 4 · rappel ${n} de #1`));
    expect(query(h, "SELECT detail FROM audit_log WHERE action = 'reminder_sent' ORDER BY id").map((r) => JSON.parse(r.detail).escalated)).toEqual([
      false,
      false,
      true,
      true,
    ]);

    // Someone answers: the next reminders start from zero unanswered.
    const response = await h.send.command(BOB, '/followup', 'snooze #1 15m');
    expect(response.json.text).toContain('repoussé');
    // The live reminder (the fourth) now says it was snoozed, without its buttons.
    await waitFor(() => buttonsOf(h.slack.message(TEAM, four[3]!.ts)!).length === 0, 'the fourth reminder answered');
    expect(bodyOf(h.slack.message(TEAM, four[3]!.ts))).toBe('⏰ Reporté par ubob, prochain rappel à 14:45 · rappel 4 de #1');
    expect(await advanceBy(h, m.ts, 15 * MIN)).toBe(1);
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts).length === 7, 'seven reminders');
    expect(postedReminders(h).slice(4).map((r) => r.text.startsWith('<!here>'))).toEqual([false, false, true]);
  });

  it('never adds @here with FOLLOWUP_ESCALATE_AFTER=0', async () => {
    h = await startHarness({ FOLLOWUP_ESCALATE_AFTER: '0' });
    const m = await publishIncident(h);
    await firstReminder(h, m);
    for (let i = 0; i < 7; i++) expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts).length === 8, 'eight reminders');
    expect(postedReminders(h)).toHaveLength(8);
    expect(postedReminders(h).filter((r) => r.text.includes('<!here>') || JSON.stringify(r.blocks).includes('<!here>') || JSON.stringify(r.blocks).includes('🔴'))).toEqual([]);
  });

  it('mentions whoever took duty with /duty take, and the channel is told', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const first = await firstReminder(h, m);
    expect(first.text).toContain(`<@${AUTHOR}>`);

    const taken = await h.send.command(BOB, '/duty', 'take');
    expect(taken.status).toBe(200);
    const told = await waitFor(
      () => h.slack.messages.find((x) => x.channel === TEAM && !x.thread_ts && x.text?.includes('prend la permanence')),
      'the duty message in the channel',
    );
    // Bob is named, not pinged: he took duty himself.
    expect(told.text).toBe('🛡️ ubob prend la permanence : les rappels de suivi le mentionnent désormais.');

    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    const second = await waitFor(() => remindersIn(h, m.ts)[1], 'the reminder after BOB took duty');
    expect(second.text).toContain(`<@${BOB}>`);
    expect(second.text).not.toContain(`<@${AUTHOR}>`);

    // Duty changes hands again: the next reminder follows.
    await h.send.command(CAROL, '/duty', 'prendre');
    await waitFor(() => h.slack.messages.some((x) => x.channel === TEAM && x.text?.includes('ucarol prend la permanence')), 'CAROL taking duty');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    const third = await waitFor(() => remindersIn(h, m.ts)[2], 'the reminder after CAROL took duty');
    expect(third.text).toContain(`<@${CAROL}>`);
    expect(query(h, "SELECT detail FROM audit_log WHERE action = 'reminder_sent' ORDER BY id").map((r) => JSON.parse(r.detail).mentioned)).toEqual([
      AUTHOR,
      BOB,
      CAROL,
    ]);
  });

  it('after a handover the incoming member is on duty, and the reminders mention them (named, or who acknowledged)', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const first = await firstReminder(h, m);
    expect(first.text).toContain(`<@${AUTHOR}>`);

    // A handover to a named member: the next reminder mentions them.
    const named = await h.send.command(AUTHOR, '/handover', `<@${BOB}|bob> A9 toujours en cours`);
    expect(named.json.text).toContain('ubob est de permanence');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    const second = await waitFor(() => remindersIn(h, m.ts)[1], 'the reminder after the handover to BOB');
    expect(second.text).toContain(`<@${BOB}>`);
    expect(second.text).not.toContain(`<@${AUTHOR}>`);

    // A handover to whoever acknowledges: the one who does is on duty, and mentioned.
    await h.send.command(BOB, '/handover', 'Relève libre, A9 à suivre');
    const handover = await waitFor(() => query(h, 'SELECT id, message_ts FROM handovers WHERE to_user IS NULL AND message_ts IS NOT NULL')[0], 'the open handover');
    await h.send.blockAction(CAROL, { action_id: 'handover_acknowledge', value: String(handover.id), block_id: `handover_${handover.id}` }, { messageTs: handover.message_ts });
    await waitFor(() => query(h, 'SELECT acknowledged_by FROM handovers WHERE id = ?', handover.id)[0]?.acknowledged_by === CAROL, 'CAROL acknowledging');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    const third = await waitFor(() => remindersIn(h, m.ts)[2], 'the reminder after CAROL acknowledged');
    expect(third.text).toContain(`<@${CAROL}>`);
    expect(query(h, "SELECT detail FROM audit_log WHERE action = 'reminder_sent' ORDER BY id").map((r) => JSON.parse(r.detail).mentioned)).toEqual([
      AUTHOR,
      BOB,
      CAROL,
    ]);
  });

  it('/duty says who is on duty and since when (ephemeral), or that nobody is', async () => {
    h = await startHarness();
    const nobody = await h.send.command(ALICE, '/duty', '');
    expect(nobody.json).toMatchObject({ response_type: 'ephemeral' });
    expect(nobody.json.text).toMatch(/Personne n’est de permanence/);
    expect(nobody.json.text).toMatch(/auteur/);
    await namesKnown(h);

    await h.advance(90 * MIN); // 11:30Z, 12h30 in Paris
    await h.send.command(BOB, '/duty', 'take');
    await waitFor(() => h.slack.messages.some((x) => x.text?.includes('prend la permanence')), 'the duty message');
    await h.advance(45 * MIN);
    const who = await h.send.command(ALICE, '/duty', '');
    expect(who.json).toMatchObject({ response_type: 'ephemeral' });
    expect(who.json.text).toBe('ubob est de permanence depuis 12:30 (45 min). Les rappels de suivi le mentionnent.');

    const again = await h.send.command(BOB, '/duty', 'take');
    expect(again.json).toMatchObject({ response_type: 'ephemeral' });
    expect(again.json.text).toBe('Vous êtes déjà de permanence depuis 12:30.');
    expect(query(h, "SELECT actor, action FROM audit_log WHERE subject = 'duty'")).toEqual([{ actor: BOB, action: 'duty_taken' }]);
    expect(h.slack.messages.filter((x) => x.text?.includes('prend la permanence'))).toHaveLength(1);

    // Who is on duty survives a restart.
    await h.restart();
    const after = await h.send.command(CAROL, '/duty', '');
    expect(after.json.text).toContain('ubob est de permanence');
  });

  it('snoozes with the menu: no reminder until the chosen time, and the reminder shows who snoozed, on one line without buttons', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const reminder = await firstReminder(h, m);
    const asShown = snapshot(reminder);
    const repliesBefore = h.threadReplies(m.ts).length;

    const chosen = await choose(h, BOB, asShown, 60);
    expect(chosen.status).toBe(200);
    const threadNote = await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes('a repoussé')), 'the snooze in the thread');
    // Bob is named, not pinged; 12:00Z + 1h is 14:00 in Paris, today.
    expect(threadNote.text).toBe('⏰ ubob a repoussé le prochain rappel à 14:00.');
    // The reminder's buttons give way to what was done.
    await waitFor(() => buttonsOf(h.slack.message(TEAM, reminder.ts)!).length === 0, 'the buttons removed from the reminder');
    expect(h.slack.message(TEAM, reminder.ts)!.blocks).toHaveLength(1);
    expect(bodyOf(h.slack.message(TEAM, reminder.ts))).toBe('⏰ Reporté par ubob, prochain rappel à 14:00 · rappel 1 de #1');
    expect(reminderJob(h, 1)).toMatchObject({ state: 'pending', due_at: '2026-11-21T13:00:00.000Z' });

    // The very same menu used again, from the message as it was shown: stale, and nothing changes.
    const job = reminderJob(h, 1);
    const audit = followupAudit(h).length;
    const messages = h.slack.messages.length;
    const answers = h.slack.responses.length;
    await choose(h, BOB, asShown, 60);
    expect((await responseAfter(h, answers)).body.text).toMatch(/n’est plus d’actualité/);
    expect(reminderJob(h, 1)).toEqual(job);
    expect(followupAudit(h)).toHaveLength(audit);
    expect(h.slack.messages).toHaveLength(messages);

    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    expect(await advanceBy(h, m.ts, 29 * MIN)).toBe(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    const next = await waitFor(() => remindersIn(h, m.ts)[1], 'the reminder an hour after the snooze');
    expect(bodyOf(next)).toContain('rappel 2');
    // The snoozed one is now superseded by it.
    await waitFor(() => bodyOf(h.slack.message(TEAM, reminder.ts)) === '↪️ Remplacé par le rappel 2 · rappel 1 de #1', 'the first reminder superseded');
    expect(h.threadReplies(m.ts).length).toBeGreaterThan(repliesBefore);

    const snoozed = followupAudit(h).find((a) => a.action === 'followup_snoozed');
    expect(snoozed).toMatchObject({ actor: BOB, ref: 1, text: INCIDENT, detail: { followup: 1, until: '2026-11-21T13:00:00.000Z' } });
  });

  it('answers a second use of the same snooze menu privately that it is stale, and changes nothing', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const reminder = await firstReminder(h, m);
    const asShown = snapshot(reminder);
    await choose(h, BOB, asShown, 30);
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes('a repoussé')), 'the first snooze');
    await waitFor(() => buttonsOf(h.slack.message(TEAM, reminder.ts)!).length === 0, 'the reminder updated');

    const job = reminderJob(h, 1);
    const audit = followupAudit(h).length;
    const messages = h.slack.messages.length;
    const updates = h.slack.callsTo('chat.update').length;
    const answers = h.slack.responses.length;

    // Alice's client still shows the old menu: she chooses "1 h".
    await choose(h, ALICE, asShown, 60);
    const answer = await responseAfter(h, answers);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.body.text).toMatch(/n’est plus d’actualité/);
    expect(answer.body.text).toContain('#1');
    expect(reminderJob(h, 1)).toEqual(job);
    expect(followupAudit(h)).toHaveLength(audit);
    expect(h.slack.messages).toHaveLength(messages);
    expect(h.slack.callsTo('chat.update')).toHaveLength(updates);

    // The first snooze (30 min) is what holds.
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the reminder 30 minutes after the snooze');
  });

  it("treats an older reminder's buttons as stale once a newer reminder is out", async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const first = snapshot(await firstReminder(h, m));
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the second reminder');
    const answers = h.slack.responses.length;
    await press(h, BOB, first, 'followup_close');
    const answer = await responseAfter(h, answers);
    expect(answer.body.text).toMatch(/n’est plus d’actualité/);
    expect(followupOf(h, 1).state).toBe('open');
    // Its snooze menu, still on Alice's screen, is just as stale.
    const job = reminderJob(h, 1);
    await choose(h, ALICE, first, 120);
    expect((await responseAfter(h, answers + 1)).body.text).toMatch(/n’est plus d’actualité/);
    expect(reminderJob(h, 1)).toEqual(job);
    expect(bodyOf(h.slack.message(TEAM, first.ts))).toBe('↪️ Remplacé par le rappel 2 · rappel 1 de #1');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[2], 'the reminders go on');
  });

  it('refuses a button pressed by a non-member, privately, and changes nothing', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const reminder = snapshot(await firstReminder(h, m));
    const answers = h.slack.responses.length;
    await press(h, OUTSIDER, reminder, 'followup_close');
    const answer = await responseAfter(h, answers);
    expect(answer.body.text).toMatch(/réservé aux membres/);
    expect(followupOf(h, 1)).toMatchObject({ state: 'open', unanswered: 1 });
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('snoozes with /followup snooze: the next reminder moves, the thread is told', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    await firstReminder(h, m);
    const response = await h.send.command(ALICE, '/followup', 'reporter #1 45m');
    expect(response.json).toMatchObject({ response_type: 'ephemeral' });
    expect(response.json.text).toBe('Prochain rappel du suivi de #1 repoussé à 13:45.');
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.text === '⏰ ualice a repoussé le prochain rappel à 13:45.'), 'the thread told');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(0);
    expect(await advanceBy(h, m.ts, 14 * MIN)).toBe(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the reminder 45 minutes later');
    // Then the cadence again.
    expect(await advanceBy(h, m.ts, 29 * MIN)).toBe(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
  });

  it('never brings the first reminder forward with a snooze made before the due time', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    await h.advance(30 * MIN);
    // "Push the next reminder back": the first one is due at +2h; snoozing must not make it come at +1h.
    const response = await h.send.command(BOB, '/followup', 'snooze #1 30m');
    expect(response.status).toBe(200);
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes('a repoussé')), 'the snooze in the thread');
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(0);
    expect(await advanceBy(h, m.ts, HOUR)).toBe(0); // at +2h, the time it was due: still pushed back
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[0], 'the first reminder, pushed back');
  });

  it('/followup done REF reason: no more reminders, the reason recorded, the proposal says it is closed', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    await firstReminder(h, m);
    const response = await h.send.command(BOB, '/followup', 'done #1 Fausse alerte,   véhicule déjà dégagé');
    expect(response.json).toMatchObject({ response_type: 'ephemeral', text: 'Suivi de #1 clos sans tweet.' });
    const reply = await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes('Suivi clos sans tweet')), 'the thread told');
    expect(reply.text).toBe('✅ Suivi clos sans tweet par ubob, pour cette raison : Fausse alerte, véhicule déjà dégagé');
    // The reason in full, as typed (its spacing kept), in a quote Slack shows literally.
    expect(reply.blocks!.map((b: any) => b.type)).toEqual(['section', 'rich_text']);
    expect(reply.blocks![1].elements[0].elements[0].text).toBe('Fausse alerte,   véhicule déjà dégagé');
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes('Suivi clos sans tweet par ubob : Fausse alerte, véhicule déjà dégagé'), 'the note on the proposal');
    // The live reminder says it is closed, without buttons.
    await waitFor(() => bodyOf(remindersIn(h, m.ts)[0]) === '✅ Clos sans tweet par ubob · rappel 1 de #1', 'the reminder rewritten');
    expect(followupOf(h, 1)).toMatchObject({ state: 'closed', resolved_by: BOB, reason: 'Fausse alerte,   véhicule déjà dégagé' });
    expect(reminderJob(h, 1).state).toBe('cancelled');
    expect(followupAudit(h).at(-1)).toMatchObject({
      actor: BOB,
      action: 'followup_closed',
      text: INCIDENT,
      detail: { followup: 1, reason: 'Fausse alerte,   véhicule déjà dégagé' },
    });

    expect(await advanceBy(h, m.ts, 3 * HOUR)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
  });

  it('echoes the reason of /followup done escaped, so it notifies nobody', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    // Typed literally `<!channel>` and `<@U999>`: Slack sends them encoded, the bot must not post them raw.
    await h.send.command(BOB, '/followup', 'done #1 levée &lt;!channel&gt; &lt;@U999&gt;');
    const reply = await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes('Suivi clos sans tweet')), 'the thread told');
    expect(reply.text).not.toContain('<!channel>');
    expect(reply.text).not.toContain('<@U999>');
    expect(reply.text).toContain('&lt;!channel&gt;');
    // In mrkdwn it is escaped; in the rich-text quote it is shown literally, which notifies nobody either.
    expect(JSON.stringify(reply.blocks![0])).not.toContain('<!channel>');
    expect(reply.blocks![1].elements[0].elements[0]).toEqual({ type: 'text', text: 'levée <!channel> <@U999>' });
    expect(followupOf(h, 1).reason).toBe('levée <!channel> <@U999>');
  });

  it('closes with the *Close without tweet* button', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const reminder = await firstReminder(h, m);
    await press(h, ALICE, snapshot(reminder), 'followup_close');
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.text === '✅ Suivi clos sans tweet par ualice.'), 'the thread told');
    await waitFor(() => bodyOf(h.slack.message(TEAM, reminder.ts)) === '✅ Clos sans tweet par ualice · rappel 1 de #1', 'the reminder updated');
    expect(buttonsOf(h.slack.message(TEAM, reminder.ts)!)).toEqual([]);
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes('Suivi clos sans tweet par ualice'), 'the note on the proposal');
    expect(followupOf(h, 1)).toMatchObject({ state: 'closed', resolved_by: ALICE, reason: null });
    expect(await advanceBy(h, m.ts, 2 * HOUR)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
  });

  it('*Propose the closing tweet* opens the composer preset as a reply; its submission becomes the closing proposal', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const reminder = await firstReminder(h, m);
    await press(h, BOB, snapshot(reminder), 'followup_propose_closing');
    const opened = await waitFor(() => h.slack.views.find((v) => v.method === 'views.open'), 'the composer');
    expect(opened.view.callback_id).toBe('proposal_composer');
    expect(JSON.parse(opened.view.private_metadata)).toMatchObject({ replyToRef: 1 });
    const replyField = opened.view.blocks.find((b: any) => b.block_id === 'reply');
    // The reply menu opens on #1, the start of its text beside it.
    expect(replyField.element.initial_option.value).toBe('1');
    expect(replyField.element.initial_option.text.text).toMatch(/^#1 · Accident/);
    // Nothing is closed by opening the composer: the follow-up is still open.
    expect(followupOf(h, 1).state).toBe('open');

    // As Slack sends it back: every input of the modal, the reply menu still on its preset option.
    const submitted = await submitComposer(h, opened, { part_0_1: 'Fin d’intervention sur l’A9, circulation rétablie.' }, BOB);
    expect(submitted.status).toBe(200);
    const closing = await waitFor(() => h.proposalMessages()[1], 'the closing proposal');
    expect(shown(closing)).toContain('*Proposition #2*');
    expect(shown(closing)).toContain('en réponse à #1');
    expect(query(h, 'SELECT reply_to_ref, text FROM proposal_versions WHERE ref = 2')).toEqual([
      { reply_to_ref: 1, text: 'Fin d’intervention sur l’A9, circulation rétablie.' },
    ]);

    await approvePublished(h, closing, 2, CAROL);
    expect(h.x.tweets[1]).toMatchObject({ replyTo: h.x.tweets[0]!.id });
    await waitFor(() => followupOf(h, 1).state === 'resolved', 'the follow-up resolved');
    expect(await advanceBy(h, m.ts, 2 * HOUR)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
  });

  it('/followup REF text proposes the closing tweet; once published as a reply on X, the follow-up is resolved', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    await firstReminder(h, m);
    await namesKnown(h);
    const response = await h.send.command(BOB, '/followup', '#1 Intervention terminée, circulation rétablie &amp; A9 rouverte.');
    expect(response.status).toBe(200);
    const closing = await waitFor(() => h.proposalMessages()[1], 'proposal #2');
    expect(shown(closing)).toContain('*Proposition #2*');
    expect(shown(closing)).toContain('de ubob');
    expect(shown(closing)).toContain('en réponse à #1');
    // Still open until the closing tweet is out.
    expect(followupOf(h, 1).state).toBe('open');

    await approvePublished(h, closing, 2, ALICE);
    expect(h.x.tweets).toHaveLength(2);
    expect(h.x.tweets[1]).toMatchObject({ text: 'Intervention terminée, circulation rétablie & A9 rouverte.', replyTo: h.x.tweets[0]!.id });

    await waitFor(() => h.threadReplies(m.ts).find((r) => r.text === '✅ Suivi clos : le tweet de clôture #2 est publié.'), 'the thread of #1 told');
    // The reminder, live until then, now says what resolved it, without buttons.
    await waitFor(() => bodyOf(remindersIn(h, m.ts)[0]) === '✅ Résolu par #2 · rappel 1 de #1', 'the reminder rewritten');
    expect(buttonsOf(remindersIn(h, m.ts)[0]!)).toEqual([]);
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes('Suivi clos : tweet de clôture #2 publié'), 'the note on #1');
    expect(followupOf(h, 1)).toMatchObject({ state: 'resolved', closing_ref: 2, resolved_by: BOB });
    expect(reminderJob(h, 1).state).toBe('cancelled');
    expect(followupAudit(h).at(-1)).toMatchObject({
      action: 'followup_resolved',
      ref: 1,
      text: 'Intervention terminée, circulation rétablie & A9 rouverte.',
      detail: { followup: 1, closingRef: 2 },
    });

    expect(await advanceBy(h, m.ts, 3 * HOUR)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    // The closing proposal has no follow-up of its own.
    expect(followupOf(h, 2)).toBeUndefined();
  });

  it('/followup open REF DURATION opens a follow-up on a published proposal, due from its publication', async () => {
    h = await startHarness();
    const m = await publishIncident(h, '');
    expect(followupOf(h, 1)).toBeUndefined();
    await h.advance(20 * MIN);
    const response = await h.send.command(BOB, '/followup', 'open #1 1h');
    expect(response.json).toMatchObject({ response_type: 'ephemeral', text: 'Suivi ouvert sur #1, dû à 12:00.' });
    expect(followupOf(h, 1)).toMatchObject({ state: 'open', due_at: '2026-11-21T11:00:00.000Z', opened_by: BOB });
    await waitFor(() => shown(h.slack.message(TEAM, m.ts)).includes('Suivi : tweet de clôture attendu à 12:00'), 'the note on the proposal');
    expect(followupAudit(h)).toEqual([
      { actor: BOB, ref: 1, action: 'followup_opened', text: INCIDENT, detail: { followup: 1, dueAt: '2026-11-21T11:00:00.000Z' } },
    ]);

    expect(await advanceBy(h, m.ts, 39 * MIN)).toBe(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    const reminder = await waitFor(() => remindersIn(h, m.ts)[0], 'the reminder');
    expect(reminder.text).toContain(`<@${AUTHOR}>`);
  });

  it('/followup open with a due time already past sends the first reminder at once', async () => {
    h = await startHarness();
    const m = await publishIncident(h, '');
    await h.advance(3 * HOUR);
    const response = await h.send.command(BOB, '/followup', 'ouvrir 1 1h');
    expect(response.json.text).toContain('déjà passée');
    const reminder = await waitFor(() => remindersIn(h, m.ts)[0], 'the immediate reminder');
    expect(bodyOf(reminder)).toContain('rappel 1');
    expect(bodyOf(reminder)).toContain('en retard de 2 h (prévu à 12:00)');
    // One reminder, then the cadence.
    expect(await advanceBy(h, m.ts, 29 * MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
  });

  it('/followup list shows open follow-ups, overdue first, with times in Paris (ephemeral)', async () => {
    h = await startHarness();
    const empty = await h.send.command(ALICE, '/followup', 'list');
    expect(empty.json).toMatchObject({ response_type: 'ephemeral', text: 'Aucun suivi ouvert.' });

    await publishIncident(h, '--followup 3h', 'Manifestation en cours place de la Comédie.', 1);
    const second = await publishIncident(h, '--followup 1h', 'Incendie de broussailles à Lattes, évitez la D986.', 2);
    const third = await publishIncident(h, '--followup 30m', 'Coupure de la RN113, déviation en place.', 3);
    await h.send.command(BOB, '/followup', 'done #3');
    await waitFor(() => h.threadReplies(third.ts).some((r) => r.text?.includes('Suivi clos sans tweet')), '#3 closed, and its thread told');
    expect(await advanceBy(h, second.ts, 90 * MIN)).toBe(1); // #2's reminder at 11:00Z

    const messages = h.slack.messages.length;
    const list = await h.send.command(ALICE, '/followup', 'liste');
    expect(list.json.response_type).toBe('ephemeral');
    const lines = (list.json.text as string).split('\n');
    // 12:30 in Paris: how late each is, overdue first.
    expect(lines).toEqual([
      '*2 suivis ouverts*, dont 1 en retard :',
      '🔴 *#2* en retard de 30 min (prévu à 12:00) · 1 rappel · « Incendie de broussailles à Lattes, évitez la D986. »',
      '🟡 *#1* prévu à 14:00 (dans 1 h 30) · « Manifestation en cours place de la Comédie. »',
    ]);
    expect(h.slack.messages).toHaveLength(messages);
  });

  it('after a stop across the due time and beyond: exactly one reminder on restart, then the cadence', async () => {
    h = await startHarness({ FOLLOWUP_ESCALATE_AFTER: '2' });
    const m = await publishIncident(h);
    await h.stop();
    h.clock.advance(3 * HOUR); // down from 10:00Z to 13:00Z: due at 12:00Z, three reminders missed
    await h.start();
    const one = await waitFor(() => remindersIn(h, m.ts)[0], 'the reminder sent at start');
    expect(bodyOf(one)).toContain('rappel 1');
    expect(one.text).not.toContain('<!here>');
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    expect(reminderJob(h, 1).due_at).toBe('2026-11-21T13:30:00.000Z');

    expect(await advanceBy(h, m.ts, 29 * MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the next reminder, after the cadence');

    // Another stop: the count of unanswered reminders survives it, so the third one escalates.
    await h.stop();
    h.clock.advance(2 * HOUR);
    await h.start();
    const third = await waitFor(() => remindersIn(h, m.ts)[2], 'the reminder after the second restart');
    expect(third.text?.startsWith('<!here>')).toBe(true);
    expect(remindersIn(h, m.ts)).toHaveLength(3);
    expect(query(h, "SELECT count(*) AS n FROM audit_log WHERE action = 'reminder_sent'")[0]!.n).toBe(3);
  });

  it('a restart before the due time changes nothing: the reminder still comes at +2h, once', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    await h.advance(HOUR);
    await h.restart();
    expect(await advanceBy(h, m.ts, HOUR - MIN)).toBe(0);
    expect(remindersIn(h, m.ts)).toHaveLength(0);
    expect(await advanceBy(h, m.ts, MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[0], 'the reminder');
    await h.restart();
    expect(remindersIn(h, m.ts)).toHaveLength(1);
    expect(await advanceBy(h, m.ts, 30 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the next reminder');
    expect(remindersIn(h, m.ts)).toHaveLength(2);
  });

  it('writes the audit log: opened, reminder_sent, snoozed, closed', async () => {
    h = await startHarness();
    const m = await publishIncident(h);
    const reminder = await firstReminder(h, m);
    await choose(h, BOB, snapshot(reminder), 15);
    await waitFor(() => h.threadReplies(m.ts).find((r) => r.text?.includes('a repoussé')), 'the snooze');
    expect(await advanceBy(h, m.ts, 15 * MIN)).toBe(1);
    await waitFor(() => remindersIn(h, m.ts)[1], 'the second reminder');
    await h.send.command(ALICE, '/followup', 'clore #1 RAS');
    await waitFor(() => followupOf(h, 1).state === 'closed', 'closed');

    expect(followupAudit(h)).toEqual([
      { actor: AUTHOR, ref: 1, action: 'followup_opened', text: INCIDENT, detail: { followup: 1, dueAt: '2026-11-21T12:00:00.000Z' } },
      { actor: 'comcell', ref: 1, action: 'reminder_sent', text: INCIDENT, detail: { followup: 1, reminder: 1, mentioned: AUTHOR, escalated: false } },
      { actor: BOB, ref: 1, action: 'followup_snoozed', text: INCIDENT, detail: { followup: 1, until: '2026-11-21T12:15:00.000Z' } },
      { actor: 'comcell', ref: 1, action: 'reminder_sent', text: INCIDENT, detail: { followup: 1, reminder: 2, mentioned: AUTHOR, escalated: false } },
      { actor: ALICE, ref: 1, action: 'followup_closed', text: INCIDENT, detail: { followup: 1, reason: 'RAS' } },
    ]);
  });
});
