/**
 * What the fake PDS (fakeBluesky.ts) checks, taken from the AT Protocol specs and lexicons and from the
 * reference PDS (bluesky-social/atproto, packages/pds): identifiers' syntax, CIDs, and the
 * `app.bsky.feed.post` record as createRecord validates it, plus what the AppView silently drops (facets
 * outside the text, replies whose root does not match), refused here so that a test sees it.
 */
import { createHash } from 'node:crypto';
import { jsonToLex, lexicons } from '@atproto/api';

export const POST_COLLECTION = 'app.bsky.feed.post';

/** atproto.com/specs/tid: 13 base32-sortable characters; the top bit is 0, so the first is one of 2-7, a-j. */
export const isTid = (key: string) => /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(key);

/** atproto.com/specs/record-key: 1 to 512 of A-Z a-z 0-9 . - _ : ~, never `.` nor `..`. */
export const isRecordKey = (key: string) => /^[A-Za-z0-9._:~-]{1,512}$/.test(key) && key !== '.' && key !== '..';

/** atproto.com/specs/handle: a domain name, at most 253 characters, its last label not starting with a digit. */
export const isHandle = (handle: string) =>
  handle.length <= 253 && /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(handle);

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * A CIDv1 (atproto.com/specs/data-model#link-and-cid-formats): sha-256, codec raw (0x55) for blobs and
 * dag-cbor (0x71) for records, base32 with the `b` prefix. A real PDS hashes a record's DAG-CBOR bytes;
 * this fake hashes its JSON, which gives a well-formed CID that changes with the content, as a real one does.
 */
export function cidFor(codec: 'raw' | 'dag-cbor', bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest();
  return `b${base32(Buffer.concat([Buffer.from([0x01, codec === 'raw' ? 0x55 : 0x71, 0x12, 0x20]), digest]))}`;
}

/** The PDS types an uploaded blob by its bytes (file-type sniffing), falling back to the declared Content-Type. */
export function sniffMimeType(data: Buffer, declared: string | undefined): string {
  if (data.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return declared?.split(';')[0]?.trim() || 'application/octet-stream';
}

export interface StoredBlob {
  cid: string;
  mimeType: string;
  size: number;
}

export interface StoredRecord {
  uri: string;
  cid: string;
  value: any;
}

/** An XRPC refusal: `{ error, message }` with its HTTP status. */
export interface Refusal {
  status: number;
  error: string;
  message: string;
}

/** Thrown by the fake's handlers; answered as `{ error, message }` with its status and headers. */
export class XrpcRefusal extends Error {
  constructor(readonly refusal: Refusal, readonly headers: Record<string, string> = {}) {
    super(refusal.message);
  }
}

export const refuse = (status: number, error: string, message: string, headers?: Record<string, string>) =>
  new XrpcRefusal({ status, error, message }, headers);

export interface PostContext {
  blob(cid: string): StoredBlob | undefined;
  record(uri: string): StoredRecord | undefined;
  /** Largest image blob a post may embed, in bytes. */
  maxImageBytes: number;
}

const invalid = (message: string, error = 'InvalidRequest'): Refusal => ({ status: 400, error, message });
const invalidPost = (message: string) => invalid(`Invalid ${POST_COLLECTION} record: ${message}`);

const FACET_FEATURES = ['app.bsky.richtext.facet#mention', 'app.bsky.richtext.facet#link', 'app.bsky.richtext.facet#tag'];

/** A byte offset that falls between two UTF-8 characters (not on a continuation byte 10xxxxxx). */
const onBoundary = (bytes: Buffer, offset: number) => offset === bytes.length || (bytes[offset]! & 0xc0) !== 0x80;

/**
 * Checks a post as createRecord does (lexicon validation, pds/src/repo/prepare.ts; blob checks,
 * pds/src/actor-store/blob/transactor.ts verifyBlob) and what the AppView would drop without a word.
 * Returns the refusal, or null when the record would be stored.
 */
export function checkPost(record: any, context: PostContext): Refusal | null {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return invalid('Input/record must be an object');
  if (record.$type !== POST_COLLECTION) return invalid(`Invalid $type: expected ${POST_COLLECTION}, got ${String(record.$type)}`);
  try {
    // The published lexicon, as bundled with @atproto/api: text ≤ 300 graphemes and 3,000 bytes, createdAt a
    // datetime, facets' features, embed.images ≤ 4 each with `alt`, strong refs, langs as BCP 47 tags.
    lexicons.assertValidRecord(POST_COLLECTION, jsonToLex(record));
  } catch (error) {
    return invalidPost(error instanceof Error ? error.message : String(error));
  }
  return checkFacets(record) ?? checkImages(record, context) ?? checkReply(record, context);
}

/** Facets the AppView cannot place are dropped when shown (app.bsky.richtext.facet: UTF-8 byte offsets, end exclusive). */
function checkFacets(record: any): Refusal | null {
  const bytes = Buffer.from(record.text as string, 'utf8');
  for (const [i, facet] of ((record.facets ?? []) as any[]).entries()) {
    const { byteStart, byteEnd } = facet.index;
    if (byteStart >= byteEnd || byteEnd > bytes.length) {
      return invalidPost(`Record/facets/${i}/index [${byteStart}, ${byteEnd}) is not inside the text's ${bytes.length} bytes`);
    }
    if (!onBoundary(bytes, byteStart) || !onBoundary(bytes, byteEnd)) {
      return invalidPost(`Record/facets/${i}/index [${byteStart}, ${byteEnd}) cuts a character in two`);
    }
    if ((facet.features as any[]).length === 0) return invalidPost(`Record/facets/${i}/features is empty`);
    for (const feature of facet.features as any[]) {
      if (!FACET_FEATURES.includes(feature.$type)) return invalidPost(`Record/facets/${i} has an unknown feature ${String(feature.$type)}`);
    }
  }
  return null;
}

/** app.bsky.embed.images: image/* blobs this repo uploaded, as uploaded (mime type and size), within the size limit. */
function checkImages(record: any, context: PostContext): Refusal | null {
  if (!record.embed) return null;
  if (record.embed.$type !== 'app.bsky.embed.images') return invalidPost(`this fake PDS models app.bsky.embed.images only, not ${String(record.embed.$type)}`);
  for (const [i, image] of (record.embed.images as any[]).entries()) {
    const ref = image.image;
    const cid = ref.ref.$link as string;
    const stored = context.blob(cid);
    if (!stored) return invalid(`Could not find blob: ${cid}`, 'BlobNotFound');
    if (ref.mimeType !== stored.mimeType) {
      return invalid(`Referenced Mimetype does not match stored blob. Expected: ${stored.mimeType}, Got: ${ref.mimeType}`, 'InvalidMimeType');
    }
    if (ref.size !== stored.size) return invalid(`Referenced Size does not match stored blob. Expected: ${stored.size}, Got: ${ref.size}`, 'InvalidSize');
    if (!stored.mimeType.startsWith('image/')) return invalidPost(`Record/embed/images/${i}/image mime type ${stored.mimeType} is not accepted (image/*)`);
    if (stored.size > context.maxImageBytes) {
      return invalidPost(`Record/embed/images/${i}/image blob too big (maximum ${context.maxImageBytes}, got ${stored.size})`);
    }
  }
  return null;
}

/**
 * Reply refs must name records that exist, by their current CID; the root must be the parent's root
 * (or the parent itself when it is not a reply), else the AppView marks the post an invalid reply
 * (packages/bsky/src/data-plane/server/util.ts, invalidReplyRoot) and hides it from the thread.
 */
function checkReply(record: any, context: PostContext): Refusal | null {
  if (!record.reply) return null;
  for (const which of ['parent', 'root'] as const) {
    const ref = record.reply[which];
    const target = context.record(ref.uri);
    if (!target) return invalidPost(`reply ${which} ${ref.uri} could not be found`);
    if (target.cid !== ref.cid) return invalidPost(`reply ${which} ${ref.uri} has CID ${target.cid}, not ${ref.cid}`);
  }
  const parent = context.record(record.reply.parent.uri)!;
  const expectedRoot = parent.value.reply?.root.uri ?? parent.uri;
  if (record.reply.root.uri !== expectedRoot) {
    return invalidPost(`reply root ${record.reply.root.uri} is not the thread's root ${expectedRoot}`);
  }
  return null;
}
