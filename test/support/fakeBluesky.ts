/**
 * A fake Bluesky PDS on a real loopback HTTP server, speaking XRPC (`/xrpc/<nsid>`, errors as
 * `{ error, message }`) the way the reference PDS does (bluesky-social/atproto, packages/pds and
 * packages/xrpc-server), so the official @atproto/api agent runs unchanged against it: sessions with
 * access and refresh JWTs that expire and rotate, createRecord validating posts (fakeBlueskyRules.ts),
 * uploadBlob, getRecord, resolveHandle, rate-limit headers. Faults are scripted per method so tests can
 * reproduce what makes "publish exactly once" hard: a record created while its answer was lost, a
 * hang, a 5xx, a rate limit, an expired session.
 */
import type http from 'node:http';
import { readBody, sendJson as send, startLoopbackServer } from './loopbackServer.js';
import {
  POST_COLLECTION, XrpcRefusal, checkPost, cidFor, isHandle, isRecordKey, isTid, refuse, sniffMimeType,
  type StoredBlob, type StoredRecord,
} from './fakeBlueskyRules.js';
import { sessionTokens, type TokenType } from './fakeBlueskyTokens.js';

export interface FakeBlueskyRecord extends StoredRecord {
  repo: string;
  collection: string;
  rkey: string;
}

export interface FakeBlueskyBlob extends StoredBlob {
  data: Buffer;
}

export interface FakeBlueskyRequest {
  method: string;
  nsid: string;
  query: Record<string, string>;
  /** JSON bodies parsed; other bodies by their size and type. */
  body: any;
  headers: http.IncomingHttpHeaders;
  /** performance.now() when the request arrived (the bench times posts with it, as the fake X's). */
  receivedAt: number;
}

export type BlueskyFault =
  /** Answered normally: scripts a fault for a later request (`script(route, pass, pass, fault)`). */
  | { kind: 'pass' }
  /** 401, as for credentials the PDS does not accept. */
  | { kind: 'unauthorized' }
  /** 400 ExpiredToken, whatever token was sent. */
  | { kind: 'expiredToken' }
  | { kind: 'invalid'; message: string; error?: string }
  | { kind: 'rateLimited'; resetEpochSeconds: number }
  /** A 5xx; `create`: the record or blob was stored before the failure. */
  | { kind: 'serverError'; status?: number; create?: boolean }
  /** No answer until the client gives up; `create`: stored meanwhile. */
  | { kind: 'hang'; create?: boolean }
  /** Stored, then the connection cut: the answer is lost. */
  | { kind: 'lostAnswer' };

export interface FakeBluesky {
  origin: string;
  handle: string;
  did: string;
  /** The app password createSession accepts; change it to refuse the next login. */
  appPassword: string;
  /** Every record, this repo's and those seeded for other accounts. */
  records: FakeBlueskyRecord[];
  blobs: FakeBlueskyBlob[];
  requests: FakeBlueskyRequest[];
  requestsTo(nsid: string): FakeBlueskyRequest[];
  /** The posts of this account (the repo the bot writes to). */
  posts(): FakeBlueskyRecord[];
  script(nsid: string, ...faults: BlueskyFault[]): void;
  /** Another account, so that a mention of its handle resolves. */
  addAccount(handle: string, did: string): void;
  /** A post already on the network (another account's, or this one's), as a reply target. */
  seedPost(text: string, options?: { did?: string }): FakeBlueskyRecord;
  /** Every access token issued so far expires now (the next use gets ExpiredToken). */
  expireAccessTokens(): void;
  /** Every refresh token issued so far is revoked (refreshSession gets ExpiredToken). */
  revokeRefreshTokens(): void;
  /** Forgets records, blobs, requests and faults (accounts and sessions stay). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeBlueskyOptions {
  handle?: string;
  did?: string;
  appPassword?: string;
  now?: () => number;
  /** Largest image a post may embed (default 1,000,000 bytes; see the note on MAX_IMAGE_BYTES). */
  maxImageBytes?: number;
  /** Largest uploadBlob body (default 1,000,000 bytes). */
  blobUploadLimit?: number;
  /** The hourly budget of repo-write points (5,000 as on the reference PDS; a create costs 3). */
  writePointsPerHour?: number;
}

