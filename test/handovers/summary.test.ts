import { describe, expect, it } from 'vitest';
import { quietShift, type ShiftFacts } from '../../src/handovers/facts.js';
import { ACTION_ACKNOWLEDGE } from '../../src/handovers/ids.js';
import { summaryMessage, type Summary } from '../../src/handovers/summary.js';
import { texts } from '../../src/platform/i18n/index.js';
import { readable } from '../support/readable.js';

/** The summary as a person reads it (no-break spaces as ordinary ones: the typography test checks them). */
const render = (...args: Parameters<typeof summaryMessage>) => readable(summaryMessage(...args));

/**
 * The summary composer on fixtures: a pure function of stored facts, so what a person reads is asserted
 * here on the blocks themselves, without Slack.
 */
const fr = texts('fr', 'Europe/Paris');
const en = texts('en', 'Europe/Paris');

// The shift 06:00 → 14:00 Paris on Saturday 21 November 2026 (winter: UTC+1).
const SINCE = '2026-11-21T05:00:00.000Z';
const UNTIL = '2026-11-21T13:00:00.000Z';
const AT = new Date(UNTIL);

function facts(over: Partial<ShiftFacts> = {}): ShiftFacts {
  return { ...quietShift(new Date(SINCE), new Date(UNTIL)), ...over };
}

function handover(over: Partial<Extract<Summary, { kind: 'handover' }>> = {}): Summary {
  return { kind: 'handover', id: 7, from: 'UAUTHOR', to: 'UBOB', at: AT, notes: 'RAS', facts: facts(), acknowledged: null, ...over };
}

function automatic(over: Partial<Extract<Summary, { kind: 'automatic' }>> = {}): Summary {
  return { kind: 'automatic', boundary: AT, onDuty: 'UBOB', facts: facts(), ...over };
}

type Block = ReturnType<typeof summaryMessage>['blocks'][number];

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
const allText = (m: ReturnType<typeof summaryMessage>) => [m.text, ...m.blocks.flatMap(textsOf)].join('\n');
const sections = (m: ReturnType<typeof summaryMessage>) => m.blocks.filter((b) => b.type === 'section').map((b) => (b as any).text.text as string);
/** The section whose text contains `marker`. */
const sectionWith = (m: ReturnType<typeof summaryMessage>, marker: string) => {
  const found = sections(m).find((s) => s.includes(marker));
  if (!found) throw new Error(`no section contains ${marker}:\n${sections(m).join('\n---\n')}`);
  return found;
};
/** The line of a section that starts with `prefix`. */
const lineStarting = (text: string, prefix: string) => {
  const found = text.split('\n').find((l) => l.startsWith(prefix));
  if (!found) throw new Error(`no line starts with ${prefix} in:\n${text}`);
  return found;
};
const buttons = (m: ReturnType<typeof summaryMessage>) =>
  m.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b as any).elements as Array<{ action_id: string; value: string; text: { text: string } }>);

