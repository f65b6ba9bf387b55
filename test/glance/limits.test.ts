/**
 * Slack's limits for every message, update and view of follow-ups, handovers, duty and Home, for any
 * input the rules allow (issue 12): generated inputs — many items, texts with `& < >`, tokens and links,
 * emoji of every build, reasons and notes as long as a command can send — through the builders (checked
 * with the strict fake's own rules), then through the real bot (every call accepted by the strict fake).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Attention } from '../../src/handovers/attention.js';
import { quietShift, type ShiftFacts } from '../../src/handovers/facts.js';
import { handoverModal } from '../../src/handovers/listeners.js';
import { summaryMessage, type Summary } from '../../src/handovers/summary.js';
import { dashboardView, type DashboardFacts } from '../../src/home/dashboard.js';
import { followupList, followupNote, reminderMessage, threadNote } from '../../src/followups/messages.js';
import type { Followup } from '../../src/followups/store.js';
import { glance } from '../../src/platform/i18n/glance.js';
import { texts } from '../../src/platform/i18n/index.js';
import type { Proposal } from '../../src/proposals/store.js';
import type { FakeMessage } from '../support/fakeSlack.js';
import { viewProblems } from '../support/blockKit.js';
import { choose, namesKnown } from '../support/glance.js';
import { ALICE, AUTHOR, BOB, CAROL, startHarness, TEAM, type Harness } from '../support/harness.js';
import { escapeLikeSlack } from '../support/slackRequests.js';
import { expectMessageFits } from '../support/fits.js';
import { waitFor } from '../support/waitFor.js';
import { int, pick, prng, type Random } from '../support/random.js';


/** What a person types: words, accents, emoji, `&<>`, tokens typed literally, links, markup characters, newlines. */
const TYPED = [
  'Accident', 'sur', 'l’A9', 'à', 'Nîmes', '&', '<', '>', '&amp;', '<!channel>', '<@U999>', '<https://evil.example|ici>', '*gras*', '_', '~', '`',
  '😀', '👩‍👩‍👧', '🇫🇷', 'e\u0301', ':', ';', '!', '?', '«', '»', '\u00a0', `https://exemple.fr/${'chemin/'.repeat(12)}?q=1&r=2`, 'x'.repeat(90),
];
function typed(r: Random, length: number, newlines = true): string {
  let out = '';
  while (out.length < length) out += pick(r, newlines && r() < 0.1 ? ['\n', ...TYPED] : TYPED) + (r() < 0.6 ? ' ' : '');
  return [...out].slice(0, length).join('').trim() || 'x';
}

const look = (locale: 'fr' | 'en', r: Random) => ({
  texts: texts(locale, 'Europe/Paris'),
  locale,
  timeZone: 'Europe/Paris',
  // Names are what people typed in their profiles: anything.
  name: (id: string) => (r() < 0.5 ? typed(r, int(r, 1, 80), false) : `<@${id}>`),
});
const NOW = Date.parse('2026-11-21T13:00:00Z');
const instant = (r: Random) => new Date(NOW + int(r, -10 * 86_400, 10 * 86_400) * 1000);
const item = (r: Random, ref: number) => ({ ref, text: typed(r, int(r, 1, 200), false), link: r() < 0.8 ? `https://comcell.slack.com/archives/C1/p${ref}` : null });

function attention(r: Random, most: number): Attention {
  const count = () => int(r, 0, most);
  const overdue = Array.from({ length: count() }, (_, i) => ({ ...item(r, i + 1), dueAt: instant(r).toISOString(), reminders: int(r, 0, 500) }));
  const uncertain = Array.from({ length: count() }, (_, i) => ({ ...item(r, 1000 + i), networks: (['x', 'mastodon', 'bluesky'] as const).slice(0, int(r, 1, 3)) }));
  const failed = Array.from({ length: count() }, (_, i) => ({
    ...item(r, 2000 + i),
    failures: (['x', 'mastodon', 'bluesky', null] as const).slice(0, int(r, 1, 4)).map((network) => ({ network, code: pick(r, ['credentials', 'duplicate', 'image', 'invalid', 'unknown', 'reply_target', 'slack_post_failed', 'new']) })),
  }));
  const pending = Array.from({ length: count() }, (_, i) => item(r, 3000 + i));
  const more = () => (r() < 0.5 ? int(r, 0, 100_000) : 0);
  return { overdue, uncertain, failed, pending, totals: { overdue: overdue.length + more(), uncertain: uncertain.length + more(), failed: failed.length + more(), pending: pending.length + more() } };
}

