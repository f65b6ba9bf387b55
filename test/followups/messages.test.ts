import { describe, expect, it } from 'vitest';
import { followupList, followupNote, reminderMessage, threadNote } from '../../src/followups/messages.js';
import type { Followup } from '../../src/followups/store.js';
import { glance } from '../../src/platform/i18n/glance.js';
import { texts } from '../../src/platform/i18n/index.js';
import type { Proposal } from '../../src/proposals/store.js';
import { blocksTextLength, MAX_BLOCKS_TEXT, messageBlocksProblems } from '../support/blockKit.js';
import { readable } from '../support/readable.js';

/**
 * The follow-ups' messages as pure functions of what is stored and of the moment: each read at fixed
 * clocks in Paris, in both languages (no-break spaces shown as ordinary ones: the typography test checks them).
 */
const source = (locale: 'fr' | 'en') => ({ texts: texts(locale, 'Europe/Paris'), locale, timeZone: 'Europe/Paris', name: (id: string) => id.toLowerCase() });
const at = (iso: string, locale: 'fr' | 'en' = 'fr') => glance(source(locale), new Date(iso));

function followup(over: Partial<Followup> = {}): Followup {
  return {
    id: 3, ref: 12, state: 'open', dueAt: new Date('2026-11-24T23:27:00Z'), remindersSent: 1, unanswered: 1,
    resolvedBy: null, closingRef: null, reason: null, lastAction: null, ...over,
  };
}
const proposal = (text = 'Accident sur l’A9 à Montpellier, évitez le secteur.') => ({ ref: 12, text }) as Proposal;
const reminder = (number = 1, over: { escalated?: boolean; unanswered?: number } = {}) => ({ number, mentioned: 'UBOB', escalated: false, ...over });
const render = (f: Followup, n = reminder(), g = at('2026-11-25T01:07:00Z'), p = proposal()) => readable(reminderMessage(f, p, n, g));
const body = (m: { blocks?: unknown[] }) => (m.blocks?.[0] as { text: { text: string } }).text.text;
const interactive = (m: { blocks?: unknown[] }) => (m.blocks ?? []).filter((b) => (b as { type: string }).type === 'actions');

