/**
 * The proposal message as a table, without a server: each state's first line in words with its own
 * symbol, in both languages; the approval hint only while approval is possible; one line per network;
 * what needs someone (uncertain, failed) on the message itself with its buttons, and no button once used.
 */
import { describe, expect, it } from 'vitest';
import { texts } from '../../src/platform/i18n/index.js';
import { proposalMessage, replacedMessage } from '../../src/proposals/messages.js';
import { replyMessage } from '../../src/proposals/replies.js';
import type { BoardSettings } from '../../src/proposals/words.js';
import type { Delivery, Proposal } from '../../src/proposals/store.js';
import { messageBlocksProblems } from '../support/blockKit.js';

const NOW = new Date('2026-11-21T10:00:00Z'); // 11:00 in Paris
const MIN = 60_000;
const count = { max: 280, count: (text: string) => [...text].length };

function settings(locale: 'fr' | 'en', networks: Array<'x' | 'mastodon' | 'bluesky'> = ['x']): BoardSettings {
  return {
    texts: texts(locale, 'Europe/Paris'),
    targets: networks.map((name) => ({ name, length: count })),
    maxLength: 280,
    approvalsRequired: 1,
    approveReactions: ['white_check_mark'],
    rejectReactions: ['x'],
    name: (id) => id.slice(1).toLowerCase(),
    now: () => NOW,
    timeZone: 'Europe/Paris',
    locale,
  };
}

function delivery(patch: Partial<Delivery> = {}): Delivery {
  return {
    id: 1, network: 'x', state: 'published', dryRun: false, lostAnswers: 0, owner: 'run-1', retryAt: null, waitUntil: null,
    failureCode: null, failureDetail: null, replyTo: null, queuedAt: NOW, publishedAt: NOW,
    parts: [{ part: 1, key: 'k1', attemptedAt: NOW, remote: { id: '42', url: 'https://x.com/cell/status/42' }, postedAt: NOW }], ...patch,
  } as Delivery;
}
const unposted = [{ part: 1, key: 'k1', attemptedAt: NOW, remote: null, postedAt: null }];

function proposal(patch: Partial<Proposal> = {}): Proposal {
  return {
    ref: 7, authorId: 'UAUTHOR', state: 'pending', version: 1, text: 'Texte.', parts: ['Texte.'], numbered: false, template: null, templateValues: null, weightedLength: 6, followupSeconds: null, publishAt: null,
    replyToRef: null, networks: ['x'], channelId: 'CTEAM', messageTs: '1.1', images: [], approvals: [], approvedAt: null, rejectedBy: null,
    failureCode: null, failureDetail: null, createdAt: NOW, publishedAt: null, deliveries: [], ...patch,
  };
}

/** What Slack shows of a text: no-break spaces as ordinary ones. */
const visible = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const first = (m: { blocks: any[] }) => visible(m.blocks[0].text.text.split('\n')[0]);
const all = (m: { text: string; blocks: any[] }) => visible(JSON.stringify(m.blocks));
const buttons = (m: { blocks: any[] }) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: any) => e.action_id));

