/**
 * Self-tests of the fake Mastodon, driven by plain `fetch`, so that the adapter's tests built on it can
 * be trusted: it refuses what Mastodon refuses, and keeps an Idempotency-Key for one hour of its clock.
 */
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from './clock.js';
import { type FakeMastodon, startFakeMastodon } from './fakeMastodon.js';

const TOKEN = 'mastodon-token';

interface Call {
  method?: string;
  token?: string | null;
  json?: unknown;
  form?: FormData;
  body?: string;
  headers?: Record<string, string>;
}

async function call(fake: FakeMastodon, path: string, options: Call = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`;
  let body: string | FormData | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.form) body = options.form;
  const response = await fetch(`${fake.origin}${path}`, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as any) : undefined };
}

async function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#204080' } }).jpeg().toBuffer();
}

function imageForm(data: Buffer, type: string, description?: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), 'image');
  if (description !== undefined) form.append('description', description);
  return form;
}

describe('fake Mastodon', () => {
  const clock = new TestClock('2026-11-21T10:00:00Z');
  let fake: FakeMastodon;
  beforeAll(async () => {
    fake = await startFakeMastodon({ now: () => clock.now().getTime(), configuration: { imageSizeLimit: 200_000, imageMatrixLimit: 1_000_000, descriptionLimit: 50 } });
  });
  afterEach(() => {
    fake.reset();
    clock.set('2026-11-21T10:00:00Z');
  });
  afterAll(() => fake.close());

  it('wants the bearer token, except for the instance, and puts rate-limit headers on every answer', async () => {
    const anonymous = await call(fake, '/api/v1/accounts/verify_credentials', { token: null });
    const wrong = await call(fake, '/api/v1/statuses', { token: 'nope', json: { status: 'x' } });
    expect([anonymous.status, anonymous.body, wrong.status]).toEqual([401, { error: 'The access token is invalid' }, 401]);
    const instance = await call(fake, '/api/v2/instance', { token: null });
    expect(instance.body.configuration.statuses).toEqual({ max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 });
    expect(instance.headers.get('x-ratelimit-limit')).toBe('300');
    expect(instance.headers.get('x-ratelimit-reset')).toBe('2026-11-21T10:05:00.000000Z');
    expect(fake.statuses).toEqual([]);
  });

  it('gives back the same status for the same Idempotency-Key within the hour, and a new one past it', async () => {
    const post = () => call(fake, '/api/v1/statuses', { json: { status: 'Route fermée' }, headers: { 'Idempotency-Key': 'k1' } });
    const first = await post();
    clock.advance(59 * 60 * 1000);
    const again = await post();
    expect(again.body.id).toBe(first.body.id);
    expect(fake.posted()).toHaveLength(1);
    clock.advance(60 * 1000);
    const late = await post();
    expect(late.body.id).not.toBe(first.body.id);
    const other = await call(fake, '/api/v1/statuses', { json: { status: 'Route fermée' }, headers: { 'Idempotency-Key': 'k2' } });
    expect(fake.posted().map((s) => s.id)).toEqual([first.body.id, late.body.id, other.body.id]);
  });

  it('counts the text as Mastodon does against the instance\'s limit', async () => {
    const url = `https://www.interieur.gouv.fr/${'a'.repeat(200)}`;
    // An unknown parameter is dropped by Rails' strong parameters, not refused.
    const fits = await call(fake, '/api/v1/statuses', { json: { status: `${'a'.repeat(476)} ${url}`, scheduled_in: 5 } });
    const long = await call(fake, '/api/v1/statuses', { json: { status: 'a'.repeat(501) } });
    const blank = await call(fake, '/api/v1/statuses', { json: { status: '  ' } });
    expect([fits.status, long.status, long.body.error, blank.status]).toEqual([200, 422, 'Validation failed: Text character limit of 500 exceeded', 422]);
  });

  it('refuses a reply to a status that does not exist, and keeps the reply target it has', async () => {
    const missing = await call(fake, '/api/v1/statuses', { json: { status: 'r', in_reply_to_id: '42' } });
    expect([missing.status, missing.body.error]).toEqual([404, 'The post you are trying to reply to does not appear to exist.']);
    const target = fake.seed({ text: 'Communiqué', accountId: '7' });
    const reply = await call(fake, '/api/v1/statuses', { json: { status: 'r', in_reply_to_id: target.id } });
    expect([reply.status, reply.body.in_reply_to_id, reply.body.in_reply_to_account_id]).toEqual([200, target.id, '7']);
  });

  it('takes an image with its alt text, and refuses what Mastodon refuses on upload', async () => {
    const ok = await call(fake, '/api/v2/media', { form: imageForm(await jpeg(100, 80), 'image/jpeg', 'Carte des routes') });
    expect([ok.status, ok.body.description, ok.body.meta.original.size]).toEqual([200, 'Carte des routes', '100x80']);
    expect(ok.body.url).toMatch(/^http/);
    const refusals = await Promise.all([
      call(fake, '/api/v2/media', { form: imageForm(await jpeg(1200, 900), 'image/jpeg') }),
      call(fake, '/api/v2/media', { form: imageForm(await jpeg(10, 10), 'image/png') }),
      call(fake, '/api/v2/media', { form: imageForm(Buffer.from('not an image'), 'image/jpeg') }),
      call(fake, '/api/v2/media', { form: imageForm(await jpeg(10, 10), 'image/jpeg', 'x'.repeat(51)) }),
      call(fake, '/api/v2/media', { form: imageForm(await jpeg(10, 10), 'application/pdf') }),
      call(fake, '/api/v2/media', { form: new FormData() }),
    ]);
    expect(refusals.map((r) => [r.status, r.body.error])).toEqual([
      [422, '1200x900 images are not supported'],
      [422, 'Validation failed: File has contents that are not what they are reported to be'],
      [422, 'Validation failed: File content type is invalid, File is invalid'],
      [422, 'Validation failed: Description is too long (maximum is 50 characters)'],
      [422, 'Validation failed: File content type is invalid, File is invalid'],
      [422, "Validation failed: File can't be blank"],
    ]);
    expect(fake.media).toHaveLength(1);
  });

  it('refuses a file as large as the size limit (Paperclip\'s less_than)', async () => {
    const noise = await sharp(Buffer.alloc(500 * 500 * 3).map(() => Math.floor(Math.random() * 256)), { raw: { width: 500, height: 500, channels: 3 } }).png().toBuffer();
    expect(noise.length).toBeGreaterThanOrEqual(200_000);
    const big = await call(fake, '/api/v2/media', { form: imageForm(noise, 'image/png') });
    expect([big.status, big.body.error]).toEqual([422, 'Validation failed: File file size must be less than 195 KB']);
  });

  it('attaches only processed media of the account, at most four, and drops a media_ids that is no array', async () => {
    const upload = async () => (await call(fake, '/api/v2/media', { form: imageForm(await jpeg(20, 20), 'image/jpeg') })).body.id as string;
    const ids = [await upload(), await upload(), await upload(), await upload(), await upload()];
    const five = await call(fake, '/api/v1/statuses', { json: { status: 'x', media_ids: ids } });
    const unknown = await call(fake, '/api/v1/statuses', { json: { status: 'x', media_ids: ['1'] } });
    const scalar = await call(fake, '/api/v1/statuses', { json: { status: 'scalar', media_ids: ids[0] } });
    const form = new URLSearchParams([['status', 'two'], ['media_ids[]', ids[0]!], ['media_ids[]', ids[1]!]]);
    const two = await call(fake, '/api/v1/statuses', { body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const again = await call(fake, '/api/v1/statuses', { json: { status: 'x', media_ids: [ids[0]] } });
    expect([five.status, five.body.error]).toEqual([422, 'Cannot attach more than 4 files']);
    expect([unknown.status, unknown.body.error]).toEqual([422, 'Media 1 not found or already attached to another post']);
    expect([scalar.status, scalar.body.media_attachments]).toEqual([200, []]);
    expect([two.status, two.body.media_attachments.map((m: { id: string }) => m.id)]).toEqual([200, ids.slice(0, 2)]);
    expect(again.status).toBe(422);
  });

  it('processes media asynchronously when asked: 202, then 206 until ready, and no status with it before', async () => {
    const slow = await startFakeMastodon({ mediaProcessing: 'async', processingLooks: 2 });
    try {
      const created = await call(slow, '/api/v2/media', { form: imageForm(await jpeg(20, 20), 'image/jpeg') });
      expect([created.status, created.body.url]).toEqual([202, null]);
      const early = await call(slow, '/api/v1/statuses', { json: { status: 'x', media_ids: [created.body.id] } });
      expect([early.status, early.body.error]).toEqual([422, 'Cannot attach files that have not finished processing. Try again in a moment!']);
      const looks = [];
      for (let i = 0; i < 3; i++) looks.push((await call(slow, `/api/v1/media/${created.body.id}`)).status);
      expect(looks).toEqual([206, 206, 200]);
      expect((await call(slow, '/api/v1/media/1')).status).toBe(404);
    } finally {
      await slow.close();
    }
  });

  it('pages the account\'s statuses newest first, with a next link only on a full page', async () => {
    for (let i = 0; i < 45; i++) fake.seed({ text: `n°${i}`, createdAt: new Date(Date.UTC(2026, 10, 20, 0, i)) });
    fake.seed({ text: 'someone else', accountId: '8' });
    const path = `/api/v1/accounts/${fake.accountId}/statuses`;
    const first = await call(fake, `${path}?limit=100`);
    expect(first.body).toHaveLength(40);
    expect(first.body[0].content).toBe('<p>n°44</p>');
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1];
    expect(next).toBe(`${fake.origin}${path}?limit=40&max_id=${first.body[39].id}`);
    const second = await call(fake, new URL(next!).pathname + new URL(next!).search);
    expect(second.body.map((s: { content: string }) => s.content)).toEqual(['<p>n°4</p>', '<p>n°3</p>', '<p>n°2</p>', '<p>n°1</p>', '<p>n°0</p>']);
    expect(second.headers.get('link')).not.toContain('rel="next"');
    expect((await call(fake, `${path}?limit=2&since_id=${second.body[1].id}`)).body.map((s: { content: string }) => s.content)).toEqual(['<p>n°44</p>', '<p>n°43</p>']);
    expect((await call(fake, '/api/v1/accounts/999/statuses')).status).toBe(404);
  });

  it('renders content as Mastodon does: escaped, links in spans, known remote mentions as @user, paragraphs', async () => {
    const text = 'Alerte <orange> & "vent"\nVoir https://www.meteofrance.com/previsions-meteo-france/lyon/69000 #Lyon\n\nMerci @prefet69@social.gouv.fr et @inconnu';
    const posted = await call(fake, '/api/v1/statuses', { json: { status: text } });
    expect(posted.body.content).toBe(
      '<p>Alerte &lt;orange&gt; &amp; &quot;vent&quot;<br />Voir <a href="https://www.meteofrance.com/previsions-meteo-france/lyon/69000" target="_blank" rel="nofollow noopener noreferrer">' +
        '<span class="invisible">https://www.</span><span class="ellipsis">meteofrance.com/previsions-met</span><span class="invisible">eo-france/lyon/69000</span></a> ' +
        `<a href="${fake.origin}/tags/Lyon" class="mention hashtag" rel="tag">#<span>Lyon</span></a></p>` +
        `<p>Merci <span class="h-card" translate="no"><a href="${fake.origin}/@prefet69@social.gouv.fr" class="u-url mention">@<span>prefet69</span></a></span> et @inconnu</p>`,
    );
    expect(fake.posted()[0]!.text).toBe(text);
  });

  it('refuses past the account\'s rate limit with 429 and the reset, and answers scripted faults', async () => {
    const limited = await startFakeMastodon({ now: () => clock.now().getTime(), rateLimits: { account: { limit: 2, periodSeconds: 300 } } });
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await call(limited, '/api/v1/accounts/verify_credentials'));
      expect(answers.map((a) => [a.status, a.headers.get('x-ratelimit-remaining')])).toEqual([[200, '1'], [200, '0'], [429, '0']]);
      expect(answers[2]!.body).toEqual({ error: 'Too many requests' });
      clock.advance(5 * 60 * 1000);
      expect((await call(limited, '/api/v1/accounts/verify_credentials')).status).toBe(200);
    } finally {
      await limited.close();
    }
    fake.script('POST /api/v1/statuses', { kind: 'serverError', status: 502, create: true }, { kind: 'rateLimited', resetAt: new Date('2026-11-21T10:30:00Z') });
    const lost = await fetch(`${fake.origin}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"status":"x"}' });
    expect([lost.status, lost.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(fake.posted()).toHaveLength(1);
    const limitedNow = await call(fake, '/api/v1/statuses', { json: { status: 'y' } });
    expect([limitedNow.status, limitedNow.headers.get('x-ratelimit-reset')]).toEqual([429, '2026-11-21T10:30:00.000000Z']);
    expect(fake.posted()).toHaveLength(1);
  });
});
