/**
 * The words a proposal's messages share: its state in one line, each network's state, why a network
 * refused, who acted (named, never pinged), and times as the cell reads them. Pure: what is rendered
 * comes from the stored proposal and these settings.
 */
import type { NetworkName } from '../networks/network.js';
import type { Locale } from '../platform/config.js';
import type { Texts } from '../platform/i18n/index.js';
import { DEFAULT_TIME_ZONE } from '../platform/config.js';
import { glance } from '../platform/i18n/glance.js';
import { datedPhrase, inHow } from '../platform/i18n/when.js';
import { postedParts } from './rules.js';
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
  /** A person's name as the team sees it, which notifies nobody (`People.name`); a mention by default. */
  name?: (userId: string) => string;
  /** Now, for times said relative to it ("à 14:30", "demain à 06:00"); the system clock by default. */
  now?: () => Date;
  timeZone?: string;
  locale?: Locale;
}

export const mention = (userId: string) => `<@${userId}>`;

/** The helpers a renderer uses, bound to the settings and to the moment of rendering (the cell's glance, and more). */
export interface Say {
  t: Texts['t'];
  now: Date;
  /** `at` inside a sentence said once (a thread reply): "à 14:30", "demain à 06:00", "le lun. 30 nov. à 14:30". */
  at(when: Date): string;
  /** `at` in the proposal message, which stays up: "à 14:30" today, else by its date ("le dim. 22 nov. à 06:00"). */
  on(when: Date): string;
  /** "dans 25 min", "il y a 5 min". */
  inHow(when: Date): string;
  /** "2 h", "30 min": the one way durations are written for people. */
  duration(seconds: number): string;
  /** A person named, escaped for mrkdwn; a mention (which pings) only while the name is not known yet. */
  name(userId: string): string;
  network(n: NetworkName): string;
  /** `a, b et c` */
  list(items: readonly string[]): string;
}

export function sayer(s: BoardSettings): Say {
  const locale: Locale = s.locale ?? (s.texts.t.localeTag.startsWith('fr') ? 'fr' : 'en');
  const zone = s.timeZone ?? DEFAULT_TIME_ZONE;
  const g = glance({ texts: s.texts, locale, timeZone: zone, ...(s.name ? { name: s.name } : {}) }, s.now?.() ?? new Date());
  return {
    t: g.t,
    now: g.now,
    at: g.whenPhrase,
    on: (when) => datedPhrase(when, g.now, zone, locale),
    inHow: (when) => inHow(when, g.now, locale),
    duration: g.duration,
    name: g.name,
    network: (n) => g.t.networkName[n],
    list: (items) => s.texts.list(items),
  };
}

/** Deliveries in the order networks are always shown (X, Mastodon, Bluesky). */
export function inOrder(p: Proposal): Delivery[] {
  const order: NetworkName[] = ['x', 'mastodon', 'bluesky'];
  return [...p.deliveries].sort((a, b) => order.indexOf(a.network) - order.indexOf(b.network));
}

/** The link of a delivery's post: the first part of a thread (where a reader starts), if the network gave one. */
export function linkOf(d: Delivery): string | null {
  return d.parts.find((x) => x.remote?.url)?.remote?.url || null;
}