const at = new Date(NOW.getTime() + 60 * MIN);
const STATES: Array<[string, Partial<Proposal>, string, string]> = [
  ['pending', {}, '🟡 *À valider* · 0/1 validation', '🟡 *Awaiting approval* · 0/1 approval'],
  ['scheduled', { state: 'scheduled', publishAt: at, approvals: ['UALICE'] }, '🗓️ *Programmée* : validée, elle partira à 12:00', '🗓️ *Scheduled*: approved, going out at 12:00'],
  ['waiting', { state: 'waiting', deliveries: [delivery({ state: 'waiting', waitUntil: at, parts: unposted as any })] }, '⏸️ *Retenue* : X limite les publications, départ automatique à 12:00', '⏸️ *Held back*: X limits posts until 12:00'],
  ['publishing', { state: 'publishing', deliveries: [delivery({ state: 'publishing', parts: unposted as any })] }, '📤 *Publication en cours*', '📤 *Publishing*'],
  ['published', { state: 'published', deliveries: [delivery()] }, '✅ *Publiée* sur X', '✅ *Published* on X'],
  ['dry run', { state: 'published', deliveries: [delivery({ dryRun: true })] }, '🧪 *Simulation* : rien n’a été envoyé à X', '🧪 *Dry run*: nothing was sent to X'],
  ['uncertain', { state: 'uncertain', deliveries: [delivery({ state: 'uncertain', failureCode: 'unknown', parts: unposted as any })] }, '⚠️ *Incertaine* sur X : vérifiez le compte avant toute nouvelle tentative', '⚠️ *Uncertain* on X: check the account before any new attempt'],
  ['failed', { state: 'failed', deliveries: [delivery({ state: 'failed', failureCode: 'credentials', failureDetail: 'HTTP 401: Unauthorized', parts: unposted as any })] }, '❌ *Échec* sur X', '❌ *Failed* on X'],
  ['rejected', { state: 'rejected', rejectedBy: 'UBOB' }, '🚫 *Rejetée* par bob', '🚫 *Rejected* by bob'],
  ['withdrawn', { state: 'rejected', rejectedBy: 'UAUTHOR' }, '↩️ *Retirée* par son auteur', '↩️ *Withdrawn* by its author'],
  ['expired', { state: 'expired', publishAt: new Date(NOW.getTime() - 30 * MIN) }, '⌛ *Expirée* : validée trop tard pour partir à 10:30', '⌛ *Expired*: approved too late for 10:30'],
];

describe('the first line: the state, in words, with its own symbol', () => {
  it.each(STATES)('%s', (_name, patch, fr, en) => {
    expect(first(proposalMessage(proposal(patch), settings('fr')))).toBe(fr);
    expect(first(proposalMessage(proposal(patch), settings('en')))).toBe(en);
  });

  it('gives each state its own symbol: held back is not awaiting approval, a dry run is not a publication', () => {
    const symbols = STATES.map(([, patch]) => [...first(proposalMessage(proposal(patch), settings('fr')))][0]);
    expect(new Set(symbols).size).toBe(symbols.length);
  });

  it('names another day by its date, never "demain", which would go stale at midnight in a message that stays up', () => {
    const p = proposal({ state: 'scheduled', publishAt: new Date('2026-11-22T05:00:00Z') });
    expect(first(proposalMessage(p, settings('fr')))).toBe('🗓️ *Programmée* : validée, elle partira le dim. 22 nov. à 06:00');
    expect(first(proposalMessage(p, settings('en')))).toBe('🗓️ *Scheduled*: approved, going out at Sun 22 Nov 06:00');
  });

  it('a replaced version says so first, with no button', () => {
    const m = replacedMessage(proposal(), proposal({ version: 2 }), settings('fr'));
    expect(first(m)).toBe('↪️ *Remplacée* par la version 2');
    expect(buttons(m)).toEqual([]);
  });
});

