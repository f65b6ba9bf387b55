/** A proposal's reference as people type it: `#12` or `12` (no `#0`, no leading zero, a safe integer). */
const REF = /^#?([1-9]\d*)$/;

/** The reference in `word`, or null when it is not one. */
export function parseRef(word: string): number | null {
  const match = REF.exec(word.trim());
  const n = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

/** Whether `word` is meant as a reference (`#…` or digits), even a bad one: the start of `/followup #0 text`. */
export function looksLikeRef(word: string): boolean {
  return /^#?\d+$/.test(word.trim());
}
