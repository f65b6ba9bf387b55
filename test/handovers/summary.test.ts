import { describe, expect, it } from 'vitest';
import { noAttention, type Attention } from '../../src/handovers/attention.js';
import { notesInFull } from '../../src/handovers/decide.js';
import { quietShift, type ShiftFacts } from '../../src/handovers/facts.js';
import { ACTION_ACKNOWLEDGE, ACTION_RECORD_HANDOVER } from '../../src/handovers/ids.js';
import { summaryMessage, type Summary } from '../../src/handovers/summary.js';
import { texts } from '../../src/platform/i18n/index.js';
import { blocksTextLength, MAX_BLOCKS_TEXT, messageBlocksProblems } from '../support/blockKit.js';
import { readable } from '../support/readable.js';

/**
 * The summary composer on fixtures: a pure function of stored facts, so what a person reads is asserted
 * here on the blocks themselves, without Slack. People are named by their ids in lower case.
 */
const look = (locale: 'fr' | 'en') => ({ texts: texts(locale, 'Europe/Paris'), locale, timeZone: 'Europe/Paris', name: (id: string) => id.toLowerCase() });
const fr = look('fr');
const en = look('en');
/** The summary as a person reads it (no-break spaces as ordinary ones: the typography test checks them). */
const render = (s: Summary, l = fr) => readable(summaryMessage(s, l));

// The shift 06:00 → 14:00 Paris on Saturday 21 November 2026 (winter: UTC+1).
const SINCE = '2026-11-21T05:00:00.000Z';
const UNTIL = '2026-11-21T13:00:00.000Z';
const AT = new Date(UNTIL);
const LINK = (ref: number) => `https://comcell.slack.com/archives/CTEAM/p17000000000${ref}`;

function facts(over: Partial<ShiftFacts> = {}): ShiftFacts {
  return { ...quietShift(new Date(SINCE), new Date(UNTIL)), attention: noAttention(), ...over };
}

function attention(over: Partial<Attention> = {}): Attention {
  const a = { ...noAttention(), ...over };
  return { ...a, totals: { overdue: a.overdue.length, uncertain: a.uncertain.length, failed: a.failed.length, pending: a.pending.length, ...over.totals } };
}

function handover(over: Partial<Extract<Summary, { kind: 'handover' }>> = {}): Summary {
  return { kind: 'handover', id: 7, from: 'UAUTHOR', to: 'UBOB', at: AT, notes: 'RAS', facts: facts(), acknowledged: null, ...over };
}

function automatic(over: Partial<Extract<Summary, { kind: 'automatic' }>> = {}): Summary {
  return { kind: 'automatic', boundary: AT, onDuty: 'UBOB', facts: facts(), ...over };
}

type Message = ReturnType<typeof summaryMessage>;
type Block = Message['blocks'][number];

/** Every mrkdwn / plain text a block shows. */
function textsOf(block: Block): string[] {
  const b = block as any;
  const out: string[] = [];
  if (b.text?.text) out.push(b.text.text);
  for (const e of b.elements ?? []) {
    if (typeof e.text === 'string') out.push(e.text);
    else if (e.text?.text) out.push(e.text.text);
  }
  return out;
}
const allText = (m: Message) => [m.text, ...m.blocks.flatMap(textsOf)].join('\n');
/** The texts of the message in order, one per section or context element. */
const lines = (m: Message) => m.blocks.flatMap(textsOf);
const textWith = (m: Message, marker: string) => {
  const found = lines(m).find((s) => s.includes(marker));
  if (!found) throw new Error(`no text contains ${marker}:\n${lines(m).join('\n---\n')}`);
  return found;
};
const buttons = (m: Message) =>
  m.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b as any).elements as Array<{ action_id: string; value: string; text: { text: string } }>);

