/**
 * A status's `content` as Mastodon renders a local plain-text status (app/lib/text_formatter.rb): the
 * text HTML-escaped (ERB's `h`), each link an `<a>` whose text is split into an invisible prefix, 30
 * visible characters and an invisible rest, each hashtag and each mention of an account the instance
 * knows linked (the mention then shown as `@user`, without its domain), and Rails' `simple_format`:
 * paragraphs on blank lines, `<br />` for single line breaks, newlines then removed.
 *
 * Links and mentions are found with the cell's port of Mastodon's extractor (its own tests pin it to
 * Mastodon's specs); the rendering itself is written here from Mastodon's formatter, not from the adapter.
 */
import { entities } from '../../src/networks/mastodon/length.js';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// A simplified Tag::HASHTAG_RE: enough to render the cell's hashtags as Mastodon links them.
const HASHTAG = /(?<![\p{L}\p{N}_/)#])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;

interface Span {
  start: number;
  end: number;
  html: string;
}

function linkUrl(url: string): string {
  const prefix = /^(https?:\/\/(www\.)?|xmpp:)/.exec(url)?.[0] ?? '';
  const rest = url.slice(prefix.length);
  const visible = rest.slice(0, 30);
  const cut = rest.length > 30;
  return `<a href="${escape(url)}" target="_blank" rel="nofollow noopener noreferrer"><span class="invisible">${escape(prefix)}</span>` +
    `<span class="${cut ? 'ellipsis' : ''}">${escape(visible)}</span><span class="invisible">${escape(rest.slice(30))}</span></a>`;
}

export function renderContent(text: string, origin: string, knows: (acct: string) => boolean): string {
  if (/^\s*$/.test(text)) return '';
  const spans: Span[] = [];
  for (const entity of entities(text)) {
    if (entity.kind === 'url') spans.push({ start: entity.start, end: entity.end, html: linkUrl(entity.value) });
    else if (knows(entity.value)) {
      const [user] = entity.value.split('@');
      const href = `${origin}/@${entity.value}`;
      spans.push({ start: entity.start, end: entity.end, html: `<span class="h-card" translate="no"><a href="${escape(href)}" class="u-url mention">@<span>${escape(user ?? '')}</span></a></span>` });
    }
  }
  for (const match of text.matchAll(HASHTAG)) {
    const start = match.index;
    const end = start + match[0].length;
    if (spans.some((s) => s.start < end && start < s.end)) continue;
    const tag = match[1] ?? '';
    spans.push({ start, end, html: `<a href="${origin}/tags/${encodeURIComponent(tag)}" class="mention hashtag" rel="tag">#<span>${escape(tag)}</span></a>` });
  }
  spans.sort((a, b) => a.start - b.start);
  let html = '';
  let last = 0;
  for (const span of spans) {
    html += escape(text.slice(last, span.start)) + span.html;
    last = span.end;
  }
  html += escape(text.slice(last));
  return simpleFormat(html);
}

/** Rails' simple_format without sanitizing, then `.delete("\n")` as TextFormatter does. */
function simpleFormat(html: string): string {
  const paragraphs = html.replace(/\r\n?/g, '\n').split(/\n\n+/);
  while (paragraphs.length > 0 && paragraphs[paragraphs.length - 1] === '') paragraphs.pop(); // as Ruby's split
  return paragraphs
    .map((paragraph) => `<p>${paragraph.replace(/([^\n]\n)(?=[^\n])/g, '$1<br />')}</p>`)
    .join('\n\n')
    .replace(/\n/g, '');
}
