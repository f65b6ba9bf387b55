/**
 * Request bodies as the fake X reads them: JSON, form-encoded (which enters the OAuth signature) and
 * multipart/form-data (media appends), whose parts stay bytes: a part without a filename is still binary.
 */
export interface FormPart {
  name: string;
  data: Buffer;
}

export type XBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; entries: Array<[string, string]> }
  | { kind: 'multipart'; parts: FormPart[] }
  | { kind: 'malformed'; reason: string }
  | { kind: 'other'; contentType: string };

export function parseXBody(raw: Buffer, contentType = ''): XBody {
  if (raw.length === 0) return { kind: 'none' };
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(raw.toString('utf8')) };
    } catch (error) {
      return { kind: 'malformed', reason: String(error) };
    }
  }
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', entries: [...new URLSearchParams(raw.toString('utf8'))] };
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    const parts = boundary ? multipart(raw, boundary) : null;
    return parts ? { kind: 'multipart', parts } : { kind: 'malformed', reason: 'unreadable multipart body' };
  }
  return { kind: 'other', contentType };
}

/** RFC 7578 parts: `--boundary CRLF headers CRLF CRLF data CRLF` …, closed by `--boundary--`. */
function multipart(raw: Buffer, boundary: string): FormPart[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = raw.indexOf(delimiter);
  if (at !== 0) return null;
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (raw.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') return parts;
    const headersEnd = raw.indexOf('\r\n\r\n', afterDelimiter);
    const next = raw.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
    if (headersEnd < 0 || next < 0) return null;
    const headers = raw.subarray(afterDelimiter, headersEnd).toString('utf8');
    const name = /content-disposition:\s*form-data;[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) return null;
    parts.push({ name, data: raw.subarray(headersEnd + 4, next) });
    at = next + 2;
  }
}

/** What a request record shows of a body: JSON and forms as objects, multipart parts by name (bytes by size). */
export function bodyForRecord(body: XBody): any {
  switch (body.kind) {
    case 'json':
      return body.value;
    case 'form':
      return Object.fromEntries(body.entries);
    case 'multipart':
      return Object.fromEntries(body.parts.map((p) => [p.name, p.name === 'media' ? { bytes: p.data.length } : p.data.toString('utf8')]));
    default:
      return undefined;
  }
}