/** Slack's limits on a message, as the strict fake applies them. */
function expectWithinSlackLimits(m: Message) {
  expect(messageBlocksProblems(m.blocks)).toEqual([]);
  expect(blocksTextLength(m.blocks)).toBeLessThanOrEqual(MAX_BLOCKS_TEXT);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(300);
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
const item = (ref: number, text = `Texte de la proposition ${ref}`) => ({ ref, text, link: LINK(ref) });

describe('summaryMessage', () => {
  it('opens with its state, then who, when, the notes; an empty shift says plainly there is nothing to handle', () => {
    const m = render(handover());
    expect(lines(m)[0]).toBe('🔁 *Passation : uauthor → ubob* · ⏳ en attente de prise en compte');
    expect(m.text).toBe('🔁 Passation : uauthor → ubob');
    expect(lines(m)[1]).toBe('Vacation de 06:00 à 14:00');
    expect(textWith(m, 'Notes')).toBe('*Notes* :\n> RAS');
    expect(allText(m)).toContain('✅ Rien à traiter maintenant');
    expect(allText(m)).toContain('Rien de publié ni proposé pendant la vacation.');
    expect(allText(m)).not.toMatch(/Publiées|Rejetées|Programmées|Suivis ouverts/);
    expectWithinSlackLimits(m);
  });

  it('leads with "to handle now": overdue follow-ups with how late, uncertain, failed, awaiting approval, each linked with an excerpt', () => {
    const a = attention({
      overdue: [{ ...item(21, 'Accident sur l’A9 à Montpellier, évitez le secteur.'), dueAt: '2026-11-21T11:20:00.000Z', reminders: 3 }],
      uncertain: [{ ...item(5), networks: ['x', 'mastodon'] }],
      failed: [{ ...item(3), failures: [{ network: 'mastodon', code: 'credentials' }] }, { ...item(4), failures: [{ network: null, code: 'slack_post_failed' }] }],
      pending: [item(8)],
    });
    const m = render(handover({ facts: facts({ proposed: [3, 4, 5, 8], failed: [3, 4], uncertain: [5], attention: a }) }));
    const shown = lines(m);
    const first = shown.indexOf('*⚠️ À traiter maintenant (5)*');
    expect(first).toBe(3); // after the headline, the period and the notes
    expect(shown.slice(first + 1, first + 5)).toEqual([
      `🔴 <${LINK(21)}|#21> · tweet de clôture en retard de 1 h 40 (prévu à 12:20) · « Accident sur l’A9 à Montpellier, évitez le secteur. »`,
      `❓ <${LINK(5)}|#5> · publication incertaine sur X et Mastodon : vérifiez le compte · « Texte de la proposition 5 »`,
      [
        `❌ <${LINK(3)}|#3> · échec sur Mastodon (identifiants du compte refusés) · « Texte de la proposition 3 »`,
        `❌ <${LINK(4)}|#4> · échec sur Slack (message non affiché dans Slack) · « Texte de la proposition 4 »`,
      ].join('\n'),
      `⏳ <${LINK(8)}|#8> · en attente de validation · « Texte de la proposition 8 »`,
    ]);
    // Then the shift's counts, grey.
    const counts = m.blocks.findIndex((b) => b.type === 'context' && textsOf(b)[0]!.startsWith('*Pendant la vacation*'));
    expect(counts).toBeGreaterThan(first);
    expect(textsOf(m.blocks[counts]!)[0]).toBe('*Pendant la vacation* : 4 proposées · 0 publiée · 0 rejetée · 3 en échec ou incertaines');
    expectWithinSlackLimits(m);
  });

  it('shows at most five per list, then "and N more" and where to see the rest, whatever the numbers, within Slack limits', () => {
    const many = <T>(n: number, f: (ref: number) => T) => range(100, n).map(f);
    const a = attention({
      overdue: many(5, (ref) => ({ ...item(ref), dueAt: '2026-11-21T10:00:00.000Z', reminders: 1 })),
      uncertain: many(5, (ref) => ({ ...item(ref), networks: ['x' as const] })),
      failed: many(5, (ref) => ({ ...item(ref), failures: [{ network: 'x' as const, code: 'invalid' }] })),
      pending: many(5, (ref) => item(ref)),
      totals: { overdue: 60, uncertain: 7, failed: 6, pending: 5 },
    });
    const busy = facts({
      proposed: range(100, 60),
      published: range(100, 55).map((ref) => ({ ref, url: null, posts: [{ network: 'x' as const, url: `https://x.com/G/status/19${ref}`, dryRun: false }] })),
      rejected: range(200, 20),
      expired: range(500, 13),
      waiting: range(600, 30).map((ref) => ({ ref, state: ref % 2 ? ('scheduled' as const) : ('pending' as const), publishAt: ref % 2 ? '2026-11-21T16:00:00.000Z' : null })),
      openFollowups: range(700, 25).map((ref, i) => ({ ref, dueAt: new Date(Date.parse(UNTIL) + (i + 1) * 60_000).toISOString() })),
      openFollowupsTotal: 85,
      overdueTotal: 60,
      attention: a,
    });
    const m = render(handover({ facts: busy }));
    expectWithinSlackLimits(m);
    expect(lines(m)).toContain('*⚠️ À traiter maintenant (78)*');
    const overdue = textWith(m, '🔴').split('\n');
    expect(overdue).toHaveLength(6);
    expect(overdue[5]).toBe('… et 55 autres : `/followup liste`');
    expect(textWith(m, '❓').split('\n').at(-1)).toBe('… et 2 autres dans l’onglet Accueil de comcell');
    expect(textWith(m, '❌').split('\n').at(-1)).toBe('… et 1 autre dans l’onglet Accueil de comcell');
    expect(textWith(m, '⏳ <').split('\n')).toHaveLength(5); // five of five: no "more" line

    const published = textWith(m, '✅ Publiées (55)');
    expect(published.match(/<https:\/\/x\.com\/G\/status\/19\d+\|X>/g)).toHaveLength(5);
    expect(published).toMatch(/, et 50 autres$/);
    expect(textWith(m, '🕒 Programmées (15)')).toMatch(/^🕒 Programmées \(15\) : #601 à 17:00, #603 à 17:00, #605 à 17:00, #607 à 17:00, #609 à 17:00, et 10 autres$/);
    expect(textWith(m, '🟡 Suivis ouverts, pas encore dus (25)')).toMatch(/^🟡 Suivis ouverts, pas encore dus \(25\) : #700 prévu à 14:01, .*, et 20 autres$/);
    expect(textWith(m, '🚫 Rejetées (20)')).toBe('🚫 Rejetées (20) : #200, #201, #202, #203, #204, et 15 autres');
    expect(textWith(m, '⌛ Expirées (13)')).toMatch(/, et 8 autres$/);
  });

  it('links each network of a published proposal to its post, and marks dry runs', () => {
    const m = render(
      handover({
        facts: facts({
          proposed: [12, 13],
          published: [
            { ref: 12, url: 'https://x.com/G/status/123', posts: [{ network: 'x', url: 'https://x.com/G/status/123', dryRun: false }, { network: 'mastodon', url: 'https://social.example/@g/9', dryRun: false }] },
            { ref: 13, url: null, posts: [{ network: 'x', url: null, dryRun: true }] },
          ],
        }),
      }),
    );
    expect(textWith(m, '✅ Publiées')).toBe('✅ Publiées (2) : #12 (<https://x.com/G/status/123|X>, <https://social.example/@g/9|Mastodon>), #13 (X (simulation))');
    expect(textWith(m, 'Pendant la vacation')).toContain('2 proposées · 2 publiées · 0 rejetée · 0 en échec ou incertaine');
  });

  it('reads summaries stored before per-network links and "to handle now": X’s link, references from the old lists', () => {
    const old = { ...quietShift(new Date(SINCE), new Date(UNTIL)), proposed: [1, 2, 3, 4], published: [{ ref: 1, url: 'https://x.com/G/status/1' }, { ref: 2, url: null }], failed: [3], uncertain: [4] } as ShiftFacts;
    old.openFollowups = [{ ref: 1, dueAt: '2026-11-21T12:00:00.000Z' }];
    old.waiting = [{ ref: 9, state: 'pending', publishAt: null }];
    const m = render(handover({ facts: JSON.parse(JSON.stringify(old)) as ShiftFacts }));
    expect(textWith(m, '✅ Publiées')).toBe('✅ Publiées (2) : #1 (<https://x.com/G/status/1|X>), #2 (X (simulation))');
    expect(allText(m)).toContain('*⚠️ À traiter maintenant (4)*');
    expect(allText(m)).toContain('🔴 #1 · tweet de clôture en retard de 1 h (prévu à 13:00)\n'.trim());
    expect(allText(m)).toContain('❓ #4 · publication incertaine sur X : vérifiez le compte');
    expect(allText(m)).toContain('⏳ #9 · en attente de validation');
    expectWithinSlackLimits(m);
  });

  it('lists what is scheduled with its time, and follow-ups not yet due after the overdue ones', () => {
    const m = render(
      handover({
        facts: facts({
          waiting: [
            { ref: 7, state: 'pending', publishAt: null },
            { ref: 8, state: 'scheduled', publishAt: '2026-11-22T07:30:00.000Z' },
          ],
          openFollowups: [
            { ref: 20, dueAt: '2026-11-21T15:00:00.000Z' },
            { ref: 21, dueAt: '2026-11-21T11:00:00.000Z' },
          ],
        }),
      }),
    );
    expect(textWith(m, 'Programmées')).toBe('🕒 Programmées (1) : #8 demain à 08:30');
    expect(textWith(m, 'Suivis ouverts')).toBe('🟡 Suivis ouverts, pas encore dus (1) : #20 prévu à 16:00');
  });

  it('asks the named incoming member to acknowledge, with a mention and the button, until acknowledged', () => {
    const m = render(handover());
    expect(buttons(m)).toEqual([expect.objectContaining({ action_id: ACTION_ACKNOWLEDGE, value: '7', style: 'primary', text: expect.objectContaining({ text: 'Bien reçu' }) })]);
    expect(allText(m)).toContain('<@UBOB> : merci d’en accuser réception.');
    // The outgoing member is named, never pinged.
    expect(allText(m)).not.toContain('<@UAUTHOR>');
  });

  it('addresses a handover without @next to whoever takes it', () => {
    const m = render(handover({ to: null }));
    expect(lines(m)[0]).toBe('🔁 *Passation : uauthor → la relève* · ⏳ en attente de prise en compte');
    expect(allText(m)).toContain('La relève : merci d’en accuser réception.');
    expect(buttons(m)).toHaveLength(1);
  });

  it('says who acknowledged, first, and loses its button once acknowledged', () => {
    const m = render(handover({ acknowledged: { by: 'UBOB', at: new Date('2026-11-21T13:05:00Z') } }));
    expect(lines(m)[0]).toBe('🔁 *Passation : uauthor → ubob* · 👍 prise en compte par ubob (14:05)');
    expect(buttons(m)).toHaveLength(0);
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(allText(m)).not.toContain('accuser réception');
    expectWithinSlackLimits(m);
  });

  it('says it was superseded by the next handover, and loses its button', () => {
    const m = render(handover({ supersededAt: new Date('2026-11-21T21:05:00Z') }));
    expect(lines(m)[0]).toBe('🔁 *Passation : uauthor → ubob* · ↪️ remplacée par la passation de 22:05');
    expect(buttons(m)).toHaveLength(0);
    expect(allText(m)).not.toContain('<@UBOB>');
  });

  it('asks the member on duty (or the team) to record a handover in an automatic summary, with a *Record the handover* button', () => {
    const m = render(automatic({ facts: facts({ proposed: [1], published: [{ ref: 1, url: 'https://x.com/G/status/1' }] }) }));
    expect(lines(m)[0]).toBe('🕕 *Fin de vacation (14:00)* · ⚠️ aucune passation enregistrée');
    expect(lines(m)[1]).toBe('Vacation de 06:00 à 14:00');
    expect(allText(m)).toContain('<@UBOB> : enregistrez la passation avec le bouton, ou `/handover @relève notes`.');
    expect(allText(m)).toContain('<https://x.com/G/status/1|X>');
    expect(buttons(m)).toEqual([expect.objectContaining({ action_id: ACTION_RECORD_HANDOVER, value: UNTIL, text: expect.objectContaining({ text: 'Enregistrer la passation' }) })]);
    expect(allText(m)).not.toContain('*Notes*');

    const nobody = render(automatic({ onDuty: null }));
    expect(allText(nobody)).toContain('Équipe : enregistrez la passation');
    expect(allText(nobody)).not.toContain('<@');

    const answered = render(automatic({ handedOver: { by: 'UALICE', at: new Date('2026-11-21T13:20:00Z') } }));
    expect(lines(answered)[0]).toBe('🕕 *Fin de vacation (14:00)* · ✅ passation enregistrée par ualice (14:20)');
    expect(buttons(answered)).toHaveLength(0);
    expect(allText(answered)).not.toContain('enregistrez la passation');
  });

  it('escapes the notes, so <!channel> or a mention in them notifies nobody', () => {
    const m = render(handover({ notes: '<!channel> relevé & <@U999> voir <https://evil.example|ici>\nligne 2' }));
    expect(textWith(m, 'Notes')).toBe('*Notes* :\n> &lt;!channel&gt; relevé &amp; &lt;@U999&gt; voir &lt;https://evil.example|ici&gt;\n> ligne 2');
    const everything = JSON.stringify(m);
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U999>');
    expect(everything).not.toContain('<https://evil.example');
  });

  it('cuts long notes at a word and says the rest is in the thread; short ones are whole', () => {
    const long = `${'Beaucoup de monde & <du bruit>. '.repeat(200)}FIN`;
    expect(notesInFull(long)).toBe(false);
    expect(notesInFull('RAS')).toBe(true);
    expect(notesInFull('ligne\n'.repeat(30))).toBe(false);
    const m = render(handover({ notes: long }));
    const notes = textWith(m, 'Notes');
    expect(notes).toMatch(/…$/);
    expect(notes).not.toContain('FIN');
    expect(notes).not.toMatch(/&[a-z]*…$/); // never inside an escape
    expect(allText(m)).toContain('La suite des notes est dans le fil.');
    expectWithinSlackLimits(m);
    expect(allText(render(handover()))).not.toContain('dans le fil');
  });

  it('renders the same facts the same way, whatever made the summary, and later', () => {
    const busy = facts({
      proposed: [1, 2, 3, 4],
      published: [{ ref: 1, url: 'https://x.com/G/status/1', posts: [{ network: 'x', url: 'https://x.com/G/status/1', dryRun: false }] }],
      rejected: [2],
      failed: [3],
      waiting: [{ ref: 4, state: 'scheduled', publishAt: '2026-11-21T18:00:00.000Z' }],
      openFollowups: [{ ref: 1, dueAt: '2026-11-21T12:00:00.000Z' }],
      attention: attention({ overdue: [{ ...item(1), dueAt: '2026-11-21T12:00:00.000Z', reminders: 2 }], failed: [{ ...item(3), failures: [{ network: 'x', code: 'duplicate' }] }] }),
    });
    // Facts are stored as JSON and re-rendered later (after an acknowledgement): the result must not change.
    const stored = JSON.parse(JSON.stringify(busy)) as ShiftFacts;
    expect(render(handover({ facts: stored }))).toEqual(render(handover({ facts: busy })));
    const factLines = (m: Message) => lines(m).slice(lines(m).findIndex((l) => l.startsWith('*⚠️')), lines(m).findIndex((l) => l.startsWith('🚫')) + 1);
    const typed = factLines(render(handover({ facts: busy })));
    expect(typed.length).toBeGreaterThan(4);
    expect(factLines(render(handover({ facts: busy, to: null, notes: 'autre' })))).toEqual(typed);
    expect(factLines(render(automatic({ facts: busy })))).toEqual(typed);
  });

  it('renders in English too', () => {
    const a = attention({
      overdue: [{ ...item(2, 'Accident on the A9'), dueAt: '2026-11-21T12:00:00.000Z', reminders: 1 }],
      failed: [{ ...item(3, 'Prevention'), failures: [{ network: 'bluesky', code: 'image' }] }],
    });
    const m = render(
      handover({
        facts: facts({
          proposed: range(1, 14),
          published: range(1, 14).map((ref) => ({ ref, url: ref === 1 ? null : `https://x.com/G/status/${ref}` })),
          waiting: [{ ref: 30, state: 'scheduled', publishAt: '2026-11-21T15:30:00.000Z' }],
          openFollowups: [{ ref: 2, dueAt: '2026-11-21T12:00:00.000Z' }],
          attention: a,
        }),
      }),
      en,
    );
    const shown = allText(m);
    expect(lines(m)[0]).toBe('🔁 *Handover: uauthor → ubob* · ⏳ waiting to be acknowledged');
    expect(shown).toContain('Shift from 06:00 to 14:00');
    expect(shown).toContain('*⚠️ To handle now (2)*');
    expect(shown).toContain(`🔴 <${LINK(2)}|#2> · closing post 1 h late (due 13:00) · “Accident on the A9”`);
    expect(shown).toContain(`❌ <${LINK(3)}|#3> · failed on Bluesky (image unavailable) · “Prevention”`);
    expect(shown).toContain('14 proposed · 14 published · 0 rejected · 0 failed or uncertain');
    expect(shown).toMatch(/✅ Published \(14\): #1 \(X \(dry run\)\), #2 \(<https:\/\/x\.com\/G\/status\/2\|X>\).*, and 9 more/);
    expect(shown).toContain('🕒 Scheduled (1): #30 16:30');
    expect(buttons(m)[0]?.text.text).toBe('Acknowledge');
    expect(shown).not.toMatch(/Passation|vacation|Bien reçu|«/);

    const auto = render(automatic({ onDuty: null }), en);
    expect(lines(auto)[0]).toBe('🕕 *End of shift (14:00)* · ⚠️ no handover recorded');
    expect(allText(auto)).toContain('Team: record the handover with the button, or `/handover @next notes`.');
    expect(buttons(auto)[0]?.text.text).toBe('Record the handover');
  });
});
