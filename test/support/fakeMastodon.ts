/**
 * A fake Mastodon instance on a real loopback HTTP server, modelled on docs.joinmastodon.org and
 * Mastodon's own code (statuses, media, instance, accounts; errors as `{ error }`). It refuses what
 * Mastodon refuses: a missing or wrong bearer token, a status over the instance's limit (counted as
 * StatusLengthValidator counts), more media than allowed or media not processed yet, a reply to a status
 * that does not exist, an image too large, too many pixels or of the wrong type, an alt text too long.
 * An Idempotency-Key from the same account within one hour gives back the status it created, on the
 * fake's own clock so a test can pass the hour. Every answer carries X-RateLimit-* headers; faults are
 * scripted per route, including "created, then the answer lost".
 */
import type http from 'node:http';
import { countMastodon } from '../../src/networks/mastodon/length.js';
import { DEFAULT_CONFIGURATION, type InstanceConfiguration, accountJson, instanceJson, statusJson } from './fakeMastodonEntities.js';
import { type FakeMediaAttachment, mediaJson, readImage } from './fakeMastodonMedia.js';
import { type RateLimits, rateLimiter } from './fakeMastodonRates.js';
import { readBody, sendJson as send, startLoopbackServer } from './loopbackServer.js';

export type { FakeMediaAttachment } from './fakeMastodonMedia.js';
export type { InstanceConfiguration } from './fakeMastodonEntities.js';

export interface FakeStatus {
  id: string;
  accountId: string;
  /** Exactly the text sent; answers render it as HTML `content`. */
  text: string;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  mediaIds: string[];
  visibility: string;
  idempotencyKey: string | null;
  createdAt: string;
}

export interface FakeMastodonRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** performance.now() when the request arrived (the bench times posts with it, as the fake X's). */
  receivedAt: number;
}

export type MastodonFault =
  /** Answered normally: scripts a fault for a later request (`script(route, pass, pass, fault)`). */
  | { kind: 'pass' }
  | { kind: 'unauthorized' }
  | { kind: 'forbidden' }
  | { kind: 'unprocessable'; error?: string }
  | { kind: 'rateLimited'; resetAt: Date }
  /** A 5xx; `create` first does what the request asked (the answer is then lost to the client). */
  | { kind: 'serverError'; status?: number; create?: boolean }
  | { kind: 'hang'; create?: boolean }
  | { kind: 'cutAfterCreate' };

export type MastodonRoute =
  | 'POST /api/v1/statuses' | 'POST /api/v2/media' | 'GET /api/v1/media/:id' | 'GET /api/v2/instance'
  | 'GET /api/v1/accounts/verify_credentials' | 'GET /api/v1/accounts/:id/statuses' | (string & {});

export interface FakeMastodonOptions {
  token?: string;
  accountId?: string;
  username?: string;
  now?: () => number;
  configuration?: Partial<InstanceConfiguration>;
  /** `sync`: an image is ready at once (200, Mastodon 4.0+); `async`: 202, then 206 for `processingLooks` looks. */
  mediaProcessing?: 'sync' | 'async';
  processingLooks?: number;
  rateLimits?: Partial<RateLimits>;
}

export interface FakeMastodon {
  origin: string;
  accountId: string;
  configuration: InstanceConfiguration;
  statuses: FakeStatus[];
  media: FakeMediaAttachment[];
  requests: FakeMastodonRequest[];
  requestsTo(route: MastodonRoute): FakeMastodonRequest[];
  script(route: MastodonRoute, ...faults: MastodonFault[]): void;
  /** A status already there: the account's own (earlier posts) or another account's (a reply target). */
  seed(status: { text: string; accountId?: string; createdAt?: Date; inReplyToId?: string; visibility?: string }): FakeStatus;
  /** The account's own statuses, oldest first. */
  posted(): FakeStatus[];
  reset(): void;
  close(): Promise<void>;
}

/** Redis keeps the key 3,600 s (PostStatusService#with_idempotency). */
const IDEMPOTENCY_SECONDS = 3_600;
const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'];
const ERRORS = {
  token: 'The access token is invalid',
  scope: 'This action is outside the authorized scopes',
  notFound: 'Record not found',
  replyTarget: 'The post you are trying to reply to does not appear to exist.',
  notReady: 'Cannot attach files that have not finished processing. Try again in a moment!',
  blank: "Validation failed: Text can't be blank",
};

