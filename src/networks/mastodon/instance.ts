import type { ImageLimits } from '../network.js';
import { isRecord } from './api.js';

/** What an instance accepts, as `GET /api/v2/instance` states it (docs: Entities > Instance > configuration). */
export interface InstanceLimits {
  maxCharacters: number;
  charactersPerUrl: number;
  images: ImageLimits;
}

const MB = 1024 * 1024;
// Paperclip validates the file size with `less_than` (app/models/media_attachment.rb): the limit itself is refused.
const bytesUnder = (limit: number) => limit - 1;
// A GIF is turned into a silent video under a 1280x720 limit (docs: User > Posting > Attachments): send it converted.
const TAKEN_AS_IS = (type: string) => type.startsWith('image/') && type !== 'image/gif';

/**
 * When the instance cannot be read: what Mastodon documents. 500 characters and 23 per link, 4 images up
 * to 16 MB in PNG, JPG, HEIF, WEBP or AVIF (docs: User > Posting to your profile); 16,777,216 pixels
 * (the `image_matrix_limit` of the Instance entity's example; 4.4 raised it, and says so when it can be
 * read); alt text of 1,500 characters (MediaAttachment's description limit, `description_limit` since 4.4).
 */
export const DEFAULT_LIMITS: InstanceLimits = {
  maxCharacters: 500,
  charactersPerUrl: 23,
  images: {
    maxImages: 4,
    maxBytes: Object.fromEntries(
      ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/avif'].map((type) => [type, bytesUnder(16 * MB)]),
    ),
    maxPixels: 16_777_216,
    maxAlt: 1_500,
  },
};

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The limits an instance states; each one it leaves out (older versions, forks) keeps its default. */
export function limitsFrom(instance: unknown): InstanceLimits {
  const configuration = isRecord(instance) && isRecord(instance.configuration) ? instance.configuration : {};
  const statuses = isRecord(configuration.statuses) ? configuration.statuses : {};
  const media = isRecord(configuration.media_attachments) ? configuration.media_attachments : {};
  const defaults = DEFAULT_LIMITS.images;
  const sizeLimit = positive(media.image_size_limit);
  const types = Array.isArray(media.supported_mime_types)
    ? media.supported_mime_types.filter((type): type is string => typeof type === 'string' && TAKEN_AS_IS(type))
    : Object.keys(defaults.maxBytes);
  const size = sizeLimit ? bytesUnder(sizeLimit) : bytesUnder(16 * MB);
  return {
    maxCharacters: positive(statuses.max_characters) ?? DEFAULT_LIMITS.maxCharacters,
    charactersPerUrl: positive(statuses.characters_reserved_per_url) ?? DEFAULT_LIMITS.charactersPerUrl,
    images: {
      maxImages: positive(statuses.max_media_attachments) ?? defaults.maxImages,
      maxBytes: Object.fromEntries(types.map((type) => [type, size])),
      maxPixels: positive(media.image_matrix_limit) ?? defaults.maxPixels,
      maxAlt: positive(media.description_limit) ?? defaults.maxAlt,
    },
  };
}
