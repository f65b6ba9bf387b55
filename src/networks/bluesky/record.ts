import { RichText, type AppBskyEmbedImages, type AppBskyFeedPost, type AppBskyRichtextFacet, type AtpAgent } from '@atproto/api';
import type { PartToPost } from '../network.js';
import { loadSharp } from '../sharp.js';

export const POST_COLLECTION = 'app.bsky.feed.post';

/**
 * Links, hashtags and mentions as rich-text facets (UTF-8 byte offsets), mentions resolved to DIDs through
 * the PDS. A handle that does not resolve stays plain text: the lexicon wants a DID in a mention, and
 * RichText leaves it empty, which createRecord would refuse.
 */
export async function detectFacets(agent: AtpAgent, text: string): Promise<AppBskyRichtextFacet.Main[]> {
  const rich = new RichText({ text });
  await rich.detectFacets(agent);
  return (rich.facets ?? [])
    .map((facet) => ({ ...facet, features: facet.features.filter((f) => f.$type !== 'app.bsky.richtext.facet#mention' || (f as AppBskyRichtextFacet.Mention).did) }))
    .filter((facet) => facet.features.length > 0);
}

/** Width and height as shown (EXIF orientation applied): the app sizes the image before it loads. */
export async function aspectRatio(data: Buffer): Promise<{ width: number; height: number } | undefined> {
  try {
    const sharp = await loadSharp();
    const { autoOrient } = await sharp(data).metadata();
    return autoOrient.width > 0 && autoOrient.height > 0 ? { width: autoOrient.width, height: autoOrient.height } : undefined;
  } catch {
    return undefined;
  }
}

/** The reply's strong refs (uri + cid): a reference stored without its CID cannot be answered. */
export function replyRef(part: PartToPost): AppBskyFeedPost.ReplyRef | 'no_cid' | undefined {
  if (!part.reply) return undefined;
  const { root, parent } = part.reply;
  if (!root.cid || !parent.cid) return 'no_cid';
  return { root: { uri: root.id, cid: root.cid }, parent: { uri: parent.id, cid: parent.cid } };
}

/** The record as createRecord takes it: the text exactly as approved, its facets, images and reply. */
export function postRecord(input: {
  text: string;
  facets: AppBskyRichtextFacet.Main[];
  images: AppBskyEmbedImages.Image[];
  reply: AppBskyFeedPost.ReplyRef | undefined;
  langs: string[];
  createdAt: Date;
}): AppBskyFeedPost.Record {
  return {
    $type: POST_COLLECTION,
    text: input.text,
    createdAt: input.createdAt.toISOString(),
    ...(input.facets.length > 0 ? { facets: input.facets } : {}),
    ...(input.images.length > 0 ? { embed: { $type: 'app.bsky.embed.images', images: input.images } } : {}),
    ...(input.reply ? { reply: input.reply } : {}),
    ...(input.langs.length > 0 ? { langs: input.langs } : {}),
  };
}
