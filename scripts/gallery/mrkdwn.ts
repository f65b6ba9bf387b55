/**
 * Slack's mrkdwn as HTML, close to how Slack shows it (docs.slack.dev/messaging/formatting-message-text):
 * `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ``` ```preformatted``` ```, `>` quotes, `<url|label>`
 * links, `<@U…>` mentions shown as @name, `<#C…>` channels, `<!here>` and its kin, `<!date^…>` dates,
 * and emoji codes (a few known ones as the emoji, others as `:name:`). The text arrives escaped as Slack
 * wants it (`&amp;`, `&lt;`, `&gt;`), which is already valid HTML.
 */
import { DateTime } from 'luxon';

export interface TextContext {
  /** A person's name from their user id. */
  name(userId: string): string;
  /** A channel's name from its id. */
  channel(channelId: string): string;
  locale: 'fr' | 'en';
  zone: string;
  /** The moment the page shows: "today" and "ago" are read from it. */
  now: Date;
}

/** Emoji the bot and the cell use, and Slack's common ones; other codes stay `:name:`. */
const EMOJI: Record<string, string> = {
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', negative_squared_cross_mark: '❎', no_entry: '⛔', no_entry_sign: '🚫',
  warning: '⚠️', rotating_light: '🚨', sos: '🆘', bell: '🔔', no_bell: '🔕', alarm_clock: '⏰', hourglass: '⌛', hourglass_flowing_sand: '⏳',
  clock1: '🕐', clock6: '🕕', calendar: '📆', date: '📅', spiral_calendar_pad: '🗓️', repeat: '🔁', arrows_counterclockwise: '🔄',
  red_circle: '🔴', large_orange_circle: '🟠', large_yellow_circle: '🟡', large_green_circle: '🟢', large_blue_circle: '🔵', white_circle: '⚪',
  question: '❓', grey_question: '❔', exclamation: '❗', information_source: 'ℹ️', memo: '📝', pencil2: '✏️', link: '🔗', pushpin: '📌',
  eyes: '👀', '+1': '👍', thumbsup: '👍', '-1': '👎', pray: '🙏', wave: '👋', tada: '🎉', zzz: '💤', shield: '🛡️', lock: '🔒',
  speech_balloon: '💬', frame_with_picture: '🖼️', camera: '📷', satellite_antenna: '📡', test_tube: '🧪', mega: '📣', loudspeaker: '📢',
  bar_chart: '📊', chart_with_upwards_trend: '📈', inbox_tray: '📥', outbox_tray: '📤', house: '🏠', wrench: '🔧', key: '🔑',
  arrow_right: '➡️', leftwards_arrow_with_hook: '↩️', fire: '🔥', car: '🚗', police_car: '🚓', rocket: '🚀', sunrise: '🌅', moon: '🌙',
};

export function emoji(name: string): string | null {
  return EMOJI[name.replace(/::skin-tone-\d$/, '')] ?? null;
}

/** Plain text as HTML (with `emoji: true`, Slack also shows emoji codes in plain text). */
export function plainHtml(text: string, withEmoji = true): string {
  const escaped = escapeHtml(text);
  return withEmoji ? emojify(escaped) : escaped;
}

/** Escapes for HTML what Slack's own escaping left: `&` not starting an entity, `<`, `>` and `"`. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function mrkdwnHtml(text: string, ctx: TextContext): string {
  // ```preformatted``` blocks first: nothing inside them is formatted.
  const parts = text.split('```');
  return parts
    .map((part, i) => (i % 2 === 1 && i < parts.length - 1 ? `<pre class="pre">${escapeHtml(part.replace(/^\n/, ''))}</pre>` : blocksOfLines(part, ctx)))
    .join('');
}

/** Consecutive `>` lines make one quote, as Slack draws them. */
function blocksOfLines(text: string, ctx: TextContext): string {
  const out: string[] = [];
  let quote: string[] = [];
  let plain: string[] = [];
  const flush = () => {
    if (plain.length > 0) out.push(plain.map((l) => inline(l, ctx)).join('<br>'));
    if (quote.length > 0) out.push(`<blockquote>${quote.map((l) => inline(l, ctx)).join('<br>')}</blockquote>`);
    plain = [];
    quote = [];
  };
  for (const line of text.split('\n')) {
    const quoted = /^(?:>|&gt;) ?(.*)$/.exec(line);
    if (quoted) {
      if (plain.length > 0) flush();
      quote.push(quoted[1]!);
    } else {
      if (quote.length > 0) flush();
      plain.push(line);
    }
  }
  flush();
  return out.join('');
}

