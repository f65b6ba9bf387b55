import type { types } from '@slack/bolt';
import { button, context, cutMrkdwn, excerpt, FALLBACK_TEXT_MAX, fallbackText, fitMessage, plain, section } from '../platform/blocks.js';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import type { NetworkName } from '../networks/network.js';
import { ACTION_EDIT, ACTION_ONLINE, ACTION_RETRY } from './ids.js';
import { preview, previewMax } from './preview.js';
import { halfPosted, OPEN_STATES, postedParts } from './rules.js';
import type { Proposal } from './store.js';
import { publishedParts } from './thread.js';
import { failureWords, inOrder, mention, networkLine, plainOn, sayer, stateLine, type BoardSettings, type Say } from './words.js';

export { mention, type BoardSettings } from './words.js';
export { problemText, refusal, type Problem } from './refusals.js';

type KnownBlock = types.KnownBlock;

interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Each share of the message besides its parts (`preview.ts` keeps ~5,000 for those): together within Slack's ~12,000. */
const NOTE_MAX = 500;
/** An alt text in the message; longer, it is cut there and shown in full in the thread. */
const ALT_PREVIEW = 200;
const NAME_MAX = 60;

const emojiList = (names: readonly string[], s: BoardSettings) => s.texts.list(names.map((n) => `:${n}:`));

/** Whether an alt text is cut in the message (all of them are then in a thread reply). */
export function altsCut(p: Proposal): boolean {
  return p.images.some((image) => escapeForSlack(image.altText).length > ALT_PREVIEW);
}

/**
 * The proposal message: its state first, in words; the text exactly as it will be published (each part of
 * a thread with its counts, a long one as a preview whose full text is in the thread); each network's
 * state and link; what needs someone now (uncertain, failed) with its buttons; the approval hint only
 * while approval is possible. The text is in rich-text quotes, shown literally: what colleagues proofread
 * is what the networks get (no `*bold*`, no mention, no link expansion).
 */
export function proposalMessage(p: Proposal, s: BoardSettings, notes: readonly string[] = [], replyTarget: Proposal | null = null): SlackMessage {
  const say = sayer(s);
  const { t } = say;
  const targets = s.targets.filter((n) => p.networks.includes(n.name));
  const thread = p.parts.length > 1;
  const blocks: KnownBlock[] = [section(`${stateLine(p, s, say)}\n${title(p, say)}`)];
  const cut = partsBlocks(p, targets, say, blocks);

  const details: string[] = [];
  if (!thread) details.push(countsLine(p.parts[0] ?? p.text, targets, s.texts) + (cut ? ` · ${t.partCut()}` : ''));
  if (p.followupSeconds) details.push(t.optionFollowup({ duration: say.duration(p.followupSeconds) }));
  if (p.publishAt && p.state !== 'scheduled') details.push(t.optionAt({ time: say.on(p.publishAt) }));
  if (p.replyToRef) details.push(t.optionReply({ ref: p.replyToRef }));
  if (p.images.length > 0) details.push(t.imagesAttached({ count: p.images.length }));
  if (details.length > 0) blocks.push(context([details.join(' · ')]));
  const plain = p.replyToRef ? plainOn(p, replyTarget) : [];
  if (plain.length > 0) blocks.push(context([t.replyPlain({ networks: say.list(plain.map(say.network)), ref: p.replyToRef! })]));
  if (p.deliveries.length > 0) blocks.push(context([inOrder(p).map((d) => networkLine(d, say)).join(' · ')]));
  blocks.push(...urgent(p, say));

  const droppable = blocks.length;
  if (p.approvals.length > 0 && p.state !== 'pending') blocks.push(context([cutMrkdwn(t.approvedBy({ approvers: say.list(p.approvals.map(say.name)) }), NOTE_MAX)]));
  // Other capabilities' word on this proposal (its follow-up, for one).
  for (const note of notes) blocks.push(context([cutMrkdwn(note, NOTE_MAX)]));
  if (p.images.length > 0) {
    blocks.push(context(p.images.map((image, i) => t.imageAlt({
      n: i + 1,
      name: cutMrkdwn(escapeForSlack(image.name), NAME_MAX),
      alt: cutMrkdwn(escapeForSlack(image.altText), ALT_PREVIEW),
      part: thread ? t.imageOfPart({ part: image.part ?? 1 }) : null,
    }))));
  }
  if (p.state === 'pending') {
    blocks.push(context([t.hint({ approve: emojiList(s.approveReactions, s), reject: emojiList(s.rejectReactions, s), required: s.approvalsRequired })]));
  }
  const open = OPEN_STATES.includes(p.state);
  if (open) {
    blocks.push({
      type: 'actions',
      block_id: `proposal_${p.ref}_v${p.version}`,
      elements: [button({ text: t.buttonEdit(), actionId: ACTION_EDIT, value: String(p.ref) })],
    });
  }
  return {
    text: fallbackText(t.proposalFallback({ ref: p.ref, author: say.name(p.authorId), text: excerpt(p.text, FALLBACK_TEXT_MAX) })),
    // Each piece is capped; should they still overflow together, approvals, notes and alt texts go first, and it says so.
    blocks: fitMessage(blocks, { from: droppable, keepLast: open ? 1 : 0, overflow: () => context([t.detailsLeftOut()]) }),
  };
}

function title(p: Proposal, say: Say): string {
  return say.t.proposalTitle({ ref: p.ref, author: say.name(p.authorId), version: p.version });
}