describe('the rest of the message', () => {
  it('shows the approval hint and the Edit button only while approval is possible', () => {
    for (const [name, patch] of STATES) {
      const m = proposalMessage(proposal(patch), settings('fr'));
      expect(all(m).includes('Pour valider'), name).toBe(name === 'pending');
      // Editing is open until publishing starts (a new version needs new approvals).
      expect(buttons(m).includes('proposal_edit'), name).toBe(['pending', 'scheduled'].includes(name));
      expect(messageBlocksProblems(m.blocks), name).toEqual([]);
    }
  });

  it('has one line per network, in order, with its state, its link, and how far a thread got', () => {
    const thread = ['Un.', 'Deux.', 'Trois.', 'Quatre.'];
    const part = (n: number, posted: boolean) => ({ part: n, key: `k${n}`, attemptedAt: NOW, remote: posted ? { id: `${n}`, url: `https://bsky.app/p/${n}` } : null, postedAt: posted ? NOW : null });
    const p = proposal({
      state: 'publishing', parts: thread, text: thread.join('\n---\n'), networks: ['x', 'mastodon', 'bluesky'],
      deliveries: [
        delivery({ network: 'bluesky', state: 'publishing', parts: [part(1, true), part(2, true), part(3, false), part(4, false)] as any }),
        delivery({ network: 'x', state: 'published', parts: [1, 2, 3, 4].map((n) => ({ ...part(n, true), remote: { id: `${n}`, url: `https://x.com/cell/status/${n}` } })) as any }),
        delivery({ network: 'mastodon', state: 'waiting', waitUntil: at, parts: [part(1, false), part(2, false), part(3, false), part(4, false)] as any }),
      ],
    });
    const m = proposalMessage(p, settings('fr', ['x', 'mastodon', 'bluesky']));
    const lines = m.blocks.filter((b: any) => b.type === 'context').map((b: any) => visible(b.elements[0].text)).find((t: string) => t.startsWith('X '));
    expect(lines).toBe('X ✅ <https://x.com/cell/status/1|voir le fil> (4 parties) · Mastodon ⏸️ retenue, départ à 12:00 · 0/4 · Bluesky 📤 en cours · 2/4');
    // Every part, numbered, with its counts per network.
    expect(all(m)).toContain('Partie 1/4 · X 3/280 · Mastodon 3/280 · Bluesky 3/280');
    expect(all(m)).toContain('Partie 4/4');
  });

  it('shows what needs someone on the message itself, in words, with its buttons; none once resolved', () => {
    const uncertain = proposalMessage(proposal({ state: 'uncertain', deliveries: [delivery({ state: 'uncertain', failureCode: 'unknown', parts: unposted as any })] }), settings('fr'));
    expect(buttons(uncertain)).toEqual(['proposal_online', 'proposal_retry']);
    const notOnline = uncertain.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'proposal_retry');
    // Republishing after "it is not online" is confirmed first: a duplicate cannot be undone.
    expect(notOnline.confirm).toMatchObject({ title: { type: 'plain_text' }, confirm: { type: 'plain_text' }, deny: { type: 'plain_text' } });
    expect(all(uncertain)).toContain('X n’a pas répondu clairement');

    const refused = proposalMessage(proposal({ state: 'failed', deliveries: [delivery({ state: 'failed', failureCode: 'credentials', failureDetail: 'HTTP 401: Unauthorized', parts: unposted as any })] }), settings('fr'));
    expect(buttons(refused)).toEqual(['proposal_retry']);
    expect(all(refused)).toContain('X a refusé les identifiants du compte de la cellule : la personne qui administre comcell doit vérifier les clés X');
    expect(all(refused)).not.toMatch(/401|Unauthorized|HTTP/);

    const duplicate = proposalMessage(proposal({ state: 'failed', deliveries: [delivery({ state: 'failed', failureCode: 'duplicate', parts: unposted as any })] }), settings('fr'));
    expect(buttons(duplicate)).toEqual([]); // nothing to retry: the text must change

    // Once confirmed online, the delivery is published like any other: nothing left to press.
    const confirmed = proposalMessage(proposal({ state: 'published', deliveries: [delivery()] }), settings('fr'));
    expect(buttons(confirmed)).toEqual([]);
  });

  it('offers Retry from part N, per network, for a thread stopped half way', () => {
    const part = (n: number, posted: boolean) => ({ part: n, key: `k${n}`, attemptedAt: NOW, remote: posted ? { id: `${n}`, url: `https://bsky.app/p/${n}` } : null, postedAt: posted ? NOW : null });
    const p = proposal({
      state: 'failed', parts: ['A.', 'B.', 'C.'], networks: ['x', 'bluesky'],
      deliveries: [delivery({ network: 'x' }), delivery({ network: 'bluesky', state: 'failed', failureCode: 'invalid', parts: [part(1, true), part(2, false), part(3, false)] as any })],
    });
    const m = proposalMessage(p, settings('fr', ['x', 'bluesky']));
    const retry = m.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'proposal_retry');
    expect(visible(retry.text.text)).toBe('Reprendre à la partie 2 sur Bluesky');
    expect(JSON.parse(retry.value)).toEqual({ ref: 7, network: 'bluesky' });
    expect(all(m)).toContain('Bluesky : 1 partie sur 3 publiée, la suite attend.');
  });
});

