/**
 * What a person reads, for assertions: French typography puts no-break spaces (U+00A0, U+202F) before
 * `: ; ! ?` and inside « »; tests compare the words, not the spacing, so the fake Slack keeps what it shows
 * with ordinary spaces. What the bot really sent stays in `fakeSlack.calls[].raw` (the typography test reads it).
 */
export function readable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/[\u00a0\u202f]/g, ' ') as T;
  if (Array.isArray(value)) return value.map(readable) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readable(v)])) as T;
  return value;
}
