import { fromSlack, mentionedUser } from '../platform/slackText.js';

/**
 * `/handover` text → what to do (pure). The command has `should_escape: true`: a mention arrives as
 * `<@U123|name>`, which names a member without ambiguity.
 */
export type HandoverCommand =
  | { kind: 'help' }
  | { kind: 'modal' }
  | { kind: 'history'; count: number }
  | { kind: 'record'; next: string | null; notes: string }
  | { kind: 'invalid'; problem: { code: 'notes_missing' } | { code: 'bad_history_count'; value: string } };

export const DEFAULT_HISTORY = 5;
const MAX_HISTORY = 50;

export function parseHandoverCommand(slackText: string): HandoverCommand {
  const raw = slackText.trim();
  if (raw === '') return { kind: 'modal' };
  const [first = '', ...rest] = raw.split(/\s+/);
  // A lone "help" is a question, not the notes of a handover ("RAS" alone is notes).
  if (rest.length === 0 && /^(help|aide)$/i.test(first)) return { kind: 'help' };
  if (/^(history|historique)$/i.test(first)) {
    if (rest.length === 0) return { kind: 'history', count: DEFAULT_HISTORY };
    const value = rest.join(' ');
    const count = /^\d+$/.test(value) ? Number(value) : NaN;
    return count >= 1 && count <= MAX_HISTORY ? { kind: 'history', count } : { kind: 'invalid', problem: { code: 'bad_history_count', value } };
  }
  const next = mentionedUser(first);
  const notes = fromSlack(next ? raw.slice(first.length) : raw).trim();
  if (notes === '') return { kind: 'invalid', problem: { code: 'notes_missing' } };
  return { kind: 'record', next, notes };
}
