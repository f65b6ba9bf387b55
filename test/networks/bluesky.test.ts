/**
 * The Bluesky adapter against the fake PDS, through real HTTP on loopback and the official agent:
 * facets, images, replies, exactly once by record key, sessions that expire, rate limits and outages.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { jsonToLex, lexicons } from '@atproto/api';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BLUESKY_LENGTH, createBluesky, type BlueskyOptions } from '../../src/networks/bluesky/index.js';
import type { Media, Network, PartToPost, RemotePost } from '../../src/networks/network.js';
import { createLogger } from '../../src/platform/logger.js';
import { TestClock } from '../support/clock.js';
import { startFakeBluesky, type FakeBluesky } from '../support/fakeBluesky.js';
import { isTid } from '../support/fakeBlueskyRules.js';

const PREFECTURE = { handle: 'prefecture73.example.fr', did: 'did:plc:prefecture73aaaaaaaaaaaaa' };
const OTHER_ACCOUNT = 'did:plc:mairieaaaaaaaaaaaaaaaaaa';

let fake: FakeBluesky;
let clock: TestClock;
beforeEach(async () => {
  fake = await startFakeBluesky();
  fake.addAccount(PREFECTURE.handle, PREFECTURE.did);
  clock = new TestClock('2026-11-21T10:00:00Z');
});
afterEach(() => fake.close());

function bluesky(options: BlueskyOptions = {}, password = fake.appPassword): Network {
  return createBluesky({ handle: fake.handle, appPassword: password, service: fake.origin }, { langs: ['fr'], clock, ...options });
}

async function started(options: BlueskyOptions = {}): Promise<Network> {
  const network = bluesky(options);
  await network.start();
  return network;
}

function part(network: Network, text: string, extra: Partial<PartToPost> = {}): PartToPost {
  return { text, media: [], reply: null, key: network.newKey(), ...extra };
}

const image = (width: number, height: number, format: 'png' | 'jpeg' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#b00020' } })[format]().toBuffer();
/** Random pixels compress badly: a PNG far over the limit. */
const noise = (side: number) => sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png().toBuffer();

const creates = () => fake.requestsTo('com.atproto.repo.createRecord').length;
const logins = () => fake.requestsTo('com.atproto.server.createSession').length;

function posted(outcome: Awaited<ReturnType<Network['post']>>): RemotePost {
  if (outcome.kind !== 'posted') throw new Error(`expected a post, got ${JSON.stringify(outcome)}`);
  return outcome.remote;
}

/** The UTF-8 bytes a facet covers, as the app reads them. */
const covered = (text: string, facet: any) => Buffer.from(text, 'utf8').subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');

describe('length: 300 graphemes and 3,000 bytes', () => {
  const family = '👨‍👩‍👧‍👦'; // one grapheme, 25 bytes (four people joined by ZWJ)
  const cases: Array<[string, string, number]> = [
    ['300 letters', 'a'.repeat(300), 300],
    ['301 letters', 'a'.repeat(301), 301],
    ['thumbs up with skin tone, one grapheme each', '👍🏽'.repeat(300), 300],
    ['flags, one grapheme each', '🇫🇷'.repeat(250), 250],
    ['e and a combining acute accent, one grapheme', 'e\u0301'.repeat(300), 300],
    ['combining accents over the limit', 'e\u0301'.repeat(301), 301],
    ['120 ZWJ families: 120 graphemes, exactly 3,000 bytes', family.repeat(120), 300],
    ['121 ZWJ families: 121 graphemes but 3,025 bytes', family.repeat(121), 303],
    ['a mixed French text', 'Alerte météo 🌧️ : vigilance orange en Savoie 🇫🇷 #Météo', 52],
  ];

  it.each(cases)('%s', (_name, text, count) => {
    expect(BLUESKY_LENGTH.count(text)).toBe(count);
    // The verdict is the lexicon's: the same text as a post record passes its validation exactly when within the limit.
    const valid = (() => {
      try {
        lexicons.assertValidRecord('app.bsky.feed.post', jsonToLex({ $type: 'app.bsky.feed.post', text, createdAt: '2026-11-21T10:00:00.000Z' }));
        return true;
      } catch {
        return false;
      }
    })();
    expect(valid).toBe(count <= BLUESKY_LENGTH.max);
  });
});