/**
 * The app.bsky.embed.images lexicon set `maxSize` 1,000,000 until 2025 and 2,000,000 since ("formerly
 * limited to 1 MB"); a PDS validates against its own copy. The fake keeps the lower figure, as the brief
 * asks, so a client that stays under it works with every PDS. The reference PDS takes uploads up to
 * PDS_BLOB_UPLOAD_LIMIT (5 MiB by default, pds/src/config/config.ts); here uploads are held to the same 1 MB.
 */
const MAX_IMAGE_BYTES = 1_000_000;
/** pds/src/rate-limits.ts: repo writes share 5,000 points an hour per account; a create costs 3. */
const WRITE_POINTS_PER_HOUR = 5000;
const CREATE_POINTS = 3;
/** pds createRecord: `jsonLimit: 1_000_000`. */
const JSON_LIMIT = 1_000_000;

const TID_CHARS = '234567abcdefghijklmnopqrstuvwxyz';

const GET_METHODS = new Set(['com.atproto.server.getSession', 'com.atproto.repo.getRecord', 'com.atproto.identity.resolveHandle']);
const POST_METHODS = new Set([
  'com.atproto.server.createSession', 'com.atproto.server.refreshSession',
  'com.atproto.repo.createRecord', 'com.atproto.repo.uploadBlob',
]);