/** Slack's limits on a message: 50 blocks, 3000 characters per section or context text. */
function expectWithinSlackLimits(m: ReturnType<typeof summaryMessage>) {
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const block of m.blocks) for (const text of textsOf(block)) expect(text.length).toBeLessThanOrEqual(3000);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(3000);
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('summaryMessage', () => {
  it('says plainly that an empty shift was quiet, with who, when and the notes', () => {
    const m = render(handover(), fr);
    const shown = allText(m);
    expect(sections(m)[0]).toBe('🔁 *Passation* : <@UAUTHOR> → <@UBOB>');
    expect(m.text).toBe('🔁 Passation : <@UAUTHOR> → <@UBOB>');
    expect(shown).toContain('sam. 21 nov. 14h00 · vacation depuis le sam. 21 nov. 06h00');
    expect(sectionWith(m, 'Notes')).toBe('*Notes* :\n> RAS');
    expect(shown).toContain('Rien de publié ni proposé pendant la vacation.');
    expect(shown).toContain('Aucune proposition en attente.');
    expect(shown).toContain('Aucun suivi ouvert.');
    expect(shown).not.toMatch(/Publiées|Rejetées|En échec|Suivis ouverts/);
    expectWithinSlackLimits(m);
  });

  it('groups a busy shift with counts, shows at most 12 items per group, and stays within Slack limits', () => {
    const busy = facts({
      proposed: range(100, 60),
      published: range(100, 55).map((ref) => ({ ref, url: `https://x.com/GendarmerieTest/status/19000000000000${ref}` })),
      rejected: range(200, 20),
      failed: range(300, 15),
      uncertain: range(400, 14),
      expired: range(500, 13),
      waiting: range(600, 30).map((ref) => ({ ref, state: ref % 2 ? ('scheduled' as const) : ('pending' as const), publishAt: ref % 2 ? '2026-11-21T16:00:00.000Z' : null })),
      openFollowups: range(700, 25).map((ref, i) => ({ ref, dueAt: new Date(Date.parse(UNTIL) + (i - 10) * 60_000).toISOString() })),
    });
    const m = render(handover({ facts: busy, notes: 'Beaucoup de monde.\n'.repeat(400) }), fr);
    expectWithinSlackLimits(m);

    const activity = sectionWith(m, 'Pendant la vacation');
    expect(activity).toContain('60 proposées · 55 publiées · 20 rejetées · 29 en échec ou incertaines');
    const published = lineStarting(activity, '✅ Publiées (55) : ');
    expect(published.match(/<https:\/\/x\.com\/[^|>]+\|#\d+>/g)).toHaveLength(12);
    expect(published).toContain('<https://x.com/GendarmerieTest/status/19000000000000100|#100>');
    expect(published).not.toContain('#112>');
    expect(published).toMatch(/, et 43 autres$/);
    for (const [prefix, count, first] of [
      ['🚫 Rejetées (20) : ', 20, 200],
      ['❌ En échec (15) : ', 15, 300],
      ['❓ Incertaines, à vérifier sur le compte (14) : ', 14, 400],
      ['⌛ Expirées (13) : ', 13, 500],
    ] as const) {
      const line = lineStarting(activity, prefix);
      expect(line.slice(prefix.length).split(', ').slice(0, 12)).toEqual(range(first, 12).map((r) => `#${r}`));
      expect(line).toMatch(new RegExp(`, et ${count - 12} ${count - 12 > 1 ? 'autres' : 'autre'}$`));
    }

    const waiting = sectionWith(m, 'En attente de validation ou programmées (30)');
    expect(waiting.match(/#6\d\d/g)).toHaveLength(12);
    expect(waiting).toContain('#601 (programmée le sam. 21 nov. 17h00)');
    expect(waiting).toMatch(/et 18 autres$/);

    const followups = sectionWith(m, 'Suivis ouverts (25, dont 11 en retard)');
    expect(followups.match(/[🔴🟡] #7\d\d/gu)).toHaveLength(12);
    expect(followups).toMatch(/ · et 13 autres$/);

    // The notes are long, but their section is cut to Slack's limit, not refused.
    expect(sectionWith(m, 'Notes').length).toBeLessThanOrEqual(3000);
  });

  it('links published tweets as <url|#N> and marks dry runs', () => {
    const m = render(
      handover({ facts: facts({ proposed: [12, 13], published: [{ ref: 12, url: 'https://x.com/GendarmerieTest/status/123' }, { ref: 13, url: null }] }) }),
      fr,
    );
    const activity = sectionWith(m, 'Pendant la vacation');
    expect(activity).toContain('2 proposées · 2 publiées · 0 rejetée · 0 en échec ou incertaine');
    expect(lineStarting(activity, '✅')).toBe('✅ Publiées (2) : <https://x.com/GendarmerieTest/status/123|#12>, #13 (simulation)');
  });

  it('lists failures and uncertain publications separately, and counts them together', () => {
    const m = render(handover({ facts: facts({ proposed: [3, 4, 5, 6, 9], failed: [3, 4], uncertain: [5], rejected: [6], expired: [9] }) }), fr);
    const activity = sectionWith(m, 'Pendant la vacation');
    expect(activity).toContain('5 proposées · 0 publiée · 1 rejetée · 3 en échec ou incertaines');
    expect(activity).toContain('❌ En échec (2) : #3, #4');
    expect(activity).toContain('❓ Incertaines, à vérifier sur le compte (1) : #5');
    expect(activity).toContain('🚫 Rejetées (1) : #6');
    expect(activity).toContain('⌛ Expirées (1) : #9');
    expect(activity).not.toContain('✅');
  });

  it('shows what is still pending or scheduled, with references and times', () => {
    const m = render(
      handover({
        facts: facts({
          waiting: [
            { ref: 7, state: 'pending', publishAt: null },
            { ref: 8, state: 'scheduled', publishAt: '2026-11-21T15:30:00.000Z' },
          ],
        }),
      }),
      fr,
    );
    expect(sectionWith(m, 'En attente')).toBe('*En attente de validation ou programmées (2)* : #7, #8 (programmée le sam. 21 nov. 16h30)');
  });

  it('lists overdue follow-ups first and marks them', () => {
    const m = render(
      handover({
        facts: facts({
          openFollowups: [
            { ref: 20, dueAt: '2026-11-21T15:00:00.000Z' },
            { ref: 21, dueAt: '2026-11-21T11:00:00.000Z' },
            { ref: 22, dueAt: '2026-11-21T12:30:00.000Z' },
          ],
        }),
      }),
      fr,
    );
    expect(sectionWith(m, 'Suivis ouverts')).toBe(
      '*Suivis ouverts (3, dont 2 en retard)* : 🔴 #21 dû le sam. 21 nov. 12h00 · 🔴 #22 dû le sam. 21 nov. 13h30 · 🟡 #20 dû le sam. 21 nov. 16h00',
    );
    // None overdue: no "en retard" in the heading, no red mark.
    const later = render(handover({ facts: facts({ openFollowups: [{ ref: 20, dueAt: '2026-11-21T15:00:00.000Z' }] }) }), fr);
    expect(sectionWith(later, 'Suivis ouverts')).toBe('*Suivis ouverts (1)* : 🟡 #20 dû le sam. 21 nov. 16h00');
  });

  it('offers the Acknowledge button to the named incoming member until acknowledged', () => {
    const m = render(handover(), fr);
    expect(buttons(m)).toEqual([expect.objectContaining({ action_id: ACTION_ACKNOWLEDGE, value: '7', text: expect.objectContaining({ text: 'Bien reçu' }) })]);
    expect(allText(m)).toContain('En attente de prise en compte par <@UBOB>.');
  });

  it('addresses a handover without @next to whoever takes it', () => {
    const m = render(handover({ to: null }), fr);
    expect(sections(m)[0]).toBe('🔁 *Passation* : <@UAUTHOR> → la relève');
    expect(allText(m)).toContain('En attente de prise en compte par la relève.');
    expect(buttons(m)).toHaveLength(1);
  });

  it('shows the acknowledgement, without a button, once acknowledged', () => {
    const m = render(handover({ acknowledged: { by: 'UBOB', at: new Date('2026-11-21T13:05:00Z') } }), fr);
    expect(buttons(m)).toHaveLength(0);
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(allText(m)).toContain('👍 Prise en compte par <@UBOB> le sam. 21 nov. 14h05');
    expect(allText(m)).not.toContain('En attente de prise en compte');
    expectWithinSlackLimits(m);
  });

  it('asks the member on duty (or the team) to record a handover in an automatic summary', () => {
    const m = render(automatic({ facts: facts({ proposed: [1], published: [{ ref: 1, url: 'https://x.com/G/status/1' }] }) }), fr);
    expect(sections(m)[0]).toBe('🕕 *Fin de vacation (sam. 21 nov. 14h00)* : bilan automatique');
    expect(allText(m)).toContain('sam. 21 nov. 14h00 · vacation depuis le sam. 21 nov. 06h00');
    expect(allText(m)).toMatch(/<@UBOB> : aucune passation enregistrée pour ce changement de vacation\. Enregistrez-la avec `\/handover @relève notes`\./);
    expect(allText(m)).toContain('<https://x.com/G/status/1|#1>');
    expect(buttons(m)).toHaveLength(0);
    expect(allText(m)).not.toContain('*Notes*');

    const nobody = render(automatic({ onDuty: null }), fr);
    expect(allText(nobody)).toContain('Équipe : aucune passation enregistrée');
    expect(allText(nobody)).not.toContain('<@');
  });

  it('escapes the notes, so <!channel> or a mention in them notifies nobody', () => {
    const m = render(handover({ notes: '<!channel> relevé & <@U999> voir <https://evil.example|ici>\nligne 2' }), fr);
    const notes = sectionWith(m, 'Notes');
    expect(notes).toBe('*Notes* :\n> &lt;!channel&gt; relevé &amp; &lt;@U999&gt; voir &lt;https://evil.example|ici&gt;\n> ligne 2');
    const everything = JSON.stringify(m);
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<@U999>');
    expect(everything).not.toContain('<https://evil.example');
  });

  it('renders the same facts the same way, whatever made the summary', () => {
    const busy = facts({
      proposed: [1, 2, 3, 4],
      published: [{ ref: 1, url: 'https://x.com/G/status/1' }],
      rejected: [2],
      failed: [3],
      waiting: [{ ref: 4, state: 'scheduled', publishAt: '2026-11-21T18:00:00.000Z' }],
      openFollowups: [{ ref: 1, dueAt: '2026-11-21T12:00:00.000Z' }],
    });
    // Facts are stored as JSON and re-rendered later (after an acknowledgement): the result must not change.
    const stored = JSON.parse(JSON.stringify(busy)) as ShiftFacts;
    expect(render(handover({ facts: stored }), fr)).toEqual(render(handover({ facts: busy }), fr));

    const factSections = (m: ReturnType<typeof summaryMessage>) => sections(m).filter((s) => /Pendant la vacation|En attente|Suivis ouverts|Rien de publié|Aucun/.test(s));
    const typed = factSections(render(handover({ facts: busy }), fr));
    expect(typed).toHaveLength(3);
    expect(factSections(render(handover({ facts: busy, to: null, notes: 'autre' }), fr))).toEqual(typed);
    expect(factSections(render(automatic({ facts: busy }), fr))).toEqual(typed);
  });

  it('renders in English too', () => {
    const m = render(
      handover({
        facts: facts({
          proposed: range(1, 14),
          published: range(1, 14).map((ref) => ({ ref, url: ref === 1 ? null : `https://x.com/G/status/${ref}` })),
          waiting: [{ ref: 30, state: 'scheduled', publishAt: '2026-11-21T15:30:00.000Z' }],
          openFollowups: [{ ref: 2, dueAt: '2026-11-21T12:00:00.000Z' }],
        }),
      }),
      en,
    );
    const shown = allText(m);
    expect(sections(m)[0]).toBe('🔁 *Handover*: <@UAUTHOR> → <@UBOB>');
    expect(shown).toContain('Sat 21 Nov 14:00 · shift since Sat 21 Nov 06:00');
    expect(shown).toContain('14 proposed · 14 published · 0 rejected · 0 failed or uncertain');
    expect(shown).toMatch(/✅ Published \(14\): #1 \(dry run\), <https:\/\/x\.com\/G\/status\/2\|#2>.*, and 2 more/);
    expect(shown).toContain('#30 (scheduled for Sat 21 Nov 16:30)');
    expect(shown).toContain('*Open follow-ups (1, 1 overdue)*: 🔴 #2 due Sat 21 Nov 13:00');
    expect(buttons(m)[0]?.text.text).toBe('Acknowledge');
    expect(shown).not.toMatch(/Passation|vacation|Bien reçu/);

    const auto = allText(render(automatic({ onDuty: null }), en));
    expect(auto).toContain('🕕 *End of shift (Sat 21 Nov 14:00)*: automatic summary');
    expect(auto).toContain('Team: no handover was recorded for this shift change.');
  });
});
