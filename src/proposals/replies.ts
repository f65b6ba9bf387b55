import type { types } from '@slack/bolt';
import { cutMrkdwn, cutText, EMPTY_TEXT, fallbackText, section } from '../platform/blocks.js';
import { escapeForSlack } from '../platform/slackText.js';
import type { NetworkName } from '../networks/network.js';
import type { ReplySubject } from './decide.js';
import { altsCut } from './messages.js';
import { isCut, pieces, PIECES_PER_REPLY, replyCount } from './preview.js';
import type { Proposal } from './store.js';
import { halfPosted, postedParts } from './rules.js';
import { failureWords, linkOf, sayer, type BoardSettings, type Say } from './words.js';

type KnownBlock = types.KnownBlock;

/** A thread reply: its text, and blocks where it needs more than a line. */
export interface ThreadReply {
  text: string;
  blocks?: KnownBlock[];
}

/** The network's own words quoted after ours, in the reply only: cut, escaped. */
const NETWORK_WORDS_MAX = 300;
/** Proposals named in an alert, at most; the others are counted. */
const ALERT_REFS_MAX = 15;

/**
 * The thread reply for an event people must notice, rendered when sent from what is stored. People who
 * acted are named, never pinged; the buttons are on the proposal message, which shows what is live.
 */
export function replyMessage(p: Proposal, subject: ReplySubject, s: BoardSettings): ThreadReply | null {
  const say = sayer(s);
  const { t } = say;
  const d = 'network' in subject ? p.deliveries.find((x) => x.network === subject.network) : undefined;
  const network = 'network' in subject ? say.network(subject.network) : '';
  const approvers = say.list(p.approvals.map(say.name));
  switch (subject.what) {
    case 'scheduled':
      return { text: t.threadScheduled({ approvers, time: say.at(p.publishAt ?? p.createdAt) }) };
    case 'expired':
      // The author must act (propose again): the one mention that pings, on purpose.
      return { text: t.threadExpired({ author: `<@${p.authorId}>`, time: say.at(p.publishAt ?? p.createdAt) }) };
    case 'rejected':
      return { text: p.rejectedBy === p.authorId ? t.threadWithdrawn({ by: say.name(p.authorId) }) : t.threadRejected({ by: say.name(p.rejectedBy ?? '') }) };
    case 'waiting': {
      const until = new Date(subject.until);
      return { text: t.threadWaiting({ network, time: say.at(until), in: say.inHow(until) }) };
    }
    case 'published': {
      if (!d) return null;
      if (d.dryRun) return { text: t.threadPublishedDryRun({ network, approvers, id: d.parts[0]?.remote?.id ?? '' }) };
      const url = linkOf(d);
      // Confirmed online by a person, no link known: which network, as on the message.
      if (!url) return { text: `${network} ${t.netConfirmed()}` };
      return { text: d.parts.length > 1 ? t.threadPublishedThread({ network, approvers, url, total: d.parts.length }) : t.threadPublished({ network, approvers, url }) };
    }
    case 'failed': {
      if (!d) return null;
      const lines = [t.threadFailed({ network, reason: failureWords(p, d, say) })];
      if (halfPosted(d)) lines.push(t.threadHalfPosted({ network, posted: postedParts(d), total: d.parts.length }));
      // The network's own words, quoted as they came, for whoever must fix the text (not for refused credentials).
      if (d.failureDetail && (d.failureCode === 'invalid' || d.failureCode === 'image')) {
        lines.push(t.networkSaid({ network, reason: cutMrkdwn(escapeForSlack(d.failureDetail), NETWORK_WORDS_MAX) }));
      }
      return { text: lines.join('\n') };
    }
    case 'uncertain':
      if (!d) return null;
      return { text: t.threadUncertain({ network, words: failureWords(p, d, say) }) };
    case 'retried':
      return { text: t.retryRequested({ by: say.name(subject.by), network }) };
    case 'confirmed':
      return { text: t.confirmedOnline({ by: say.name(subject.by), network }) };
  }
}

/** The full text of a cut part, in replies of three pieces (`preview.ts`): reply `index` of that part. */
export function fullTextReply(p: Proposal, part: number, index: number, s: BoardSettings): ThreadReply | null {
  const text = p.parts[part - 1];
  if (text === undefined || !isCut(p.parts, part)) return null;
  const all = pieces(text);
  const shown = all.slice(index * PIECES_PER_REPLY, (index + 1) * PIECES_PER_REPLY);
  if (shown.length === 0) return null;
  const { t } = sayer(s);
  const heading = t.fullTextHeading({ part: p.parts.length > 1 ? part : null, total: p.parts.length, piece: index + 1, pieces: replyCount(text) });
  return {
    text: fallbackText(heading),
    blocks: [
      {
        type: 'rich_text',
        elements: [
          { type: 'rich_text_section', elements: [{ type: 'text', text: heading, style: { bold: true } }] },
          ...shown.map((piece) => ({ type: 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: piece || EMPTY_TEXT }] })),
        ],
      },
    ],
  };
}

/** The full alt texts, when the message had to cut one: each under its image's name, literally. */
export function altTextsReply(p: Proposal, s: BoardSettings): ThreadReply | null {
  if (!altsCut(p)) return null;
  const { t } = sayer(s);
  return {
    text: fallbackText(t.altTextsHeading()),
    blocks: [
      {
        type: 'rich_text',
        elements: [
          { type: 'rich_text_section', elements: [{ type: 'text', text: t.altTextsHeading(), style: { bold: true } }] },
          ...p.images.flatMap((image, i) => [
            { type: 'rich_text_section' as const, elements: [{ type: 'text' as const, text: `${i + 1}. ${cutText(image.name, 200, { kind: 'literal' }) || EMPTY_TEXT}` }] },
            { type: 'rich_text_quote' as const, elements: [{ type: 'text' as const, text: image.altText || EMPTY_TEXT }] },
          ]),
        ],
      },
    ],
  };
}

/** What the alert for refused credentials on a network says, from what is stored when it is shown. */
export interface AlertFacts {
  network: NetworkName;
  /** A publication there worked since the alert was raised: the problem is over. */
  resolved: boolean;
  /** The proposals whose delivery there failed on the credentials and is still failed. */
  failedRefs: number[];
}

/**
 * One alert in the channel for one credentials problem, whatever the number of proposals it hits (`decide`
 * keys it by network and by the last publication that worked there): who must fix what, and which
 * proposals to retry; once a publication works there again, it says so, without pinging anyone.
 */
export function credentialsAlert(facts: AlertFacts, s: BoardSettings): ThreadReply {
  const say = sayer(s);
  const { t } = say;
  const network = say.network(facts.network);
  const refs = refList(facts.failedRefs, say);
  const text = facts.resolved ? t.alertResolved({ network, refs }) : t.alertCredentials({ network, fix: t.credentialsFix[facts.network], refs });
  return { text: fallbackText(text), blocks: [section(text)] };
}

function refList(refs: readonly number[], say: Say): string {
  if (refs.length === 0) return EMPTY_TEXT;
  const shown = refs.slice(0, ALERT_REFS_MAX).map((ref) => `#${ref}`);
  const more = refs.length - shown.length;
  return say.list(more > 0 ? [...shown, say.t.andMore({ count: more })] : shown);
}
