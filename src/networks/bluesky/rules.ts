import type { ImageLimits, LengthRule } from '../network.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Graphemes: what a person sees as one character (an emoji with its skin tone, a flag, a letter and its accent). */
export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

const MAX_GRAPHEMES = 300;
const MAX_BYTES = 3000;

/**
 * The app.bsky.feed.post lexicon holds `text` to 300 graphemes (maxGraphemes) and 3,000 UTF-8 bytes
 * (maxLength). Both limits in one count: the larger of the graphemes and a tenth of the bytes (rounded up),
 * so a text passes exactly when it is within both.
 */
export const BLUESKY_LENGTH: LengthRule = {
  max: MAX_GRAPHEMES,
  count: (text) => Math.max(countGraphemes(text), Math.ceil(Buffer.byteLength(text, 'utf8') / (MAX_BYTES / MAX_GRAPHEMES))),
};

/**
 * Images: at most 4 (app.bsky.embed.images `maxLength`). The lexicon accepts `image/*` up to 2,000,000 bytes
 * since 2025 ("formerly limited to 1 MB"); a PDS checks against its own copy of the lexicon, so images are
 * kept under the former 1,000,000 that every PDS accepts. JPEG, PNG and WebP are shown by the app; others
 * are converted. Alt text: the lexicon sets no limit, the official app stops at 2,000 characters.
 */
export const MAX_IMAGE_BYTES = 1_000_000;
export const BLUESKY_IMAGES: ImageLimits = {
  maxImages: 4,
  maxBytes: { 'image/jpeg': MAX_IMAGE_BYTES, 'image/png': MAX_IMAGE_BYTES, 'image/webp': MAX_IMAGE_BYTES },
  maxAlt: 2000,
};
