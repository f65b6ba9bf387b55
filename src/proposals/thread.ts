import type { TextProblem, TextTarget } from './tweetText.js';
import { checkText } from './tweetText.js';

/** A thread has at most this many parts (SPEC "Threads"). */
export const MAX_PARTS = 10;

/** A line holding only `---` separates the parts of a thread. */
const SEPARATOR = /\n[ \t]*---[ \t]*(?=\n|$)|^[ \t]*---[ \t]*\n/;

/** The parts of a typed text (one when there is no separator), each trimmed; an empty part stays, to be refused. */
export function splitParts(text: string): string[] {
  return text.split(SEPARATOR).map((part) => part.replace(/^\s+/, '').trimEnd());
}

/** The typed parts joined back, as the version's text (the audit log's, the search's). */
export function joinParts(parts: readonly string[]): string {
  return parts.join('\n---\n');
}

/**
 * The parts as published: with `THREAD_NUMBERING=on`, ` (k/N)` at the end of each part of a thread of two
 * parts or more (a single post is not numbered), counted in its length like any character.
 */
export function publishedParts(parts: readonly string[], numbered: boolean): string[] {
  if (!numbered || parts.length < 2) return [...parts];
  return parts.map((part, i) => `${part} (${i + 1}/${parts.length})`);
}

export type PartProblem = TextProblem & { part?: number };
export type PartsCheck = { ok: true; weightedLength: number } | { ok: false; problems: Array<PartProblem | { code: 'too_many_parts'; count: number; max: number }> };

/**
 * Each part checked on its own against each target network (a refusal names the part); `weightedLength` is
 * X's count of the longest part. A single post's problems carry no part number.
 */
export function checkParts(parts: readonly string[], numbered: boolean, targets: readonly TextTarget[]): PartsCheck {
  if (parts.length > MAX_PARTS) return { ok: false, problems: [{ code: 'too_many_parts', count: parts.length, max: MAX_PARTS }] };
  const published = publishedParts(parts, numbered);
  const problems: PartProblem[] = [];
  let weightedLength = 0;
  published.forEach((text, i) => {
    // An empty part is refused as empty, not as the numbering alone.
    const checked = checkText(parts[i]!.trim() === '' ? '' : text, targets);
    if (!checked.ok) problems.push(...checked.problems.map((p) => (parts.length > 1 ? { ...p, part: i + 1 } : p)));
    else weightedLength = Math.max(weightedLength, checked.weightedLength);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, weightedLength };
}
