import type { Lookup, PartToPost } from '../network.js';
import { type MastodonApi, errorText, isRecord, nextMaxId } from './api.js';
import { comparable, plainText } from './text.js';

/** Our clock and the instance's may disagree by a little: look a bit earlier than the first attempt. */
const CLOCK_SKEW_MS = 2 * 60 * 1000;
/** The most `GET /api/v1/accounts/:id/statuses` gives in one page (docs: Methods > accounts, `limit` max 40). */
const PAGE_LIMIT = '40';

type Status = Record<string, unknown>;

/**
 * Reads the account's statuses back to `since`, a page at a time (`max_id` from the `Link` header), and
 * looks for the part: the same text once Mastodon's HTML is read back, the same reply target, as many
 * images, created since the first attempt. Bounded by that time, not by a count of statuses.
 */
export async function lookUp(api: MastodonApi, accountId: string, part: PartToPost, since: Date): Promise<Lookup> {
  const floor = since.getTime() - CLOCK_SKEW_MS;
  const wanted = comparable(part.text);
  let maxId: string | null = null;
  for (;;) {
    const reply = await api.request('GET', `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses`, {
      query: { limit: PAGE_LIMIT, exclude_reblogs: 'true', ...(maxId ? { max_id: maxId } : {}) },
    });
    if (reply.kind === 'lost') return { kind: 'unreadable', detail: reply.detail };
    const { answer } = reply;
    if (answer.status !== 200 || !Array.isArray(answer.body)) return { kind: 'unreadable', detail: errorText(answer) };
    const page = answer.body.filter(isRecord);
    if (page.length === 0) return { kind: 'absent' };
    for (const status of page) {
      if (createdAt(status) >= floor && isThePart(status, part, wanted)) {
        return { kind: 'found', remote: { id: String(status.id), url: String(status.url ?? status.uri ?? '') } };
      }
    }
    const oldest = page[page.length - 1]!;
    const reached = createdAt(oldest);
    if (Number.isNaN(reached)) return { kind: 'unreadable', detail: 'a status without a readable created_at' };
    if (reached < floor) return { kind: 'absent' };
    const next = nextMaxId(answer.headers) ?? (typeof oldest.id === 'string' ? oldest.id : null);
    if (!next || (maxId !== null && !isOlder(next, maxId))) return { kind: 'unreadable', detail: 'the pages do not move back in time' };
    maxId = next;
  }
}

function createdAt(status: Status): number {
  return typeof status.created_at === 'string' ? Date.parse(status.created_at) : Number.NaN;
}

function isThePart(status: Status, part: PartToPost, wanted: string): boolean {
  if (status.reblog || typeof status.content !== 'string' || typeof status.id !== 'string') return false;
  if ((status.in_reply_to_id ?? null) !== (part.reply?.parent.id ?? null)) return false;
  const images = Array.isArray(status.media_attachments) ? status.media_attachments.length : 0;
  if (images !== part.media.length) return false;
  return comparable(plainText(status.content)) === wanted;
}

/** Mastodon ids are numbers in strings, growing with time. */
function isOlder(id: string, than: string): boolean {
  if (/^\d+$/.test(id) && /^\d+$/.test(than)) return BigInt(id) < BigInt(than);
  return id !== than;
}
