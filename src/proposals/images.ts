import type { ImageLimits, NetworkName } from '../networks/network.js';
import type { ProposalImage } from './store.js';

/** A file from the composer's file input, as Slack describes it in the view submission. */
export interface UploadedFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
}

export type ImageProblem =
  | { code: 'too_many'; block: 'images'; max: number }
  | { code: 'gif_not_alone'; block: 'images'; name: string }
  | { code: 'bad_type'; block: 'images'; name: string }
  | { code: 'too_big'; block: 'images'; name: string; limitMb: number }
  | { code: 'alt_missing'; block: string; n: number }
  | { code: 'alt_too_long'; block: string; n: number; max: number };

/**
 * What the composer takes: JPEG, PNG, WebP and GIF, each network getting them re-encoded or scaled to its
 * own limits at publication (networks/images.ts). The size bound is ours: a photo straight from a phone
 * fits, and decoding stays within memory.
 */
const TYPES: Record<string, number> = { 'image/jpeg': 20, 'image/png': 20, 'image/webp': 20, 'image/gif': 15 };
export const MAX_IMAGES = 4;

const MB = 1024 * 1024;
const BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };
/** The file extensions the composer's file input accepts: the types X takes. */
export const IMAGE_FILE_TYPES: readonly string[] = Object.keys(BY_EXTENSION);
/** The composer's block for the alt text of the `n`th image (from 1), which its problems point at. */
export const altBlock = (n: number) => `alt_${n}`;

/** The longest alt text every network targeted takes; never over the 2,000 characters the official apps stop at. */
export function maxAltOf(networks: ReadonlyArray<{ images: ImageLimits }>): number {
  return Math.min(...networks.map((n) => n.images.maxAlt), 2000);
}

/**
 * Checks the images of a proposal when it is made, so a refusal comes now and not at publication: the
 * types, a size no network could take even re-encoded, the alt texts against the shortest limit of the
 * networks targeted, and X's rule that an animated GIF goes alone.
 */
export function checkImages(
  files: readonly UploadedFile[],
  alts: readonly string[],
  networks: ReadonlyArray<{ name: NetworkName; images: ImageLimits }>,
): { images: ProposalImage[]; problems: ImageProblem[] } {
  const maxAlt = maxAltOf(networks);
  const problems: ImageProblem[] = [];
  if (files.length > MAX_IMAGES) problems.push({ code: 'too_many', block: 'images', max: MAX_IMAGES });
  const images: ProposalImage[] = [];
  files.slice(0, MAX_IMAGES).forEach((file, index) => {
    const n = index + 1;
    const name = file.name ?? file.title ?? file.id;
    const mimetype = file.mimetype ?? BY_EXTENSION[(file.filetype ?? '').toLowerCase()] ?? '';
    const limit = TYPES[mimetype];
    if (!limit) problems.push({ code: 'bad_type', block: 'images', name });
    else if ((file.size ?? 0) > limit * MB) problems.push({ code: 'too_big', block: 'images', name, limitMb: limit });
    const alt = (alts[index] ?? '').trim();
    if (!alt) problems.push({ code: 'alt_missing', block: altBlock(n), n });
    else if ([...alt].length > maxAlt) problems.push({ code: 'alt_too_long', block: altBlock(n), n, max: maxAlt });
    images.push({ fileId: file.id, name, mimetype, size: file.size ?? 0, altText: alt });
  });
  // X: "up to 4 photos, 1 animated GIF or 1 video" (POST /2/tweets, media.media_ids).
  const gif = images.find((image) => image.mimetype === 'image/gif');
  if (gif && images.length > 1 && networks.some((n) => n.name === 'x')) problems.push({ code: 'gif_not_alone', block: 'images', name: gif.name });
  return { images, problems };
}
