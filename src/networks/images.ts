import type { Metadata } from 'sharp';
import type { ImageLimits, Media } from './network.js';
import { loadSharp } from './sharp.js';

/** Largest side tried when scaling down: plenty for every network's display. */
const START_SIDE = 4096;
const QUALITIES = [85, 75, 65, 50, 40];

export type Fitted = { ok: true; media: Media } | { ok: false; reason: string };

/**
 * An image brought within a network's limits (SPEC "Networks": re-encoded or scaled down, never silently
 * dropped): kept as it is when it fits, else converted to a type the network takes, scaled to its pixel
 * limit, then re-encoded as JPEG (PNG when it has transparency and fits) at falling quality and size
 * until it fits. Only an image that cannot be decoded, or cannot fit at all, is refused, with the reason.
 */
export async function fitImage(media: Media, limits: ImageLimits): Promise<Fitted> {
  const allowed = limits.maxBytes[media.mimeType];
  let sharp: Awaited<ReturnType<typeof loadSharp>>;
  try {
    sharp = await loadSharp();
  } catch (error) {
    // Not the image's fault, and trying again will not help: said as it is, for whoever runs the bot.
    return { ok: false, reason: `images cannot be processed on this server: sharp did not load (${error instanceof Error ? error.message : String(error)})` };
  }
  let meta: Metadata;
  try {
    meta = await sharp(media.data).metadata();
  } catch (error) {
    return { ok: false, reason: `not a readable image (${error instanceof Error ? error.message : String(error)})` };
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  const withinPixels = !limits.maxPixels || pixels <= limits.maxPixels;
  if (allowed !== undefined && media.data.length <= allowed && withinPixels) return { ok: true, media };

  const jpegMax = limits.maxBytes['image/jpeg'];
  const pngMax = limits.maxBytes['image/png'];
  let side = Math.min(START_SIDE, Math.max(meta.width ?? START_SIDE, meta.height ?? START_SIDE));
  if (limits.maxPixels && pixels > limits.maxPixels) side = Math.floor(side * Math.sqrt(limits.maxPixels / pixels));
  for (let round = 0; round < 6 && side >= 64; round++) {
    const base = () => sharp(media.data, { animated: false }).rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true });
    if (meta.hasAlpha && pngMax !== undefined) {
      const png = await base().png({ compressionLevel: 9 }).toBuffer();
      if (png.length <= pngMax) return { ok: true, media: { ...media, data: png, mimeType: 'image/png' } };
    }
    if (jpegMax !== undefined) {
      for (const quality of QUALITIES) {
        const jpeg = await base().flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer();
        if (jpeg.length <= jpegMax) return { ok: true, media: { ...media, data: jpeg, mimeType: 'image/jpeg' } };
      }
    }
    side = Math.floor(side * 0.7);
  }
  return { ok: false, reason: 'too large to fit this network even scaled down' };
}
