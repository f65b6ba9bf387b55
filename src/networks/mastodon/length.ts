import { domainToASCII } from 'node:url';
import twitter from 'twitter-text';

/**
 * A text's length as Mastodon's StatusLengthValidator counts it: every URL it would link counts as
 * `characters_reserved_per_url`, a mention `@user@domain` counts as `@user`, and the rest is counted
 * in grapheme clusters. The entities are found as Mastodon finds them: its Extractor
 * (app/lib/extractor.rb) over twitter-text 3.1 with the regexes Mastodon overrides
 * (config/initializers/twitter_regex.rb), and Account::MENTION_RE.
 */

// The domain, TLD and preceding-character rules are twitter-text's own, shared by its Ruby and JS ports.
const regexen = (twitter as unknown as { regexen: Record<string, RegExp> }).regexen;
const piece = (name: string) => {
  const found = regexen[name];
  if (!found) throw new Error(`twitter-text has no ${name}`);
  return found.source;
};

// Ruby's \p{White_Space}, written out: these regexes cannot take the `u` flag (twitter-text's domain one breaks it).
const WHITE_SPACE = '\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
// Mastodon's UCHARS; every astral character but the tag block (U+E0000-E0FFF) as a surrogate pair.
const UCHARS_BMP = '\\xa0-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\uffef\\ue000-\\uf8ff';
const UCHARS_ASTRAL = '[\\ud800-\\udb3f\\udb44-\\udbff][\\udc00-\\udfff]';

const generalPathChars = `[^${WHITE_SPACE}<>()?]`;
const balancedParens = `\\((?:${generalPathChars}+|(?:${generalPathChars}*\\(${generalPathChars}+\\)${generalPathChars}*))\\)`;
// Mastodon defines the ending characters before overriding the parentheses: they keep twitter-text's.
const pathEndingChars = `(?:[^${WHITE_SPACE}()?!*"'「」<>;:=,.$%\\[\\]~&|@]|(?:${piece('validUrlBalancedParens')}))`;
const urlPath = `(?:(?:${generalPathChars}*(?:${balancedParens}${generalPathChars}*)*${pathEndingChars})|(?:${generalPathChars}+/))`;
const queryChars = `(?:[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@^${UCHARS_BMP}]|${UCHARS_ASTRAL})`;
const queryEndingChars = `(?:[a-z0-9_&=#/\\-${UCHARS_BMP}]|${UCHARS_ASTRAL})`;

const VALID_URL = new RegExp(
  `(?<before>${piece('validUrlPrecedingChars')})` +
    '(?<url>' +
    '(?<protocol>(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://)?' +
    `(?<domain>${piece('validDomain')})` +
    `(?::(?:${piece('validPortNumber')}))?` +
    `(?:/${urlPath}*)?` +
    `(?:\\?${queryChars}*${queryEndingChars})?` +
    ')',
  'gi',
);
const VALID_TCO_URL = regexen.validTcoUrl!;
const MAX_URL_LENGTH = 4096;
const MAX_TCO_SLUG_LENGTH = 40;

// Account::MENTION_RE; Ruby's [[:word:]] is Letter | Mark | Decimal_Number | Connector_Punctuation.
const WORD = '[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]';
const MENTION = new RegExp(
  `(?<![=/\\p{L}\\p{M}\\p{Nd}\\p{Pc}])@(?<name>[a-zA-Z0-9_]+(?:[.-]+[a-zA-Z0-9_]+)*(?:@${WORD}+(?:[.-]+${WORD}+)*)?)`,
  'gu',
);
const END_MENTION = regexen.endMentionMatch!;
// Extractor::MAX_DOMAIN_LENGTH: a longer domain is no mention, and counts in full.
const MAX_MENTION_DOMAIN_LENGTH = 253;

const codePoints = (text: string) => [...text].length;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export interface Entity {
  kind: 'url' | 'mention';
  start: number;
  end: number;
  /** The URL as linked, or the mention's `user` or `user@domain`. */
  value: string;
}

/** URLs Mastodon links: only with a protocol (`extract_url_without_protocol: false`), as twitter-text checks them. */
export function extractUrls(text: string): Entity[] {
  if (!text.includes(':')) return [];
  const urls: Entity[] = [];
  for (const match of text.matchAll(VALID_URL)) {
    const { before = '', protocol, domain = '' } = match.groups ?? {};
    let url = match.groups?.url ?? '';
    const start = match.index + before.length;
    if (!protocol) continue;
    const tco = VALID_TCO_URL.exec(url);
    if (tco) {
      if ((tco[1]?.length ?? 0) > MAX_TCO_SLUG_LENGTH) continue;
      url = tco[0];
    }
    if (!isValidDomain(codePoints(url), domain)) continue;
    urls.push({ kind: 'url', start, end: start + url.length, value: url });
  }
  return urls;
}

/** twitter-text's is_valid_domain: the URL, with its domain in punycode, stays within 4,096 characters. */
function isValidDomain(urlLength: number, domain: string): boolean {
  const ascii = domainToASCII(domain);
  if (!ascii) return false;
  return urlLength + Math.max(0, ascii.length - codePoints(domain)) <= MAX_URL_LENGTH;
}

export function extractMentions(text: string): Entity[] {
  if (!/[@＠]/.test(text)) return [];
  const mentions: Entity[] = [];
  for (const match of text.matchAll(MENTION)) {
    const name = match.groups?.name ?? '';
    const end = match.index + match[0].length;
    if (END_MENTION.test(text.slice(end))) continue;
    const domain = name.split('@')[1];
    if (domain !== undefined && codePoints(domain) > MAX_MENTION_DOMAIN_LENGTH) continue;
    mentions.push({ kind: 'mention', start: match.index, end, value: name });
  }
  return mentions;
}

/** twitter-text's remove_overlapping_entities: by start, an entity overlapping the one kept before it goes. */
export function entities(text: string): Entity[] {
  const all = [...extractUrls(text), ...extractMentions(text)].sort((a, b) => a.start - b.start);
  const kept: Entity[] = [];
  for (const entity of all) {
    const previous = kept[kept.length - 1];
    if (!previous || previous.end <= entity.start) kept.push(entity);
  }
  return kept;
}

const BLANK = new RegExp(`^[${WHITE_SPACE}]*$`);

/** The length Mastodon checks against `max_characters` (no content warning: the cell sends none). */
export function countMastodon(text: string, charactersPerUrl = 23): number {
  if (BLANK.test(text)) return 0;
  let countable = '';
  let last = 0;
  for (const entity of entities(text)) {
    countable += text.slice(last, entity.start);
    countable += entity.kind === 'url' ? 'x'.repeat(charactersPerUrl) : `@${entity.value.split('@')[0]}`;
    last = entity.end;
  }
  countable += text.slice(last);
  let count = 0;
  for (const _ of graphemes.segment(countable)) count++;
  return count;
}
