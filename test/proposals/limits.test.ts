/**
 * Slack's limits for every message, reply and view of proposals, for any proposal the rules allow:
 * generated proposals at the limits — ten parts as long as a field holds, `<>&*_~` and tokens, long
 * links, long reasons from the networks, four images with long alt texts and names, every state on every
 * network — through the builders (checked with the strict fake's own rules), then a thread at the limits
 * through the real bot (every call accepted by the strict fake).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkName } from '../../src/networks/network.js';
import { texts } from '../../src/platform/i18n/index.js';
import type { ReplySubject } from '../../src/proposals/decide.js';
import { altsCut, proposalMessage, replacedMessage } from '../../src/proposals/messages.js';
import { altTextsReply, credentialsAlert, fullTextReply, replyMessage } from '../../src/proposals/replies.js';
import { isCut, replyCount } from '../../src/proposals/preview.js';
import { splitParts } from '../../src/proposals/thread.js';
import type { Delivery, DeliveryState, Proposal } from '../../src/proposals/store.js';
import type { BoardSettings } from '../../src/proposals/words.js';
import { viewProblems } from '../support/blockKit.js';
import { inputs, submitComposer } from '../support/composer.js';
import { ALICE, AUTHOR, startHarness, TEAM, type Harness } from '../support/harness.js';
import { escapeLikeSlack } from '../support/slackRequests.js';
import { expectMessageFits } from '../support/fits.js';
import { waitFor } from '../support/waitFor.js';
import { int, pick, prng, type Random } from '../support/random.js';


/** What a person types: accents, emoji, `<>&*_~`, tokens typed literally, long links, quotes, line breaks. */
const TYPED = [
  'Accident', 'sur', 'l’A9', '&', '<', '>', '&amp;', '<!channel>', '<@U999>', '<https://evil.example|ici>', '*gras*', '_', '~', '`', '"', '\\',
  '😀', '👩‍👩‍👧', '🇫🇷', 'e\u0301', ':', '«', '»', `https://www.interieur.gouv.fr/${'actualites/'.repeat(40)}?q=1&r=<2>`, 'x'.repeat(120),
];
function typed(r: Random, length: number): string {
  let out = '';
  while (out.length < length) out += pick(r, r() < 0.08 ? ['\n', ...TYPED] : TYPED) + (r() < 0.6 ? ' ' : '');
  return [...out].slice(0, length).join('').trim() || 'x';
}

const NOW = new Date('2026-11-21T20:00:00Z');
const NETWORKS: NetworkName[] = ['x', 'mastodon', 'bluesky'];
const STATES: DeliveryState[] = ['publishing', 'waiting', 'published', 'failed', 'uncertain'];
const CODES = ['credentials', 'duplicate', 'reply_target', 'image', 'invalid', 'unknown'] as const;

function settings(locale: 'fr' | 'en', r: Random): BoardSettings {
  return {
    texts: texts(locale, 'Europe/Paris'),
    targets: NETWORKS.map((name) => ({ name, length: { max: 500, count: (t: string) => [...t].length } })),
    maxLength: 280, approvalsRequired: int(r, 1, 3), approveReactions: ['white_check_mark', 'thumbsup'], rejectReactions: ['x'],
    // Names are what people typed in their profiles: anything.
    name: (id) => (r() < 0.5 ? typed(r, int(r, 1, 80)) : `<@${id}>`),
    now: () => NOW, timeZone: 'Europe/Paris', locale,
  };
}