/** The proposal's state in one line, first in its message: in words, with its own symbol. */
export function stateLine(p: Proposal, s: BoardSettings, say: Say = sayer(s)): string {
  const { t } = say;
  const names = (ds: readonly Delivery[]) => say.list(ds.map((d) => say.network(d.network)));
  const deliveries = inOrder(p);
  const where = (state: Delivery['state']) => deliveries.filter((d) => d.state === state);
  switch (p.state) {
    case 'pending':
      return t.statusPending({ count: p.approvals.length, required: s.approvalsRequired });
    case 'scheduled':
      return t.statusScheduled({ time: say.on(p.publishAt ?? p.createdAt) });
    case 'waiting': {
      const held = where('waiting');
      const until = held.map((d) => d.waitUntil?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
      return t.statusWaiting({ networks: names(held), time: say.on(new Date(until || p.createdAt.getTime())) });
    }
    case 'publishing':
      return t.statusPublishing();
    case 'published': {
      const real = deliveries.filter((d) => !d.dryRun);
      return real.length > 0 ? t.statusPublished({ networks: names(real) }) : t.statusPublishedDryRun({ networks: names(deliveries) });
    }
    case 'rejected':
      return p.rejectedBy === p.authorId ? t.statusWithdrawn() : t.statusRejected({ by: say.name(p.rejectedBy ?? '') });
    case 'failed': {
      const failed = where('failed');
      return failed.length > 0 ? t.statusFailed({ networks: names(failed) }) : t.statusFailedOwn({ reason: ownFailure(p, say) });
    }
    case 'uncertain':
      return t.statusUncertain({ networks: names(where('uncertain')) });
    case 'expired':
      return t.statusExpired({ time: say.on(p.publishAt ?? p.createdAt) });
  }
}

/** Why a proposal failed before any network answered (its message not shown, no network left). */
function ownFailure(p: Proposal, say: Say): string {
  if (p.failureCode === 'no_network') return say.t.failNoNetwork();
  if (p.failureCode === 'slack_post_failed') return say.t.failShort.slack_post_failed;
  return say.t.failShort.invalid;
}

/** One network on one line: its name, its state in words, its link once published, how far a thread got. */
export function networkLine(d: Delivery, say: Say): string {
  const { t } = say;
  const name = say.network(d.network);
  const total = d.parts.length;
  const progress = total > 1 && d.state !== 'published' ? ` · ${t.netProgress({ posted: postedParts(d), total })}` : '';
  const url = linkOf(d);
  switch (d.state) {
    case 'published':
      if (d.dryRun) return `${name} 🧪 ${t.deliveryDryRun()}`;
      if (!url) return `${name} ${t.netConfirmed()}`;
      return `${name} ${total > 1 ? t.netPublishedThread({ url, total }) : t.netPublished({ url })}`;
    case 'waiting':
      return `${name} ${t.netWaiting({ time: say.on(d.waitUntil ?? say.now) })}${progress}`;
    case 'publishing':
      return `${name} ${t.netPublishing()}${progress}`;
    case 'failed':
      return `${name} ${t.netFailed({ why: t.failShort[d.failureCode ?? 'invalid'] })}${progress}`;
    case 'uncertain':
      return `${name} ${t.netUncertain()}${progress}`;
  }
}

/** Why a network refused, in words: what happened and who can fix it (the network's own words apart). */
export function failureWords(p: Proposal, d: Delivery, say: Say): string {
  const { t } = say;
  const network = say.network(d.network);
  switch (d.failureCode) {
    case 'credentials':
      return t.failCredentials({ network, fix: t.credentialsFix[d.network] });
    case 'duplicate':
      return t.failDuplicate({ network });
    case 'reply_target':
      return t.failReplyTarget({ network, ref: p.replyToRef ?? 0 });
    case 'image':
      return t.failImage({ network });
    case 'unknown':
      return t.uncertainWords({ network });
    default:
      return t.failInvalid({ network });
  }
}

/** The networks on which a reply will be (or was) a plain post, REF not being published there. */
export function plainOn(p: Proposal, target: Proposal | null): NetworkName[] {
  if (!p.replyToRef) return [];
  const there = (n: NetworkName) => target?.deliveries.some((d) => d.network === n && d.state === 'published' && !d.dryRun && d.parts.some((x) => x.remote));
  if (p.deliveries.length > 0) return inOrder(p).filter((d) => !d.replyTo && !d.dryRun && !there(d.network)).map((d) => d.network);
  // Before approval: from where REF stands now (a dry run of this one answers nothing either way).
  return p.networks.filter((n) => !there(n));
}
