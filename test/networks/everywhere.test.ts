import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { openComposer, submitComposer } from '../support/composer.js';
import { testImage } from '../support/images.js';
import { waitFor } from '../support/waitFor.js';

/**
 * One approval, every network (SPEC "Networks"): X, Mastodon and Bluesky through the real bot and their
 * fakes — one post on each, exactly once, each within its own rules, one network's trouble never another's.
 */
describe('one approval, every network', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const MINUTE = 60_000;
  const state = (ref: number) => h.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state;
  const approve = async (ts: string, user = ALICE) => h.react('added', user, 'white_check_mark', ts);
  const everywhere = () => startHarness({}, { networks: ['mastodon', 'bluesky'] });
  const settled = async () => {
    await h.bot.scheduler.settle();
  };

  it('publishes the same text once on each, with facets on Bluesky, and shows each link and count', async () => {
    h = await everywhere();
    const text = 'Contrôles #securiteroutiere ce soir, infos : https://www.interieur.gouv.fr/a';
    const m = await h.propose(text);
    expect(shown(m)).toMatch(/X \d+\/280 · Mastodon \d+\/500 · Bluesky \d+\/300/);
    await approve(m.ts);
    await waitFor(() => state(1) === 'published', 'published everywhere');
    expect(h.x.tweets.map((t) => t.text)).toEqual([text]);
    expect(h.mastodon!.posted().map((s) => s.text)).toEqual([text]);
    const [post] = h.bluesky!.posts();
    expect(post!.value.text).toBe(text);
    const features = post!.value.facets.flatMap((f: any) => f.features.map((x: any) => x.$type));
    expect(features).toEqual(expect.arrayContaining(['app.bsky.richtext.facet#tag', 'app.bsky.richtext.facet#link']));
    // Byte offsets: the link facet covers exactly the URL, in UTF-8 bytes (the accents before it count 2).
    const link = post!.value.facets.find((f: any) => f.features[0].$type === 'app.bsky.richtext.facet#link');
    expect(Buffer.from(text).subarray(link.index.byteStart, link.index.byteEnd).toString()).toBe('https://www.interieur.gouv.fr/a');
    for (const network of ['x', 'mastodon', 'bluesky']) expect(h.delivery(1, network)).toMatchObject({ state: 'published' });
    expect(h.query('SELECT DISTINCT network FROM audit_log WHERE ref = 1 AND network IS NOT NULL ORDER BY network').map((r) => r.network)).toEqual(['bluesky', 'mastodon', 'x']);
    // One thread reply per network with its link, though all three answered at the same instant of the test clock.
    await settled();
    const told = h.threadReplies(m.ts).map((r) => /^✅ Publiée sur (\w+)/.exec(r.text ?? '')?.[1]).sort();
    expect(told).toEqual(['Bluesky', 'Mastodon', 'X']);
  });

  it('carries alt text on every network, and scales down an image too large for Bluesky', async () => {
    h = await everywhere();
    const big = await testImage('png', 900, 700, 7); // noisy: well over Bluesky's 1,000,000 bytes
    expect(big.length).toBeGreaterThan(1_000_000);
    const file = h.slack.registerFile({ id: 'F1', name: 'plan.png', mimetype: 'image/png', content: big });
    // The composer as people use it: the text and the image, then the alt text it asks for.
    const opened = await openComposer(h);
    const step1 = await submitComposer(h, opened, { part_0_1: 'Plan de déviation.', images: [file] });
    expect(step1.json.response_action).toBe('update');
    const submitted = await submitComposer(h, { id: opened.id, view: step1.json.view }, { alt_1: 'Carte de la déviation par la D613' });
    expect(submitted.status).toBe(200);
    const m = await waitFor(() => h.proposalMessages()[0], 'the proposal');
    await approve(m.ts);
    await waitFor(() => state(1) === 'published', 'published');
    expect(h.x.media.map((x) => x.altText)).toEqual(['Carte de la déviation par la D613']);
    expect(h.mastodon!.media.map((x) => x.description)).toEqual(['Carte de la déviation par la D613']);
    const images = h.bluesky!.posts()[0]!.value.embed.images;
    expect(images.map((i: any) => i.alt)).toEqual(['Carte de la déviation par la D613']);
    expect(images[0].image.size).toBeLessThanOrEqual(1_000_000);
  });

  it('--on publishes on the networks named only; --sur is the same', async () => {
    h = await everywhere();
    const m = await h.propose('--on x,bluesky Seulement X et Bluesky.');
    expect(shown(m)).not.toContain('Mastodon');
    await approve(m.ts);
    await waitFor(() => state(1) === 'published', 'published');
    expect(h.mastodon!.posted()).toHaveLength(0);
    expect(h.delivery(1, 'mastodon')).toBeUndefined();
    expect([h.x.tweets.length, h.bluesky!.posts().length]).toEqual([1, 1]);
    const other = await h.propose('--sur mastodon Seulement Mastodon.');
    await approve(other.ts);
    await waitFor(() => state(2) === 'published', 'published');
    expect(h.mastodon!.posted().map((s) => s.text)).toEqual(['Seulement Mastodon.']);
    const refused = await h.send.command(AUTHOR, '/tweet', '--on x,facebook Texte.');
    expect(refused.json.text).toContain('facebook');
  });

  it('refuses a text too long for Bluesky only, naming its count, its limit, and how to leave it out', async () => {
    h = await everywhere();
    // A link counts 23 on X and Mastodon, every character on Bluesky.
    const text = `Voir https://www.interieur.gouv.fr/${'a'.repeat(266)}`;
    const refused = await h.send.command(AUTHOR, '/tweet', text);
    expect(refused.json.text).toContain('Bluesky');
    expect(refused.json.text).toContain('301/300');
    expect(refused.json.text).toContain('--on x,mastodon');
    expect(refused.json.text).not.toMatch(/pour X|pour Mastodon/);
    expect(h.query('SELECT COUNT(*) AS n FROM proposals')[0]!.n).toBe(0);
    const m = await h.propose(`--on x,mastodon ${text}`);
    expect(m.text).toContain('#1');
  });

  it.each([
    ['x', (h: Harness) => h.x.script('POST /2/tweets', { kind: 'rateLimited', resetEpochSeconds: Date.parse('2026-11-21T10:15:00Z') / 1000 })],
    ['mastodon', (h: Harness) => h.mastodon!.script('POST /api/v1/statuses', { kind: 'rateLimited', resetAt: new Date('2026-11-21T10:15:00Z') })],
    ['bluesky', (h: Harness) => h.bluesky!.script('com.atproto.repo.createRecord', { kind: 'rateLimited', resetEpochSeconds: Date.parse('2026-11-21T10:15:00Z') / 1000 })],
  ])('a 429 on %s makes that network wait until its reset; the others publish at once', async (network, limit) => {
    h = await everywhere();
    limit(h);
    const m = await h.propose('Limité sur un seul réseau.');
    await approve(m.ts);
    await waitFor(() => h.delivery(1, network)?.state === 'waiting', `${network} waiting`);
    await settled();
    for (const other of ['x', 'mastodon', 'bluesky'].filter((n) => n !== network)) expect(h.delivery(1, other)).toMatchObject({ state: 'published' });
    expect(state(1)).toBe('waiting');
    await h.advance(16 * MINUTE);
    await waitFor(() => state(1) === 'published', 'published after the reset');
    expect([h.x.tweets.length, h.mastodon!.posted().length, h.bluesky!.posts().length]).toEqual([1, 1, 1]);
  });

  it.each([
    ['mastodon', (h: Harness) => h.mastodon!.script('POST /api/v1/statuses', { kind: 'cutAfterCreate' }), (h: Harness) => h.mastodon!.posted().length],
    ['bluesky', (h: Harness) => h.bluesky!.script('com.atproto.repo.createRecord', { kind: 'lostAnswer' }), (h: Harness) => h.bluesky!.posts().length],
    ['x', (h: Harness) => h.x.script('POST /2/tweets', { kind: 'cutAfterCreate' }), (h: Harness) => h.x.tweets.length],
  ])('a cut connection after %s created the post: found by its own means, exactly one post', async (network, cut, count) => {
    h = await everywhere();
    cut(h);
    const m = await h.propose('Réponse perdue.');
    await approve(m.ts);
    await settled();
    await h.advance(MINUTE + 1);
    await waitFor(() => state(1) === 'published', 'published');
    expect(count(h)).toBe(1);
    expect(h.delivery(1, network)!.remote_id).not.toBeNull();
  });

  it('a 5xx on Mastodon: retried with the same Idempotency-Key, one status', async () => {
    h = await everywhere();
    h.mastodon!.script('POST /api/v1/statuses', { kind: 'serverError', status: 503, create: true });
    const m = await h.propose('Mastodon en panne passagère.');
    await approve(m.ts);
    await settled();
    await h.advance(MINUTE + 1);
    await waitFor(() => state(1) === 'published', 'published');
    const keys = h.mastodon!.requestsTo('POST /api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
    expect(h.mastodon!.posted()).toHaveLength(1);
  });

  it('credentials refused on one network: that delivery fails with Retry for it alone; Retry publishes it once', async () => {
    h = await everywhere();
    h.mastodon!.script('POST /api/v1/statuses', { kind: 'unauthorized' });
    const m = await h.propose('Jeton Mastodon refusé.');
    await approve(m.ts);
    await waitFor(() => h.delivery(1, 'mastodon')?.state === 'failed', 'mastodon failed');
    await settled();
    expect(h.delivery(1, 'x')).toMatchObject({ state: 'published' });
    expect(h.delivery(1, 'bluesky')).toMatchObject({ state: 'published' });
    // Retry is on the proposal message, for Mastodon alone, beside the lines of the networks that went.
    const message = await waitFor(() => {
      const now = h.slack.message(TEAM, m.ts);
      return JSON.stringify(now?.blocks ?? []).includes('proposal_retry') && now;
    }, 'the Retry');
    const retries = message.blocks!.flatMap((b: any) => b.elements ?? []).filter((e: any) => e.action_id === 'proposal_retry');
    expect(retries.map((e: any) => JSON.parse(e.value))).toEqual([{ ref: 1, network: 'mastodon' }]);
    expect(retries[0].text.text).toBe('Réessayer sur Mastodon');
    expect(shown(message)).toContain('Mastodon ❌ identifiants refusés');
    expect(shown(message)).toContain('Mastodon a refusé les identifiants du compte de la cellule');
    await h.send.blockAction(BOB, { action_id: 'proposal_retry', value: retries[0].value }, { messageTs: m.ts, message });
    await waitFor(() => h.delivery(1, 'mastodon')?.state === 'published', 'mastodon published');
    await waitFor(() => !JSON.stringify(h.slack.message(TEAM, m.ts)?.blocks ?? []).includes('proposal_retry'), 'Retry gone once used');
    expect([h.x.tweets.length, h.mastodon!.posted().length, h.bluesky!.posts().length]).toEqual([1, 1, 1]);
  });

  it('a Bluesky session that expires mid-run is refreshed: the next post goes, once', async () => {
    h = await everywhere();
    const first = await h.propose('Avant l’expiration.');
    await approve(first.ts);
    await waitFor(() => state(1) === 'published', 'first published');
    h.bluesky!.expireAccessTokens();
    const second = await h.propose('Après l’expiration.');
    await approve(second.ts);
    await waitFor(() => state(2) === 'published', 'second published');
    expect(h.bluesky!.posts().map((p) => p.value.text)).toEqual(['Avant l’expiration.', 'Après l’expiration.']);
  });

  it('replies on each network to the post of REF there, and a follow-up closes when its closing post is published', async () => {
    h = await everywhere();
    const first = await h.propose('--followup 2h Accident sur l’A9.');
    await approve(first.ts);
    await waitFor(() => state(1) === 'published', 'published');
    await waitFor(() => h.query("SELECT state FROM followups WHERE ref = 1")[0]?.state === 'open', 'the follow-up');
    await h.send.command(AUTHOR, '/followup', '#1 Fin d’intervention sur l’A9.');
    const closing = await waitFor(() => h.proposalMessages()[1], 'the closing proposal');
    await approve(closing.ts, BOB);
    await waitFor(() => state(2) === 'published', 'closing published');
    expect(h.x.tweets[1]!.replyTo).toBe(h.x.tweets[0]!.id);
    expect(h.mastodon!.posted()[1]!.inReplyToId).toBe(h.mastodon!.posted()[0]!.id);
    const [root, reply] = h.bluesky!.posts();
    expect(reply!.value.reply).toMatchObject({ parent: { uri: root!.uri, cid: root!.cid }, root: { uri: root!.uri, cid: root!.cid } });
    await waitFor(() => h.query("SELECT state FROM followups WHERE ref = 1")[0]?.state === 'resolved', 'the follow-up resolved');
  });

  it('runs dry on the networks DRY_RUN names, and for real on the others', async () => {
    h = await startHarness({ DRY_RUN: 'mastodon' }, { networks: ['mastodon', 'bluesky'] });
    const m = await h.propose('Mastodon à blanc.');
    await approve(m.ts);
    await waitFor(() => state(1) === 'published', 'published');
    expect(h.mastodon!.requestsTo('POST /api/v1/statuses')).toHaveLength(0);
    expect(h.delivery(1, 'mastodon')).toMatchObject({ state: 'published', dry_run: 1 });
    expect(h.delivery(1, 'bluesky')).toMatchObject({ state: 'published', dry_run: 0 });
    expect(h.x.tweets).toHaveLength(1);
  });

  it('a network hanging never delays the others', async () => {
    h = await everywhere();
    h.mastodon!.script('POST /api/v1/statuses', { kind: 'hang' });
    const m = await h.propose('Mastodon muet.');
    await approve(m.ts);
    await waitFor(() => h.delivery(1, 'x')?.state === 'published' && h.delivery(1, 'bluesky')?.state === 'published', 'X and Bluesky');
    expect(h.delivery(1, 'mastodon')).toMatchObject({ state: 'publishing' });
    const channelText = () => shown(h.slack.message(TEAM, m.ts));
    await waitFor(() => channelText().includes(h.x.tweets[0]!.id), 'the X link shown while Mastodon hangs');
  });
});
