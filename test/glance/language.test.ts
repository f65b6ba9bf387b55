/**
 * Language, through the real bot: a scripted shift in French exercising every message of follow-ups,
 * handovers, duty and the Home tab; everything the bot sent of them (its exact bytes: `calls[].raw`, and
 * the raw answers to commands) has no English word and French typography: a no-break space before
 * `: ; ! ?` and inside « », never an ordinary one. Then a shorter shift in English: no French in it.
 * The catalogue's own sentences for those messages are checked the same way, one by one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/platform/i18n/en.js';
import { fr } from '../../src/platform/i18n/fr.js';
import { choose, namesKnown } from '../support/glance.js';
import { ALICE, AUTHOR, BOB, CAROL, startHarness, TEAM, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const MINUTE = 60_000;
/** English a French message must not hold (`/followup`, `/handover`, `/duty` are the commands' names: code is left out). */
const ENGLISH = [
  /\bdry run\b/i, /\bfailed\b/i, /\bpending\b/i, /\bunauthori[sz]ed\b/i, /\bfollow-?ups?\b/i, /\bhandovers?\b/i, /\bduty\b/i,
  /\bsnooze\b/i, /\breminders?\b/i, /\backnowledged?\b/i, /\bscheduled\b/i, /\buncertain\b/i, /\boverdue\b/i, /\bpublished\b/i,
  /\brejected\b/i, /\bnobody\b/i, /\bshift\b/i, /\bthe\b/i, /\band\b/i, /\btake\b/i, /\blate\b/i, /\bdue\b/i, /\bHome\b/,
];
const FRENCH = [/[«»]/, /\bsuivis?\b/i, /\bpassations?\b/i, /\bvacation\b/i, /\bpermanence\b/i, /\brappels?\b/i, /\bà traiter\b/i, /\bretard\b/i, /\bprévu\b/i];

/** Every text a payload shows: `text` strings of messages, blocks and views, their options and placeholders. */
function textsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => textsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'text' && typeof value === 'string') out.push(value);
      else textsIn(value, out);
    }
  }
  return out;
}

/** A sentence without what is not words: code, Slack tokens and links, URLs, emoji codes. */
const words = (text: string) => text.replace(/```[\s\S]*?```|`[^`]*`/g, ' ').replace(/<[^<>]*>/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/:[a-z0-9_+-]+:/g, ' ');

/** Where French typography is broken: an ordinary space before `: ; ! ?` or before », or after «. */
function typographyProblems(text: string): string[] {
  // Emoji codes (`:x:`) are not punctuation: the space before one is an ordinary space.
  const bare = text.replace(/```[\s\S]*?```|`[^`]*`/g, '').replace(/<[^<>]*>/g, '').replace(/https?:\/\/\S+/g, '').replace(/:[a-z0-9_+-]+:/g, 'E');
  return [...bare.matchAll(/.{0,12}(?: [:;!?»]|« ).{0,12}/g)].map((m) => m[0]);
}

/** A French text: no English word, French typography. */
function expectFrench(text: string): void {
  for (const word of ENGLISH) expect(words(text), `${word} in: ${text}`).not.toMatch(word);
  expect(typographyProblems(text), text).toEqual([]);
}

/** What the bot sent of follow-ups, handovers, duty and Home: messages by their outbox key, views, and command answers. */
function ours(h: Harness, answers: string[]): string[] {
  const mine = /^(followup|handover|shift|duty):/;
  const sent = h.slack.calls.filter((c) => {
    if (c.method === 'chat.postMessage' || c.method === 'chat.update') return mine.test(String(c.raw?.metadata?.event_payload?.key ?? ''));
    if (c.method === 'views.publish') return true;
    if (c.method === 'views.open') return c.raw?.view?.callback_id === 'handover_modal';
    return false;
  });
  return [...sent.flatMap((c) => textsIn({ text: c.raw?.text, blocks: c.raw?.blocks, view: c.raw?.view })), ...answers];
}

/** The raw text of a command's answer (its exact bytes, no-break spaces included). */
async function ask(h: Harness, answers: string[], user: string, command: string, text: string) {
  const response = await h.send.command(user, command, text);
  expect(response.status).toBe(200);
  if (response.raw) answers.push(String(JSON.parse(response.raw).text ?? ''));
  return response;
}