function generated(r: Random): Proposal {
  const count = r() < 0.5 ? 10 : int(r, 1, 10);
  const parts = Array.from({ length: count }, () => typed(r, r() < 0.6 ? 3000 : int(r, 1, 600)));
  const networks = NETWORKS.filter(() => r() < 0.8);
  const deliveries: Delivery[] = (networks.length > 0 ? networks : ['x' as const]).map((network, i) => {
    const state = pick(r, STATES);
    const posted = state === 'published' ? count : int(r, 0, count);
    return {
      id: i + 1, network, state, dryRun: r() < 0.2, lostAnswers: 0, owner: 'run', retryAt: null,
      waitUntil: state === 'waiting' ? new Date(NOW.getTime() + int(r, 1, 5000) * 60_000) : null,
      failureCode: state === 'failed' || state === 'uncertain' ? pick(r, CODES) : null,
      failureDetail: r() < 0.7 ? typed(r, int(r, 1, 4000)) : null,
      replyTo: null, queuedAt: NOW, publishedAt: state === 'published' ? NOW : null,
      parts: parts.map((_, k) => ({
        part: k + 1, key: `k${k}`, attemptedAt: NOW, postedAt: k < posted ? NOW : null,
        remote: k < posted ? { id: '9'.repeat(int(r, 1, 40)), url: `https://exemple.social/@cellule/${'9'.repeat(int(r, 1, 300))}` } : null,
      })),
    } as Delivery;
  });
  const state = pick(r, ['pending', 'scheduled', 'waiting', 'publishing', 'published', 'failed', 'uncertain', 'rejected', 'expired'] as const);
  return {
    ref: int(r, 1, 1e9), authorId: 'UAUTHOR', state, version: int(r, 1, 99), text: parts.join('\n---\n'), parts, numbered: r() < 0.5,
    template: null, templateValues: null, weightedLength: 280, followupSeconds: r() < 0.5 ? int(r, 1, 30 * 86_400) : null,
    publishAt: r() < 0.5 ? new Date(NOW.getTime() + int(r, -5000, 5000) * 60_000) : null, replyToRef: r() < 0.4 ? int(r, 1, 1e9) : null,
    networks, channelId: TEAM, messageTs: '1.1',
    images: Array.from({ length: r() < 0.5 ? 4 : int(r, 0, 4) }, (_, i) => ({ part: int(r, 1, count), fileId: `F${i}`, name: typed(r, int(r, 1, 250)), mimetype: 'image/png', size: 1000, altText: typed(r, int(r, 1, 2000)) })),
    approvals: Array.from({ length: int(r, 0, 5) }, (_, i) => `U${i}`), approvedAt: null, rejectedBy: r() < 0.5 ? 'UAUTHOR' : 'UBOB',
    failureCode: r() < 0.1 ? 'slack_post_failed' : null, failureDetail: r() < 0.1 ? typed(r, 3000) : null, createdAt: NOW, publishedAt: null, deliveries,
  };
}

describe('every proposal builder stays within Slack’s limits, whatever the proposal', () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('seed %i', (seed) => {
    const r = prng(seed);
    for (const locale of ['fr', 'en'] as const) {
      const s = settings(locale, r);
      const p = generated(r);
      const notes = r() < 0.5 ? [typed(r, 2000)] : [];
      expectMessageFits(proposalMessage(p, s, notes, r() < 0.5 ? generated(r) : null), `message, seed ${seed} ${locale}`);
      expectMessageFits(replacedMessage(p, { ...p, version: p.version + 1 }, s), `replaced, seed ${seed}`);
      const network = p.deliveries[0]!.network;
      const subjects: ReplySubject[] = [
        { what: 'scheduled' }, { what: 'expired' }, { what: 'rejected' }, { what: 'waiting', network, until: NOW.toISOString() },
        { what: 'published', network }, { what: 'failed', network }, { what: 'uncertain', network },
        { what: 'retried', network, by: 'UBOB' }, { what: 'confirmed', network, by: 'UBOB' },
      ];
      for (const subject of subjects) expectMessageFits(replyMessage(p, subject, s), `reply ${subject.what}, seed ${seed}`);
      // A part cut in the message has its full text in replies, each within limits; a part shown whole has none.
      p.parts.forEach((text, i) => {
        if (!isCut(p.parts, i + 1)) return expect(fullTextReply(p, i + 1, 0, s), `full text ${i + 1}, seed ${seed}`).toBeNull();
        for (let k = 0; k < replyCount(text); k++) expectMessageFits(fullTextReply(p, i + 1, k, s), `full text ${i + 1}/${k}, seed ${seed}`);
      });
      if (altsCut(p)) expectMessageFits(altTextsReply(p, s), `alt texts, seed ${seed}`);
      else expect(altTextsReply(p, s), `alt texts, seed ${seed}`).toBeNull();
      const refs = Array.from({ length: int(r, 0, 500) }, (_, i) => i + 1);
      expectMessageFits(credentialsAlert({ network, resolved: r() < 0.5, failedRefs: refs }, s), `alert, seed ${seed}`);
    }
  });
});

