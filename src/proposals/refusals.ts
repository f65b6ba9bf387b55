import type { types } from '@slack/bolt';
import { button, BUTTON_VALUE_MAX, capLines, context, section, TEXT_MAX } from '../platform/blocks.js';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import type { CommandProblem } from './command.js';
import { ACTION_COMPOSE } from './ids.js';
import type { ImageProblem } from './images.js';
import { pieces } from './preview.js';
import type { ReplyTargetProblem } from './rules.js';
import { joinParts } from './thread.js';
import type { NetworkName } from '../networks/network.js';

type KnownBlock = types.KnownBlock;

/** Everything that can make a proposal be refused, from the text alone or from what is stored. */
export type Problem = CommandProblem | ReplyTargetProblem;

/** What a refused `/tweet` had: its text as typed and the options that did parse, to take up in the composer. */
interface Typed {
  parts: string[];
  followupSeconds: number | null;
  publishAt: Date | null;
  replyToRef: number | null;
  networks: NetworkName[] | null;
}

/** How much of a refused text is quoted back: two pieces, the rest of the message staying small. */
const QUOTED_PIECES = 2;

/** One line per problem, under the refusal's intro. Values typed by the person are escaped. */
export function refusal(problems: readonly Problem[], texts: Texts): string {
  return [texts.t.proposalRefused(), ...problemLines(problems, texts)].join('\n');
}

const problemLines = (problems: readonly Problem[], texts: Texts) => problems.map((problem) => `• ${problemText(problem, texts)}`);

/**
 * The `/tweet` refusal: why, then the text as typed (Slack empties the field once a command is sent), and a
 * button that opens the composer with it — when it fits a button's value (2,000 characters); else the
 * message says to copy it from the quote.
 */
export function refusalMessage(problems: readonly Problem[], typed: Typed, texts: Texts): { text: string; blocks: KnownBlock[] } {
  const { t } = texts;
  const head = capLines([t.proposalRefused(), ...problemLines(problems, texts)], { maxChars: TEXT_MAX, more: (n) => `• ${t.andMore({ count: n })}` });
  const blocks: KnownBlock[] = [section(head)];
  const text = joinParts(typed.parts);
  if (text.trim() !== '') {
    const shown = pieces(text).slice(0, QUOTED_PIECES);
    blocks.push(context([t.refusalYourText()]), {
      type: 'rich_text',
      elements: shown.map((piece) => ({ type: 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: piece }] })),
    });
    if (shown.join('').length < text.length) blocks.push(context([t.refusalTextCut({ length: text.length })]));
  }
  const value = composeValue(typed);
  if (value) blocks.push({ type: 'actions', block_id: 'proposal_refused', elements: [button({ text: t.buttonComposeAgain(), actionId: ACTION_COMPOSE, value, style: 'primary' })] });
  else blocks.push(context([t.refusalNoCompose()]));
  // The text holds every reason too: it is what notifications and older clients show.
  return { text: head, blocks };
}

/** What the *Edit in the composer* button carries, or null when it does not fit. */
function composeValue(typed: Typed): string | null {
  const value = JSON.stringify({
    parts: typed.parts,
    followupSeconds: typed.followupSeconds,
    publishAt: typed.publishAt?.toISOString() ?? null,
    replyToRef: typed.replyToRef,
    networks: typed.networks,
  });
  return value.length <= BUTTON_VALUE_MAX ? value : null;
}

/** The draft a *Edit in the composer* button carries back; null for a value it did not write. */
export function readComposeValue(value: string | undefined): Typed | null {
  try {
    const v = JSON.parse(value ?? '') as Record<string, unknown>;
    if (!Array.isArray(v.parts) || !v.parts.every((p) => typeof p === 'string')) return null;
    const at = typeof v.publishAt === 'string' ? new Date(v.publishAt) : null;
    return {
      parts: v.parts as string[],
      followupSeconds: Number.isSafeInteger(v.followupSeconds) ? (v.followupSeconds as number) : null,
      publishAt: at && !Number.isNaN(at.getTime()) ? at : null,
      replyToRef: Number.isSafeInteger(v.replyToRef) ? (v.replyToRef as number) : null,
      networks: Array.isArray(v.networks) ? (v.networks.filter((n) => typeof n === 'string') as NetworkName[]) : null,
    };
  } catch {
    return null;
  }
}

export function problemText(problem: Problem, texts: Texts): string {
  const part = 'part' in problem && typeof problem.part === 'number' ? problem.part : null;
  const text = problemWords(problem, texts);
  return part ? texts.t.inPart({ part, problem: text }) : text;
}

function problemWords(problem: Problem, { t }: Texts): string {
  const e = escapeForSlack;
  switch (problem.code) {
    case 'unknown_option':
      return t.unknownOption({ option: e(problem.option), known: problem.known.map((k) => `\`${k}\``).join(', ') });
    case 'missing_value':
      return t.missingValue({ option: e(problem.option) });
    case 'duplicate_option':
      return t.duplicateOption({ option: e(problem.option) });
    case 'bad_duration':
      return t.badDuration({ option: e(problem.option), value: e(problem.value) });
    case 'zero_duration':
      return t.zeroDuration({ option: e(problem.option), value: e(problem.value) });
    case 'bad_time':
      return t.badTime({ value: e(problem.value) });
    case 'past_time':
      return t.pastTime({ value: e(problem.value) });
    case 'nonexistent_time':
      return t.nonexistentTime({ value: e(problem.value) });
    case 'bad_ref':
      return t.badRef({ value: e(problem.value) });
    case 'empty':
      return t.emptyText();
    case 'too_long':
      if (!problem.network || (problem.network === 'x' && !problem.others?.length)) return t.tooLong(problem);
      return t.tooLongOn({ ...problem, network: t.networkName[problem.network], without: problem.others?.length ? problem.others.join(',') : null });
    case 'too_many_parts':
      return t.tooManyParts(problem);
    case 'unknown_network':
      return t.unknownNetwork({ value: e(problem.value), known: problem.known.map((n) => `\`${n}\``).join(', ') });
    case 'control_chars':
      return t.controlChars({ chars: problem.chars.join(', ') });
    case 'invalid_chars':
      return t.invalidChars();
    case 'unknown_ref':
      return t.unknownRef(problem);
    case 'ref_not_published':
      return t.refNotPublished({ ref: problem.ref, state: t.state[problem.state] });
    case 'ref_dry_run':
      return t.refDryRun(problem);
    case 'unknown_template':
      return t.templates.unknown({ name: e(problem.name), known: problem.known.map((n) => `\`${e(n)}\``).join(', ') || t.templates.noTemplates() });
    case 'template_with_text':
      return t.templates.withText({ name: e(problem.name) });
  }
}

export function imageProblemText(problem: ImageProblem, { t }: Texts): string {
  switch (problem.code) {
    case 'too_many':
      return t.imageTooMany(problem);
    case 'gif_not_alone':
      return t.imageGifAlone({ name: escapeForSlack(problem.name) });
    case 'bad_type':
      return t.imageBadType({ name: escapeForSlack(problem.name) });
    case 'too_big':
      return t.imageTooBig({ name: escapeForSlack(problem.name), limitMb: problem.limitMb });
    case 'alt_missing':
      return t.altMissing(problem);
    case 'alt_too_long':
      return t.altTooLong(problem);
  }
}