describe('posting', () => {
  it('publishes the text exactly, with facets for a link, a hashtag and a mention after accents and emoji', async () => {
    const network = await started();
    const text = "Éboulement 🚧 sur la RD 902 près de Val-d'Isère 🏔️ : déviation https://www.savoie.gouv.fr/routes #Savoie, merci @prefecture73.example.fr";
    const p = part(network, text);
    const remote = posted(await network.post(p));

    const [record] = fake.posts();
    expect(record!.value.text).toBe(text);
    expect(remote).toEqual({
      id: `at://${fake.did}/app.bsky.feed.post/${p.key}`,
      cid: record!.cid,
      url: `https://bsky.app/profile/${fake.handle}/post/${p.key}`,
    });
    expect(record!.rkey).toBe(p.key);
    expect(record!.value.createdAt).toBe('2026-11-21T10:00:00.000Z');
    expect(record!.value.langs).toEqual(['fr']);

    const facets = record!.value.facets as any[];
    const byType = (type: string) => facets.find((f) => f.features[0].$type === `app.bsky.richtext.facet#${type}`);
    expect(covered(text, byType('link'))).toBe('https://www.savoie.gouv.fr/routes');
    expect(byType('link').features[0].uri).toBe('https://www.savoie.gouv.fr/routes');
    expect(covered(text, byType('tag'))).toBe('#Savoie');
    expect(byType('tag').features[0].tag).toBe('Savoie');
    expect(covered(text, byType('mention'))).toBe('@prefecture73.example.fr');
    expect(byType('mention').features[0].did).toBe(PREFECTURE.did);
    // Byte offsets, not UTF-16 ones: the accents and emoji before the link weigh more in UTF-8.
    expect(byType('link').index.byteStart).toBe(Buffer.byteLength(text.slice(0, text.indexOf('https://')), 'utf8'));
    expect(byType('link').index.byteStart).toBeGreaterThan(text.indexOf('https://'));
  });

  it('leaves a handle that does not resolve as plain text, and still posts', async () => {
    const network = await started();
    const text = 'Merci @inconnu.example.fr et @prefecture73.example.fr';
    posted(await network.post(part(network, text)));
    const mentions = (fake.posts()[0]!.value.facets as any[]).map((f) => covered(text, f));
    expect(mentions).toEqual(['@prefecture73.example.fr']);
  });

  it('keys each part with a fresh TID', () => {
    const network = bluesky();
    const keys = [network.newKey(), network.newKey(), network.newKey()];
    expect(keys.every(isTid)).toBe(true);
    expect(new Set(keys).size).toBe(3);
    expect([...keys].sort()).toEqual(keys);
  });

  it('refuses a language tag the lexicon refuses as invalid, and stores nothing', async () => {
    const network = await started({ langs: ['pas une langue'] });
    const outcome = await network.post(part(network, 'Texte.'));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'invalid', status: 400 });
    expect(fake.posts()).toHaveLength(0);
  });
});

