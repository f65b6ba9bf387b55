/**
 * X's v2 media upload (initialize → append → finalize, status) and media metadata, checked as X
 * checks them: bodies against the OpenAPI document (`schemas.ts`), sizes per docs.x.com, Media ›
 * "Best practices" (image ≤ 5 MB, animated GIF ≤ 15 MB, "enforced by the media upload endpoint"; a
 * media category defaults by content type), and the segments adding up to `total_bytes` at finalize.
 */
import type { FakeMedia } from '../fakeX.js';
import type { XBody } from './bodies.js';
import { invalidRequest, problem, schemaChecker, type XProblemItem } from './problems.js';
import { APPEND_UPLOAD, INITIALIZE_UPLOAD, MEDIA_METADATA } from './schemas.js';
import { unknownOrRepeated } from './timeline.js';

export interface Answer {
  status: number;
  body: unknown;
}

export interface MediaStore {
  media: FakeMedia[];
  nextId(): string;
  nowMs(): number;
}

/** Media ids live a day (`expires_after_secs` of X's answers for images). */
const LIFETIME_SECS = 86400;
/** "File size exceeds 5242880 bytes." is X's refusal at initialize (quoted from X in client code, 2024). */
const MAX_BYTES: Record<string, number> = { tweet_image: 5 * 1024 * 1024, tweet_gif: 15 * 1024 * 1024, tweet_video: 512 * 1024 * 1024 };
/** media_key prefixes of X's media objects: 3 photo, 16 animated GIF, 7 video. */
const KEY_PREFIX: Record<string, string> = { tweet_image: '3', tweet_gif: '16', tweet_video: '7' };

const checkInitialize = schemaChecker(INITIALIZE_UPLOAD);
const checkAppend = schemaChecker(APPEND_UPLOAD);
const checkMetadata = schemaChecker(MEDIA_METADATA);
const checkAppendJson = schemaChecker({
  ...APPEND_UPLOAD,
  properties: { media: { type: 'string' }, segment_index: { type: 'integer', minimum: 0, maximum: 999 } },
});

const bad = (errors: XProblemItem[]): Answer => ({ status: 400, body: invalidRequest(errors) });
/** Observed from X on a form body (twitteroauth issue #1082): JSON endpoints want JSON. */
export const NOT_JSON = bad([{ parameters: {}, message: 'Requests with bodies must have content-type of application/json.' }]);

export function mediaKey(media: FakeMedia): string {
  return `${KEY_PREFIX[media.category ?? ''] ?? '3'}_${media.id}`;
}

/** This account's media, unexpired; finalized too when `finalized` is asked. */
export function findMedia(store: MediaStore, id: string, finalized = false): FakeMedia | undefined {
  const media = store.media.find((m) => m.id === id);
  if (!media || media.expiresAtMs <= store.nowMs()) return undefined;
  return !finalized || media.finalized ? media : undefined;
}

/** Wording modelled on X's answers for ids it cannot use (the exact text for media is not documented). */
const unknownMedia = (id: string) => bad([problem('id', id, `The \`id\` query parameter value [${id}] is not valid`)]);

export function initialize(store: MediaStore, body: XBody): Answer {
  if (body.kind !== 'json') return NOT_JSON;
  const problems = checkInitialize(body.value);
  if (problems.length > 0) return bad(problems);
  const request = body.value as { media_type?: string; media_category?: string; total_bytes?: number };
  const category = request.media_category ?? defaultCategory(request.media_type);
  const limit = MAX_BYTES[category ?? ''];
  if (limit !== undefined && (request.total_bytes ?? 0) > limit) return bad([problem('total_bytes', String(request.total_bytes), `File size exceeds ${limit} bytes.`)]);
  const media: FakeMedia = {
    id: store.nextId(), mediaType: request.media_type, category, totalBytes: request.total_bytes,
    segments: [], appendedBytes: 0, finalized: false, expiresAtMs: store.nowMs() + LIFETIME_SECS * 1000,
  };
  store.media.push(media);
  return { status: 200, body: { data: { id: media.id, media_key: mediaKey(media), expires_after_secs: LIFETIME_SECS } } };
}