describe('every message of follow-ups, handovers, duty and Home', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function publish(text: string, ref: number, approver = ALICE) {
    const m = await h.propose(text);
    await h.react('added', approver, 'white_check_mark', m.ts);
    await waitFor(() => ['published', 'failed'].includes(h.query('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state), `#${ref} done`);
    return m;
  }
  const remindersOf = (ts: string) => h.slack.messages.filter((m) => m.thread_ts === ts && m.reply_broadcast === true);

  it('is French, with French typography, from start to end of a shift', async () => {
    h = await startHarness({ FOLLOWUP_ESCALATE_AFTER: '1' });
    const answers: string[] = [];
    await ask(h, answers, ALICE, '/duty', '');
    await namesKnown(h);
    await ask(h, answers, ALICE, '/duty', 'aide');
    await ask(h, answers, ALICE, '/duty', 'nimporte');
    await ask(h, answers, BOB, '/duty', 'prendre');
    await ask(h, answers, BOB, '/duty', 'prendre');
    await ask(h, answers, ALICE, '/duty', '');

    const one = await publish('--followup 30m Accident sur la D986, évitez le secteur.', 1);
    const two = await publish('--followup 1h Manifestation place de la Comédie.', 2);
    h.x.script('POST /2/tweets', { kind: 'duplicate' });
    await publish('Déjà publié hier.', 3);
    await h.propose('Appel à témoins en attente.');
    for (const text of ['', 'aide', 'liste', 'ouvrir #1 1h', 'fermer #1', 'reporter #9 30m', 'ouvrir #4 1h']) await ask(h, answers, CAROL, '/followup', text);

    await h.advance(30 * MINUTE); // #1's first reminder
    await h.advance(30 * MINUTE); // #1's second (escalated), #2's first
    const reminder = await waitFor(() => remindersOf(one.ts)[1], 'the second reminder of #1');
    await choose(h, CAROL, reminder, 15);
    await waitFor(() => h.threadReplies(one.ts).some((r) => /repoussé/.test(r.text ?? '')), 'the snooze told');
    await ask(h, answers, ALICE, '/followup', 'reporter #2 30m');
    await ask(h, answers, ALICE, '/followup', 'liste');
    await ask(h, answers, BOB, '/followup', 'clore #2 Fin de la manifestation, rien à publier.');
    await waitFor(() => h.threadReplies(two.ts).some((r) => /clos sans tweet/.test(r.text ?? '')), 'the closing told');
    await h.advance(15 * MINUTE); // #1's third reminder
    const third = await waitFor(() => remindersOf(one.ts)[2], 'the third reminder of #1');
    const close = third.blocks!.find((b: any) => b.type === 'actions').elements.find((e: any) => e.action_id === 'followup_close');
    await h.send.blockAction(ALICE, { action_id: 'followup_close', value: close.value }, { messageTs: third.ts, message: third });
    await waitFor(() => h.query("SELECT state FROM followups WHERE ref = 1")[0]?.state === 'closed', '#1 closed');

    await ask(h, answers, AUTHOR, '/handover', 'aide');
    await ask(h, answers, AUTHOR, '/handover', `<@${CAROL}|carol> Nuit calme, la D986 est rouverte. Rien d’autre.`);
    await waitFor(() => h.query('SELECT permalink FROM handovers')[0]?.permalink, 'the first handover');
    await ask(h, answers, AUTHOR, '/handover', 'historique');
    await ask(h, answers, AUTHOR, '/handover', 'historique 99');
    await h.advance(2 * MINUTE);
    await ask(h, answers, CAROL, '/handover', `${'Relève libre, consignes habituelles. '.repeat(60)}Fin.`);
    await waitFor(() => h.query('SELECT permalink FROM handovers WHERE id = 2')[0]?.permalink, 'the second handover');
    await h.advance(2 * 60 * MINUTE); // 14:00 in Paris: the automatic summary
    const automatic = await waitFor(() => h.slack.messages.find((m) => m.channel === TEAM && (m.text ?? '').startsWith('🕕')), 'the automatic summary');
    const record = automatic.blocks!.find((b: any) => b.type === 'actions');
    await h.send.blockAction(ALICE, { action_id: 'handover_record', value: record.elements[0].value, block_id: record.block_id }, { messageTs: automatic.ts, message: automatic });
    await waitFor(() => h.slack.callsTo('views.open').length === 1, 'the modal');
    await h.send.appHomeOpened(ALICE);
    await waitFor(() => h.slack.callsTo('views.publish').length === 1, 'the Home tab');
    await h.bot.scheduler.settle();

    const texts = ours(h, answers);
    expect(texts.length).toBeGreaterThan(40);
    for (const text of texts) expectFrench(text);
    // The no-break spaces really are there (typeset, not stripped somewhere on the way).
    expect(texts.some((t) => t.includes('\u00a0:'))).toBe(true);
    expect(texts.some((t) => t.includes('«\u00a0'))).toBe(true);
    expect(h.slack.refusals).toEqual([]);
  });

  it('is English in English, without French words or quotation marks', async () => {
    h = await startHarness({ LOCALE: 'en', FOLLOWUP_ESCALATE_AFTER: '1' });
    const answers: string[] = [];
    await ask(h, answers, ALICE, '/duty', '');
    await namesKnown(h);
    await ask(h, answers, BOB, '/duty', 'take');
    const one = await publish('--followup 30m Crash on the A9 near Montpellier, avoid the area.', 1);
    await h.propose('Witness appeal awaiting approval.');
    await h.advance(30 * MINUTE);
    await h.advance(30 * MINUTE);
    const reminder = await waitFor(() => remindersOf(one.ts)[1], 'the second reminder');
    await choose(h, CAROL, reminder, 30);
    for (const text of ['', 'list', 'done #1 All clear.']) await ask(h, answers, CAROL, '/followup', text);
    await ask(h, answers, AUTHOR, '/handover', `<@${CAROL}|carol> Quiet night.`);
    await ask(h, answers, AUTHOR, '/handover', 'history');
    await h.send.appHomeOpened(ALICE);
    await waitFor(() => h.slack.callsTo('views.publish').length === 1, 'the Home tab');
    await h.bot.scheduler.settle();
    const texts = ours(h, answers);
    expect(texts.length).toBeGreaterThan(15);
    for (const text of texts) for (const word of FRENCH) expect(words(text), `${word} in: ${text}`).not.toMatch(word);
    expect(h.slack.refusals).toEqual([]);
  });
});

/** What the bot sent of proposals: their messages, replies and alerts by outbox key, the composer, and command answers. */
function proposalsSent(h: Harness, answers: string[]): string[] {
  const mine = /^(proposal|alert):/;
  const sent = h.slack.calls.filter((c) => {
    if (c.method === 'chat.postMessage' || c.method === 'chat.update') return mine.test(String(c.raw?.metadata?.event_payload?.key ?? ''));
    if (c.method === 'views.open' || c.method === 'views.update') return c.raw?.view?.callback_id === 'proposal_composer';
    return false;
  });
  // The posts' own texts (rich-text quotes) are what the cell typed: French here, checked with the rest.
  return [...sent.flatMap((c) => textsIn({ text: c.raw?.text, blocks: c.raw?.blocks, view: c.raw?.view })), ...answers];
}

describe('every message of proposals', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('is French, with French typography: each state, each network, the alerts, the composer, the refusals', async () => {
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    const answers: string[] = [];
    await ask(h, answers, ALICE, '/duty', '');
    await namesKnown(h);
    // Each scripted fault must meet the proposal it is for: the next one waits until this one's deliveries are settled.
    const on = (ref: number, network: string) => h.query<{ state: string; failure_code: string | null }>('SELECT state, failure_code FROM deliveries WHERE ref = ? AND network = ?', ref, network)[0];
    const approve = async (text: string, ref: number, settled: Record<string, string>) => {
      const m = await h.propose(text);
      await h.react('added', ALICE, 'white_check_mark', m.ts);
      await waitFor(() => Object.entries(settled).every(([network, state]) => on(ref, network)?.state === state), `#${ref}: ${JSON.stringify(settled)}`);
      return m;
    };
    const everywhere = { x: 'published', mastodon: 'published', bluesky: 'published' };
    await approve('--followup 30m Accident sur la D986, évitez le secteur.', 1, everywhere);
    h.x.script('POST /2/tweets', { kind: 'duplicate' });
    await approve('Déjà publié hier.', 2, { ...everywhere, x: 'failed' });
    expect(on(2, 'x')!.failure_code).toBe('duplicate');
    h.x.script('POST /2/tweets', { kind: 'unauthorized' });
    await approve('Clés refusées cette nuit.', 3, { ...everywhere, x: 'failed' });
    expect(on(3, 'x')!.failure_code).toBe('credentials');
    h.mastodon!.script('POST /api/v1/statuses', { kind: 'rateLimited', resetAt: new Date(h.clock.now().getTime() + 20 * MINUTE) });
    await approve('Limite atteinte sur Mastodon.', 4, { ...everywhere, mastodon: 'waiting' });
    // The answer lost, and the account cannot be read to look for the post: nobody knows, the bot asks.
    h.x.script('POST /2/tweets', { status: 503 });
    h.x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' });
    const uncertain = await approve('Réponse perdue.', 5, { x: 'publishing', bluesky: 'published' });
    for (let i = 0; i < 3; i++) {
      await h.bot.scheduler.settle();
      await h.advance(2 * MINUTE);
    }
    await waitFor(() => on(5, 'x')?.state === 'uncertain' && JSON.stringify(h.slack.message(TEAM, uncertain.ts)?.blocks ?? []).includes('proposal_online'), 'the question on #5');
    await approve(['Appel à témoins, première partie.', 'Deuxième partie, contactez le 17.'].join('\n---\n'), 6, { x: 'published', bluesky: 'published' });
    const scheduled = await h.propose('--at 23:00 Programmée ce soir.');
    await h.react('added', ALICE, 'white_check_mark', scheduled.ts);
    const rejected = await h.propose('À rejeter.');
    await h.react('added', BOB, 'x', rejected.ts);
    const withdrawn = await h.propose('À retirer.');
    await h.react('added', AUTHOR, 'x', withdrawn.ts);
    await h.propose('--at 11:10 Trop tard pour elle.');
    await h.advance(30 * MINUTE);
    const late = h.proposalMessages().at(-1)!;
    await h.react('added', ALICE, 'white_check_mark', late.ts);
    await h.propose('En attente de validation.');
    await ask(h, answers, AUTHOR, '/tweet', `--followup 2h ${'Trop long. '.repeat(30)}`);
    await ask(h, answers, AUTHOR, '/tweet', '--folowup 2h Option inconnue.');
    await ask(h, answers, AUTHOR, '/tweet', 'aide');
    await h.send.command(AUTHOR, '/tweet', '');
    await waitFor(() => h.slack.callsTo('views.open').length === 1, 'the composer');
    await h.bot.scheduler.settle();

    const texts = proposalsSent(h, answers);
    expect(texts.length).toBeGreaterThan(60);
    for (const text of texts) expectFrench(text);
    // Every state was said.
    const all = texts.join('\n').replace(/[\u00a0\u202f]/g, ' ');
    for (const state of ['*Publiée*', '*Échec*', '*Retenue*', '*Incertaine*', '*Programmée*', '*Rejetée*', '*Retirée*', '*Expirée*', '*À valider*', 'refuse les identifiants']) expect(all).toContain(state);
    expect(texts.some((t) => t.includes('\u00a0:'))).toBe(true);
    expect(h.slack.refusals).toEqual([]);
  });
});

describe.each([
  ['follow-ups, handovers, duty and Home', 'followupHelp', 'homeUpdated', 100],
  ['proposals', 'tweetHelp', 'editTooLong', 120],
])('the catalogue’s sentences for %s', (_what, first, last, least) => {
  const keys = (c: object) => {
    const all = Object.keys(c);
    return all.slice(all.indexOf(first), all.indexOf(last) + 1);
  };
  /** Sample values with no words and no punctuation of their own. */
  const sample = new Proxy({} as Record<string, unknown>, {
    get: (_t, name) => (['count', 'number', 'ref', 'minutes', 'overdue', 'reminders', 'unanswered', 'closingRef', 'proposed', 'published', 'rejected', 'failed'].includes(String(name)) ? 2 : 'X1'),
  });
  const render = (value: unknown): string[] =>
    typeof value === 'function' ? [String((value as (p: unknown) => unknown)(sample))] : value && typeof value === 'object' ? Object.values(value).flatMap(render) : [String(value)];

  it('are the same keys in both languages', () => {
    expect([...keys(en)].sort()).toEqual([...keys(fr)].sort());
    expect(keys(fr).length).toBeGreaterThan(least);
  });

  it.each(keys(fr))('%s: French words, French typography', (key) => {
    for (const text of render((fr as Record<string, unknown>)[key])) expectFrench(text);
  });

  it.each(keys(en))('%s: no French in English', (key) => {
    for (const text of render((en as Record<string, unknown>)[key])) for (const word of FRENCH) expect(words(text), `${word} in: ${text}`).not.toMatch(word);
  });
});