describe('images', () => {
  const media = (data: Buffer, mimeType: string, altText: string): Media => ({ data, mimeType, altText });

  it('uploads each image and embeds it with its alt text and aspect ratio', async () => {
    const network = await started();
    const first = await image(40, 30);
    const second = await image(20, 50, 'jpeg');
    posted(await network.post(part(network, 'Deux images.', {
      media: [media(first, 'image/png', 'Carte de la déviation'), media(second, 'image/jpeg', 'Photo du talus effondré')],
    })));

    const embed = fake.posts()[0]!.value.embed;
    expect(embed.$type).toBe('app.bsky.embed.images');
    expect(embed.images.map((i: any) => i.alt)).toEqual(['Carte de la déviation', 'Photo du talus effondré']);
    expect(embed.images.map((i: any) => i.aspectRatio)).toEqual([{ width: 40, height: 30 }, { width: 20, height: 50 }]);
    expect(fake.blobs.map((b) => [b.mimeType, b.size])).toEqual([['image/png', first.length], ['image/jpeg', second.length]]);
    expect(embed.images.map((i: any) => i.image.ref.$link)).toEqual(fake.blobs.map((b) => b.cid));
  });

  it('scales an image over 1,000,000 bytes down before uploading it', async () => {
    const network = await started();
    // Between the former limit of the lexicon and today's 2,000,000: kept as it is, a PDS on the former refuses it.
    const big = await noise(720);
    expect(big.length).toBeGreaterThan(1_000_000);
    expect(big.length).toBeLessThan(2_000_000);
    posted(await network.post(part(network, 'Grande image.', { media: [media(big, 'image/png', 'Bruit')] })));
    expect(fake.blobs).toHaveLength(1);
    expect(fake.blobs[0]!.size).toBeLessThanOrEqual(1_000_000);
    expect(fake.posts()[0]!.value.embed.images[0].alt).toBe('Bruit');
  });

  it('refuses what is not an image, before any upload', async () => {
    const network = await started();
    const outcome = await network.post(part(network, 'Pas une image.', { media: [media(Buffer.from('%PDF-1.7 not an image'), 'image/png', 'x')] }));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'image', status: null });
    expect(fake.requestsTo('com.atproto.repo.uploadBlob')).toHaveLength(0);
    expect(creates()).toBe(0);
  });

  it('an image the PDS refuses fails the post as an image problem', async () => {
    const network = await started();
    fake.script('com.atproto.repo.uploadBlob', { kind: 'invalid', message: 'Blob has been takendown, cannot re-upload' });
    const outcome = await network.post(part(network, 'Image refusée.', { media: [media(await image(10, 10), 'image/png', 'x')] }));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'image', status: 400 });
    expect(creates()).toBe(0);
  });
});

describe('replies', () => {
  it('answers with the root and the parent as strong refs, down a thread', async () => {
    const network = await started();
    const seed = fake.seedPost('Éboulement signalé sur la RD 902 ?', { did: OTHER_ACCOUNT });
    const root: RemotePost = { id: seed.uri, cid: seed.cid, url: '' };
    const first = posted(await network.post(part(network, '1/2 Oui, la route est fermée.', { reply: { root, parent: root } })));
    posted(await network.post(part(network, '2/2 Déviation par Bourg-Saint-Maurice.', { reply: { root, parent: first } })));

    const [one, two] = fake.posts();
    expect(one!.value.reply).toEqual({ root: { uri: seed.uri, cid: seed.cid }, parent: { uri: seed.uri, cid: seed.cid } });
    expect(two!.value.reply).toEqual({ root: { uri: seed.uri, cid: seed.cid }, parent: { uri: first.id, cid: first.cid } });
  });

  it('a reply whose target is gone, or whose root is not the thread\'s, fails as reply_target', async () => {
    const network = await started();
    const seed = fake.seedPost('Racine.', { did: OTHER_ACCOUNT });
    const root: RemotePost = { id: seed.uri, cid: seed.cid, url: '' };
    const first = posted(await network.post(part(network, 'Réponse.', { reply: { root, parent: root } })));

    const gone: RemotePost = { id: `at://${OTHER_ACCOUNT}/app.bsky.feed.post/3kzzzzzzzzzzz`, cid: seed.cid, url: '' };
    expect(await network.post(part(network, 'À un message effacé.', { reply: { root: gone, parent: gone } })))
      .toMatchObject({ kind: 'failed', code: 'reply_target', status: 400 });
    expect(await network.post(part(network, 'Racine fausse.', { reply: { root: first, parent: first } })))
      .toMatchObject({ kind: 'failed', code: 'reply_target', status: 400 });
    expect(fake.posts()).toHaveLength(1);
  });

  it('a stored reference without its CID cannot be answered, and nothing is sent', async () => {
    const network = await started();
    const before = fake.requests.length;
    const target: RemotePost = { id: `at://${OTHER_ACCOUNT}/app.bsky.feed.post/3kaaaaaaaaaaa`, url: '' };
    expect(await network.post(part(network, 'Sans CID.', { reply: { root: target, parent: target } })))
      .toMatchObject({ kind: 'failed', code: 'reply_target', status: null });
    expect(fake.requests.length).toBe(before);
  });
});

