import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import { formatDuration } from '../platform/duration.js';
import type { Texts } from '../platform/i18n/index.js';
import { escapeForSlack } from '../platform/slackText.js';
import type { CommandProblem } from './command.js';
import { ACTION_EDIT, ACTION_ONLINE, ACTION_RETRY } from './ids.js';
import type { ImageProblem } from './images.js';
import { OPEN_STATES, type ReplyTargetProblem } from './rules.js';
import type { NetworkName } from '../networks/network.js';
import type { ReplySubject } from './decide.js';
import type { Delivery, Proposal } from './store.js';

/** What every proposal message needs to know about the team's settings. */
export interface BoardSettings {
  texts: Texts;
  /** The networks the cell publishes on, with their rules: each count is shown. */
  targets: ReadonlyArray<{ name: NetworkName; length: { max: number; count(text: string): number } }>;
  maxLength: number;
  approvalsRequired: number;
  approveReactions: readonly string[];
  rejectReactions: readonly string[];
}

interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export const mention = (userId: string) => `<@${userId}>`;
const emojiList = (names: readonly string[], s: BoardSettings) => s.texts.list(names.map((n) => `:${n}:`));

/**
 * The proposal message. The tweet text is shown in a rich-text quote, whose text elements Slack shows
 * literally: what colleagues proofread is exactly what X will get (no `*bold*`, no mention, no link
 * expansion). The notification fallback is mrkdwn, so there the text is escaped.
 */
export function proposalMessage(p: Proposal, s: BoardSettings, notes: readonly string[] = []): SlackMessage {
  const { t } = s.texts;
  const details = [countsLine(p.text, s.targets.filter((n) => p.networks.includes(n.name)), s.texts)];
  if (p.followupSeconds) details.push(t.optionFollowup({ duration: formatDuration(p.followupSeconds) }));
  if (p.publishAt) details.push(t.optionAt({ time: s.texts.time(p.publishAt) }));
  if (p.replyToRef) details.push(t.optionReply({ ref: p.replyToRef }));
  if (p.images.length > 0) details.push(t.imagesAttached({ count: p.images.length }));

  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: t.proposalTitle({ ref: p.ref, author: mention(p.authorId), version: p.version }) } },
    {
      type: 'rich_text',
      elements: [{ type: 'rich_text_quote', elements: [{ type: 'text', text: p.text }] }],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: details.join(' · ') }] },
    { type: 'section', text: { type: 'mrkdwn', text: statusLine(p, s) } },
  ];
  // One line per network once there is more than one: each its state and its link.
  if (p.deliveries.length > 1) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: p.deliveries.map((d) => networkLine(d, s)).join(' · ') }] });
  // Other capabilities' word on this proposal (its follow-up, for one).
  for (const note of notes) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });
  if (p.images.length > 0) {
    const alts = p.images.map((image, i) => t.imageAlt({ n: i + 1, name: escapeForSlack(image.name), alt: escapeForSlack(image.altText) }));
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: alts.join('\n') }] });
  }
  if (OPEN_STATES.includes(p.state)) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: t.hint({ approve: emojiList(s.approveReactions, s), reject: emojiList(s.rejectReactions, s), required: s.approvalsRequired }),
        },
      ],
    });
    blocks.push({
      type: 'actions',
      block_id: `proposal_${p.ref}_v${p.version}`,
      elements: [{ type: 'button', action_id: ACTION_EDIT, value: String(p.ref), text: { type: 'plain_text', text: t.buttonEdit() } }],
    });
  }
  return {
    text: t.proposalFallback({ ref: p.ref, author: mention(p.authorId), text: escapeForSlack(p.text) }),
    blocks,
  };
}

