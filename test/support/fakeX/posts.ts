/**
 * What X refuses in POST /2/tweets before creating anything: the body against `CreatePostsRequest`
 * (`schemas.ts`), the text's weighted length, the reply target, the media. Each refusal is the answer X
 * gives, quoted where X's words are known.
 */
import twitter from 'twitter-text';
import type { FakeMedia, FakeTweet } from '../fakeX.js';
import type { XBody } from './bodies.js';
import { findMedia, NOT_JSON, type Answer, type MediaStore } from './media.js';
import { invalidRequest, schemaChecker } from './problems.js';
import { CREATE_POST } from './schemas.js';

export interface TweetRequest {
  text?: string;
  reply?: { in_reply_to_tweet_id: string };
  media?: { media_ids: string[] };
}

const checkBody = schemaChecker(CREATE_POST);

/** Quoted from X's 400 (tweepy and twitter-api-v2 users' reports, 2023): the text is counted by twitter-text. */
const TOO_LONG = 'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.';
/** X's 403 for a reply to a tweet it cannot see (quoted in many clients' error handling). */
const REPLY_GONE = {
  detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.', type: 'about:blank', title: 'Forbidden', status: 403,
};

/** The refusal of this request, or null when X would go on to create the tweet. */
export function refuseTweet(body: XBody, tweets: readonly FakeTweet[], store: MediaStore): Answer | null {
  if (body.kind === 'malformed') return { status: 400, body: invalidRequest([{ parameters: {}, message: `Malformed JSON: ${body.reason}` }]) }; // wording ours
  if (body.kind !== 'json') return NOT_JSON;
  const problems = checkBody(body.value);
  if (problems.length > 0) return { status: 400, body: invalidRequest(problems) };
  const request = body.value as TweetRequest;
  const text = request.text ?? '';
  const ids = request.media?.media_ids ?? [];

  // 2.167: "Text of the tweet. Required unless media is provided." (the wording of the refusal is the validator's).
  if (text === '' && ids.length === 0) {
    return { status: 400, body: invalidRequest([{ parameters: { '$.text': ['""'] }, message: '$.text: is missing but it is required' }]) };
  }
  // twitter-text v3 (the default config): 280 weighted, links 23, most emoji and CJK 2.
  if (text !== '' && twitter.parseTweet(text).weightedLength > 280) {
    return { status: 400, body: invalidRequest([{ parameters: {}, message: TOO_LONG }]) };
  }
  if (request.reply && !tweets.some((t) => t.id === request.reply!.in_reply_to_tweet_id)) return { status: 403, body: REPLY_GONE };

  const media = ids.map((id) => findMedia(store, id, true));
  if (media.some((m) => !m)) {
    // X's words; the parameter naming follows X's own API playground.
    return { status: 400, body: invalidRequest([{ parameters: { 'media.media_ids': ids }, message: 'Your media IDs are invalid.' }]) };
  }
  // docs.x.com, Media › Best practices: "You may attach up to 4 photos, 1 animated GIF or 1 video in a Post."
  // The wording is that of X's v1.1 error 386.
  if (media.length > 1 && media.some((m) => (m as FakeMedia).category !== 'tweet_image')) {
    return { status: 400, body: invalidRequest([{ parameters: { 'media.media_ids': ids }, message: 'The Tweet exceeds the number of allowed attachment types.' }]) };
  }
  return null;
}