describe('a live reminder reads its state first, relative to its moment', () => {
  it.each([
    // [moment (UTC), due (UTC), French headline's lateness, English's]
    ['late the same day', '2026-11-25T13:40:00Z', '2026-11-25T12:00:00Z', 'en retard de 1 h 40 (prévu à 13:00)', '1 h 40 late (due 13:00)'],
    ['just after midnight, due the evening before', '2026-11-24T23:07:00Z', '2026-11-24T22:50:00Z', 'en retard de 17 min (prévu hier à 23:50)', '17 min late (due yesterday 23:50)'],
    ['at the due time', '2026-11-25T12:00:00Z', '2026-11-25T12:00:00Z', 'prévu à 13:00 (maintenant)', 'due 13:00 (now)'],
    ['two days late', '2026-11-27T13:00:00Z', '2026-11-25T11:00:00Z', 'en retard de 2 j 2 h (prévu le mer. 25 nov. à 12:00)', '2 d 2 h late (due Wed 25 Nov 12:00)'],
    // 29 March 2026: 02:00 CET becomes 03:00 CEST. Due 01:30 CET (00:30Z), read at 04:00 CEST (02:00Z): 1 h 30 really passed.
    ['across the spring change of clocks', '2026-03-29T02:00:00Z', '2026-03-29T00:30:00Z', 'en retard de 1 h 30 (prévu à 01:30)', '1 h 30 late (due 01:30)'],
    // 25 October 2026: 03:00 CEST becomes 02:00 CET. Due 02:30 CEST (00:30Z), read at 02:30 CET (01:30Z): an hour.
    ['across the autumn change of clocks', '2026-10-25T01:30:00Z', '2026-10-25T00:30:00Z', 'en retard de 1 h (prévu à 02:30)', '1 h late (due 02:30)'],
  ])('%s', (_name, moment, due, frLate, enLate) => {
    const f = followup({ dueAt: new Date(due) });
    const fr = render(f, reminder(2), at(moment));
    expect(body(fr).split('\n')).toEqual(['🔔 *Tweet de clôture de #12* : ' + frLate, 'Pour <@UBOB> · rappel 2', '> Accident sur l’A9 à Montpellier, évitez le secteur.']);
    expect(fr.text).toBe(`🔔 <@UBOB> : tweet de clôture de #12, ${frLate}`);
    const en = render(f, reminder(2), at(moment, 'en'));
    expect(body(en).split('\n')[0]).toBe(`🔔 *Closing post of #12*: ${enLate}`);
    expect(body(en).split('\n')[1]).toBe('For <@UBOB> · reminder 2');
  });

  it('escalates visibly: red, @here, and how many reminders went unanswered', () => {
    const m = render(followup({ remindersSent: 3, unanswered: 3 }), reminder(3, { escalated: true, unanswered: 3 }));
    expect(body(m).split('\n')[0]).toBe('<!here> 🔴 *Tweet de clôture de #12* : en retard de 1 h 40 (prévu à 00:27) · *3 rappels sans réponse*');
    expect(m.text.startsWith('<!here> ')).toBe(true);
    const en = render(followup({ remindersSent: 3, unanswered: 3 }), reminder(3, { escalated: true, unanswered: 3 }), at('2026-11-25T01:07:00Z', 'en'));
    expect(body(en).split('\n')[0]).toBe('<!here> 🔴 *Closing post of #12*: 1 h 40 late (due 00:27) · *3 reminders unanswered*');
    // A reminder stored before the count was: the follow-up's own count stands in.
    expect(body(render(followup({ remindersSent: 4, unanswered: 4 }), reminder(4, { escalated: true })))).toContain('*4 rappels sans réponse*');
  });

  it('offers the closing post, one snooze menu of four delays, and closing', () => {
    const m = render(followup());
    const [actions] = interactive(m) as Array<{ elements: any[] }>;
    expect(actions!.elements.map((e) => [e.type, e.action_id])).toEqual([
      ['button', 'followup_propose_closing'],
      ['static_select', 'followup_snooze'],
      ['button', 'followup_close'],
    ]);
    expect(actions!.elements[1].placeholder.text).toBe('Reporter…');
    expect(actions!.elements[1].options.map((o: any) => [o.text.text, JSON.parse(o.value)])).toEqual([
      ['Reporter de 15 min', { followup: 3, reminder: 1, minutes: 15 }],
      ['Reporter de 30 min', { followup: 3, reminder: 1, minutes: 30 }],
      ['Reporter de 1 h', { followup: 3, reminder: 1, minutes: 60 }],
      ['Reporter de 2 h', { followup: 3, reminder: 1, minutes: 120 }],
    ]);
    const en = render(followup(), reminder(), at('2026-11-25T01:07:00Z', 'en'));
    const enActions = (interactive(en)[0] as { elements: any[] }).elements;
    expect(enActions.map((e) => e.text?.text ?? e.placeholder.text)).toEqual(['Propose the closing post', 'Snooze…', 'Close without a post']);
    expect(enActions[1].options.map((o: any) => o.text.text)).toEqual(['Snooze 15 min', 'Snooze 30 min', 'Snooze 1 h', 'Snooze 2 h']);
  });

  it('quotes the post cut at a word, escaped', () => {
    const long = `Fermeture <A9> & D986 ${'entre Montpellier et Lunel '.repeat(10)}`;
    const quote = body(render(followup(), reminder(), at('2026-11-25T01:07:00Z'), proposal(long))).split('\n')[2]!;
    expect(quote.startsWith('> Fermeture &lt;A9&gt; &amp; D986 entre Montpellier')).toBe(true);
    expect(quote).toMatch(/ (Montpellier|et|Lunel|entre)…$/);
    expect(quote.length).toBeLessThanOrEqual(152);
  });
});

describe('an earlier reminder, once the follow-up moved, is one line without buttons', () => {
  const moment = at('2026-11-25T13:40:00Z');
  it.each([
    ['superseded by a newer reminder', followup({ remindersSent: 3, unanswered: 3 }), '↪️ Remplacé par le rappel 3 · rappel 1 de #12', '↪️ Superseded by reminder 3 · reminder 1 of #12'],
    [
      'snoozed (the latest one)',
      followup({ remindersSent: 1, unanswered: 0, lastAction: { what: 'snoozed', by: 'UALICE', at: '2026-11-25T13:30:00Z', until: '2026-11-25T14:00:00Z' } }),
      '⏰ Reporté par ualice, prochain rappel à 15:00 · rappel 1 de #12',
      '⏰ Snoozed by ualice until 15:00 · reminder 1 of #12',
    ],
    [
      'snoozed until tomorrow',
      followup({ remindersSent: 1, unanswered: 0, lastAction: { what: 'snoozed', by: 'UALICE', at: '2026-11-25T13:30:00Z', until: '2026-11-26T07:00:00Z' } }),
      '⏰ Reporté par ualice, prochain rappel demain à 08:00 · rappel 1 de #12',
      '⏰ Snoozed by ualice until tomorrow 08:00 · reminder 1 of #12',
    ],
    ['resolved by its closing post', followup({ state: 'resolved', closingRef: 15, resolvedBy: 'UBOB' }), '✅ Résolu par #15 · rappel 1 de #12', '✅ Resolved by #15 · reminder 1 of #12'],
    ['closed without a post', followup({ state: 'closed', resolvedBy: 'UBOB', reason: 'fin' }), '✅ Clos sans tweet par ubob · rappel 1 de #12', '✅ Closed without a post by ubob · reminder 1 of #12'],
  ])('%s', (_name, f, frLine, enLine) => {
    const fr = render(f, reminder(1), moment);
    expect(fr.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: frLine } }]);
    expect(fr.text).toBe(frLine);
    expect(body(render(f, reminder(1), at('2026-11-25T13:40:00Z', 'en')))).toBe(enLine);
  });

  it('is live while it is the latest and nobody answered it', () => {
    expect(interactive(render(followup({ remindersSent: 2, unanswered: 2 }), reminder(2)))).toHaveLength(1);
    expect(interactive(render(followup({ remindersSent: 2, unanswered: 2 }), reminder(1)))).toHaveLength(0);
  });
});