function statusLine(p: Proposal, s: BoardSettings): string {
  const { t } = s.texts;
  const d = mainDelivery(p);
  switch (p.state) {
    case 'pending':
      return t.statusPending({ count: p.approvals.length, required: s.approvalsRequired });
    case 'scheduled':
      return t.statusScheduled({ time: s.texts.time(p.publishAt!) });
    case 'waiting':
      return t.statusWaiting({ time: s.texts.time(d?.waitUntil ?? p.createdAt) });
    case 'publishing':
      return t.statusPublishing();
    case 'published': {
      if (d?.dryRun) return t.statusPublishedDryRun();
      const url = d ? linkOf(d) : null;
      return url ? t.statusPublished({ url }) : t.statusPublishedConfirmed();
    }
    case 'rejected':
      return p.rejectedBy === p.authorId ? t.statusWithdrawn() : t.statusRejected({ by: mention(p.rejectedBy ?? '') });
    case 'failed':
      return t.statusFailed({ reason: failureReason(p, s) });
    case 'uncertain':
      return t.statusUncertain();
    case 'expired':
      return t.statusExpired({ time: s.texts.time(p.publishAt ?? p.createdAt) });
  }
}

/** A network's line: its name, its state in words, its link once published. */
function networkLine(d: Delivery, s: BoardSettings): string {
  const { t } = s.texts;
  const url = linkOf(d);
  const state = d.state === 'published' && d.dryRun ? t.deliveryDryRun() : t.deliveryState[d.state];
  return t.networkState({ network: t.networkName[d.network], state: url && !d.dryRun ? `<${url}|${state}>` : state });
}

/** The delivery a one-line status speaks of: the one that needs someone first, else the first. */
export function mainDelivery(p: Proposal): Delivery | undefined {
  const order: Delivery['state'][] = ['uncertain', 'failed', 'waiting', 'publishing', 'published'];
  return [...p.deliveries].sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state))[0];
}

/** The link of a delivery's post (its last part), if the network gave one. */
export function linkOf(d: Delivery): string | null {
  return d.parts.filter((x) => x.remote?.url).at(-1)?.remote?.url || null;
}

/** Why a proposal failed, in the cell's words, from what was stored (its own failure, else its delivery's). */
export function failureReason(p: Proposal, s: BoardSettings, d: Delivery | undefined = mainDelivery(p)): string {
  const { t } = s.texts;
  const own = p.failureCode ? { code: p.failureCode, detail: p.failureDetail } : null;
  const failure = own ?? { code: d?.failureCode ?? null, detail: d?.failureDetail ?? null };
  const detail = escapeForSlack(failure.detail ?? '');
  switch (failure.code) {
    case 'duplicate':
      return t.failureDuplicate();
    case 'credentials':
      return t.failureRefused({ status: statusOf(detail, 401), detail });
    case 'reply_target':
      return t.failureReplyTarget({ ref: p.replyToRef ?? 0 });
    case 'slack_post_failed':
      return t.postFailed({ reason: detail });
    case 'image':
      return t.failureImage({ detail });
    default:
      return t.failureInvalid({ status: statusOf(detail, 400), detail });
  }
}

/** Details are stored as `HTTP 403: …` where the network gave a status. */
function statusOf(detail: string, fallback: number): number {
  const m = /^HTTP (\d{3})/.exec(detail);
  return m ? Number(m[1]) : fallback;
}

/** An earlier version's message once a new version is posted: no buttons, no approvals that count. */
export function replacedMessage(old: Proposal, next: Proposal, s: BoardSettings): SlackMessage {
  const { t } = s.texts;
  const note = t.replacedBy({ version: next.version });
  return {
    text: `${t.proposalFallback({ ref: old.ref, author: mention(old.authorId), text: escapeForSlack(old.text) })} (${note})`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: t.proposalTitle({ ref: old.ref, author: mention(old.authorId), version: old.version }) } },
      { type: 'rich_text', elements: [{ type: 'rich_text_quote', elements: [{ type: 'text', text: old.text }] }] },
      { type: 'section', text: { type: 'mrkdwn', text: note } },
    ],
  };
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