describe('through the real bot, at the limits', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('a ten-part thread of hostile texts and long links: proposed, edited, published half way, retried; Slack accepts every call', async () => {
    const r = prng(7);
    h = await startHarness({}, { networks: ['mastodon', 'bluesky'] });
    // Within each network's rules: on X and Mastodon a link counts 23 however long; Bluesky counts graphemes.
    const link = `https://www.interieur.gouv.fr/${'actualites/'.repeat(20)}?a=1&b=<2>`;
    const part = (i: number) => `${i}. « Alerte » & <D986> *_~\` ${typed(r, 60).replace(/https?:\S*|\n|---/g, '')} ${link}`.slice(0, 600);
    const parts = Array.from({ length: 10 }, (_, i) => part(i + 1));
    const m = await h.propose(`--on x,mastodon ${escapeLikeSlack(parts.join('\n---\n'))}`);
    // Edit: the composer opens with every part, each within its field.
    const edit = m.blocks!.flatMap((b: any) => (b.type === 'actions' ? b.elements : [])).find((e: any) => e.action_id === 'proposal_edit');
    await h.send.blockAction(AUTHOR, { action_id: 'proposal_edit', value: edit.value }, { messageTs: m.ts, message: m });
    const opened = await waitFor(() => h.slack.views.find((v) => v.method === 'views.open'), 'the composer with ten parts');
    expect(Object.keys(inputs(opened)).filter((id) => /^part_/.test(id))).toHaveLength(10);
    expect(viewProblems(opened.view, 'modal')).toEqual([]);
    // Saved as opened: a new version with the same ten parts.
    await submitComposer(h, opened);
    const v2 = await waitFor(() => h.proposalMessages()[1], 'version 2');
    const stored = h.query<{ version: number; text: string }>('SELECT version, text FROM proposal_versions WHERE ref = 1 ORDER BY version');
    expect(stored.map((v) => v.version)).toEqual([1, 2]);
    expect(stored[1]!.text).toBe(stored[0]!.text);
    // Each part shown, numbered; one cut to its preview has its full text in the thread, in order.
    const shownParts = splitParts(stored[1]!.text);
    expect(JSON.stringify(v2.blocks)).toContain('Partie 10/10');
    await h.bot.scheduler.settle();
    let cut = 0;
    shownParts.forEach((text, i) => {
      if (!isCut(shownParts, i + 1)) return expect(JSON.stringify(v2.blocks)).toContain(JSON.stringify(text));
      cut++;
      const full = h.threadReplies(v2.ts)
        .filter((r) => (r.text ?? '').includes(`partie ${i + 1}/10`))
        .flatMap((r) => r.blocks![0].elements.filter((e: any) => e.type === 'rich_text_quote').map((e: any) => e.elements[0].text));
      expect(full.join(''), `part ${i + 1} in full`).toBe(text);
    });
    expect(cut).toBeGreaterThan(0);

    h.mastodon!.script('POST /api/v1/statuses', { kind: 'pass' }, { kind: 'pass' }, { kind: 'unprocessable' });
    const m2 = v2;
    await h.react('added', ALICE, 'white_check_mark', m2.ts);
    await waitFor(() => h.delivery(1, 'mastodon')?.state === 'failed', 'Mastodon stopped at part 3');
    const message = await waitFor(() => {
      const now = h.slack.message(TEAM, m2.ts);
      return JSON.stringify(now?.blocks ?? []).includes('proposal_retry') && now;
    }, 'Retry from part 3');
    const retry = message.blocks!.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'proposal_retry');
    expect(retry.text.text).toBe('Reprendre à la partie 3 sur Mastodon');
    await h.send.blockAction(ALICE, { action_id: 'proposal_retry', value: retry.value }, { messageTs: m2.ts, message });
    await waitFor(() => h.query('SELECT state FROM proposals WHERE ref = 1')[0]?.state === 'published', 'published');
    await h.bot.scheduler.settle();

    expect(h.slack.refusals).toEqual([]);
    expect(h.query("SELECT key, last_error FROM outbox WHERE state = 'failed' OR last_error IS NOT NULL")).toEqual([]);
    expect(h.x.tweets).toHaveLength(10);
    expect(h.mastodon!.posted()).toHaveLength(10);
  });
});
