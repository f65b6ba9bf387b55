import type { NetworkName } from '../networks/network.js';
import { capLines, excerpt, TEXT_MAX } from '../platform/blocks.js';
import type { Glance } from '../platform/i18n/glance.js';
import type { Attention, ProposalItem } from './attention.js';
import type { PublishedFact } from './facts.js';

/**
 * The lines a handover summary and the Home tab share (pure): "to handle now", one linked line per item
 * with an excerpt, each list cut at an item's boundary with "… and N more" and where to see the rest.
 */

/** How much of a proposal's text a line quotes. */
const LINE_EXCERPT = 60;

/** A URL that can sit in a `<url|label>` link as it is. */
const SAFE_URL = /^https?:\/\/[^\s<>|]+$/;

/** `#12`, linked to its message when it has one. */
export const refLink = (ref: number, link: string | null) => (link && SAFE_URL.test(link) ? `<${link}|#${ref}>` : `#${ref}`);

export interface MoreLines {
  /** "… and 3 more: `/followup list`" */
  followups: (count: number) => string;
  /** "… and 3 more in the Home tab" */
  others: (count: number) => string;
}

/** How many need someone in all. */
export const attentionCount = (a: Attention) => a.totals.overdue + a.totals.uncertain + a.totals.failed + a.totals.pending;

/** One text per non-empty list, overdue follow-ups first, then uncertain, failed, awaiting approval: each within a text object. */
export function attentionGroups(a: Attention, g: Glance, shown: number, more: MoreLines): string[] {
  const { t } = g;
  const quote = (x: ProposalItem) => (x.text.trim() === '' ? null : excerpt(x.text, LINE_EXCERPT));
  const ref = (x: ProposalItem) => refLink(x.ref, x.link);
  const network = (n: NetworkName | null) => (n ? t.networkName[n] : 'Slack');
  const failure = (code: string) => (t.failureWord as Record<string, string>)[code] ?? t.failureWord.unknown;
  const groups: Array<[string[], number, (count: number) => string]> = [
    [a.overdue.map((x) => t.attentionOverdue({ ref: ref(x), late: g.late(new Date(x.dueAt)), excerpt: quote(x) })), a.totals.overdue, more.followups],
    [
      a.uncertain.map((x) => t.attentionUncertain({ ref: ref(x), networks: g.texts.list(x.networks.map(network)), excerpt: quote(x) })),
      a.totals.uncertain,
      more.others,
    ],
    [
      a.failed.map((x) =>
        t.attentionFailed({
          ref: ref(x),
          failures: g.texts.list(x.failures.map((f) => t.networkFailure({ network: network(f.network), why: failure(f.code) }))),
          excerpt: quote(x),
        }),
      ),
      a.totals.failed,
      more.others,
    ],
    [a.pending.map((x) => t.attentionPending({ ref: ref(x), excerpt: quote(x) })), a.totals.pending, more.others],
  ];
  return groups
    .filter(([, total]) => total > 0)
    .map(([lines, total, moreLine]) => capLines(lines, { maxChars: TEXT_MAX, maxItems: shown, total, more: moreLine }));
}

/** A published proposal with each network linked to its post: "#12 (X, Mastodon)", "#13 (X (dry run))". */
export function publishedItem(p: PublishedFact, g: Glance): string {
  const { t } = g;
  // Older summaries stored one link, X's.
  const posts = p.posts ?? [{ network: 'x' as const, url: p.url, dryRun: p.url === null }];
  const networks = posts.map((post) => {
    const name = t.networkName[post.network];
    if (post.dryRun) return t.itemDryRun({ network: name });
    return post.url && SAFE_URL.test(post.url) ? `<${post.url}|${name}>` : name;
  });
  return t.itemNetworks({ ref: `#${p.ref}`, networks: networks.join(', ') });
}