/** A thread reply: with buttons when a person must decide, shown in the channel when everyone must know. */
export interface ThreadReply {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * The thread reply for an event people must notice. Refused credentials alert the channel and offer
 * *Retry*; an uncertain outcome asks a person whether the post is online. Rendered when sent: once the
 * delivery has moved on, its buttons are gone.
 */
export function replyMessage(p: Proposal, subject: ReplySubject, s: BoardSettings): ThreadReply | null {
  const { t } = s.texts;
  const d = 'network' in subject ? p.deliveries.find((x) => x.network === subject.network) : undefined;
  const approvers = s.texts.list(p.approvals.map(mention));
  const button = (actionId: string, label: string, style?: 'primary' | 'danger') => ({
    type: 'button' as const,
    action_id: actionId,
    value: JSON.stringify({ ref: p.ref, network: d?.network ?? 'x' }),
    text: { type: 'plain_text' as const, text: label },
    ...(style ? { style } : {}),
  });
  const withButtons = (body: string, buttons: ReturnType<typeof button>[]): ThreadReply => ({
    text: body,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      { type: 'actions', block_id: `proposal_${p.ref}_${subject.what}`, elements: buttons },
    ],
  });
  switch (subject.what) {
    case 'scheduled':
      return { text: t.threadScheduled({ approvers, time: s.texts.time(p.publishAt ?? p.createdAt) }) };
    case 'expired':
      return { text: t.threadExpired({ author: mention(p.authorId), time: s.texts.time(p.publishAt ?? p.createdAt) }) };
    case 'rejected':
      return { text: p.rejectedBy === p.authorId ? t.threadWithdrawn({ by: mention(p.authorId) }) : t.threadRejected({ by: mention(p.rejectedBy ?? '') }) };
    case 'waiting':
      return { text: t.threadWaiting({ time: s.texts.time(new Date(subject.until)) }) };
    case 'published': {
      if (!d) return null;
      if (d.dryRun) return { text: t.threadPublishedDryRun({ approvers, tweetId: d.parts[0]?.remote?.id ?? '' }) };
      const url = linkOf(d);
      return { text: url ? t.threadPublished({ approvers, url }) : t.statusPublishedConfirmed() };
    }
    case 'failed': {
      if (!d) return null;
      const text = t.threadFailed({ reason: failureReason(p, s, d) });
      const posted = d.parts.filter((x) => x.remote).length;
      if (posted > 0 && posted < d.parts.length) {
        // A thread stopped half way: how far it got, and a way on from there.
        const body = `${text}\n${t.threadHalfPosted({ network: t.networkName[d.network], posted, total: d.parts.length })}`;
        return d.state === 'failed' ? withButtons(body, [button(ACTION_RETRY, t.buttonRetryFromPart({ part: posted + 1 }), 'primary')]) : { text: body };
      }
      if (d.failureCode !== 'credentials') return { text };
      const body = `${t.alertRefused()}\n${text}`;
      return d.state === 'failed' ? withButtons(body, [button(ACTION_RETRY, t.buttonRetry(), 'primary')]) : { text: body };
    }
    case 'uncertain': {
      if (!d) return null;
      const text = t.threadUncertain({ detail: escapeForSlack(d.failureDetail ?? '') });
      return d.state === 'uncertain' ? withButtons(text, [button(ACTION_ONLINE, t.buttonOnline()), button(ACTION_RETRY, t.buttonNotOnline(), 'danger')]) : { text };
    }
    case 'retried':
      return { text: t.retryRequested({ by: mention(subject.by) }) };
    case 'confirmed':
      return { text: t.confirmedOnline({ by: mention(subject.by) }) };
  }
}

/** Each target network's count and limit, on one line: `X 142/280 · Mastodon 150/500 · Bluesky 150/300`. */
export function countsLine(text: string, targets: ReadonlyArray<{ name: NetworkName; length: { max: number; count(text: string): number } }>, texts: Texts): string {
  const { t } = texts;
  if (targets.length === 1 && targets[0]!.name === 'x') return t.length({ weightedLength: targets[0]!.length.count(text), max: targets[0]!.length.max });
  return targets.map((n) => `${t.networkName[n.name]} ${n.length.count(text)}/${n.length.max}`).join(' · ');
}

/** Everything that can make a proposal be refused, from the text alone or from what is stored. */
export type Problem = CommandProblem | ReplyTargetProblem;

/** One line per problem, under the refusal's intro. Values typed by the person are escaped. */
export function refusal(problems: readonly Problem[], texts: Texts): string {
  const lines = problems.map((problem) => `• ${problemText(problem, texts)}`);
  return [texts.t.proposalRefused(), ...lines].join('\n');
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