function routeKey(method: string, path: string): string {
  return `${method} ${path.split('/').map((s, i) => (i > 2 && /^\d+$/.test(s) ? ':id' : s)).join('/')}`;
}

/** JSON, form (Rails' `name[]` arrays) or multipart bodies, as Rails reads them into params. */
async function readParams(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return {};
  if (type.startsWith('application/json')) {
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  }
  const entries: Array<[string, unknown]> = type.startsWith('application/x-www-form-urlencoded')
    ? [...new URLSearchParams(raw.toString('utf8'))]
    : type.startsWith('multipart/form-data')
      ? [...(await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData())]
      : [];
  const params: Record<string, unknown> = {};
  for (const [name, value] of entries) {
    if (name.endsWith('[]')) ((params[name.slice(0, -2)] ??= []) as unknown[]).push(value);
    else params[name] = value;
  }
  return params;
}

export async function startFakeMastodon(options: FakeMastodonOptions = {}): Promise<FakeMastodon> {
  const token = options.token ?? 'mastodon-token';
  const accountId = options.accountId ?? '109000000000000001';
  const username = options.username ?? 'cellule';
  const now = options.now ?? Date.now;
  const configuration = { ...DEFAULT_CONFIGURATION, ...options.configuration };
  const faults = new Map<string, MastodonFault[]>();
  const idempotency = new Map<string, { statusId: string; expiresAt: number }>();
  const mediaLooks = new Map<string, number>();
  const rates = rateLimiter(now, options.rateLimits);
  const accounts = new Map([[accountId, username]]);
  let sequence = 0;

  // Mastodon ids are time-based (Mastodon::Snowflake): milliseconds shifted left 16 bits, plus a sequence.
  const newId = (at: number) => String((BigInt(at) << 16n) + BigInt(++sequence % 65536));
  const origin = () => fake.origin;
  const statusById = (id: unknown) => fake.statuses.find((s) => s.id === String(id));
  const account = (id: string) => accountJson(origin(), id, accounts.get(id) ?? 'someone', fake.statuses.filter((s) => s.accountId === id).length);
  const statusOut = (status: FakeStatus) =>
    statusJson(origin(), status, account(status.accountId), status.mediaIds.map((id) => fake.media.find((m) => m.id === id)).filter((m) => m !== undefined));

  function store(status: Omit<FakeStatus, 'id'>, at: number): FakeStatus {
    const created = { id: newId(at), ...status };
    fake.statuses.push(created);
    return created;
  }

  /** PostStatusService: the duplicate of a key, else the checks of the media and the text, then the status. */
  function createStatus(params: Record<string, unknown>, key: string | null, thread: FakeStatus | null) {
    const remembered = key ? idempotency.get(key) : undefined;
    if (remembered && remembered.expiresAt > now()) return { status: statusById(remembered.statusId)! };
    // Strong params keep `media_ids` only as an array: anything else is dropped, as Rails does.
    const mediaIds = Array.isArray(params.media_ids) ? params.media_ids.map(String) : [];
    if (mediaIds.length > configuration.maxMediaAttachments) return { error: `Cannot attach more than ${configuration.maxMediaAttachments} files` };
    const attached = mediaIds.map((id) => fake.media.find((m) => m.id === id && m.accountId === accountId && m.statusId === null));
    const missing = mediaIds.filter((_, i) => !attached[i]);
    if (missing.length > 0) return { error: `Media ${missing.join(', ')} not found or already attached to another post` };
    if (attached.some((m) => !m!.processed)) return { error: ERRORS.notReady };
    const text = typeof params.status === 'string' ? params.status : '';
    if (/^\s*$/.test(text) && mediaIds.length === 0) return { error: ERRORS.blank };
    if (countMastodon(text, configuration.charactersReservedPerUrl) > configuration.maxCharacters) {
      return { error: `Validation failed: Text character limit of ${configuration.maxCharacters} exceeded` };
    }
    const visibility = typeof params.visibility === 'string' && params.visibility ? params.visibility : 'public';
    if (!VISIBILITIES.includes(visibility)) return { error: 'Validation failed: Visibility is not included in the list' };
    const status = store({
      accountId, text, inReplyToId: thread?.id ?? null, inReplyToAccountId: thread?.accountId ?? null,
      mediaIds, visibility, idempotencyKey: key, createdAt: new Date(now()).toISOString(),
    }, now());
    for (const media of attached) media!.statusId = status.id;
    if (key) idempotency.set(key, { statusId: status.id, expiresAt: now() + IDEMPOTENCY_SECONDS * 1000 });
    return { status };
  }

  async function createMedia(params: Record<string, unknown>) {
    const read = await readImage(params, configuration);
    if ('error' in read) return read;
    const processed = options.mediaProcessing !== 'async';
    const media: FakeMediaAttachment = {
      id: newId(now()), accountId, statusId: null, processed, ...read.image,
    };
    fake.media.push(media);
    mediaLooks.set(media.id, 0);
    return { media };
  }

  function listStatuses(id: string, query: Record<string, string>, res: http.ServerResponse, headers: Record<string, string>) {
    if (!accounts.has(id)) return send(res, 404, { error: ERRORS.notFound }, headers);
    // Api::BaseController#limit_param: absolute value, at most twice the default of 20.
    const limit = query.limit === undefined ? 20 : Math.min(Math.abs(Number.parseInt(query.limit, 10) || 0), 40);
    const big = (value: string | undefined) => (value && /^\d+$/.test(value) ? BigInt(value) : null);
    const [maxId, sinceId, minId] = [big(query.max_id), big(query.since_id), big(query.min_id)];
    let list = fake.statuses.filter((s) => s.accountId === id);
    if (query.exclude_replies === 'true') list = list.filter((s) => !s.inReplyToId || s.inReplyToAccountId === s.accountId);
    list = list.filter((s) => (maxId === null || BigInt(s.id) < maxId) && (sinceId === null || BigInt(s.id) > sinceId) && (minId === null || BigInt(s.id) > minId));
    list.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    const page = minId !== null ? list.slice(-limit) : list.slice(0, limit);
    const links: string[] = [];
    const base = `${origin()}/api/v1/accounts/${id}/statuses?limit=${limit}`;
    // Api::V1::Accounts::StatusesController: `next` only when the page is full, `prev` when not empty.
    if (page.length > 0 && page.length === limit) links.push(`<${base}&max_id=${page[page.length - 1]!.id}>; rel="next"`);
    if (page.length > 0) links.push(`<${base}&min_id=${page[0]!.id}>; rel="prev"`);
    send(res, 200, page.map(statusOut), links.length > 0 ? { ...headers, link: links.join(', ') } : headers);
  }

  /** A scripted fault; `create` does what the request asked first, when the fault says it went through. */
  function applyFault(fault: MastodonFault, req: http.IncomingMessage, res: http.ServerResponse, create: () => Promise<void>, headers: Record<string, string>) {
    switch (fault.kind) {
      case 'unauthorized':
        return send(res, 401, { error: ERRORS.token }, headers);
      case 'forbidden':
        return send(res, 403, { error: ERRORS.scope }, headers);
      case 'unprocessable':
        return send(res, 422, { error: fault.error ?? 'Validation failed: scripted refusal' }, headers);
      case 'rateLimited':
        return send(res, 429, { error: 'Too many requests' }, {
          ...headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': fault.resetAt.toISOString().replace('Z', '000Z'),
        });
      case 'serverError':
        return (fault.create ? create() : Promise.resolve()).then(() => {
          const status = fault.status ?? 500;
          // A 500 is Rails' own JSON; a 502-504 is the proxy's HTML page.
          if (status === 500) return send(res, 500, { error: 'Internal server error' }, headers);
          res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body><h1>${status}</h1></body></html>`);
        });
      case 'cutAfterCreate':
        return create().then(() => req.socket.destroy());
      case 'hang':
        return fault.create ? create() : undefined; // the socket stays open until the client gives up or close()
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', fake.origin);
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    let body: Record<string, unknown>;
    try {
      body = await readParams(req);
    } catch {
      return send(res, 400, { error: 'Error occurred while parsing request parameters' });
    }
    fake.requests.push({ method, path: url.pathname, query, headers: req.headers, body, receivedAt });
    const route = routeKey(method, url.pathname);
    const authorized = req.headers.authorization === `Bearer ${token}`;
    const { headers, exceeded } = rates.take(route, authorized);
    if (exceeded) return send(res, 429, { error: 'Too many requests' }, headers);
    // Only the instance's description is public; everything else needs the account's token.
    if (!authorized && route !== 'GET /api/v2/instance') return send(res, 401, { error: ERRORS.token }, headers);

    let thread: FakeStatus | null = null;
    if (route === 'POST /api/v1/statuses' && body.in_reply_to_id !== undefined && body.in_reply_to_id !== '' && body.in_reply_to_id !== null) {
      thread = statusById(body.in_reply_to_id) ?? null;
    }
    const scripted = faults.get(route)?.shift();
    const fault = scripted?.kind === 'pass' ? undefined : scripted;
    if (fault) {
      const create = async () => {
        if (route === 'POST /api/v1/statuses') createStatus(body, idempotencyKey(req), thread);
        if (route === 'POST /api/v2/media') await createMedia(body);
      };
      return applyFault(fault, req, res, create, headers);
    }

    switch (route) {
      case 'GET /api/v2/instance':
        return send(res, 200, instanceJson(origin(), configuration), headers);
      case 'GET /api/v1/accounts/verify_credentials':
        return send(res, 200, { ...account(accountId), source: { privacy: 'public', sensitive: false, language: 'fr', note: '', fields: [] } }, headers);
      case 'GET /api/v1/accounts/:id/statuses':
        return listStatuses(url.pathname.split('/')[4] ?? '', query, res, headers);
      case 'POST /api/v1/statuses': {
        if (body.in_reply_to_id !== undefined && body.in_reply_to_id !== '' && body.in_reply_to_id !== null && !thread) {
          return send(res, 404, { error: ERRORS.replyTarget }, headers);
        }
        const created = createStatus(body, idempotencyKey(req), thread);
        if ('error' in created) return send(res, 422, { error: created.error }, headers);
        return send(res, 200, statusOut(created.status!), headers);
      }
      case 'POST /api/v2/media': {
        const created = await createMedia(body);
        if ('error' in created) return send(res, 422, { error: created.error }, headers);
        const media = created.media;
        return send(res, media.processed ? 200 : 202, mediaJson(media, origin()), headers);
      }
      case 'GET /api/v1/media/:id': {
        const media = fake.media.find((m) => m.id === url.pathname.split('/')[4] && m.accountId === accountId);
        if (!media) return send(res, 404, { error: ERRORS.notFound }, headers);
        const looks = (mediaLooks.get(media.id) ?? 0) + 1;
        mediaLooks.set(media.id, looks);
        if (!media.processed && looks > (options.processingLooks ?? 1)) media.processed = true;
        // 206 Partial content while processing, with the attachment as it is (docs: Methods > media).
        return send(res, media.processed ? 200 : 206, mediaJson(media, origin()), headers);
      }
      default:
        return send(res, 404, { error: 'Not Found' }, headers);
    }
  }

  function idempotencyKey(req: http.IncomingMessage): string | null {
    const key = req.headers['idempotency-key'];
    return typeof key === 'string' && key.trim() !== '' ? `${accountId}:${key}` : null;
  }

  const server = await startLoopbackServer(handle, (res, error) => send(res, 500, { error: `fake Mastodon: ${String(error)}` }));

  const fake: FakeMastodon = {
    origin: server.origin,
    accountId,
    configuration,
    statuses: [],
    media: [],
    requests: [],
    requestsTo: (route) => fake.requests.filter((r) => routeKey(r.method, r.path) === route),
    script(route, ...list) {
      faults.set(route, [...(faults.get(route) ?? []), ...list]);
    },
    seed({ text, accountId: owner = accountId, createdAt = new Date(now()), inReplyToId, visibility = 'public' }) {
      if (!accounts.has(owner)) accounts.set(owner, `user${accounts.size}`);
      const thread = inReplyToId ? statusById(inReplyToId) : undefined;
      return store({
        accountId: owner, text, inReplyToId: thread?.id ?? null, inReplyToAccountId: thread?.accountId ?? null,
        mediaIds: [], visibility, idempotencyKey: null, createdAt: createdAt.toISOString(),
      }, createdAt.getTime());
    },
    posted: () => fake.statuses.filter((s) => s.accountId === accountId).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)),
    reset() {
      fake.statuses.length = 0;
      fake.media.length = 0;
      fake.requests.length = 0;
      faults.clear();
      idempotency.clear();
      rates.reset();
    },
    close: () => server.close(),
  };
  return fake;
}