describe('exactly once, by record key', () => {
  it('an answer lost after the record was created: read back at once, posted, one record', async () => {
    const network = await started();
    fake.script('com.atproto.repo.createRecord', { kind: 'lostAnswer' });
    const p = part(network, 'Réponse perdue.');
    const remote = posted(await network.post(p));
    expect(remote.id).toBe(`at://${fake.did}/app.bsky.feed.post/${p.key}`);
    expect(fake.posts()).toHaveLength(1);
    expect(creates()).toBe(1);
  });

  it('posted again with the same key after an unknown outcome: the PDS refuses the key, the record is read back, one record', async () => {
    const network = await started();
    fake.script('com.atproto.repo.createRecord', { kind: 'lostAnswer' });
    fake.script('com.atproto.repo.getRecord', { kind: 'serverError', status: 503 });
    const p = part(network, 'Deuxième essai.');
    expect(await network.post(p)).toMatchObject({ kind: 'unknown' });

    const remote = posted(await network.post(p));
    expect(fake.posts()).toHaveLength(1);
    expect(remote).toMatchObject({ id: fake.posts()[0]!.uri, cid: fake.posts()[0]!.cid });
    expect(creates()).toBe(2);
  });

  it('find first after an unknown outcome: found, and no second createRecord', async () => {
    const network = await started();
    fake.script('com.atproto.repo.createRecord', { kind: 'lostAnswer' });
    fake.script('com.atproto.repo.getRecord', { kind: 'serverError' });
    const p = part(network, 'Trouvé ensuite.');
    const since = clock.now();
    expect(await network.post(p)).toMatchObject({ kind: 'unknown' });

    const lookup = await network.find(p, since);
    expect(lookup).toEqual({
      kind: 'found',
      remote: { id: fake.posts()[0]!.uri, cid: fake.posts()[0]!.cid, url: `https://bsky.app/profile/${fake.handle}/post/${p.key}` },
    });
    expect(creates()).toBe(1);
  });

  it('a PDS that never answers: unknown after the timeout, absent when looked for, then posted once', async () => {
    const network = await started({ timeoutMs: 300 });
    fake.script('com.atproto.repo.createRecord', { kind: 'hang' });
    const p = part(network, 'Sans réponse.');
    expect(await network.post(p)).toMatchObject({ kind: 'unknown' });
    expect(await network.find(p, clock.now())).toEqual({ kind: 'absent' });
    posted(await network.post(p));
    expect(fake.posts()).toHaveLength(1);
  });

  it('a 5xx without a record is unknown (not absent), and nothing is stored', async () => {
    const network = await started();
    fake.script('com.atproto.repo.createRecord', { kind: 'serverError', status: 502 });
    const outcome = await network.post(part(network, 'Panne.'));
    expect(outcome).toMatchObject({ kind: 'unknown' });
    expect(fake.posts()).toHaveLength(0);
  });
});

describe('find', () => {
  it('found, absent, unreadable', async () => {
    const network = await started();
    const p = part(network, 'Publié.');
    const remote = posted(await network.post(p));
    expect(await network.find(p, clock.now())).toEqual({ kind: 'found', remote });
    expect(await network.find(part(network, 'Jamais publié.'), clock.now())).toEqual({ kind: 'absent' });
    fake.script('com.atproto.repo.getRecord', { kind: 'serverError' });
    expect(await network.find(p, clock.now())).toMatchObject({ kind: 'unreadable' });
  });

  it('another text under the key is not taken for the part', async () => {
    const network = await started();
    const p = part(network, 'Le texte validé.');
    posted(await network.post(p));
    expect(await network.find({ ...p, text: 'Un autre texte.' }, clock.now())).toMatchObject({ kind: 'unreadable' });
  });

  it('works before any login succeeded, by the handle', async () => {
    const network = bluesky({}, 'wrong-password');
    const p = part(network, 'Par le handle.');
    fake.seedPost('Par le handle.');
    expect(await network.find(p, clock.now())).toEqual({ kind: 'absent' });
  });
});

