import { fitImage } from '../images.js';
import type { ImageLimits, Media, PostOutcome } from '../network.js';
import { type MastodonApi, isRecord } from './api.js';
import { refusal } from './outcomes.js';

/** Between two looks at a media still processing, as masto and Mastodon's own web app wait. */
const POLL_INTERVAL_MS = 1_000;
/** Half a minute of processing at most; an image is usually ready at once (docs: 4.0 processes images synchronously). */
const POLLS = 30;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic', 'image/heif': 'heif', 'image/avif': 'avif',
};

export type Prepared = { ok: true; media: Media[] } | { ok: false; detail: string };

/** The images brought within the instance's limits, or why they cannot be (never one dropped silently). */
export async function prepareImages(media: Media[], limits: ImageLimits): Promise<Prepared> {
  if (media.length > limits.maxImages) {
    return { ok: false, detail: `${media.length} images, this instance takes ${limits.maxImages}` };
  }
  const fitted: Media[] = [];
  for (const [index, image] of media.entries()) {
    const altLength = [...image.altText].length;
    if (altLength > limits.maxAlt) {
      return { ok: false, detail: `image ${index + 1}: alt text of ${altLength} characters, this instance takes ${limits.maxAlt}` };
    }
    const fit = await fitImage(image, limits);
    if (!fit.ok) return { ok: false, detail: `image ${index + 1}: ${fit.reason}` };
    fitted.push(fit.media);
  }
  return { ok: true, media: fitted };
}

export type Upload = { kind: 'uploaded'; id: string } | { kind: 'stopped'; outcome: PostOutcome };

/**
 * One image uploaded with `POST /api/v2/media` (file + description). A 202 means it is still processing:
 * `GET /api/v1/media/:id` answers 206 until it has a `url` (docs: Methods > media), looked at a bounded
 * number of times, since a status naming an unprocessed media is refused.
 */
export async function uploadImage(api: MastodonApi, media: Media, wait: (ms: number) => Promise<void>): Promise<Upload> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(media.data)], { type: media.mimeType }), `image.${EXTENSIONS[media.mimeType] ?? 'bin'}`);
  if (media.altText) form.append('description', media.altText);
  const created = await api.request('POST', '/api/v2/media', { form });
  if (created.kind === 'lost') return stopped({ kind: 'unknown', detail: `media upload: ${created.detail}` });
  const { answer } = created;
  if (answer.status !== 200 && answer.status !== 202) return stopped(refusal(answer, 'media', false));
  const id = isRecord(answer.body) && typeof answer.body.id === 'string' ? answer.body.id : null;
  if (!id) return stopped({ kind: 'unknown', detail: 'media upload: the answer names no media id' });
  if (answer.status === 200 && isRecord(answer.body) && answer.body.url) return { kind: 'uploaded', id };

  for (let poll = 0; poll < POLLS; poll++) {
    await wait(POLL_INTERVAL_MS);
    const looked = await api.request('GET', `/api/v1/media/${encodeURIComponent(id)}`);
    if (looked.kind === 'lost') return stopped({ kind: 'unknown', detail: `media processing: ${looked.detail}` });
    const { status, body } = looked.answer;
    if (status === 200 && isRecord(body) && body.url) return { kind: 'uploaded', id };
    if (status !== 200 && status !== 206) return stopped(refusal(looked.answer, 'media', false));
  }
  return stopped({ kind: 'unknown', detail: `media ${id} still processing after ${POLLS} looks` });
}

const stopped = (outcome: PostOutcome): Upload => ({ kind: 'stopped', outcome });
