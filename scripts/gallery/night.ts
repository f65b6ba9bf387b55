/**
 * A scripted night of the cell against the fakes, in one locale: the real bot (the test harness's fake
 * Slack and fake X, with the fakes of Mastodon and Bluesky configured through its environment) is made to
 * send every kind of message, modal and Home view it has. The test clock moves; nothing sleeps.
 *
 * Scenarios follow the night (21:40 to 06:05 in Paris); each records what the cell saw meanwhile.
 */
import { DateTime } from 'luxon';
import type { Locale } from '../../src/platform/config.js';
import { partBlock } from '../../src/proposals/composerView.js';
import type { FakeMessage, FakeSlack } from '../../test/support/fakeSlack.js';
import { startFakeBluesky } from '../../test/support/fakeBluesky.js';
import { startFakeMastodon } from '../../test/support/fakeMastodon.js';
import { ALICE, AUTHOR, BOB, BOT, CAROL, OUTSIDER, startHarness, TEAM, type Harness } from '../../test/support/harness.js';
import { testImage } from '../../test/support/images.js';
import { type Fill, Gestures } from './gestures.js';
import { morning } from './morning.js';
import { Recorder, type Scenario } from './recorder.js';
import { WORDS } from './words.js';

/** Saturday 21 November 2026, 21:40 in Paris. */
export const NIGHT_START = '2026-11-21T20:40:00Z';
const ZONE = 'Europe/Paris';
const MINUTE = 60_000;

/** The people of the night, as the fake Slack names them. */
export const PEOPLE: Record<string, string> = { [AUTHOR]: 'Camille', [ALICE]: 'Alice', [BOB]: 'Bruno', [CAROL]: 'Chloé', [BOT]: 'comcell', [OUTSIDER]: 'Olivier' };

export interface Night {
  locale: Locale;
  channel: string;
  scenarios: Scenario[];
  /** What the fake Slack refused of what the bot sent: the gallery must show none. */
  refusals: FakeSlack['refusals'];
  /** Steps of the script that did not go as written. */
  problems: string[];
}

export async function playNight(locale: Locale): Promise<Night> {
  let h: Harness | undefined;
  const now = () => (h ? h.clock.now().getTime() : Date.parse(NIGHT_START));
  const mastodon = await startFakeMastodon({ now, mediaProcessing: 'sync', username: 'prefet30' });
  const bluesky = await startFakeBluesky({ now, handle: 'prefet30.bsky.social' });
  try {
    h = await startHarness(
      {
        LOCALE: locale,
        MASTODON_URL: mastodon.origin,
        MASTODON_TOKEN: 'mastodon-token',
        BLUESKY_HANDLE: bluesky.handle,
        BLUESKY_APP_PASSWORD: bluesky.appPassword,
        BLUESKY_SERVICE: bluesky.origin,
      },
      { start: NIGHT_START, names: PEOPLE },
    );
    const rec = new Recorder(h.slack, () => h!.clock.now());
    const you = new Gestures(h, rec, TEAM, (u) => PEOPLE[u] ?? u);
    await script(h, rec, you, locale);
    await morning(h, rec, you, locale);
    return { locale, channel: TEAM, scenarios: rec.scenarios, refusals: h.slack.refusals, problems: rec.problems };
  } finally {
    await h?.close();
    await Promise.all([mastodon.close(), bluesky.close()]);
  }
}

/** The composer's first text field, as it opens. */
const FIRST_PART = partBlock(0, 1);