export async function startFakeBluesky(options: FakeBlueskyOptions = {}): Promise<FakeBluesky> {
  const now = options.now ?? Date.now;
  const accounts = new Map<string, string>();
  const faults = new Map<string, BlueskyFault[]>();
  let window = { start: now(), used: 0 };
  let tidClock = 0;

  const tokens = sessionTokens(now);
  const serviceDid = () => `did:web:${new URL(fake.origin).hostname}`;
  const issueSession = () => tokens.issue(fake.did, serviceDid());
  const verify = (req: http.IncomingMessage, typ: TokenType) => tokens.verify(req.headers.authorization, typ);

  function session(extra: object = {}) {
    return {
      handle: fake.handle, did: fake.did, didDoc: didDoc(), email: 'cellule@example.fr',
      emailConfirmed: true, emailAuthFactor: false, active: true, ...extra,
    };
  }
  /** The account's DID document names this server as its PDS: the agent then sends everything here. */
  function didDoc() {
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: fake.did,
      alsoKnownAs: [`at://${fake.handle}`],
      verificationMethod: [],
      service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: fake.origin }],
    };
  }

  // --- repo ---
  /** atproto.com/specs/tid: microseconds since the epoch, shifted left by a 10-bit clock id (0 here). */
  const nextTid = () => {
    tidClock = Math.max(tidClock + 1, now() * 1000);
    let value = BigInt(tidClock) << 10n;
    let tid = '';
    for (let i = 0; i < 13; i++, value >>= 5n) tid = TID_CHARS[Number(value & 31n)] + tid;
    return tid;
  };
  function storeRecord(repo: string, rkey: string, value: any): FakeBlueskyRecord {
    const record: FakeBlueskyRecord = {
      uri: `at://${repo}/${POST_COLLECTION}/${rkey}`, cid: cidFor('dag-cbor', Buffer.from(JSON.stringify(value))),
      value, repo, collection: POST_COLLECTION, rkey,
    };
    fake.records.push(record);
    return record;
  }
  const findRecord = (uri: string) => fake.records.find((r) => r.uri === uri);
  const ownRepo = (repo: unknown) => repo === fake.did || (typeof repo === 'string' && repo.toLowerCase() === fake.handle);

  /** Rate-limit headers as xrpc-server's rate-limiter-http.ts sets them; `consume` spends points or refuses. */
  function rateLimit(consume: number): Record<string, string> {
    const budget = options.writePointsPerHour ?? WRITE_POINTS_PER_HOUR;
    if (now() - window.start >= 3600_000) window = { start: now(), used: 0 };
    const reset = String(Math.floor((window.start + 3600_000) / 1000));
    const headers = (remaining: number) => ({
      'RateLimit-Limit': String(budget), 'RateLimit-Remaining': String(remaining),
      'RateLimit-Reset': reset, 'RateLimit-Policy': `${budget};w=3600`,
    });
    if (window.used + consume > budget) {
      throw refuse(429, 'RateLimitExceeded', 'Rate Limit Exceeded', { ...headers(0), 'Retry-After': String(Math.ceil((window.start + 3600_000 - now()) / 1000)) });
    }
    window.used += consume;
    return headers(budget - window.used);
  }

  // --- methods: each returns the body of a 200, or throws an XrpcRefusal; `commit` stores what a fault may keep ---
  type Prepared = { commit?: () => unknown; answer: () => { body: unknown; headers?: Record<string, string> } };

  function createSession(body: any): Prepared {
    if (typeof body?.identifier !== 'string' || typeof body?.password !== 'string') {
      throw refuse(400, 'InvalidRequest', 'Input must have the properties "identifier" and "password"');
    }
    const who = body.identifier.toLowerCase();
    if ((who !== fake.handle && who !== fake.did) || body.password !== fake.appPassword) {
      throw refuse(401, 'AuthenticationRequired', 'Invalid identifier or password');
    }
    return { answer: () => ({ body: session(issueSession()) }) };
  }

  /** refreshSession.ts: the refresh token rotates; the old one still works for a grace period, then "has been revoked". */
  function refreshSession(req: http.IncomingMessage): Prepared {
    tokens.rotate(verify(req, 'refresh+jwt'));
    return { answer: () => ({ body: session(issueSession()) }) };
  }

  function createRecord(req: http.IncomingMessage, body: any): Prepared {
    verify(req, 'at+jwt');
    // xrpc-server counts a call against the limit after auth, before the handler looks at it.
    const limits = rateLimit(CREATE_POINTS);
    if (!body || typeof body !== 'object') throw refuse(400, 'InvalidRequest', 'Input must be an object');
    const { repo, collection, rkey, validate } = body;
    if (typeof repo !== 'string' || typeof collection !== 'string' || body.record === undefined) {
      throw refuse(400, 'InvalidRequest', 'Input must have the properties "repo", "collection" and "record"');
    }
    if (!ownRepo(repo)) throw refuse(401, 'AuthenticationRequired', 'Authentication Required');
    if (collection !== POST_COLLECTION) throw refuse(400, 'InvalidRequest', `this fake PDS stores ${POST_COLLECTION} only`);
    const record = body.record?.$type === undefined && body.record && typeof body.record === 'object' ? { ...body.record, $type: collection } : body.record;
    if (rkey !== undefined && (typeof rkey !== 'string' || !isRecordKey(rkey))) throw refuse(400, 'InvalidRequest', `Invalid record key: ${String(rkey)}`);
    // The post lexicon's key type is `tid`: an explicit key must be one (pds/src/repo/prepare.ts validateRecord).
    if (rkey !== undefined && validate !== false && !isTid(rkey)) {
      throw refuse(400, 'InvalidRequest', `Invalid record key for ${POST_COLLECTION}: must be a valid TID`);
    }
    if (validate !== false) {
      const refusal = checkPost(record, {
        blob: (cid) => fake.blobs.find((b) => b.cid === cid),
        record: findRecord,
        maxImageBytes: options.maxImageBytes ?? MAX_IMAGE_BYTES,
      });
      if (refusal) throw new XrpcRefusal(refusal);
    }
    const key: string = rkey ?? nextTid();
    // A key already used: the repo's MST refuses ("There is already a value at key", packages/repo/src/mst/mst.ts)
    // with a plain Error, which xrpc-server answers as a bare 500.
    if (findRecord(`at://${fake.did}/${collection}/${key}`)) throw refuse(500, 'InternalServerError', 'Internal Server Error');
    let stored: FakeBlueskyRecord | undefined;
    const commit = () => (stored ??= storeRecord(fake.did, key, record));
    return {
      commit,
      answer: () => {
        const { uri, cid } = commit();
        return { body: { uri, cid, commit: { cid: cidFor('dag-cbor', Buffer.from(uri)), rev: nextTid() }, validationStatus: 'valid' }, headers: limits };
      },
    };
  }

  function uploadBlob(req: http.IncomingMessage, raw: Buffer): Prepared {
    verify(req, 'at+jwt');
    // xrpc-server decodeBodyStream: over the limit is 413 PayloadTooLarge.
    if (raw.length > (options.blobUploadLimit ?? MAX_IMAGE_BYTES)) throw refuse(413, 'PayloadTooLarge', 'request entity too large');
    if (!req.headers['content-type']) throw refuse(400, 'InvalidRequest', 'Request encoding (Content-Type) required but not provided');
    const blob: FakeBlueskyBlob = { cid: cidFor('raw', raw), mimeType: sniffMimeType(raw, req.headers['content-type']), size: raw.length, data: raw };
    const commit = () => {
      if (!fake.blobs.some((b) => b.cid === blob.cid)) fake.blobs.push(blob);
    };
    return {
      commit,
      answer: () => {
        commit();
        return { body: { blob: { $type: 'blob', ref: { $link: blob.cid }, mimeType: blob.mimeType, size: blob.size } } };
      },
    };
  }

  function getRecord(query: Record<string, string>): Prepared {
    for (const name of ['repo', 'collection', 'rkey']) {
      if (!query[name]) throw refuse(400, 'InvalidRequest', `Error: Params must have the property "${name}"`);
    }
    if (!isRecordKey(query.rkey!)) throw refuse(400, 'InvalidRequest', 'Error: rkey must be a valid Record Key');
    const did = ownRepo(query.repo) ? fake.did : [...accounts.values()].includes(query.repo!) ? query.repo! : accounts.get(query.repo!.toLowerCase());
    if (!did) throw refuse(400, 'InvalidRequest', 'Could not locate record');
    const uri = `at://${did}/${query.collection}/${query.rkey}`;
    const found = findRecord(uri);
    if (!found || (query.cid && query.cid !== found.cid)) throw refuse(400, 'RecordNotFound', `Could not locate record: ${uri}`);
    return { answer: () => ({ body: { uri: found.uri, cid: found.cid, value: found.value } }) };
  }

  /** resolveHandle.ts: this PDS's accounts, else "Unable to resolve handle". */
  function resolveHandle(query: Record<string, string>): Prepared {
    const handle = query.handle?.toLowerCase();
    if (!handle) throw refuse(400, 'InvalidRequest', 'Error: Params must have the property "handle"');
    if (!isHandle(handle)) throw refuse(400, 'InvalidRequest', 'Error: handle must be a valid handle');
    const did = handle === fake.handle ? fake.did : accounts.get(handle);
    if (!did) throw refuse(400, 'InvalidRequest', 'Unable to resolve handle');
    return { answer: () => ({ body: { did } }) };
  }

  function prepare(nsid: string, req: http.IncomingMessage, raw: Buffer, body: any, query: Record<string, string>): Prepared {
    switch (nsid) {
      case 'com.atproto.server.createSession': return createSession(body);
      case 'com.atproto.server.refreshSession': return refreshSession(req);
      case 'com.atproto.server.getSession':
        verify(req, 'at+jwt');
        return { answer: () => ({ body: session() }) };
      case 'com.atproto.repo.createRecord': return createRecord(req, body);
      case 'com.atproto.repo.uploadBlob': return uploadBlob(req, raw);
      case 'com.atproto.repo.getRecord': return getRecord(query);
      case 'com.atproto.identity.resolveHandle': return resolveHandle(query);
      default: throw refuse(501, 'MethodNotImplemented', 'Method Not Implemented');
    }
  }

  function applyFault(fault: BlueskyFault, prepared: Prepared, req: http.IncomingMessage, res: http.ServerResponse) {
    const error = (status: number, name: string, message: string, headers?: Record<string, string>) =>
      send(res, status, { error: name, message }, headers);
    switch (fault.kind) {
      case 'unauthorized': return error(401, 'AuthenticationRequired', 'Authentication Required');
      case 'expiredToken': return error(400, 'ExpiredToken', 'Token has expired');
      case 'invalid': return error(400, fault.error ?? 'InvalidRequest', fault.message);
      case 'rateLimited':
        return error(429, 'RateLimitExceeded', 'Rate Limit Exceeded', {
          'RateLimit-Limit': String(WRITE_POINTS_PER_HOUR), 'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(fault.resetEpochSeconds), 'RateLimit-Policy': `${WRITE_POINTS_PER_HOUR};w=3600`,
          'Retry-After': String(Math.max(0, fault.resetEpochSeconds - Math.floor(now() / 1000))),
        });
      case 'serverError': {
        if (fault.create) prepared.commit?.();
        const status = fault.status ?? 500;
        // xrpc-server never details a 500; a proxy in front answers 502/503/504 with its own words.
        return status === 500 ? error(500, 'InternalServerError', 'Internal Server Error') : error(status, 'UpstreamFailure', 'Upstream Failure');
      }
      case 'hang':
        if (fault.create) prepared.commit?.();
        return; // the socket stays open until the client gives up or close() destroys it
      case 'lostAnswer':
        prepared.commit?.();
        return req.socket.destroy();
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', fake.origin);
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    const nsid = url.pathname.startsWith('/xrpc/') ? url.pathname.slice('/xrpc/'.length) : '';
    const json = req.headers['content-type']?.startsWith('application/json');
    let body: any = raw.length > 0 ? { bytes: raw.length, contentType: req.headers['content-type'] } : undefined;
    try {
      if (json && raw.length > 0) {
        if (raw.length > JSON_LIMIT) throw refuse(413, 'PayloadTooLarge', 'request entity too large');
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw refuse(400, 'InvalidRequest', 'Unexpected end of JSON input');
        }
      }
      fake.requests.push({ method, nsid, query, body, headers: req.headers, receivedAt });
      // server.ts: a query is a GET, a procedure a POST.
      const expected = GET_METHODS.has(nsid) ? 'GET' : POST_METHODS.has(nsid) ? 'POST' : null;
      if (expected && method !== expected) throw refuse(400, 'InvalidRequest', `Incorrect HTTP method (${method}) expected ${expected}`);
      const prepared = prepare(nsid, req, raw, body, query);
      const fault = faults.get(nsid)?.shift();
      if (fault && fault.kind !== 'pass') return applyFault(fault, prepared, req, res);
      const answer = prepared.answer();
      return send(res, 200, answer.body, answer.headers);
    } catch (error) {
      if (!(error instanceof XrpcRefusal)) throw error;
      return send(res, error.refusal.status, { error: error.refusal.error, message: error.refusal.message }, error.headers);
    }
  }

  const server = await startLoopbackServer(handle, (res, error) =>
    send(res, 500, { error: 'InternalServerError', message: `fake PDS failure: ${String(error)}` }),
  );

  const fake: FakeBluesky = {
    origin: server.origin,
    handle: (options.handle ?? 'cellule-com.bsky.social').toLowerCase(),
    did: options.did ?? 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
    appPassword: options.appPassword ?? 'abcd-efgh-ijkl-mnop',
    records: [],
    blobs: [],
    requests: [],
    requestsTo: (nsid) => fake.requests.filter((r) => r.nsid === nsid),
    posts: () => fake.records.filter((r) => r.repo === fake.did),
    script(nsid, ...list) {
      faults.set(nsid, [...(faults.get(nsid) ?? []), ...list]);
    },
    addAccount(handle, did) {
      accounts.set(handle.toLowerCase(), did);
    },
    seedPost(text, seed = {}) {
      return storeRecord(seed.did ?? fake.did, nextTid(), { $type: POST_COLLECTION, text, createdAt: new Date(now()).toISOString() });
    },
    expireAccessTokens: () => tokens.expireAccess(),
    revokeRefreshTokens: () => tokens.revokeRefresh(),
    reset() {
      fake.records.length = 0;
      fake.blobs.length = 0;
      fake.requests.length = 0;
      faults.clear();
    },
    // Also ends requests held by a 'hang' fault.
    close: () => server.close(),
  };
  return fake;
}

