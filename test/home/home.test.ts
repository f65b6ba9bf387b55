import { afterEach, describe, expect, it } from 'vitest';
import { viewProblems } from '../support/blockKit.js';
import { namesKnown } from '../support/glance.js';
import { ALICE, AUTHOR, BOB, CAROL, OUTSIDER, startHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

const MINUTE = 60_000;

describe('the App Home dashboard', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });
  const published = (user: string) =>
    waitFor(() => h.slack.views.filter((v) => v.method === 'views.publish' && v.args.user_id === user).at(-1), `the home tab of ${user}`);
  /** Opens the Home tab as `user` and returns its texts, one per section or context element, in order. */
  async function open(user: string): Promise<string[]> {
    const before = h.slack.views.filter((v) => v.method === 'views.publish').length;
    await h.send.appHomeOpened(user);
    await waitFor(() => h.slack.views.filter((v) => v.method === 'views.publish').length > before, 'the Home tab published');
    const view = (await published(user)).view;
    expect(view.type).toBe('home');
    expect(viewProblems(view, 'home')).toEqual([]);
    return view.blocks.flatMap((b: any) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)].filter((t) => typeof t === 'string'));
  }
  const stateIs = (ref: number, state: string) => waitFor(() => h.query('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state === state, `#${ref} ${state}`);

  it('leads with what needs someone now (overdue, uncertain, failed, awaiting approval), then what is on its way, duty, the last handover, today’s counts', async () => {
    h = await startHarness();
    // #1 published with a follow-up that will be overdue; #2 with one not yet due.
    const incident = await h.propose('--followup 30m Accident A9 en cours.');
    await h.react('added', ALICE, 'white_check_mark', incident.ts);
    await stateIs(1, 'published');
    const second = await h.propose('--followup 2h Deuxième incident.');
    await h.react('added', BOB, 'white_check_mark', second.ts);
    await stateIs(2, 'published');
    // #3 failed (X refuses a duplicate); #4 uncertain (the answer lost, the account unreadable).
    h.x.script('POST /2/tweets', { kind: 'duplicate' });
    const failing = await h.propose('Déjà publié hier.');
    await h.react('added', ALICE, 'white_check_mark', failing.ts);
    await stateIs(3, 'failed');
    h.x.script('POST /2/tweets', { status: 503 });
    h.x.script('GET /2/users/:id/tweets', { kind: 'readForbidden' });
    const lost = await h.propose('Réponse perdue.');
    await h.react('added', ALICE, 'white_check_mark', lost.ts);
    await waitFor(() => h.logs.some((l) => l.includes('outcome unknown')), 'the lost answer');
    await h.bot.scheduler.settle();
    await h.advance(MINUTE + 1);
    await stateIs(4, 'uncertain');
    // #5 awaits approval; #6 is approved and scheduled.
    await h.propose('En attente de validation.');
    const later = await h.propose('--at 18:00 Programmée pour ce soir.');
    await h.react('added', BOB, 'white_check_mark', later.ts);
    await stateIs(6, 'scheduled');
    await namesKnown(h);
    await h.send.command(BOB, '/duty', 'take');
    await h.send.command(AUTHOR, '/handover', '<@UBOB|bob> RAS');
    await waitFor(() => h.query('SELECT permalink FROM handovers')[0]?.permalink, 'the handover summary');
    await h.advance(40 * MINUTE); // 11:41 in Paris (the retry moved the clock a minute): #1's follow-up is 11 minutes late, #2's not yet due

    const texts = await open(ALICE);
    const at = (marker: string) => texts.findIndex((t) => t.includes(marker));
    expect(texts[0]).toBe('comcell : état de la cellule');
    expect(texts[1]).toBe('*⚠️ À traiter maintenant (4)*');
    expect(texts[2]).toMatch(/^🔴 <https:\/\/[^|]+\|#1> · tweet de clôture en retard de 11 min \(prévu à 11:30\) · « Accident A9 en cours\. »$/);
    expect(texts[3]).toMatch(/^❓ <[^|]+\|#4> · publication incertaine sur X : vérifiez le compte · « Réponse perdue\. »$/);
    expect(texts[4]).toMatch(/^❌ <[^|]+\|#3> · échec sur X \(texte identique déjà publié\) · « Déjà publié hier\. »$/);
    expect(texts[5]).toMatch(/^⏳ <[^|]+\|#5> · en attente de validation · « En attente de validation\. »$/);
    // Then what is on its way, the follow-ups not yet due, who is on duty, the last handover, today.
    expect(at('*En cours*')).toBeGreaterThan(5);
    expect(texts[at('*En cours*')]).toMatch(/🕒 <[^|]+\|#6> · programmée à 18:00 · « Programmée pour ce soir\. »/);
    expect(texts[at('*Suivis ouverts, pas encore dus*')]).toMatch(/🟡 <[^|]+\|#2> · tweet de clôture attendu à 13:00 · « Deuxième incident\. »/);
    expect(at('De permanence')).toBeGreaterThan(at('Suivis ouverts, pas encore dus'));
    expect(texts[at('De permanence')]).toBe('🛡️ *De permanence* : ubob, depuis 11:01 (40 min)');
    expect(texts[at('Dernière passation')]).toMatch(/^🔁 \*Dernière passation\* : uauthor → ubob, <https:\/\/[^|]+\|à 11:01>$/);
    expect(texts[at('Aujourd’hui')]).toBe('*Aujourd’hui* : 6 proposées · 2 publiées · 0 rejetée · 2 en échec ou incertaines');
    expect(texts.at(-1)).toBe('Mis à jour à 11:41');
    // Nobody is pinged from the Home tab: people are named.
    expect(texts.join('\n')).not.toMatch(/<@U/);
  });

  it('says plainly when nothing needs anyone, in English too, without French quotation marks', async () => {
    h = await startHarness({ LOCALE: 'en' });
    const first = await open(ALICE);
    expect(first[1]).toBe('✅ Nothing to handle now: no overdue follow-up, no uncertain or failed publication, no proposal waiting for approval.');
    expect(first).toContain('🛡️ *Nobody is on duty*: `/duty take` to take it.');
    await h.propose('Awaiting approval.');
    const texts = await open(ALICE);
    expect(texts[1]).toBe('*⚠️ To handle now (1)*');
    expect(texts[2]).toMatch(/^⏳ <[^|]+\|#1> · waiting for approval · “Awaiting approval\.”$/);
    expect(texts.join('\n')).not.toMatch(/[«»]|À traiter|Aujourd/);
  });

  it('shows who acknowledged the last handover when it named nobody, as /handover history does', async () => {
    h = await startHarness();
    await h.send.command(ALICE, '/duty', '');
    await namesKnown(h);
    await h.send.command(AUTHOR, '/handover', 'Relève libre');
    const handover = await waitFor(() => h.query('SELECT id, message_ts FROM handovers WHERE message_ts IS NOT NULL')[0], 'the handover summary');
    expect((await open(ALICE)).join('\n')).toContain('uauthor → …');

    await h.send.blockAction(CAROL, { action_id: 'handover_acknowledge', value: String(handover.id), block_id: `handover_${handover.id}` }, { messageTs: handover.message_ts });
    await waitFor(() => h.query('SELECT acknowledged_by FROM handovers')[0]?.acknowledged_by === CAROL, 'CAROL acknowledging');
    expect((await open(ALICE)).join('\n')).toContain('Dernière passation* : uauthor → ucarol');
    expect(String((await h.send.command(ALICE, '/handover', 'history')).json.text)).toContain('uauthor → ucarol');
  });

  it('is refreshed each time it is opened, and shows nothing of the cell to a non-member', async () => {
    h = await startHarness();
    expect((await open(ALICE)).join('\n')).toContain('0 proposée');
    await h.propose('Nouvelle.');
    expect((await open(ALICE)).join('\n')).toContain('1 proposée');
    await h.send.appHomeOpened(OUTSIDER);
    const outsider = await published(OUTSIDER);
    expect(JSON.stringify(outsider.view.blocks)).toContain('réservé aux membres');
    expect(JSON.stringify(outsider.view.blocks)).not.toContain('Nouvelle');
  });
});