async function script(h: Harness, rec: Recorder, you: Gestures, locale: Locale): Promise<void> {
  const w = WORDS[locale].tweets;
  const notes = WORDS[locale].notes;
  const roots = () => h.slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts);
  /** `/tweet …` by `user`: the proposal message it made (the bot's newest message in the channel). */
  const tweet = async (user: string, text: string) => {
    const before = roots().length;
    await you.command(user, '/tweet', text, 'settled');
    const posted = roots().slice(before).at(-1);
    if (!posted) rec.problem(`no proposal message after /tweet ${text.slice(0, 40)}`);
    return posted;
  };
  const refOf = (m: FakeMessage | undefined) => (m ? h.query<{ ref: number }>('SELECT ref FROM proposal_versions WHERE message_ts = ?', m.ts)[0]?.ref : undefined);
  /** The message of a proposal, or of its thread, that offers the element: newest first. */
  const offering = (m: FakeMessage | undefined, actionId: RegExp) => {
    if (!m) return undefined;
    const thread = h.slack.messages.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts).reverse();
    return [h.slack.message(m.channel, m.ts) ?? m, ...thread].find((x) => you.find(x, actionId));
  };
  const newest = (pattern: RegExp) => [...h.slack.messages].reverse().find((m) => m.channel === TEAM && you.find(m, pattern));
  const wallClock = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    let at = DateTime.fromJSDate(h.clock.now(), { zone: ZONE }).set({ hour, minute, second: 0, millisecond: 0 });
    if (at.toMillis() <= h.clock.now().getTime()) at = at.plus({ days: 1 });
    return at;
  };
  const advanceTo = (hhmm: string, why: string) => you.advance(wallClock(hhmm).toMillis() - h.clock.now().getTime(), `${hhmm} — ${why}`);
  const composer = async (user: string, what: string) => {
    const before = h.slack.views.length;
    await you.command(user, '/tweet', '', 'output');
    const opened = h.slack.views.slice(before).find((v) => v.method === 'views.open');
    if (!opened) rec.problem(`no composer opened (${what})`);
    return opened;
  };

  await rec.scenario('help', 'Help', 'Each command’s help, as its ephemeral answer.', async () => {
    for (const command of ['/tweet', '/followup', '/handover', '/duty']) await you.command(ALICE, command, 'help', 'settled');
  });

  await rec.scenario('duty', 'Taking duty', 'Nobody is on duty at the start of the night; Alice takes it.', async () => {
    await you.command(ALICE, '/duty', '', 'settled');
    await you.command(ALICE, '/duty', 'take', 'settled');
    await you.command(BOB, '/duty', '', 'settled');
  });

  let pending: FakeMessage | undefined;
  await rec.scenario('proposal', 'A proposal, awaiting approval', 'Camille proposes a post; her own approval does not count, and she is told so. It stays pending all night.', async () => {
    pending = await tweet(AUTHOR, w.pending);
    if (pending) await you.react(AUTHOR, 'white_check_mark', pending);
  });

  let published: FakeMessage | undefined;
  await rec.scenario('published', 'Published on every network', 'Alice approves: the post goes out on X, Mastodon and Bluesky, with a link per network.', async () => {
    published = await tweet(AUTHOR, w.published);
    if (published) await you.react(ALICE, 'white_check_mark', published);
  });

  let incident: FakeMessage | undefined;
  await rec.scenario('options', 'A proposal with options', 'A follow-up in 45 minutes, on X and Mastodon only; approved and published.', async () => {
    incident = await tweet(AUTHOR, `--followup 45m --on x,mastodon ${w.incident}`);
    if (incident) await you.react(BOB, 'white_check_mark', incident);
  });

  await rec.scenario('images', 'A proposal with images, from the composer', 'Camille opens the composer, attaches two images, picks an earlier post to reply to; the composer then asks one alt text per image; Bruno approves.', async () => {
    const opened = await composer(AUTHOR, 'images');
    if (!opened) return;
    const files = [
      h.slack.registerFile({ id: 'FMAP', name: 'carte.png', mimetype: 'image/png', content: await testImage('png', 320, 200, 3) }),
      h.slack.registerFile({ id: 'FTEAM', name: 'controle.jpg', mimetype: 'image/jpeg', content: await testImage('jpeg', 320, 240, 7) }),
    ];
    const fill: Fill = ({ block_id, element }) => {
      if (element.type === 'file_input') return files;
      if (block_id === FIRST_PART) return w.images;
      if (/reply/i.test(block_id) && element.type === 'static_select') return String(refOf(published) ?? 2);
      return undefined;
    };
    const before = roots().length;
    await you.submit(AUTHOR, opened.id, fill, 'attaches carte.png and controle.jpg, picks the earlier post to reply to, submits');
    // Second step: the same modal asks one alt text per attached image.
    let alt = 0;
    const alts: Fill = ({ block_id, element }) => (/^alt_/.test(block_id) && element.type === 'plain_text_input' ? (w.imageAlts[alt++] ?? undefined) : undefined);
    await you.submit(AUTHOR, opened.id, alts, 'describes each image, submits');
    const m = roots().slice(before).at(-1);
    if (m) await you.react(BOB, 'white_check_mark', m);
    else rec.problem('no proposal message after the composer was submitted');
  });

  await rec.scenario('edited', 'A proposal edited: a new version', 'Camille spots a typo and edits her proposal: version 2 is posted, version 1 says it was replaced.', async () => {
    const v1 = await tweet(AUTHOR, w.typo);
    const before = h.slack.views.length;
    await you.press(AUTHOR, v1, /edit/);
    const opened = h.slack.views.slice(before).find((v) => v.method === 'views.open');
    if (!opened) return rec.problem('no composer opened by Edit');
    await you.submit(AUTHOR, opened.id, ({ block_id }) => (block_id === FIRST_PART ? w.fixed : undefined), 'corrects the text and saves');
  });

  await rec.scenario('rejected', 'A proposal rejected', 'Chloé rejects a proposal with ❌.', async () => {
    const m = await tweet(AUTHOR, w.rejected);
    if (m) await you.react(CAROL, 'x', m);
  });

  await rec.scenario('withdrawn', 'A proposal withdrawn', 'Camille withdraws her own proposal with ❌.', async () => {
    const m = await tweet(AUTHOR, w.withdrawn);
    if (m) await you.react(AUTHOR, 'x', m);
  });

  await rec.scenario('scheduled', 'A scheduled proposal, approved', 'To go out at 23:30; approved now, it waits for its time.', async () => {
    const m = await tweet(AUTHOR, `--at 23:30 ${w.scheduled}`);
    if (m) await you.react(ALICE, 'white_check_mark', m);
  });

  let late: FakeMessage | undefined;
  await rec.scenario('scheduled-unapproved', 'A scheduled proposal, not approved yet', 'To go out at 21:45: nobody approves it in time (see “Expired”).', async () => {
    late = await tweet(AUTHOR, `--at 21:45 ${w.expired}`);
  });

  await rec.scenario('dry-run', 'Dry run', 'The bot restarted with DRY_RUN=x,mastodon,bluesky: everything happens except the calls to the networks.', async () => {
    rec.note(null, 'the bot restarts with DRY_RUN=x,mastodon,bluesky');
    await h.restart({ DRY_RUN: 'x,mastodon,bluesky' });
    await you.settle();
    const m = await tweet(AUTHOR, w.dryRun);
    if (m) await you.react(ALICE, 'white_check_mark', m);
    rec.note(null, 'the bot restarts with its usual configuration');
    await h.restart();
    await you.settle();
  });

  let refused: FakeMessage | undefined;
  await rec.scenario('credentials', 'Refused credentials', 'X answers 401 (keys revoked): the X delivery fails, the channel is alerted; Mastodon and Bluesky publish.', async () => {
    h.x.script('POST /2/tweets', { kind: 'unauthorized' });
    refused = await tweet(AUTHOR, w.credentials);
    if (refused) await you.react(ALICE, 'white_check_mark', refused);
  });

  await rec.scenario('retry', 'Retry after refused credentials', 'The keys are fixed; Bruno presses Retry: published on X. Pressed again, the button is stale.', async () => {
    const where = offering(refused, /retry/);
    await you.press(BOB, where, /retry/);
    if (where && you.find(where, /retry/)) await you.press(CAROL, where, /retry/);
  });

  let uncertain: Array<FakeMessage | undefined> = [];
  await rec.scenario('uncertain', 'Uncertain after lost answers', 'X answers 503 twice and the account cannot be read back (a plan without reads): nobody knows whether the posts are online, so the bot asks.', async () => {
    h.x.script('POST /2/tweets', { status: 503, body: { title: 'Service Unavailable', type: 'about:blank', status: 503 } }, { status: 503, body: { title: 'Service Unavailable', type: 'about:blank', status: 503 } });
    h.x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' }, { kind: 'readForbidden' });
    uncertain = [await tweet(AUTHOR, w.uncertain[0]), await tweet(AUTHOR, w.uncertain[1])];
    for (const m of uncertain) if (m) await you.react(ALICE, 'white_check_mark', m);
    await you.advance(2 * MINUTE, '2 minutes later: the retry after the lost answer is due');
  });

  await rec.scenario('online', 'Uncertain, answered: it is online', 'Bruno checks the account: the first one is online. The second stays uncertain all night.', async () => {
    await you.press(BOB, offering(uncertain[0], /online/), /online/);
  });

  await rec.scenario('waiting', 'Rate-limited: waiting', 'X answers 429 until 22:05: the X delivery waits, the thread says until when; the other networks publish.', async () => {
    const reset = DateTime.fromISO('2026-11-21T22:05', { zone: ZONE }).toSeconds();
    h.x.script('POST /2/tweets', { kind: 'rateLimited', resetEpochSeconds: reset });
    const m = await tweet(AUTHOR, w.limited);
    if (m) await you.react(ALICE, 'white_check_mark', m);
  });

  await rec.scenario('composer', 'The composer and its errors', 'Chloé opens the composer, types (the counts follow), then submits a text too long with a date but no time.', async () => {
    const opened = await composer(CAROL, 'errors');
    if (!opened) return;
    await you.type(CAROL, opened.id, new RegExp(`^${FIRST_PART}$`), w.tooLong);
    const fill: Fill = ({ block_id, element }) => {
      if (block_id === FIRST_PART) return w.tooLong;
      if (element.type === 'datepicker') return wallClock('23:00').toFormat('yyyy-MM-dd');
      return undefined;
    };
    await you.submit(CAROL, opened.id, fill, 'submits');
  });

  let firstHandover: FakeMessage | undefined;
  await rec.scenario('handover', 'A handover', '21:55: Alice hands over to Bruno, with notes; the summary of her shift is posted.', async () => {
    await advanceTo('21:55', 'the end of Alice’s shift');
    const before = roots().length;
    await you.command(ALICE, '/handover', `<@${BOB}|bruno> ${notes.first}`, 'settled');
    firstHandover = roots().slice(before).at(-1);
  });

  await rec.scenario('acknowledged', 'A handover acknowledged', 'Chloé’s press on Bruno’s button is refused; Bruno acknowledges.', async () => {
    await you.press(CAROL, firstHandover, /ack/);
    await you.press(BOB, firstHandover, /ack/);
  });

  await rec.scenario('limit-over', 'Rate limit over', '22:06: X’s limit has ended: the waiting post goes out.', async () => {
    await advanceTo('22:06', 'past X’s rate limit (22:05)');
  });

  await rec.scenario('expired', 'Expired', 'Alice approves the 21:45 proposal 21 minutes late: it is not published, and Camille is told.', async () => {
    if (late) await you.react(ALICE, 'white_check_mark', late);
  });

  await rec.scenario('reminders', 'Follow-up reminders', 'The A9 follow-up is due at 22:25: a reminder every 30 minutes, to Bruno on duty.', async () => {
    await advanceTo('22:25', 'the follow-up is due');
    await advanceTo('22:55', '30 minutes later');
    await advanceTo('23:25', '30 minutes later');
  });

  await rec.scenario('scheduled-published', 'A scheduled proposal at its time', '23:30: the approved scheduled proposal goes out.', async () => {
    await advanceTo('23:30', 'the scheduled time');
  });

  await rec.scenario('escalation', 'Escalation', '23:55: three reminders unanswered, the fourth calls the whole channel.', async () => {
    await advanceTo('23:55', '30 minutes after the third reminder');
  });

  await rec.scenario('snoozed', 'A follow-up snoozed', 'Bruno snoozes the follow-up for 30 minutes.', async () => {
    await you.press(BOB, newest(/snooze/), /snooze/, /30/);
  });

  await rec.scenario('followup-list', '/followup list', 'Open follow-ups, overdue first.', async () => {
    await you.command(BOB, '/followup', 'list', 'settled');
  });

  await rec.scenario('resolved', 'A follow-up resolved by its closing post', '00:25, the snooze over: Bruno proposes the closing post from the new reminder; once Alice approves and it is published, the follow-up is resolved.', async () => {
    await advanceTo('00:25', 'the snooze is over');
    const reminder = newest(/closing|propose/);
    const before = h.slack.views.length;
    const posted = roots().length;
    if (reminder) await you.press(BOB, reminder, /closing|propose/);
    const opened = h.slack.views.slice(before).find((v) => v.method === 'views.open');
    if (opened) await you.submit(BOB, opened.id, ({ block_id }) => (block_id === FIRST_PART ? w.closing : undefined), 'writes the closing post and submits');
    else await you.command(BOB, '/followup', `${refOf(incident) ?? 3} ${w.closing}`, 'settled');
    const m = roots().slice(posted).at(-1);
    if (m) await you.react(ALICE, 'white_check_mark', m);
    else rec.problem('no closing proposal');
  });

  await rec.scenario('closed', 'A follow-up closed without a post', 'Bruno opens a follow-up on an earlier post, already due: at its first reminder he closes it without a post.', async () => {
    await you.command(BOB, '/followup', `open ${refOf(published) ?? 2} 20m`, 'settled');
    const reminder = newest(/close/);
    if (reminder) await you.press(BOB, reminder, /close/);
    else await you.command(BOB, '/followup', `done ${refOf(published) ?? 2} ${notes.done}`, 'settled');
  });

  await rec.scenario('handover-modal', 'A handover from its modal', '01:00: Bruno hands over to Chloé with the handover modal; nobody acknowledges it.', async () => {
    await advanceTo('01:00', 'the end of Bruno’s shift');
    const before = h.slack.views.length;
    await you.command(BOB, '/handover', '', 'output');
    const opened = h.slack.views.slice(before).find((v) => v.method === 'views.open');
    if (!opened) return rec.problem('no handover modal');
    await you.submit(BOB, opened.id, ({ element }) => (element.type === 'users_select' ? CAROL : element.type === 'plain_text_input' ? notes.modal : undefined), 'picks Chloé, writes the notes, submits');
  });

  await rec.scenario('superseded', 'A handover superseded', '05:00: Chloé hands over to Alice; the unacknowledged handover to Chloé is superseded.', async () => {
    await advanceTo('05:00', 'early morning');
    await you.command(CAROL, '/handover', `<@${ALICE}|alice> ${notes.third}`, 'settled');
  });

  await rec.scenario('automatic', 'An automatic shift summary', '06:00: a shift boundary with no handover in the last 30 minutes: the bot posts the summary and asks for a handover.', async () => {
    await advanceTo('06:00', 'shift boundary');
  });

  await rec.scenario('history', 'Handover history and duty', '/handover history and /duty at the end of the night.', async () => {
    await you.command(ALICE, '/handover', 'history', 'settled');
    await you.command(ALICE, '/duty', '', 'settled');
  });

  await rec.scenario('home', 'App Home', 'Alice opens the bot’s Home tab: the cell’s dashboard. Olivier, who is not in the team channel, sees nothing of the cell.', async () => {
    await you.openHome(ALICE);
    await you.openHome(OUTSIDER);
  });

  await rec.scenario('refusals', 'Refusals', 'Bad input, each answered privately: an unknown option, a text too long, a command from outside the team, an unknown reference, an unknown word.', async () => {
    await you.command(AUTHOR, '/tweet', `--folowup 2h ${w.pending}`, 'settled');
    await you.command(AUTHOR, '/tweet', w.tooLong, 'settled');
    await you.command(OUTSIDER, '/tweet', w.pending, 'settled');
    await you.command(BOB, '/followup', 'snooze 999 30m', 'settled');
    await you.command(BOB, '/duty', 'demain', 'settled');
  });
}