const STYLES: Array<[string, string]> = [
  ['\\*', 'b'],
  ['_', 'i'],
  ['~', 's'],
];

/** One line: links and mentions, code spans, then bold, italic and strike around words, then emoji. */
function inline(line: string, ctx: TextContext): string {
  const kept: string[] = [];
  const keep = (html: string) => `\u0000${kept.push(html) - 1}\u0000`;
  let text = line.replace(/<([^<>\n]+)>/g, (_m, inner: string) => keep(special(inner, ctx)));
  text = text.replace(/`([^`\n]+)`/g, (_m, code: string) => keep(`<code>${escapeHtml(code)}</code>`));
  // Slack links bare URLs itself; the punctuation that ends a sentence stays out of the link.
  text = text.replace(/\bhttps?:\/\/[^\s\u0000]+?(?=[.,;:!?)»]*(?:\s|$|\u0000))/g, (url) => keep(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`));
  text = escapeHtml(text);
  for (const [mark, tag] of STYLES) {
    const pattern = new RegExp(`(^|[^${mark}\\p{L}\\p{N}])${mark}(?=\\S)([^${mark}\\n]*?\\S|\\S)${mark}(?=$|[^${mark}\\p{L}\\p{N}])`, 'gu');
    text = text.replace(pattern, (_m, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
  }
  text = emojify(text);
  return text.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)]!);
}

/** `:name:` codes with a letter in the name (so `12:30:45` stays a time). */
function emojify(html: string): string {
  return html.replace(/:([a-z0-9_+'-]*[a-z][a-z0-9_+'-]*(?:::skin-tone-\d)?):/g, (m, name: string) => {
    const found = emoji(name);
    return found ? `<span class="emoji">${found}</span>` : `<span class="emoji-code">${m}</span>`;
  });
}

/** What is between `<` and `>`: a mention, a channel, a special mention, a date, or a link. */
function special(inner: string, ctx: TextContext): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(label ?? ctx.name(target.slice(1)))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? ctx.channel(target.slice(1)))}</span>`;
  if (target.startsWith('!date^')) return escapeHtml(slackDate(target, label, ctx));
  if (target.startsWith('!subteam^')) return `<span class="mention">${escapeHtml(label ?? '@group')}</span>`;
  if (target.startsWith('!')) return `<span class="mention broadcast">@${escapeHtml(target.slice(1))}</span>`;
  const shown = label === undefined ? escapeHtml(target) : inline(label, ctx);
  // Slack links only URLs it knows the scheme of; anything else is shown as text.
  return /^(https?|mailto):/i.test(target) ? `<a href="${escapeHtml(target)}">${shown}</a>` : shown;
}

/** `<!date^1392734382^{date_short} at {time}^link|fallback>`, in the reader's zone and language. */
function slackDate(target: string, fallback: string | undefined, ctx: TextContext): string {
  const [, epoch = '', format = ''] = target.split('^');
  const at = DateTime.fromSeconds(Number(epoch), { zone: ctx.zone }).setLocale(ctx.locale);
  if (!at.isValid || format === '') return fallback ?? '';
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.zone }).startOf('day');
  const days = Math.round(at.startOf('day').diff(today, 'days').days);
  const relative = new Intl.RelativeTimeFormat(ctx.locale, { numeric: 'auto' });
  const pretty = (otherwise: string) => (Math.abs(days) <= 1 ? capitalize(relative.format(days, 'day')) : otherwise);
  const en = ctx.locale === 'en';
  const tokens: Record<string, () => string> = {
    date_num: () => at.toFormat('yyyy-MM-dd'),
    date: () => at.toFormat(en ? 'MMMM d, yyyy' : 'd MMMM yyyy'),
    date_short: () => at.toFormat(en ? 'MMM d, yyyy' : 'd MMM yyyy'),
    date_long: () => at.toFormat(en ? 'cccc, MMMM d, yyyy' : 'cccc d MMMM yyyy'),
    date_pretty: () => pretty(tokens.date!()),
    date_short_pretty: () => pretty(tokens.date_short!()),
    date_long_pretty: () => pretty(tokens.date_long!()),
    time: () => at.toFormat(en ? 'h:mm a' : 'HH:mm'),
    time_secs: () => at.toFormat(en ? 'h:mm:ss a' : 'HH:mm:ss'),
    ago: () => at.toRelative({ base: DateTime.fromJSDate(ctx.now, { zone: ctx.zone }), locale: ctx.locale }) ?? '',
  };
  return format.replace(/\{(\w+)\}/g, (m, token: string) => tokens[token]?.() ?? m);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