function facts(r: Random): ShiftFacts {
  const refs = (n: number) => Array.from({ length: n }, (_, i) => 100 + i);
  const many = () => int(r, 0, r() < 0.3 ? 120 : 8);
  const network = () => pick(r, ['x', 'mastodon', 'bluesky'] as const);
  return {
    ...quietShift(instant(r), new Date(NOW)),
    proposed: refs(many()),
    published: refs(many()).map((ref) => ({
      ref,
      url: null,
      posts: Array.from({ length: int(r, 1, 3) }, () => ({ network: network(), url: r() < 0.8 ? `https://exemple.social/@cellule/${'9'.repeat(int(r, 1, 200))}` : null, dryRun: r() < 0.2 })),
    })),
    rejected: refs(many()),
    failed: refs(many()),
    uncertain: refs(many()),
    expired: refs(many()),
    waiting: refs(many()).map((ref) => ({ ref, state: pick(r, ['pending', 'scheduled'] as const), publishAt: r() < 0.7 ? instant(r).toISOString() : null })),
    openFollowups: refs(many()).map((ref) => ({ ref, dueAt: instant(r).toISOString() })),
    openFollowupsTotal: int(r, 0, 100_000),
    overdueTotal: int(r, 0, 1000),
    attention: attention(r, r() < 0.3 ? 5 : 2),
  };
}

describe('every builder stays within Slack’s limits, whatever the input', () => {
  it.each(Array.from({ length: 40 }, (_, i) => [i + 1]))('handover and automatic summaries, seed %i', (seed) => {
    const r = prng(seed);
    for (const locale of ['fr', 'en'] as const) {
      const f = facts(r);
      const notes = typed(r, r() < 0.5 ? 4000 : int(r, 1, 200));
      const acknowledged = r() < 0.3 ? { by: 'UBOB', at: instant(r) } : null;
      const s: Summary =
        r() < 0.5
          ? { kind: 'handover', id: int(r, 1, 1e9), from: 'UALICE', to: r() < 0.5 ? 'UBOB' : null, at: new Date(NOW), notes, facts: f, acknowledged, supersededAt: r() < 0.3 ? instant(r) : null }
          : { kind: 'automatic', boundary: new Date(NOW), onDuty: r() < 0.5 ? 'UBOB' : null, facts: f, handedOver: r() < 0.3 ? { by: 'UALICE', at: instant(r) } : null };
      expectMessageFits(summaryMessage(s, look(locale, r)), `seed ${seed} ${locale}`);
    }
  });

  it.each(Array.from({ length: 30 }, (_, i) => [i + 1]))('the Home tab, seed %i', (seed) => {
    const r = prng(seed);
    const g = glance(look(pick(r, ['fr', 'en'] as const), r), new Date(NOW));
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ ...item(r, i + 1), dueAt: instant(r), publishAt: r() < 0.5 ? instant(r) : null }));
    const f: DashboardFacts = {
      onDuty: r() < 0.5 ? { userId: 'UBOB', since: instant(r) } : null,
      attention: attention(r, 15),
      inProgress: list(int(r, 0, 15)).map((x) => ({ ...x, state: pick(r, ['scheduled', 'waiting', 'publishing'] as const) })),
      inProgressTotal: int(r, 0, 100_000),
      followups: list(int(r, 0, 15)),
      followupsTotal: int(r, 0, 100_000),
      lastHandover: r() < 0.5 ? { from: 'UALICE', to: r() < 0.5 ? 'UBOB' : null, at: instant(r), link: 'https://comcell.slack.com/archives/C1/p1' } : null,
      today: { proposed: int(r, 0, 1e6), published: int(r, 0, 1e6), rejected: int(r, 0, 1e6), failed: int(r, 0, 1e6) },
    };
    const view = dashboardView(f, g);
    expect(viewProblems(view, 'home'), `seed ${seed}`).toEqual([]);
  });

  it.each(Array.from({ length: 30 }, (_, i) => [i + 1]))('reminders, their outcomes, thread notes, the list and the note, seed %i', (seed) => {
    const r = prng(seed);
    const g = glance(look(pick(r, ['fr', 'en'] as const), r), new Date(NOW));
    const state = pick(r, ['open', 'resolved', 'closed'] as const);
    const sent = int(r, 1, 10_000);
    const f: Followup = {
      id: int(r, 1, 1e9), ref: int(r, 1, 1e9), state, dueAt: instant(r), remindersSent: sent, unanswered: int(r, 0, sent),
      resolvedBy: 'UBOB', closingRef: int(r, 1, 1e9), reason: r() < 0.5 ? typed(r, 4000) : null,
      lastAction: r() < 0.5 ? { what: 'snoozed', by: 'UALICE', at: instant(r).toISOString(), until: instant(r).toISOString() } : null,
    };
    const p = { ref: f.ref, text: typed(r, int(r, 1, 15_000)) } as Proposal;
    const reminder = { number: int(r, 1, sent), mentioned: 'UBOB', escalated: r() < 0.5, unanswered: int(r, 0, 1e6) };
    expectMessageFits(reminderMessage(f, p, reminder, g), `reminder, seed ${seed}`);
    for (const data of [
      { what: 'closed', by: 'UBOB', reason: typed(r, int(r, 1, 4000)) },
      { what: 'closed', by: 'UBOB', reason: escapeLikeSlack(typed(r, 4000)) },
      { what: 'snoozed', by: 'UBOB', until: instant(r).toISOString() },
      { what: 'resolved', closingRef: int(r, 1, 1e9) },
    ]) {
      expectMessageFits(threadNote(data, g)!, `thread note ${data.what}, seed ${seed}`);
    }
    const shown = Array.from({ length: 20 }, () => ({ f: { ...f, dueAt: instant(r) }, p: r() < 0.9 ? p : null }));
    const list = followupList(shown, { open: int(r, 1, 1e6), overdue: int(r, 0, 1e6) }, g);
    expect(list.length).toBeLessThanOrEqual(3_900);
    expect(followupNote(f, g)!.length).toBeLessThanOrEqual(600);
  });

  it('the handover modal', () => {
    for (const locale of ['fr', 'en'] as const) expect(viewProblems(handoverModal({ texts: texts(locale, 'Europe/Paris') }), 'modal')).toEqual([]);
  });
});

