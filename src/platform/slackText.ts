/**
 * Slack's text encoding, both ways.
 *
 * A slash command with `should_escape: false` (as `/tweet` is) still arrives with `&`, `<` and
 * `>` typed by the person encoded as entities, while Slack's own markup (links, mentions) uses
 * real angle brackets. So every literal `<` in the payload is Slack's, and every `&lt;` is the
 * person's: that is what lets us recover exactly what was typed.
 */

const SLACK_MARKUP = /<([^<>]*)>/g;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITY_CHARS: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** What the person typed, from the text of a slash command sent with `should_escape: false`. */
export function fromSlack(text: string): string {
  const unwrapped = text.replace(/\r\n?/g, '\n').replace(SLACK_MARKUP, (_, inner: string) => typed(inner));
  // One pass, so `&amp;lt;` becomes the literal `&lt;` the person typed, not `<`.
  return unwrapped.replace(ENTITY, (_, name: string) => ENTITY_CHARS[name] ?? '');
}

/** The text as it was typed, for the inside of one `<…>` Slack markup. */
function typed(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? null : inner.slice(bar + 1);

  if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!')) {
    const [command = '', id] = target.slice(1).split('^');
    // Subteams carry their handle with its `@` in the label; dates carry a fallback text.
    if (command === 'subteam') return label ?? `@${id ?? command}`;
    if (command === 'date') return label ?? '';
    // `<!here>`, and the older `<!here|here>`.
    return `@${label ?? command}`;
  }
  // A link: the label is what was typed (`ex.fr`, `a@b.fr`); without one, the URL itself was.
  return label ?? target;
}

/**
 * Text safe to put in a Slack message: `<!channel>`, `<@U1>` or `<https://…|label>` typed by
 * someone show as typed and notify nobody.
 */
export function escapeForSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const USER_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/;

/**
 * The user id in a mention token, for commands sent with `should_escape: true`, where Slack
 * resolves `@name` to `<@U123|name>` so the member is named without ambiguity.
 */
export function mentionedUser(token: string): string | null {
  return USER_MENTION.exec(token.trim())?.[1] ?? null;
}
