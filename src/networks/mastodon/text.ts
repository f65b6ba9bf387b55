import { extractMentions } from './length.js';

/**
 * A status's text as Mastodon gives it back is HTML (its TextFormatter): the text HTML-escaped, every
 * link an `<a>` whose visible text is split into spans, a resolved mention `@user@domain` shown as
 * `@user`, paragraphs as `<p>` and single line breaks as `<br />`. These functions bring that and the
 * text the cell sent to one comparable form.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** The plain text of a status's HTML `content`. */
export function plainText(content: string): string {
  return decodeEntities(
    content
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/p>\s*<p(?:\s[^>]*)?>/gi, '\n\n')
      .replace(/<[^>]*>/g, ''),
  );
}

/** Mentions reduced to `@user` (how Mastodon shows a resolved one), white space collapsed. */
export function comparable(text: string): string {
  let out = '';
  let last = 0;
  for (const mention of extractMentions(text)) {
    out += `${text.slice(last, mention.start)}@${mention.value.split('@')[0]}`;
    last = mention.end;
  }
  out += text.slice(last);
  return out.replace(/\s+/g, ' ').trim();
}