export function append(store: MediaStore, id: string, body: XBody): Answer {
  const media = findMedia(store, id);
  if (!media || media.finalized) return unknownMedia(id);
  let index: number;
  let data: Buffer;
  if (body.kind === 'multipart') {
    const fields = Object.fromEntries(body.parts.map((p) => [p.name, p.name === 'media' ? '(binary)' : p.data.toString('utf8')]));
    const problems = [...checkAppend(fields), ...repeatedParts(body.parts.map((p) => p.name))];
    if (problems.length > 0) return bad(problems);
    index = Number(fields.segment_index);
    data = body.parts.find((p) => p.name === 'media')!.data;
  } else if (body.kind === 'json') {
    const problems = checkAppendJson(body.value);
    if (problems.length > 0) return bad(problems);
    const request = body.value as { media: string; segment_index: number };
    index = request.segment_index;
    data = Buffer.from(request.media, 'base64');
  } else {
    return bad([{ parameters: {}, message: 'Requests must be multipart/form-data or application/json.' }]); // wording ours
  }
  media.segments[index] = data;
  media.appendedBytes = media.segments.reduce((sum, s) => sum + (s?.length ?? 0), 0);
  return { status: 200, body: { data: { expires_at: Math.floor(media.expiresAtMs / 1000) } } };
}

export function finalize(store: MediaStore, id: string): Answer {
  const media = findMedia(store, id);
  if (!media) return unknownMedia(id);
  const size = media.appendedBytes;
  // Quoted from X's FINALIZE refusals in client code and bug reports (2016–2026).
  if (media.totalBytes !== undefined && size !== media.totalBytes) {
    return bad([problem('id', id, 'Segments do not add up to provided total file size.')]);
  }
  const limit = MAX_BYTES[media.category ?? ''];
  if (limit !== undefined && size > limit) return bad([problem('id', id, `File size exceeds ${limit} bytes.`)]);
  media.finalized = true;
  media.data = Buffer.concat(media.segments.filter(Boolean));
  return {
    status: 200,
    body: { data: { id: media.id, media_key: mediaKey(media), size, expires_after_secs: Math.floor((media.expiresAtMs - store.nowMs()) / 1000) } },
  };
}

/** GET /2/media/upload: `media_id` (required) and `command` (`STATUS` only), nothing else. */
export function status(store: MediaStore, entries: ReadonlyArray<readonly [string, string]>): Answer {
  const problems = unknownOrRepeated(entries, ['media_id', 'command']);
  const id = entries.find(([n]) => n === 'media_id')?.[1];
  const command = entries.find(([n]) => n === 'command')?.[1];
  if (id === undefined) problems.push(problem('media_id', undefined, 'The `media_id` query parameter can not be empty'));
  else if (!/^[0-9]{1,19}$/.test(id)) problems.push(problem('media_id', id, `The \`media_id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`));
  if (command !== undefined && command !== 'STATUS') problems.push(problem('command', command, `The \`command\` query parameter value [${command}] is not one of [STATUS]`));
  if (problems.length > 0) return bad(problems);
  const media = findMedia(store, id!);
  if (!media) return unknownMedia(id!);
  const state = media.finalized ? 'succeeded' : 'pending';
  return { status: 200, body: { data: { id: media.id, media_key: mediaKey(media), processing_info: { state, progress_percent: media.finalized ? 100 : 0 } } } };
}

export function metadata(store: MediaStore, body: XBody): Answer {
  if (body.kind !== 'json') return NOT_JSON;
  const problems = checkMetadata(body.value);
  if (problems.length > 0) return bad(problems);
  const request = body.value as { id: string; metadata?: { alt_text?: { text: string } } };
  const media = findMedia(store, request.id);
  if (!media) return unknownMedia(request.id);
  if (request.metadata?.alt_text) media.altText = request.metadata.alt_text.text;
  return { status: 200, body: { data: { id: media.id, associated_metadata: request.metadata ?? {} } } };
}

/** "If media category is not specified, the uploaded media is assumed to be media for a Post … depending on the content type." */
function defaultCategory(mediaType: string | undefined): string | undefined {
  if (!mediaType) return undefined;
  if (mediaType === 'image/gif') return 'tweet_gif';
  if (mediaType.startsWith('image/')) return 'tweet_image';
  return mediaType.startsWith('video/') ? 'tweet_video' : undefined;
}

function repeatedParts(names: string[]): XProblemItem[] {
  return names.filter((n, i) => names.indexOf(n) !== i).map((n) => problem(n, undefined, `The form field [${n}] is given more than once`)); // wording ours
}
