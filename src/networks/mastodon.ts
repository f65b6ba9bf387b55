import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../platform/clock.js';
import { isRecord, mastodonApi } from './mastodon/api.js';
import { DEFAULT_LIMITS, type InstanceLimits, limitsFrom } from './mastodon/instance.js';
import { countMastodon } from './mastodon/length.js';
import { lookUp } from './mastodon/lookup.js';
import { prepareImages, uploadImage } from './mastodon/media.js';
import { refusal } from './mastodon/outcomes.js';
import type { Lookup, Network, PartToPost, PostOutcome } from './network.js';

/** The instance's base URL and an access token (`write:statuses`, `write:media`, `read:accounts`, `read:statuses`). */
export interface MastodonAccount {
  url: string;
  token: string;
}

export interface MastodonOptions {
  clock?: Clock;
  /** Bound of every request, the answer's body included; past it the outcome is unknown. */
  timeoutMs?: number;
  /** How the wait between two looks at a processing media is made (tests: at once, never slept on). */
  wait?: (ms: number) => Promise<void>;
}

const REQUEST_TIMEOUT_MS = 10_000;
/** Mastodon keeps an Idempotency-Key one hour (docs: Methods > statuses > Post a new status; PostStatusService). */
const KEY_LIFETIME_MS = 60 * 60 * 1000;
/** The hour runs from the status's creation, after the first attempt; the margin covers both clocks and a slow attempt. */
const KEY_MARGIN_MS = 10 * 60 * 1000;
/** An instance that could not be read is asked again, at most this often, before a post or a lookup. */
const READ_AGAIN_MS = 60 * 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Mastodon behind the Network interface. Exactly once by Mastodon's own means: every attempt of one part
 * carries the part's key as `Idempotency-Key`, so within the key's hour a repeated attempt returns the
 * status already created; past it `find` reads the account's statuses back to the first attempt.
 */
export function createMastodon(account: MastodonAccount, options: MastodonOptions = {}): Network {
  const clock = options.clock ?? systemClock;
  const wait = options.wait ?? sleep;
  const api = mastodonApi(account.url, account.token, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  let limits: InstanceLimits = DEFAULT_LIMITS;
  let instanceRead = false;
  let accountId: string | null = null;
  let lastRead: number | null = null;

  /** Reads what is still unknown; an instance that answers, even with a refusal, is not asked again. */
  async function read(): Promise<void> {
    lastRead = clock.now().getTime();
    const [instance, me] = await Promise.all([
      instanceRead ? null : api.request('GET', '/api/v2/instance'),
      accountId ? null : api.request('GET', '/api/v1/accounts/verify_credentials'),
    ]);
    if (instance?.kind === 'answer' && instance.answer.status < 500) {
      if (instance.answer.status === 200) limits = limitsFrom(instance.answer.body);
      instanceRead = true;
    }
    if (me?.kind === 'answer' && me.answer.status === 200 && isRecord(me.answer.body) && typeof me.answer.body.id === 'string') {
      accountId = me.answer.body.id;
    }
  }

  async function readIfDue(): Promise<void> {
    if (instanceRead && accountId) return;
    if (lastRead !== null && clock.now().getTime() - lastRead < READ_AGAIN_MS) return;
    await read();
  }

  async function post(part: PartToPost): Promise<PostOutcome> {
    await readIfDue();
    const prepared = await prepareImages(part.media, limits.images).catch((error: unknown) => ({
      ok: false as const,
      detail: `an image could not be converted (${error instanceof Error ? error.message : String(error)})`,
    }));
    if (!prepared.ok) return { kind: 'failed', code: 'image', status: null, detail: prepared.detail };
    const mediaIds: string[] = [];
    for (const media of prepared.media) {
      const upload = await uploadImage(api, media, wait);
      if (upload.kind === 'stopped') return upload.outcome;
      mediaIds.push(upload.id);
    }
    const reply = await api.request('POST', '/api/v1/statuses', {
      headers: { 'Idempotency-Key': part.key },
      json: {
        status: part.text,
        visibility: 'public',
        ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}),
        ...(part.reply ? { in_reply_to_id: part.reply.parent.id } : {}),
      },
    });
    if (reply.kind === 'lost') return { kind: 'unknown', detail: reply.detail };
    const { answer } = reply;
    if (answer.status !== 200) return refusal(answer, 'status', part.reply !== null);
    const status = answer.body;
    if (!isRecord(status) || typeof status.id !== 'string') return { kind: 'unknown', detail: 'the answer names no status' };
    return { kind: 'posted', remote: { id: status.id, url: String(status.url ?? status.uri ?? '') } };
  }

  async function find(part: PartToPost, since: Date): Promise<Lookup> {
    if (clock.now().getTime() - since.getTime() < KEY_LIFETIME_MS - KEY_MARGIN_MS) return { kind: 'repeatable' };
    if (!accountId) await read();
    if (!accountId) return { kind: 'unreadable', detail: 'the account could not be read (GET /api/v1/accounts/verify_credentials)' };
    return lookUp(api, accountId, part, since);
  }

  return {
    name: 'mastodon',
    dryRun: false,
    length: {
      get max() {
        return limits.maxCharacters;
      },
      count: (text) => countMastodon(text, limits.charactersPerUrl),
    },
    get images() {
      return limits.images;
    },
    async start() {
      try {
        await read();
      } catch {
        // Never throws: the documented defaults stay, and the instance is asked again before a post.
      }
    },
    newKey: () => randomUUID(),
    post,
    find,
  };
}