/**
 * The text: a single post in one quote; a thread as one rich-text block, each part under its heading (its
 * number and counts). Each part is cut to its share of the message (`preview.ts`); returns whether one was.
 */
function partsBlocks(p: Proposal, targets: BoardSettings['targets'], say: Say, into: KnownBlock[]): boolean {
  const parts = p.parts.length > 0 ? p.parts : [p.text];
  const max = previewMax(parts.length);
  const quote = (text: string) => ({ type: 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: text || '–' }] });
  if (parts.length === 1) {
    const shown = preview(parts[0]!, max);
    into.push({ type: 'rich_text', elements: [quote(shown.text)] });
    return shown.cut;
  }
  const published = publishedParts(parts, p.numbered);
  let anyCut = false;
  const elements = parts.flatMap((part, i) => {
    const shown = preview(part, max);
    anyCut ||= shown.cut;
    const counts = targets.map((n) => `${say.network(n.name)} ${n.length.count(published[i]!)}/${n.length.max}`).join(' · ');
    const heading = say.t.partHeading({ part: i + 1, total: parts.length, counts }) + (shown.cut ? ` · ${say.t.partCut()}` : '');
    return [
      { type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text: heading, style: { bold: true } }] },
      quote(shown.text),
    ];
  });
  into.push({ type: 'rich_text', elements });
  return anyCut;
}

/**
 * What needs someone now, on the message itself: each network whose outcome is uncertain or that failed,
 * in words, with its buttons — *It is online* / *It is not online, retry* (confirmed first: republishing a
 * post that is online makes a duplicate), *Retry*, *Retry from part N*. Once used, the state moves on and
 * the message, rendered again, has no button left for it.
 */
function urgent(p: Proposal, say: Say): KnownBlock[] {
  const { t } = say;
  const concerned = inOrder(p).filter((d) => d.state === 'uncertain' || d.state === 'failed');
  if (concerned.length === 0) return [];
  const several = p.deliveries.length > 1;
  const blocks: KnownBlock[] = [];
  for (const d of concerned) {
    const network = say.network(d.network);
    const named = several ? network : null;
    const value = JSON.stringify({ ref: p.ref, network: d.network });
    const half = halfPosted(d);
    const words = failureWords(p, d, say) + (half ? ` ${t.threadHalfPosted({ network, posted: postedParts(d), total: d.parts.length })}` : '');
    // The words name the network themselves: no prefix repeating it.
    blocks.push(section(t.urgentLine({ uncertain: d.state === 'uncertain', words })));
    const buttons: types.Button[] = [];
    if (d.state === 'uncertain') {
      buttons.push(button({ text: t.buttonOnline({ network: named }), actionId: ACTION_ONLINE, value, style: 'primary' }));
      buttons.push({ ...button({ text: t.buttonNotOnline({ network: named }), actionId: ACTION_RETRY, value, style: 'danger' }), confirm: notOnlineConfirm(d.network, say) });
    } else if (half) {
      buttons.push(button({ text: t.buttonRetryFromPart({ part: postedParts(d) + 1, network: named }), actionId: ACTION_RETRY, value, style: 'primary' }));
    } else if (d.failureCode === 'credentials') {
      buttons.push(button({ text: t.buttonRetry({ network: named }), actionId: ACTION_RETRY, value, style: 'primary' }));
    }
    // One actions block per network: an action_id is unique within its block, and each network has its own.
    if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `proposal_${p.ref}_v${p.version}_${d.network}`, elements: buttons });
  }
  return blocks;
}

/** The confirmation Slack asks before *It is not online, retry*: title ≤ 100, text ≤ 300, buttons ≤ 30 (confirmation dialog object). */
function notOnlineConfirm(network: NetworkName, say: Say): types.ConfirmationDialog {
  const { t } = say;
  return {
    title: plain(t.confirmNotOnlineTitle(), 100),
    text: plain(t.confirmNotOnlineText({ network: say.network(network) }), 300),
    confirm: plain(t.confirmNotOnlineYes(), 30),
    deny: plain(t.confirmNotOnlineNo(), 30),
    style: 'danger',
  };
}

/** An earlier version's message once a new version is posted: no buttons, no approvals that count. */
export function replacedMessage(old: Proposal, next: Proposal, s: BoardSettings): SlackMessage {
  const say = sayer(s);
  const { t } = say;
  const blocks: KnownBlock[] = [section(`${t.statusReplaced({ version: next.version })}\n${title(old, say)}`)];
  partsBlocks(old, s.targets.filter((n) => old.networks.includes(n.name)), say, blocks);
  blocks.push(context([t.replacedBy({ version: next.version })]));
  return {
    text: fallbackText(t.proposalFallback({ ref: old.ref, author: say.name(old.authorId), text: excerpt(old.text, FALLBACK_TEXT_MAX) })),
    blocks,
  };
}

/** Each target network's count and limit, on one line: `X 142/280 · Mastodon 150/500 · Bluesky 150/300`. */
export function countsLine(text: string, targets: ReadonlyArray<{ name: NetworkName; length: { max: number; count(text: string): number } }>, texts: Texts): string {
  const { t } = texts;
  if (targets.length === 1 && targets[0]!.name === 'x') return t.length({ weightedLength: targets[0]!.length.count(text), max: targets[0]!.length.max });
  return targets.map((n) => `${t.networkName[n.name]} ${n.length.count(text)}/${n.length.max}`).join(' · ');
}
