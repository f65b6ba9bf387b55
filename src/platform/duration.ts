/**
 * DURATION as the spec writes it: one or more number-unit pairs (`90s`, `45m`, `1h30m`, `1d`).
 * Hand-written on purpose: duration libraries also accept "1 hour", "1.5h" or "-2m", which the
 * cell's commands must refuse rather than guess.
 */
const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const WHOLE = /^(?:\d+[dhms])+$/;
const PAIR = /(\d+)([dhms])/g;

/** Seconds, or null when the text is not a DURATION. Zero is returned as 0: callers refuse it. */
export function parseDuration(text: string): number | null {
  const compact = text.trim().toLowerCase();
  if (!WHOLE.test(compact)) return null;
  let seconds = 0;
  for (const [, amount, unit] of compact.matchAll(PAIR)) {
    seconds += Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  }
  return Number.isSafeInteger(seconds) ? seconds : null;
}

/** The shortest DURATION that says `seconds` (`5400` → `1h30m`). */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const amount = Math.floor(rest / size);
    if (amount > 0) out += `${amount}${unit}`;
    rest -= amount * size;
  }
  return out || '0s';
}
