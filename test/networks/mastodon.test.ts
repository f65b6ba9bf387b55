/**
 * The Mastodon adapter against the strict fake, over real HTTP on loopback: outcomes per the Network
 * interface, one status per key across a lost answer, lookups past the key's hour, the instance's limits.
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMastodon, type MastodonOptions } from '../../src/networks/mastodon.js';
import type { Media, Network, PartToPost, RemotePost } from '../../src/networks/network.js';
import { TestClock } from '../support/clock.js';
import { type FakeMastodon, type FakeMastodonOptions, startFakeMastodon } from '../support/fakeMastodon.js';

const TOKEN = 'mastodon-token';
const T0 = '2026-11-21T10:00:00Z';
const MINUTE = 60 * 1000;
const noWait = async () => {};

async function jpeg(width = 120, height = 90): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#c03020' } }).jpeg().toBuffer();
}

/** A photo-like image that compresses badly: large in bytes and in pixels. */
async function noisyPng(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).png().toBuffer();
}

function image(data: Buffer, altText = 'Carte des routes fermées', mimeType = 'image/jpeg'): Media {
  return { data, mimeType, altText };
}

describe('Mastodon adapter', () => {
  const clock = new TestClock(T0);
  let fake: FakeMastodon;
  let network: Network;
  const connect = (target: FakeMastodon, options: MastodonOptions = {}, token = TOKEN) =>
    createMastodon({ url: `${target.origin}/`, token }, { clock, wait: noWait, ...options });
  const part = (text: string, extra: Partial<PartToPost> = {}): PartToPost => ({ text, media: [], reply: null, key: network.newKey(), ...extra });
  const withFake = async (options: FakeMastodonOptions, run: (other: FakeMastodon) => Promise<void>) => {
    const other = await startFakeMastodon({ now: () => clock.now().getTime(), ...options });
    try {
      await run(other);
    } finally {
      await other.close();
    }
  };

  beforeAll(async () => {
    fake = await startFakeMastodon({ now: () => clock.now().getTime() });
  });
  afterEach(() => {
    fake.reset();
    clock.set(T0);
  });
  afterAll(() => fake.close());

  describe('start', () => {
    it('reads the instance\'s limits and counts with them', async () => {
      await withFake({
        configuration: {
          maxCharacters: 1000, charactersReservedPerUrl: 30, maxMediaAttachments: 2, descriptionLimit: 420,
          imageSizeLimit: 8 * 1024 * 1024, imageMatrixLimit: 2_000_000, supportedMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'video/mp4'],
        },
      }, async (other) => {
        network = connect(other);
        expect(network.length.max).toBe(500);
        await network.start();
        expect(network.length.max).toBe(1000);
        expect(network.length.count('Voir https://www.interieur.gouv.fr/a @prefet@social.gouv.fr')).toBe(5 + 30 + 1 + 7);
        expect(network.images).toEqual({
          maxImages: 2, maxBytes: { 'image/jpeg': 8 * 1024 * 1024 - 1, 'image/png': 8 * 1024 * 1024 - 1 }, maxPixels: 2_000_000, maxAlt: 420,
        });
        expect(other.requestsTo('GET /api/v1/accounts/verify_credentials')).toHaveLength(1);
      });
    });

    it('never throws when the instance cannot be reached: the documented defaults stay', async () => {
      const gone = await startFakeMastodon();
      await gone.close();
      network = connect(gone);
      await expect(network.start()).resolves.toBeUndefined();
      expect(network.length.max).toBe(500);
      expect(network.length.count(`https://example.fr/${'a'.repeat(100)}`)).toBe(23);
      expect(network.images).toMatchObject({ maxImages: 4, maxPixels: 16_777_216, maxAlt: 1_500 });
      expect(network.images.maxBytes['image/jpeg']).toBe(16 * 1024 * 1024 - 1);
      expect(await network.post(part('Alerte'))).toMatchObject({ kind: 'unknown' });
      clock.advance(2 * 60 * MINUTE);
      expect(await network.find(part('Alerte'), new Date(T0))).toMatchObject({ kind: 'unreadable' });
    });

    it('reads the instance again before a post, once a minute at most, until it answers', async () => {
      await withFake({ configuration: { maxCharacters: 1000 } }, async (other) => {
        other.script('GET /api/v2/instance', { kind: 'serverError', status: 503 });
        network = connect(other);
        await network.start();
        expect(network.length.max).toBe(500);
        clock.advance(30 * 1000);
        await network.post(part('Premier message'));
        expect(other.requestsTo('GET /api/v2/instance')).toHaveLength(1);
        clock.advance(31 * 1000);
        await network.post(part('Second message'));
        expect(other.requestsTo('GET /api/v2/instance')).toHaveLength(2);
        expect(network.length.max).toBe(1000);
        clock.advance(10 * MINUTE);
        await network.post(part('Troisième message'));
        expect(other.requestsTo('GET /api/v2/instance')).toHaveLength(2);
      });
    });
  });

  describe('post', () => {
    beforeAll(() => {
      network = connect(fake);
    });

    it('posts the text with its image and alt text, public, with the part\'s key', async () => {
      const sent = part('Route D2 fermée à Lyon', { media: [image(await jpeg())] });
      const outcome = await network.post(sent);
      const [status] = fake.posted();
      expect(outcome).toEqual({ kind: 'posted', remote: { id: status!.id, url: `${fake.origin}/@cellule/${status!.id}` } });
      expect(status).toMatchObject({ text: 'Route D2 fermée à Lyon', visibility: 'public', inReplyToId: null, idempotencyKey: `${fake.accountId}:${sent.key}` });
      expect(fake.media.map((m) => [m.id, m.description, m.mimeType, m.statusId])).toEqual([[status!.mediaIds[0], 'Carte des routes fermées', 'image/jpeg', status!.id]]);
      expect(fake.requestsTo('POST /api/v1/statuses')[0]!.headers['idempotency-key']).toBe(sent.key);
    });

    it('waits for an image still processing (202, then 206) before posting with it', async () => {
      await withFake({ mediaProcessing: 'async', processingLooks: 2 }, async (other) => {
        const slow = connect(other);
        const outcome = await slow.post(part('Crue de la Saône', { media: [image(await jpeg()), image(await jpeg(60, 60), 'Photo')] }));
        expect(outcome.kind).toBe('posted');
        // Two 206 answers for each image, then its 200.
        expect(other.requestsTo('GET /api/v1/media/:id').map((r) => r.path.split('/').pop())).toEqual(
          [other.media[0]!.id, other.media[0]!.id, other.media[0]!.id, other.media[1]!.id, other.media[1]!.id, other.media[1]!.id],
        );
        expect(other.posted()[0]!.mediaIds).toEqual(other.media.map((m) => m.id));
      });
    });

    it('answers the parent of a reply, and fails on a parent that is gone', async () => {
      const parent: RemotePost = { id: fake.seed({ text: 'Communiqué de la préfecture', accountId: '7' }).id, url: 'https://example.org/p' };
      const outcome = await network.post(part('Nous relayons.', { reply: { parent, root: parent } }));
      expect(outcome.kind).toBe('posted');
      expect(fake.posted()[0]!.inReplyToId).toBe(parent.id);
      const gone: RemotePost = { id: '1234', url: 'https://example.org/gone' };
      expect(await network.post(part('Suite.', { reply: { parent: gone, root: gone } }))).toEqual({
        kind: 'failed', code: 'reply_target', status: 404, detail: 'The post you are trying to reply to does not appear to exist.',
      });
      expect(fake.posted()).toHaveLength(1);
    });

    it('makes one status when an attempt\'s answer was lost and the part is posted again with its key', async () => {
      const sent = part('Évacuation du quartier Nord', { media: [image(await jpeg())] });
      fake.script('POST /api/v1/statuses', { kind: 'cutAfterCreate' });
      const lost = await network.post(sent);
      expect(lost.kind).toBe('unknown');
      expect(fake.posted()).toHaveLength(1);
      clock.advance(5 * MINUTE);
      expect(await network.find(sent, new Date(T0))).toEqual({ kind: 'repeatable' });
      const again = await network.post(sent);
      expect(again).toMatchObject({ kind: 'posted', remote: { id: fake.posted()[0]!.id } });
      expect(fake.posted()).toHaveLength(1);
    });

    it('gives up on an answer that does not come, as unknown, and the key still makes one status', async () => {
      const impatient = connect(fake, { timeoutMs: 200 });
      const sent = part('Pas de réponse');
      fake.script('POST /api/v1/statuses', { kind: 'hang', create: true }, { kind: 'serverError', status: 502, create: true });
      expect(await impatient.post(sent)).toEqual({ kind: 'unknown', detail: 'no answer within the time limit' });
      // The next attempts wait the usual 10 s: a loaded machine must not turn them into timeouts too.
      expect(await network.post(sent)).toMatchObject({ kind: 'unknown', detail: expect.stringContaining('HTTP 502') });
      expect(await network.post(sent)).toMatchObject({ kind: 'posted' });
      expect(fake.posted()).toHaveLength(1);
    });

    it('reads the rate limit\'s reset, on a status and on an upload', async () => {
      fake.script('POST /api/v1/statuses', { kind: 'rateLimited', resetAt: new Date('2026-11-21T10:30:00Z') });
      fake.script('POST /api/v2/media', { kind: 'rateLimited', resetAt: new Date('2026-11-21T10:45:00Z') });
      expect(await network.post(part('Trop tôt'))).toEqual({ kind: 'rate_limited', resetAt: new Date('2026-11-21T10:30:00Z'), detail: 'Too many requests' });
      expect(await network.post(part('Trop tôt', { media: [image(await jpeg())] }))).toMatchObject({ kind: 'rate_limited', resetAt: new Date('2026-11-21T10:45:00Z') });
      expect(fake.posted()).toEqual([]);
    });

    it('fails on the credentials with a wrong token, or a 403 on the scopes', async () => {
      const wrong = connect(fake, {}, 'revoked');
      expect(await wrong.post(part('x'))).toEqual({ kind: 'failed', code: 'credentials', status: 401, detail: 'The access token is invalid' });
      fake.script('POST /api/v2/media', { kind: 'forbidden' });
      expect(await network.post(part('x', { media: [image(await jpeg())] }))).toMatchObject({ kind: 'failed', code: 'credentials', status: 403 });
    });

    it('fails as invalid on a text the instance refuses, and on the image when the refusal is about media', async () => {
      await withFake({ configuration: { maxCharacters: 100 } }, async (other) => {
        const small = connect(other);
        // The length is checked when the proposal is made: the adapter sends what it is given.
        expect(await small.post(part('a'.repeat(101)))).toEqual({
          kind: 'failed', code: 'invalid', status: 422, detail: 'Validation failed: Text character limit of 100 exceeded',
        });
        other.script('POST /api/v2/media', { kind: 'unprocessable', error: 'Validation failed: File content type is invalid, File is invalid' });
        expect(await small.post(part('Photo', { media: [image(await jpeg())] }))).toEqual({
          kind: 'failed', code: 'image', status: 422, detail: 'Validation failed: File content type is invalid, File is invalid',
        });
        other.script('POST /api/v1/statuses', { kind: 'unprocessable', error: 'Cannot attach files that have not finished processing. Try again in a moment!' });
        expect(await small.post(part('Photo', { media: [image(await jpeg())] }))).toMatchObject({ kind: 'failed', code: 'image', status: 422 });
        other.script('POST /api/v1/statuses', { kind: 'unprocessable', error: "Validation failed: Visibility can't be changed" });
        expect(await small.post(part('Photo'))).toMatchObject({ kind: 'failed', code: 'invalid', status: 422 });
        expect(other.posted()).toEqual([]);
      });
    });

    it('calls an error of the instance unknown, JSON or a proxy\'s page', async () => {
      fake.script('POST /api/v1/statuses', { kind: 'serverError', status: 500 }, { kind: 'serverError', status: 503 });
      expect(await network.post(part('x'))).toEqual({ kind: 'unknown', detail: 'HTTP 500: Internal server error' });
      expect(await network.post(part('x'))).toEqual({ kind: 'unknown', detail: 'HTTP 503: <html><body><h1>503</h1></body></html>' });
    });

    it('scales an image too large for the instance down to its limits, once it has read them, and keeps its alt text', async () => {
      const big = await noisyPng(500, 400);
      await withFake({ configuration: { imageSizeLimit: 25_000, imageMatrixLimit: 100_000 } }, async (other) => {
        other.script('GET /api/v2/instance', { kind: 'serverError', status: 503 });
        const later = connect(other);
        await later.start();
        // Within the documented defaults, the image goes as it is, and the instance refuses it.
        expect(await later.post(part('Photo', { media: [image(big, 'Vue aérienne', 'image/png')] }))).toMatchObject({
          kind: 'failed', code: 'image', status: 422, detail: 'Validation failed: File file size must be less than 24 KB',
        });
        clock.advance(2 * MINUTE);
        expect(await later.post(part('Photo', { media: [image(big, 'Vue aérienne', 'image/png')] }))).toMatchObject({ kind: 'posted' });
        const [media] = other.media;
        expect(media!.width * media!.height).toBeLessThanOrEqual(100_000);
        expect(media!.bytes).toBeLessThan(25_000);
        expect([media!.mimeType, media!.description]).toEqual(['image/jpeg', 'Vue aérienne']);
      });
    });

    it('refuses before sending anything: too many images, an alt text too long, an unreadable image', async () => {
      const photo = image(await jpeg());
      expect(await network.post(part('x', { media: [photo, photo, photo, photo, photo] }))).toEqual({
        kind: 'failed', code: 'image', status: null, detail: '5 images, this instance takes 4',
      });
      expect(await network.post(part('x', { media: [image(photo.data, 'é'.repeat(1_501))] }))).toMatchObject({ kind: 'failed', code: 'image', status: null });
      expect(await network.post(part('x', { media: [image(Buffer.from('not an image'))] }))).toMatchObject({ kind: 'failed', code: 'image', status: null });
      expect(fake.requests.filter((r) => r.method === 'POST')).toEqual([]);
    });
  });

  describe('find', () => {
    const text = 'Alerte <orange> & "vent"\nVoir https://www.meteofrance.com/previsions-meteo-france/lyon/69000\n\nMerci @prefet69@social.gouv.fr';
    beforeAll(() => {
      network = connect(fake);
    });

    it('within the key\'s hour, with a margin, says a new attempt is repeatable without asking', async () => {
      clock.advance(49 * MINUTE);
      expect(await network.find(part(text), new Date(T0))).toEqual({ kind: 'repeatable' });
      expect(fake.requestsTo('GET /api/v1/accounts/:id/statuses')).toEqual([]);
      clock.advance(2 * MINUTE);
      expect(await network.find(part(text), new Date(T0))).toEqual({ kind: 'absent' });
    });

    it('past the key\'s hour, finds the status among the account\'s, page after page', async () => {
      const sent = part(text);
      const posted = await network.post(sent);
      for (let i = 1; i <= 85; i++) fake.seed({ text: `Message ${i}`, createdAt: new Date(Date.parse(T0) + i * MINUTE) });
      clock.advance(2 * 60 * MINUTE);
      const found = await network.find(sent, new Date(T0));
      expect(found).toEqual({ kind: 'found', remote: (posted as { remote: RemotePost }).remote });
      expect(fake.requestsTo('GET /api/v1/accounts/:id/statuses').map((r) => r.query.max_id !== undefined)).toEqual([false, true, true]);
    });

    it('says absent after reading back only to the first attempt, and never takes an older twin', async () => {
      fake.seed({ text, createdAt: new Date(Date.parse(T0) - 24 * 60 * MINUTE) });
      for (let i = 1; i <= 10; i++) fake.seed({ text: `Récent ${i}`, createdAt: new Date(Date.parse(T0) + i * MINUTE) });
      for (let i = 1; i <= 50; i++) fake.seed({ text: `Ancien ${i}`, createdAt: new Date(Date.parse(T0) - i * 60 * MINUTE) });
      clock.advance(3 * 60 * MINUTE);
      expect(await network.find(part(text), new Date(T0))).toEqual({ kind: 'absent' });
      expect(fake.requestsTo('GET /api/v1/accounts/:id/statuses')).toHaveLength(1);
    });

    it('tells a reply from a plain post of the same text', async () => {
      const parent: RemotePost = { id: fake.seed({ text: 'Communiqué', accountId: '7' }).id, url: '' };
      clock.advance(MINUTE);
      await network.post(part(text));
      clock.advance(2 * 60 * MINUTE);
      expect(await network.find(part(text, { reply: { parent, root: parent } }), new Date(T0))).toEqual({ kind: 'absent' });
    });

    it('says unreadable when the statuses cannot be read', async () => {
      clock.advance(2 * 60 * MINUTE);
      fake.script('GET /api/v1/accounts/:id/statuses', { kind: 'serverError', status: 502 });
      expect(await network.find(part(text), new Date(T0))).toMatchObject({ kind: 'unreadable', detail: expect.stringContaining('HTTP 502') });
    });
  });

  it('gives a fresh random key for each part', () => {
    network = connect(fake);
    const keys = new Set(Array.from({ length: 50 }, () => network.newKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
