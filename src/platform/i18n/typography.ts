/**
 * French typography for the bot's own sentences: a narrow no-break space (U+202F) before `;` `!` `?`, a
 * no-break space (U+00A0) before `:` and inside « », as the Imprimerie nationale's rules (and the
 * Banque de dépannage linguistique's "espacement avant et après les signes de ponctuation") write them,
 * so a line never starts with a lone `?` or `:`.
 *
 * Never touched: what people typed (a value marked with `verbatim`, or every string parameter of a
 * catalogue wrapped with `typeset`), Slack tokens `<…>`, entities (`&amp;`), `code` and ```fences```,
 * URLs, emoji codes (`:white_check_mark:`), and times (`14:30`: a colon between characters is not
 * punctuation here).
 */

export const NNBSP = '\u202f';
export const NBSP = '\u00a0';

/** Around a value that must be left as it is. Noncharacters: Unicode reserves them for such internal use. */
const OPEN = '\ufdd0';
const CLOSE = '\ufdd1';
const MARKERS = /[\ufdd0\ufdd1]/g;

/** A person's text, marked so `frenchTypography` leaves it alone (a marker already in it is replaced). */
export function verbatim(value: string): string {
  return `${OPEN}${value.replace(MARKERS, '\ufffd')}${CLOSE}`;
}

/** What stays as it is, besides marked values: tokens, entities (`&amp;` ends with a `;`), code, URLs, emoji codes. */
const PROTECTED = new RegExp(
  [
    `${OPEN}[^${CLOSE}]*${CLOSE}`,
    '<[^<>]*>',
    '&(?:[a-z]+|#\\d+);',
    '```[\\s\\S]*?```',
    '`[^`\\n]+`',
    '\\b[a-z][a-z0-9+.-]*://[^\\s<>]+',
    ':[a-z0-9_+\'-]+:',
  ].join('|'),
  'gi',
);

/** What may follow a mark that gets its space: the end, a space, more punctuation or closing markup. */
const CLOSES = /[\s;:!?.,»)\]*_~’"]/;
const SPACES = ' \u00a0\u202f';

/** The text with French spacing around `; : ! ?` and « », outside what must not change; markers removed. */
export function frenchTypography(text: string): string {
  const fixed = new Uint8Array(text.length);
  for (const m of text.matchAll(PROTECTED)) fixed.fill(1, m.index, m.index + m[0].length);
  let out = '';
  // `out` up to here came from protected text: its spaces are not ours to change.
  let fixedUntil = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (fixed[i]) {
      out += c;
      fixedUntil = out.length;
    } else if (';!?:'.includes(c)) {
      let j = i + 1;
      while (text[j] === OPEN || text[j] === CLOSE) j++;
      const next = text[j];
      // A colon between characters (14:30, a:b) or a mark inside a word is not punctuation to space.
      out = next === undefined || CLOSES.test(next) ? spaced(out, fixedUntil, c === ':' ? NBSP : NNBSP) + c : out + c;
    } else if (c === '»') {
      out = spaced(out, fixedUntil, NBSP) + c;
    } else if (c === '«') {
      out += c;
      const next = text[i + 1];
      if (next !== undefined && SPACES.includes(next) && !fixed[i + 1]) {
        out += NBSP;
        i++;
      } else if (next !== undefined && !/\s/.test(next)) {
        out += NBSP;
      }
    } else {
      out += c;
    }
  }
  return out.replace(MARKERS, '');
}

/** `out` ending with `space`: its own last space replaced, or one added after a word; none at a line start or inside a group (`?!`). */
function spaced(out: string, fixedUntil: number, space: string): string {
  const last = out[out.length - 1];
  if (last !== undefined && SPACES.includes(last) && out.length - 1 >= fixedUntil) return out.slice(0, -1) + space;
  const prev = out.replace(/[\ufdd0\ufdd1]+$/, '').slice(-1);
  if (prev === '' || /\s/.test(prev) || ';!?:'.includes(prev)) return out;
  return out + space;
}

/**
 * A catalogue whose sentences get `frenchTypography`, with every string parameter kept out of it (names,
 * texts, times, links come in as values): `typeset(fr)` at the catalogue's export.
 */
export function typeset<C extends object>(catalogue: C): C {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'function') {
      out[key] = (params?: Record<string, unknown>) => frenchTypography(String(value(params && markValues(params))));
    } else if (typeof value === 'string') {
      out[key] = key === 'localeTag' ? value : frenchTypography(value);
    } else if (value && typeof value === 'object') {
      out[key] = typeset(value);
    } else {
      out[key] = value;
    }
  }
  return out as C;
}

function markValues(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? verbatim(v) : v]));
}
