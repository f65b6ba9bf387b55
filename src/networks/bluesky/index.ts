import { AtUri, XRPCError, type AppBskyEmbedImages } from '@atproto/api';
import { TID } from '@atproto/common-web';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import { fitImage } from '../images.js';
import type { Lookup, Network, PartToPost, PostOutcome, RemotePost } from '../network.js';
import { classify, describe, type Step } from './outcomes.js';
import { POST_COLLECTION, aspectRatio, detectFacets, postRecord, replyRef } from './record.js';
import { BLUESKY_IMAGES, BLUESKY_LENGTH } from './rules.js';
import { createSession, type BlueskyAccount } from './session.js';

export type { BlueskyAccount } from './session.js';
export { BLUESKY_IMAGES, BLUESKY_LENGTH, MAX_IMAGE_BYTES, countGraphemes } from './rules.js';

export interface BlueskyOptions {
  /** The posts' languages (BCP 47, at most 3), e.g. ['fr']. */
  langs?: string[];
  clock?: Clock;
  /** Each request to the PDS gives up after this long. */
  timeoutMs?: number;
  logger?: Logger;
}

const REQUEST_TIMEOUT_MS = 10_000;

/** The public link of a post: bsky.app shows `/profile/<handle>/post/<record key>`. */
export function postUrl(handle: string, uri: string): string {
  return `https://bsky.app/profile/${handle}/post/${new AtUri(uri).rkey}`;
}

/**
 * Bluesky through the official @atproto/api agent. Exactly once is the record key: each part is written
 * with its stored TID as `rkey`, so a second attempt cannot make a second post, and `find` reads that
 * very record.
 */
export function createBluesky(account: BlueskyAccount, options: BlueskyOptions = {}): Network {
  const clock = options.clock ?? systemClock;
  const session = createSession(account, options.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const { agent } = session;
  const remote = (uri: string, cid: string | undefined): RemotePost => ({ id: uri, cid, url: postUrl(session.handle(), uri) });

  /** The record stored under the part's key, if any; its text must be the part's (a key is ours alone). */
  async function readRecord(part: PartToPost): Promise<Lookup> {
    try {
      const { data } = await agent.com.atproto.repo.getRecord({ repo: session.repo(), collection: POST_COLLECTION, rkey: part.key });
      if ((data.value as { text?: unknown }).text !== part.text) {
        return { kind: 'unreadable', detail: `the record ${data.uri} holds another text than this part` };
      }
      return { kind: 'found', remote: remote(data.uri, data.cid) };
    } catch (error) {
      if (error instanceof XRPCError && error.error === 'RecordNotFound') return { kind: 'absent' };
      return { kind: 'unreadable', detail: describe(error) };
    }
  }

  async function post(part: PartToPost): Promise<PostOutcome> {
    const reply = replyRef(part);
    if (reply === 'no_cid') return { kind: 'failed', code: 'reply_target', status: null, detail: 'the post answered has no CID stored' };
    const attempt = session.attempt();
    let step: Step = 'login';
    try {
      await attempt.ready();
      step = 'image';
      const images: AppBskyEmbedImages.Image[] = [];
      for (const media of part.media) {
        const fitted = await fitImage(media, BLUESKY_IMAGES);
        if (!fitted.ok) return { kind: 'failed', code: 'image', status: null, detail: fitted.reason };
        const { data } = await attempt.run(() => agent.uploadBlob(fitted.media.data, { encoding: fitted.media.mimeType }));
        const ratio = await aspectRatio(fitted.media.data);
        images.push({ image: data.blob, alt: media.altText, ...(ratio ? { aspectRatio: ratio } : {}) });
      }
      step = 'post';
      const facets = await detectFacets(agent, part.text);
      const record = postRecord({ text: part.text, facets, images, reply, langs: options.langs ?? [], createdAt: clock.now() });
      const { data } = await attempt.run(() =>
        agent.com.atproto.repo.createRecord({ repo: session.repo(), collection: POST_COLLECTION, rkey: part.key, record }),
      );
      return { kind: 'posted', remote: remote(data.uri, data.cid) };
    } catch (error) {
      const outcome = classify(error, step);
      if (step === 'post' && outcome.kind === 'unknown') {
        // The answer was lost, or the key is taken by an earlier attempt (the reference PDS answers that
        // with a bare 500): the record itself tells. Not found yet is still unknown, never absent.
        const found = await readRecord(part);
        if (found.kind === 'found') return { kind: 'posted', remote: found.remote };
      }
      return outcome;
    }
  }

  return {
    name: 'bluesky',
    dryRun: false,
    length: BLUESKY_LENGTH,
    images: BLUESKY_IMAGES,
    async start() {
      try {
        await session.login();
      } catch (error) {
        options.logger?.warn({ network: 'bluesky', error: describe(error) }, 'Bluesky login failed: it is tried again at the first post');
      }
    },
    newKey: () => TID.nextStr(),
    post,
    async find(part) {
      // getRecord needs no session; logging in only tells the account's DID (the handle works too).
      if (!agent.hasSession) await session.login().catch(() => undefined);
      return readRecord(part);
    },
  };
}
