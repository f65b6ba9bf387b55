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
  | { code: 'bad_type'; block: 'images'; name: string }
  | { code: 'too_big'; block: 'images'; name: string; limitMb: number }
  | { code: 'alt_missing'; block: string; n: number }
  | { code: 'alt_too_long'; block: string; n: number; max: number };

/** X's limits for images: JPEG, PNG and WebP up to 5 MB, GIF up to 15 MB; at most four per tweet. */
const TYPES: Record<string, number> = { 'image/jpeg': 5, 'image/png': 5, 'image/webp': 5, 'image/gif': 15 };
export const MAX_IMAGES = 4;
/** X's longest alt text. */
const MAX_ALT = 1000;

const MB = 1024 * 1024;
const BY_EXTENSION: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };
/** The file extensions the composer's file input accepts: the types X takes. */
export const IMAGE_FILE_TYPES: readonly string[] = Object.keys(BY_EXTENSION);
/** The composer's block for the alt text of the `n`th image (from 1), which its problems point at. */
export const altBlock = (n: number) => `alt_${n}`;

/** Checks the images of a proposal when it is made, so a refusal comes now and not at publication. */
export function checkImages(files: readonly UploadedFile[], alts: readonly string[]): { images: ProposalImage[]; problems: ImageProblem[] } {
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
    else if ([...alt].length > MAX_ALT) problems.push({ code: 'alt_too_long', block: altBlock(n), n, max: MAX_ALT });
    images.push({ fileId: file.id, name, mimetype, size: file.size ?? 0, altText: alt });
  });
  return { images, problems };
}
