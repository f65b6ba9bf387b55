/**
 * Files in the fake Slack, uploaded as Slack documents it (files.uploadV2 in the SDK does these three steps;
 * the old files.upload is retired):
 * 1. files.getUploadURLExternal (filename, length) → `upload_url` and `file_id`;
 * 2. POST of the bytes to `upload_url`, "as raw bytes or ... multipart form encoded. Slack will return
 *    HTTP 200 if the upload is successful" (https://docs.slack.dev/reference/methods/files.getUploadURLExternal);
 * 3. files.completeUploadExternal (`files` = [{ id, title }], optional channel_id, initial_comment, blocks,
 *    thread_ts) shares them: a message with `files` appears in the channel. "If the initial_comment field is
 *    provided, the blocks field is ignored" (files.completeUploadExternal, arguments); the blocks are held to
 *    the rules of a chat.postMessage (blockKit.ts), the method documenting no others.
 * files.info knows a file only once its upload is completed: before that Slack has no file to describe
 * (strict: a ticket's file id means nothing until completeUploadExternal has made it a file).
 * Registered files (`registerFile`) and uploaded ones are served by files.info and at their private URL.
 */
import { randomUUID } from 'node:crypto';
import type { FakeMessage } from './fakeSlack.js';
import type { ChannelAccess } from './fakeSlackHistory.js';
import { isRefusal, messageRefusal } from './slackMessageRules.js';

export interface FakeFile {
  id: string;
  name: string;
  mimetype: string;
  content: Buffer | string;
  title?: string;
}

interface Upload {
  fileId: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  completed: boolean;
}

export interface FileStore {
  origin(): string;
  access(channel: string): ChannelAccess;
  /** Posts the message that shares files in a channel, as the bot. */
  post(message: { channel: string; [key: string]: any }): FakeMessage;
}

type Handler = (args: Record<string, any>) => Record<string, any>;

const MIME: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', txt: 'text/plain',
  csv: 'text/csv', pdf: 'application/pdf', json: 'application/json', mp4: 'video/mp4',
};
const extension = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

