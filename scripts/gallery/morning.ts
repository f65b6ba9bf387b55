/**
 * The morning after the night (06:05 onwards): a thread on every network, the templates (list, show, the
 * form, the closing post prefilled from a reminder) and the cell's report with its Share button.
 */
import type { Locale } from '../../src/platform/config.js';
import { ACTION_SHARE_REPORT } from '../../src/reports/ids.js';
import { fieldBlock } from '../../src/templates/ids.js';
import type { FakeMessage } from '../../test/support/fakeSlack.js';
import { ALICE, AUTHOR, BOB, CAROL, TEAM, type Harness } from '../../test/support/harness.js';
import type { Gestures } from './gestures.js';
import type { Recorder } from './recorder.js';

const MINUTE = 60_000;

/** What the cell types in the morning, per locale (a French cell writes French posts). */
const TYPED: Record<Locale, { thread: string[]; route: string; place: string }> = {
  fr: {
    thread: [
      '📢 #AppelÀTémoins | Vol avec violence hier vers 22 h 30, avenue de la Gare à Nîmes.',
      'La victime, une femme de 67 ans, a été bousculée et son sac arraché par un homme parti à pied vers les Jardins de la Fontaine.',
      'L’homme, 25 à 30 ans, environ 1,80 m, portait un sweat gris à capuche et un pantalon de survêtement noir.',
      'Vous avez vu quelque chose ? Contactez la brigade de Nîmes au 04 66 00 00 00 ou composez le 17. Merci pour vos partages.',
    ],
    route: 'A9',
    place: 'Montpellier-Est',
  },
  en: {
    thread: [
      '📢 Appeal for witnesses: a violent theft last night around 10:30 pm, avenue de la Gare in Nîmes.',
      'The victim, a 67-year-old woman, was pushed and her bag snatched by a man who left on foot towards the Jardins de la Fontaine.',
      'The man, 25 to 30, about 1.80 m, wore a grey hoodie and black tracksuit bottoms.',
      'Did you see anything? Call the Nîmes brigade on 04 66 00 00 00 or dial 17. Thank you for sharing.',
    ],
    route: 'A9',
    place: 'Montpellier-Est',
  },
};

export async function morning(h: Harness, rec: Recorder, you: Gestures, locale: Locale): Promise<void> {
  const typed = TYPED[locale];
  const roots = () => h.slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts);
  const newRoot = async (made: () => Promise<unknown>): Promise<FakeMessage | undefined> => {
    const before = roots().length;
    await made();
    return roots().slice(before).at(-1);
  };
  const opened = async (made: () => Promise<unknown>) => {
    const before = h.slack.views.length;
    await made();
    return h.slack.views.slice(before).find((v) => v.method === 'views.open');
  };

  await rec.scenario('thread', 'A thread on every network', '06:10: Chloé proposes a four-part appeal for witnesses (parts separated by lines of ---); Alice approves: four posts in order on X, Mastodon and Bluesky.', async () => {
    await you.advance(5 * MINUTE, '06:10 — the morning');
    const m = await newRoot(() => you.command(CAROL, '/tweet', typed.thread.join('\n---\n'), 'settled'));
    if (!m) return rec.problem('no proposal message for the thread');
    await you.react(ALICE, 'white_check_mark', m);
  });

  await rec.scenario('templates', 'Templates', 'Bruno lists the cell’s templates and reads the accident one.', async () => {
    await you.command(BOB, '/template', 'list', 'settled');
    await you.command(BOB, '/template', 'show accident', 'settled');
  });

  let accident: FakeMessage | undefined;
  await rec.scenario('template-form', 'A proposal from a template', 'Bruno types /tweet --template accident, fills the road and the place (the text and its counts follow), submits; Alice approves. The template opens a two-hour follow-up.', async () => {
    const form = await opened(() => you.command(BOB, '/tweet', '--template accident', 'output'));
    if (!form) return rec.problem('no template form');
    await you.type(BOB, form.id, new RegExp(`^${fieldBlock(0)}$`), typed.route);
    await you.type(BOB, form.id, new RegExp(`^${fieldBlock(1)}$`), typed.place);
    const values: Record<string, string> = { [fieldBlock(0)]: typed.route, [fieldBlock(1)]: typed.place };
    accident = await newRoot(() => you.submit(BOB, form.id, ({ block_id }) => values[block_id], 'submits the form'));
    if (!accident) return rec.problem('no proposal from the template');
    await you.react(ALICE, 'white_check_mark', accident);
  });

  await rec.scenario('template-closing', 'The closing post, already written', 'Two hours later the reminder’s button opens the closing template with the road and the place already filled; Bruno submits it as it is, Alice approves, the follow-up is resolved.', async () => {
    await you.advance(2 * 60 * MINUTE + MINUTE, 'two hours later');
    const reminder = [...h.slack.messages].reverse().find((x) => x.channel === TEAM && you.find(x, /closing|propose/));
    if (!reminder) return rec.problem('no reminder offering the closing post');
    const form = await opened(() => you.press(BOB, reminder, /closing|propose/));
    if (!form) return rec.problem('no closing form');
    const closing = await newRoot(() => you.submit(BOB, form.id, () => undefined, 'submits the closing post as prefilled'));
    if (!closing) return rec.problem('no closing proposal');
    await you.react(ALICE, 'white_check_mark', closing);
  });

  await rec.scenario('report', 'The cell’s report', 'Alice asks for this week’s report: the figures privately, the chart and the CSV in her messages with the app; she shares it in the channel.', async () => {
    const answer = await you.command(ALICE, '/report', '', 'output');
    const share = (answer?.json?.blocks ?? []).flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === ACTION_SHARE_REPORT);
    if (!share) return rec.problem('no Share button on the report');
    rec.note(ALICE, `presses “${String(share.text?.text)}”`);
    await h.send.blockAction(ALICE, { action_id: ACTION_SHARE_REPORT, value: share.value }, { messageTs: '1.000001' });
    await you.settle();
  });
}