describe('through the real bot, at the limits', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('many follow-ups with hostile texts, reasons and notes as long as a command holds: Slack accepts every call', async () => {
    const r = prng(42);
    h = await startHarness({ FOLLOWUP_ESCALATE_AFTER: '1' });
    await h.send.command(ALICE, '/duty', '');
    await namesKnown(h);
    const count = 24;
    // Posts within the rules: 280 weighted at most (a link counts 23, however long).
    const post = (i: number) => `Incident ${i} & <D986> « ${typed(r, 60, false).replace(/https?:\S*/g, '')} » https://exemple.fr/${'suivi/'.repeat(40)}${i}?a=1&b=<2>`;
    const messages: FakeMessage[] = [];
    for (let i = 1; i <= count; i++) {
      const m = await h.propose(`--followup ${i}m ${escapeLikeSlack(post(i))}`);
      await h.react('added', pick(r, [ALICE, BOB, CAROL]), 'white_check_mark', m.ts);
      messages.push(m);
    }
    await waitFor(() => h.query("SELECT COUNT(*) AS n FROM followups WHERE state = 'open'")[0]!.n === count, 'every follow-up open');
    for (let i = 0; i < 3; i++) await h.advance(30 * 60_000); // every one overdue, reminded, escalated
    const reminder = await waitFor(() => h.slack.messages.find((m) => m.thread_ts === messages[0]!.ts && m.reply_broadcast && m.blocks?.some((b: any) => b.type === 'actions')), 'a live reminder');
    await choose(h, BOB, reminder, 120);

    const list = await h.send.command(ALICE, '/followup', 'liste');
    expect(list.json.text.split('\n').at(-1)).toMatch(/^… et \d+ autres, dus plus tard\.$/);
    expect(list.raw!.length).toBeLessThan(8_000);
    // Reasons as long as a slash command can send (4,000 characters), with `& < >` as Slack escapes them.
    for (const ref of [2, 3]) {
      const reason = escapeLikeSlack(typed(r, 4000 - 12)).slice(0, 4000 - 12);
      const done = await h.send.command(CAROL, '/followup', `clore #${ref} ${reason}`);
      expect(done.json.text).toContain('clos sans tweet');
    }
    const notes = escapeLikeSlack(typed(r, 3990)).slice(0, 3990);
    await h.send.command(AUTHOR, '/handover', `<@${BOB}|bob> ${notes}`);
    await waitFor(() => h.query('SELECT permalink FROM handovers')[0]?.permalink, 'the handover summary');
    await h.send.command(BOB, '/handover', escapeLikeSlack(typed(r, 3990)).slice(0, 3990));
    await waitFor(() => h.query('SELECT permalink FROM handovers WHERE id = 2')[0]?.permalink, 'the second handover');
    await h.advance(8 * 60 * 60_000); // a shift boundary: the automatic summary
    await waitFor(() => h.slack.messages.some((m) => m.channel === TEAM && (m.text ?? '').startsWith('🕕')), 'the automatic summary');
    await h.send.appHomeOpened(ALICE);
    await waitFor(() => h.slack.callsTo('views.publish').length === 1, 'the Home tab');
    await h.bot.scheduler.settle();

    expect(h.slack.refusals).toEqual([]);
    expect(h.query("SELECT key, last_error FROM outbox WHERE state = 'failed' OR last_error IS NOT NULL")).toEqual([]);
    // Every kind was sent: reminders (live and rewritten), thread notes, both summaries, the notes in full.
    const keys = h.slack.calls.map((c) => String(c.raw?.metadata?.event_payload?.key ?? ''));
    for (const kind of [/:reminder:/, /^followup:\d+:closed:/, /^followup:\d+:snoozed:/, /^handover:\d+$/, /^handover:\d+:notes$/, /^shift:/]) expect(keys.some((k) => kind.test(k)), String(kind)).toBe(true);
    expect(h.slack.callsTo('chat.update').length).toBeGreaterThan(count);
  });
});