describe('/followup list', () => {
  const g = at('2026-11-25T11:30:00Z');
  const item = (ref: number, due: string, reminders = 0, text = `Incident ${ref} sur la D986.`) => ({
    f: followup({ id: ref, ref, dueAt: new Date(due), remindersSent: reminders }),
    p: proposal(text),
  });

  it('puts the overdue first with how late, the others with when, and the count', () => {
    const text = readable(followupList([item(2, '2026-11-25T11:00:00Z', 1), item(1, '2026-11-25T13:00:00Z')], { open: 2, overdue: 1 }, g));
    expect(text.split('\n')).toEqual([
      '*2 suivis ouverts*, dont 1 en retard :',
      '🔴 *#2* en retard de 30 min (prévu à 12:00) · 1 rappel · « Incident 2 sur la D986. »',
      '🟡 *#1* prévu à 14:00 (dans 1 h 30) · « Incident 1 sur la D986. »',
    ]);
    const en = readable(followupList([item(2, '2026-11-25T11:00:00Z', 3)], { open: 1, overdue: 1 }, at('2026-11-25T11:30:00Z', 'en')));
    expect(en.split('\n')).toEqual(['*1 open follow-up*, 1 overdue:', '🔴 *#2* 30 min late (due 12:00) · 3 reminders · “Incident 2 sur la D986.”']);
  });

  it('shows at most twenty, then "… and N more" that is never dropped, whatever the texts', () => {
    const hostile = `<!channel> & <https://evil.example|ici> ${'x'.repeat(3000)}`;
    const shown = Array.from({ length: 20 }, (_, i) => item(i + 1, '2026-11-25T10:00:00Z', 99, hostile));
    const text = readable(followupList(shown, { open: 250, overdue: 250 }, g));
    const lines = text.split('\n');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('… et 230 autres, dus plus tard.');
    expect(text.length).toBeLessThanOrEqual(3_900);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
    expect(followupList([], { open: 0, overdue: 0 }, g)).toBe('Aucun suivi ouvert.');
  });
});

describe('the note on the proposal, and the thread notes', () => {
  const g = at('2026-11-25T11:30:00Z');
  it('says where the follow-up stands, naming who closed it, the reason cut', () => {
    expect(readable(followupNote(followup({ dueAt: new Date('2026-11-25T13:00:00Z') }), g))).toBe('🔔 Suivi : tweet de clôture attendu à 14:00');
    expect(readable(followupNote(followup({ dueAt: new Date('2026-11-25T11:00:00Z') }), g))).toBe('🔴 Suivi : tweet de clôture attendu à 12:00 (*en retard*)');
    expect(readable(followupNote(followup({ state: 'resolved', closingRef: 15 }), g))).toBe('✅ Suivi clos : tweet de clôture #15 publié');
    const closed = readable(followupNote(followup({ state: 'closed', resolvedBy: 'UBOB', reason: `Levée & <fin> ${'mot '.repeat(1000)}` }), g))!;
    expect(closed.startsWith('✅ Suivi clos sans tweet par ubob : Levée &amp; &lt;fin&gt; mot')).toBe(true);
    expect(closed.length).toBeLessThan(300);
    expect(followupNote(null, g)).toBeNull();
  });

  it('tells a snooze with its time, and a closing with the reason in full, as typed, in quotes Slack shows literally', () => {
    expect(readable(threadNote({ what: 'snoozed', by: 'UALICE', until: '2026-11-26T05:00:00Z' }, g))).toEqual({ text: '⏰ ualice a repoussé le prochain rappel demain à 06:00.' });
    const reason = `Levée <!channel> & ${'détail '.repeat(570)}FIN`; // about 4,000 characters, as a command can send
    const m = threadNote({ what: 'closed', by: 'UBOB', reason }, g)!;
    expect(readable(m.text)).toMatch(/^✅ Suivi clos sans tweet par ubob, pour cette raison : Levée &lt;!channel&gt; &amp; détail/);
    const quoted = (m.blocks ?? []).slice(1).map((b: any) => b.elements[0].elements[0].text as string);
    expect(quoted.length).toBeGreaterThan(1);
    expect(quoted.every((q) => q.length <= 3000)).toBe(true);
    expect(quoted.join(' ')).toBe(reason);
    expect(messageBlocksProblems(m.blocks)).toEqual([]);
    expect(blocksTextLength(m.blocks)).toBeLessThanOrEqual(MAX_BLOCKS_TEXT);
    expect(readable(threadNote({ what: 'closed', by: 'UBOB', reason: null }, at('2026-11-25T11:30:00Z', 'en')))).toEqual({ text: '✅ Follow-up closed without a post by ubob.' });
    expect(threadNote({ what: 'other' }, g)).toBeNull();
  });
});