describe('the publication’s thread reply', () => {
  it('names its network even when the network gave no link (a Mastodon status without a URL)', () => {
    const linkless = delivery({ network: 'mastodon', parts: [{ part: 1, key: 'k1', attemptedAt: NOW, remote: { id: '9', url: '' }, postedAt: NOW }] as any });
    const p = proposal({ state: 'published', networks: ['mastodon'], approvals: ['UALICE'], deliveries: [linkless] });
    expect(replyMessage(p, { what: 'published', network: 'mastodon' }, settings('fr', ['mastodon']))?.text).toBe('Mastodon ✅ confirmée en ligne');
    expect(replyMessage(p, { what: 'published', network: 'mastodon' }, settings('en', ['mastodon']))?.text).toBe('Mastodon ✅ confirmed online');
  });
});

describe('the proposal message at its largest', () => {
  it('keeps who approved and the follow-up note: each piece is capped, so nothing is left out', () => {
    const parts = Array.from({ length: 10 }, (_, i) => `${i}`.repeat(3000));
    const uncertain = (network: 'x' | 'mastodon' | 'bluesky') =>
      delivery({ network, state: 'uncertain', failureCode: 'unknown', publishedAt: null, parts: parts.map((_, i) => ({ part: i + 1, key: `k${i}`, attemptedAt: NOW, remote: null, postedAt: null })) as any });
    const p = proposal({
      state: 'uncertain', text: parts.join('\n---\n'), parts, followupSeconds: 7200, networks: ['x', 'mastodon', 'bluesky'],
      approvals: ['U1', 'U2', 'U3', 'U4', 'U5'], deliveries: [uncertain('x'), uncertain('mastodon'), uncertain('bluesky')],
    });
    // Display names of 80 characters that Slack's escaping makes four times longer.
    const s = { ...settings('fr', ['x', 'mastodon', 'bluesky']), name: () => '<'.repeat(80) };
    const m = proposalMessage(p, s, ['🔔 Suivi : tweet de clôture attendu à 08:05']);
    expect(messageBlocksProblems(m.blocks)).toEqual([]);
    const contexts = m.blocks.filter((b: any) => b.type === 'context').map((b: any) => visible(b.elements[0].text));
    expect(contexts.some((c: string) => c.startsWith('Validée par &lt;'))).toBe(true);
    expect(contexts).toContain('🔔 Suivi : tweet de clôture attendu à 08:05');
    expect(all(m)).not.toContain('détails omis');
  });
});

describe('a reply on networks where its target is not', () => {
  it('says, before approval, on which networks it will be a plain post (SPEC: Replies and follow-ups)', () => {
    const target = proposal({ ref: 3, state: 'published', networks: ['x', 'mastodon'], deliveries: [delivery({ network: 'x' }), delivery({ network: 'mastodon', state: 'failed', failureCode: 'invalid', parts: unposted as any })] });
    const reply = proposal({ replyToRef: 3, networks: ['x', 'mastodon', 'bluesky'] });
    const fr = proposalMessage(reply, settings('fr', ['x', 'mastodon', 'bluesky']), [], target);
    expect(all(fr)).toContain('sur Mastodon et Bluesky, #3 n’a pas été publiée : ce sera une publication simple');
    const en = proposalMessage(reply, settings('en', ['x', 'mastodon', 'bluesky']), [], target);
    expect(all(en)).toContain('on Mastodon and Bluesky, #3 was not published: this will be a plain post');
    // Published everywhere it goes: nothing to say.
    const onX = proposalMessage(proposal({ replyToRef: 3, networks: ['x'] }), settings('fr'), [], target);
    expect(all(onX)).not.toContain('publication simple');
  });
});
