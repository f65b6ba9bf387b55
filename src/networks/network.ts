/**
 * One interface for every network the cell publishes on (X, Mastodon, Bluesky). The proposals
 * capability knows nothing else of a network: how it counts a text, what images it takes, how to
 * post one part of a message, and how to find out whether a part whose answer was lost is online.
 *
 * Exactly once is each network's own (SPEC "Networks"): every part carries a `key` chosen and stored
 * before its first attempt and passed again on every attempt (Mastodon: the Idempotency-Key header;
 * Bluesky: the record key; X: unused, X has no such thing), and `find` is asked before any new
 * attempt after an unknown outcome.
 */

export type NetworkName = 'x' | 'mastodon' | 'bluesky';
export const NETWORKS: readonly NetworkName[] = ['x', 'mastodon', 'bluesky'];

/** A post as a network identifies it, stored as soon as the network gives it. */
export interface RemotePost {
  /** X: the tweet id; Mastodon: the status id; Bluesky: the record's at:// URI. */
  id: string;
  /** Bluesky: the record's CID (replies need a strong reference: URI and CID). */
  cid?: string;
  /** The public link a person opens. */
  url: string;
}

/** An image as it is sent: the bytes fetched from Slack at publication, and its alt text. */
export interface Media {
  data: Buffer;
  mimeType: string;
  altText: string;
}

/** One post to make: a single proposal, or one part of a thread. */
export interface PartToPost {
  text: string;
  media: Media[];
  /**
   * The post this one answers on this network: the previous part of the thread, or the target of
   * `--reply` / a follow-up's closing post for part 1. Bluesky needs the thread's root as well.
   */
  reply: { parent: RemotePost; root: RemotePost } | null;
  /** Chosen with `newKey()` and stored before the first attempt; the same on every attempt. */
  key: string;
}

/** Why a network refused a post for good, in words the messages can translate. */
export type FailureCode =
  /** 401, or 403 about the credentials or the app's permissions: someone must fix the keys. */
  | 'credentials'
  /** X's 403 "duplicate content". */
  | 'duplicate'
  /** The post answered (`reply.parent`) is gone or cannot be answered. */
  | 'reply_target'
  /** An image the network refused or that cannot be brought within its limits. */
  | 'image'
  /** Any other 4xx: the request itself was refused. */
  | 'invalid';

/** What became of one attempt to post one part. */
export type PostOutcome =
  | { kind: 'posted'; remote: RemotePost }
  | { kind: 'rate_limited'; resetAt: Date | null; detail: string }
  | { kind: 'failed'; code: FailureCode; status: number | null; detail: string }
  /** Timeout, cut connection, 5xx: the post may or may not exist. Never re-posted blindly. */
  | { kind: 'unknown'; detail: string };

/** Whether a part whose answer was lost is online. */
export type Lookup =
  | { kind: 'found'; remote: RemotePost }
  /** Looked, not there: posting again is safe. */
  | { kind: 'absent' }
  /** Not looked, but posting again with the same key cannot make a second post (Mastodon within the key's lifetime). */
  | { kind: 'repeatable' }
  /** The network cannot tell (plan without reads, outage): a person must check. */
  | { kind: 'unreadable'; detail: string };

/** What a network accepts as images (SPEC "Networks": scaled or re-encoded to fit, never dropped). */
export interface ImageLimits {
  maxImages: number;
  /** Largest file per accepted MIME type, in bytes; other types are converted (to JPEG or PNG). */
  maxBytes: Record<string, number>;
  /** Largest width × height, when the network has one. */
  maxPixels?: number;
  /** Longest alt text, in characters. */
  maxAlt: number;
}

/** How a network counts a text, and its limit. */
export interface LengthRule {
  max: number;
  count(text: string): number;
}

export interface Network {
  readonly name: NetworkName;
  /** Dry run: everything happens except the call to the network. */
  readonly dryRun: boolean;
  readonly length: LengthRule;
  readonly images: ImageLimits;
  /**
   * What must be known before the first post, read once at start (Mastodon: the instance's limits;
   * Bluesky: a session). Never throws: when the network cannot be reached the documented defaults stay.
   */
  start(): Promise<void>;
  /** A key for a new part, stored before its first attempt (Bluesky: a TID record key). */
  newKey(): string;
  post(part: PartToPost): Promise<PostOutcome>;
  /** Looks for `part` among what was posted since `since` (its first attempt), before any new attempt. */
  find(part: PartToPost, since: Date): Promise<Lookup>;
}