const invalid = (message: string) => ({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] ${message}`] } });

/** The bytes of an upload: the file part of a multipart form, the one field of a url-encoded form, or the raw body. */
function uploadedBytes(body: Buffer, contentType: string): Buffer {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.startsWith('multipart/form-data') && boundary) {
    const parts: Array<{ head: string; content: Buffer }> = [];
    const delimiter = Buffer.from(`--${boundary}`);
    let start = body.indexOf(delimiter);
    while (start >= 0) {
      const next = body.indexOf(delimiter, start + delimiter.length);
      if (next < 0) break;
      const part = body.subarray(start + delimiter.length + 2, next - 2); // after CRLF, before CRLF
      const split = part.indexOf('\r\n\r\n');
      if (split >= 0) parts.push({ head: part.subarray(0, split).toString('utf8'), content: part.subarray(split + 4) });
      start = next;
    }
    const file = parts.find((p) => /filename=/i.test(p.head)) ?? parts[0];
    return file?.content ?? Buffer.alloc(0);
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const fields = [...new URLSearchParams(body.toString('utf8')).values()];
    if (fields.length === 1) return Buffer.from(fields[0]!, 'utf8');
  }
  return body;
}

export function fileService(store: FileStore) {
  const files = new Map<string, FakeFile>();
  const shares = new Map<string, Array<{ channel: string; ts: string; thread_ts?: string }>>();
  const uploads = new Map<string, Upload>(); // by ticket
  let fileCounter = 0;

  const url = (f: FakeFile) => `${store.origin()}/files-pri/T1-${f.id}/${encodeURIComponent(f.name)}`;
  const fileObject = (f: FakeFile) => {
    const shared = shares.get(f.id) ?? [];
    const publicShares: Record<string, Array<Record<string, string>>> = {};
    for (const s of shared) (publicShares[s.channel] ??= []).push({ ts: s.ts, ...(s.thread_ts ? { thread_ts: s.thread_ts } : {}) });
    return {
      id: f.id, name: f.name, title: f.title ?? f.name, mimetype: f.mimetype, filetype: extension(f.name) || f.mimetype.split('/')[1],
      size: Buffer.byteLength(f.content), user: 'UBOT', url_private: url(f), url_private_download: url(f),
      channels: [...new Set(shared.map((s) => s.channel))], ...(shared.length ? { shares: { public: publicShares } } : {}),
    };
  };

  const handlers: Record<string, Handler> = {
    'files.getUploadURLExternal': (args) => {
      if (!args.filename) return invalid('missing required field: filename');
      if (args.length === undefined || args.length === '') return invalid('missing required field: length');
      const length = Number(args.length);
      // "missing_argument: ... Typically only occurs when the `length` provided is 0." (minimum 1)
      if (!Number.isInteger(length) || length < 1) return { ok: false, error: 'missing_argument' };
      // "alt_txt_too_large: Description for the image is longer than the limit of 1000 character"
      if (typeof args.alt_txt === 'string' && [...args.alt_txt].length > 1000) return { ok: false, error: 'alt_txt_too_large' };
      const ticket = randomUUID();
      const fileId = `F${String(++fileCounter).padStart(9, '0')}`;
      uploads.set(ticket, { fileId, filename: String(args.filename), length, completed: false });
      return { ok: true, upload_url: `${store.origin()}/upload/v1/${ticket}`, file_id: fileId };
    },

    'files.completeUploadExternal': (args) => {
      let list: unknown = args.files;
      if (list === undefined || list === '') return invalid('missing required field: files');
      if (typeof list === 'string') {
        try {
          list = JSON.parse(list);
        } catch {
          return invalid('must provide an array [json-pointer:/files]');
        }
      }
      if (!Array.isArray(list) || list.length === 0) return invalid('must provide an array [json-pointer:/files]');
      const wanted: Array<{ id: string; title?: string }> = [];
      for (const [i, entry] of list.entries()) {
        const e = entry as Record<string, unknown>;
        if (typeof e !== 'object' || e === null || typeof e.id !== 'string') return invalid(`missing required field: id [json-pointer:/files/${i}]`);
        const extra = Object.keys(e).find((k) => !['id', 'title', 'highlight_type'].includes(k));
        if (extra) return invalid(`invalid additional property: ${extra} [json-pointer:/files/${i}]`);
        wanted.push({ id: e.id, ...(typeof e.title === 'string' ? { title: e.title } : {}) });
      }
      // "file_not_found: Could not find the file from the upload ticket." Also for bytes never sent, or a
      // second completion (strict: the ticket is spent once completed).
      const found = wanted.map((w) => [...uploads.values()].find((u) => u.fileId === w.id && u.bytes && !u.completed));
      if (found.some((u) => !u)) return { ok: false, error: 'file_not_found' };
      const channels = args.channel_id ? [String(args.channel_id)] : args.channels ? String(args.channels).split(',').filter(Boolean) : [];
      for (const channel of channels) {
        const access = store.access(channel);
        if (access !== 'member') return { ok: false, error: access === 'channel_not_found' ? 'invalid_channel' : access };
      }
      if (args.thread_ts && channels.length !== 1) return invalid('thread_ts needs exactly one channel');
      const comment = typeof args.initial_comment === 'string' ? args.initial_comment : undefined;
      const blocks = comment === undefined && args.blocks !== undefined ? args.blocks : undefined;
      if (blocks !== undefined) {
        const checked = messageRefusal('chat.postMessage', { blocks, text: '' });
        if (isRefusal(checked)) return checked;
      }

      const done = wanted.map((w, i) => {
        const u = found[i]!;
        u.completed = true;
        const name = u.filename;
        const f: FakeFile = { id: u.fileId, name, mimetype: MIME[extension(name)] ?? 'application/octet-stream', content: u.bytes!, ...(w.title ? { title: w.title } : {}) };
        files.set(f.id, f);
        return f;
      });
      for (const channel of channels) {
        const posted = store.post({
          channel, text: comment ?? '', upload: true, ...(blocks !== undefined ? { blocks } : {}),
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}), files: [],
        });
        for (const f of done) shares.set(f.id, [...(shares.get(f.id) ?? []), { channel, ts: posted.ts, ...(posted.thread_ts ? { thread_ts: posted.thread_ts } : {}) }]);
        posted.files = done.map(fileObject);
      }
      return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title ?? f.name })) };
    },

    'files.info': (args) => {
      const file = files.get(String(args.file));
      return file ? { ok: true, file: fileObject(file) } : { ok: false, error: 'file_not_found' };
    },
  };

  /** POST /upload/v1/TICKET: the bytes of an upload, answered as Slack's upload service answers. */
  function upload(ticket: string, body: Buffer, contentType: string): { status: number; text: string } {
    const pending = uploads.get(ticket);
    if (!pending || pending.bytes || pending.completed) return { status: 404, text: 'upload not found' };
    const bytes = uploadedBytes(body, contentType);
    // Slack was told the size in files.getUploadURLExternal: other bytes are not the file it expects.
    if (bytes.length !== pending.length) return { status: 400, text: `length mismatch: ${bytes.length} bytes sent, ${pending.length} declared` };
    pending.bytes = bytes;
    return { status: 200, text: `OK - ${bytes.length}` };
  }

  /** GET /files-pri/T1-ID/NAME with the bot token; without it Slack serves its login page, with a 200. */
  function download(path: string, authorization: string | undefined): { type: string; body: Buffer | string } {
    const file = files.get(decodeURIComponent(path.split('/')[2] ?? '').replace(/^T1-/, ''));
    if (!file || !/^Bearer \S+/.test(authorization ?? '')) return { type: 'text/html', body: '<!DOCTYPE html><html>sign in</html>' };
    return { type: file.mimetype, body: file.content };
  }

  return {
    handlers,
    upload,
    download,
    register(file: FakeFile) {
      files.set(file.id, file);
      return fileObject(file);
    },
    clear() {
      files.clear();
      shares.clear();
      uploads.clear();
    },
  };
}