describe('sessions', () => {
  it('an expired access token is refreshed; a revoked refresh token means one new login; a wrong password, credentials', async () => {
    const network = await started();
    posted(await network.post(part(network, 'Avant expiration.')));
    expect(logins()).toBe(1);

    fake.expireAccessTokens();
    posted(await network.post(part(network, 'Jeton rafraîchi.')));
    expect(fake.requestsTo('com.atproto.server.refreshSession')).toHaveLength(1);
    expect(logins()).toBe(1);

    fake.expireAccessTokens();
    fake.revokeRefreshTokens();
    posted(await network.post(part(network, 'Nouvelle connexion.')));
    expect(logins()).toBe(2);

    fake.expireAccessTokens();
    fake.revokeRefreshTokens();
    fake.appPassword = 'mot-de-passe-revoque';
    const outcome = await network.post(part(network, 'Refusé.'));
    expect(outcome).toMatchObject({ kind: 'failed', code: 'credentials', status: 401 });
    expect(logins()).toBe(3); // one login for the call, never in a loop
    expect(fake.posts().map((r) => r.value.text)).toEqual(['Avant expiration.', 'Jeton rafraîchi.', 'Nouvelle connexion.']);
  });

  it('start never throws: a failed login is logged (without the password) and done again at the first post', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => { lines.push(String(chunk)); done(); } });
    fake.script('com.atproto.server.createSession', { kind: 'serverError', status: 503 });
    const network = bluesky({ logger: createLogger('info', { destination }) });
    await network.start();
    expect(lines.join('')).toContain('Bluesky login failed');
    expect(lines.join('')).not.toContain(fake.appPassword);

    posted(await network.post(part(network, 'Connexion au premier message.')));
    expect(logins()).toBe(2);
  });

  it('start never throws when the PDS cannot be reached; a post then is unknown, not a failure', async () => {
    const closed = await startFakeBluesky();
    await closed.close();
    const network = createBluesky({ handle: 'x.example.fr', appPassword: 'p', service: closed.origin }, { clock });
    await network.start();
    expect(await network.post(part(network, 'Injoignable.'))).toMatchObject({ kind: 'unknown' });
  });

  it('a call logs in at most once: a session refused right after its login is credentials, not another login', async () => {
    const network = bluesky();
    fake.script('com.atproto.repo.createRecord', { kind: 'unauthorized' }, { kind: 'unauthorized' });
    expect(await network.post(part(network, 'Refusé deux fois.'))).toMatchObject({ kind: 'failed', code: 'credentials', status: 401 });
    expect(logins()).toBe(1);
    expect(fake.requestsTo('com.atproto.server.refreshSession')).toHaveLength(1); // the agent's own refresh, once
    expect(creates()).toBe(2);
  });

  it('a wrong app password fails the post as credentials, with one login attempt', async () => {
    const network = bluesky({}, 'faux');
    await network.start();
    expect(await network.post(part(network, 'Mauvais mot de passe.'))).toMatchObject({ kind: 'failed', code: 'credentials', status: 401 });
    expect(logins()).toBe(2);
  });
});

describe('rate limits', () => {
  it('429 is rate_limited until RateLimit-Reset (epoch seconds)', async () => {
    const network = await started();
    fake.script('com.atproto.repo.createRecord', { kind: 'rateLimited', resetEpochSeconds: 1_795_000_000 });
    const outcome = await network.post(part(network, 'Trop de messages.'));
    expect(outcome).toMatchObject({ kind: 'rate_limited', resetAt: new Date(1_795_000_000_000) });
    expect(fake.posts()).toHaveLength(0);
  });
});
