/**
 * Images as the fake Mastodon takes them on `POST /api/v2/media` (docs: Methods > media; Mastodon's
 * MediaAttachment and Attachmentable): a file of a supported type whose contents are that type, smaller
 * than `image_size_limit` (Paperclip's `less_than`), within `image_matrix_limit` pixels (a GIF within
 * 1280x720), with a description of at most `description_limit` characters. Only images: the cell sends
 * nothing else.
 */
import sharp from 'sharp';

export interface FakeMediaAttachment {
  id: string;
  accountId: string;
  statusId: string | null;
  processed: boolean;
  mimeType: string;
  bytes: number;
  width: number;
  height: number;
  description: string | null;
  data: Buffer;
}

interface ImageRules {
  supportedMimeTypes: string[];
  imageSizeLimit: number;
  imageMatrixLimit: number;
  descriptionLimit: number;
}

/** Attachmentable::GIF_MATRIX_LIMIT. */
const GIF_MATRIX_LIMIT = 921_600;

// What sharp reads in the bytes, as the MIME types a client may declare for it.
const FORMATS: Record<string, string[]> = {
  jpeg: ['image/jpeg'], png: ['image/png'], webp: ['image/webp'], gif: ['image/gif'],
  heif: ['image/heic', 'image/heif', 'image/avif'],
};

interface Uploaded {
  type: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const isFile = (value: unknown): value is Uploaded =>
  typeof value === 'object' && value !== null && typeof (value as Uploaded).arrayBuffer === 'function';

export type ReadImage =
  | { image: Omit<FakeMediaAttachment, 'id' | 'accountId' | 'statusId' | 'processed'> }
  | { error: string };

export async function readImage(params: Record<string, unknown>, rules: ImageRules): Promise<ReadImage> {
  const file = params.file;
  if (!isFile(file)) return { error: "Validation failed: File can't be blank" };
  const declared = file.type.split(';')[0]!.trim();
  if (!rules.supportedMimeTypes.includes(declared) || !declared.startsWith('image/')) {
    return { error: 'Validation failed: File content type is invalid, File is invalid' };
  }
  const data = Buffer.from(await file.arrayBuffer());
  if (data.length >= rules.imageSizeLimit) {
    return { error: `Validation failed: File file size must be less than ${humanSize(rules.imageSizeLimit)}` };
  }
  let width: number;
  let height: number;
  let format: string;
  try {
    const meta = await sharp(data).metadata();
    [width, height, format] = [meta.width ?? 0, meta.height ?? 0, meta.format ?? ''];
  } catch {
    return { error: 'Validation failed: File content type is invalid, File is invalid' };
  }
  if (!FORMATS[format]?.includes(declared)) {
    return { error: 'Validation failed: File has contents that are not what they are reported to be' };
  }
  // Mastodon::DimensionsValidationError, a validation error answered with 422.
  const matrix = declared === 'image/gif' ? GIF_MATRIX_LIMIT : rules.imageMatrixLimit;
  if (width * height > matrix) return { error: `${width}x${height} images are not supported` };
  const description = typeof params.description === 'string' && params.description !== '' ? params.description : null;
  if (description !== null && [...description].length > rules.descriptionLimit) {
    return { error: `Validation failed: Description is too long (maximum is ${rules.descriptionLimit} characters)` };
  }
  return { image: { mimeType: declared, bytes: data.length, width, height, description, data } };
}

/** Rails' number_to_human_size, as Paperclip's message shows the limit. */
function humanSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** The MediaAttachment entity; `url` stays null until the file is processed. */
export function mediaJson(media: FakeMediaAttachment, origin: string) {
  const file = `${origin}/system/media_attachments/files/${media.id}`;
  const size = { width: media.width, height: media.height, size: `${media.width}x${media.height}`, aspect: media.width / media.height };
  return {
    id: media.id, type: 'image', url: media.processed ? `${file}/original/image` : null, preview_url: `${file}/small/image`,
    remote_url: null, preview_remote_url: null, text_url: null,
    meta: { original: size, small: size }, description: media.description, blurhash: null,
  };
}
