import { DateTime } from 'luxon';
import type { types } from '@slack/bolt';
import { NETWORKS } from '../networks/network.js';
import type { Locale } from '../platform/config.js';
import { escapeForSlack } from '../platform/slackText.js';
import { FOLLOWUP_BUCKETS, type DurationStats, type Figures } from './figures.js';
import { ACTION_SHARE_REPORT, shareValue } from './ids.js';
import type { PeriodProblem } from './period.js';
import { NETWORK_NAMES, periodLabel, reportTexts, type ReportTexts } from './texts.js';

type KnownBlock = types.KnownBlock;

/** Slack: a section's text, and a header's, at most (Block Kit reference, "Section block", "Header block"). */
const SECTION_LIMIT = 3000;
const HEADER_LIMIT = 150;
/** Templates named one by one; the rest are counted. */
const SHOWN_TEMPLATES = 8;
const TEMPLATE_NAME = 40;

export interface ReportView {
  locale: Locale;
  timeZone: string;
  /** The ephemeral report gets a *Share in the channel* button; the shared and weekly ones do not. */
  share: boolean;
  /** The member who shared it in the channel, as the message names them (a name, escaped: no mention that pings). */
  sharedBy?: string;
  /** The ephemeral report says where its chart and CSV went (the caller's messages with the app). */
  filesSentPrivately?: boolean;
}

/**
 * The report as one message: the four numbers a chief reads first, then the detail by subject, then
 * what the figures cover. Nine blocks, each far under Slack's limits (50 blocks, 3,000 characters).
 */
export function reportMessage(f: Figures, view: ReportView): { text: string; blocks: KnownBlock[] } {
  const t = reportTexts[view.locale];
  const period = f.period;
  const title = t.title({ period: periodLabel(period, t, view.timeZone) });
  const key = keyFigures(f, t);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(title, HEADER_LIMIT), emoji: true } },
    { type: 'section', fields: key.map((text) => ({ type: 'mrkdwn' as const, text })) },
    { type: 'divider' },
    section([t.postsHeading(), ...postLines(f, t)].join('\n')),
    section([t.delaysHeading(), t.toApproval({ stats: statsText(f.toApproval, t, 'proposals') }), t.toPublication({ stats: statsText(f.toPublication, t, 'proposals') })].join('\n')),
    section([t.followupsHeading(), ...followupLines(f, t)].join('\n')),
    section(
      [
        t.handoversHeading(),
        t.handovers({ recorded: f.handovers.recorded, acknowledged: f.handovers.acknowledged }),
        t.summaries({ count: f.handovers.summariesWithoutHandover }),
      ].join('\n'),
    ),
    { type: 'context', elements: [{ type: 'mrkdwn', text: note(f, t, view) }] },
  ];
  if (view.share && period.word !== null) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action_id: ACTION_SHARE_REPORT, text: { type: 'plain_text', text: t.shareButton() }, value: shareValue(period) }],
    });
  }
  const fallback = `${title} · ${key.map((k) => k.replace(/\*/g, '').replace(/\n/g, ' ')).join(' · ')}`;
  return { text: fallback, blocks };
}

/** What is wrong with the words after `/report`, to show under `reportRefused()`. */
export function periodProblemText(problem: PeriodProblem, locale: Locale): string {
  const t = reportTexts[locale];
  const value = escapeForSlack(cut(problem.value, 40));
  switch (problem.code) {
    case 'unknown_period':
      return t.unknownPeriod({ value });
    case 'bad_month':
      return t.badMonth({ value });
    case 'future_month':
      return t.futureMonth({ value });
  }
}

function keyFigures(f: Figures, t: ReportTexts): string[] {
  const ended = f.followups.resolved + f.followups.closed;
  const split = f.posts.total > 0 ? NETWORKS.filter((n) => f.posts.byNetwork[n] > 0).map((n) => `${NETWORK_NAMES[n]} ${f.posts.byNetwork[n]}`).join(' · ') : '';
  return [
    `${t.keyPosts()}\n${t.keyPostsValue({ total: `*${f.posts.total}*`, split })}`,
    `${t.keyDelay()}\n${f.toPublication.count > 0 ? t.stats(spans(f.toPublication, t)) : t.nothingToMeasure()}`,
    `${t.keyFollowups()}\n${t.keyFollowupsValue({ opened: f.followups.opened, ended, open: f.followups.openAtEnd })}`,
    `${t.keyHandovers()}\n${t.keyHandoversValue({ acknowledged: f.handovers.acknowledged, recorded: f.handovers.recorded })}`,
  ];
}

function postLines(f: Figures, t: ReportTexts): string[] {
  const lines: string[] = [];
  if (f.posts.total === 0) lines.push(t.noPosts());
  else {
    lines.push(t.perNetwork({ list: NETWORKS.map((n) => `${NETWORK_NAMES[n]} ${f.posts.byNetwork[n]}`).join(' · ') }));
    const shown = f.posts.byTemplate.slice(0, SHOWN_TEMPLATES).map((x) => `${x.template === null ? `_${t.noTemplate()}_` : escapeForSlack(cut(x.template, TEMPLATE_NAME))} ${x.count}`);
    const rest = f.posts.byTemplate.length - SHOWN_TEMPLATES;
    lines.push(t.perTemplate({ list: [...shown, ...(rest > 0 ? [t.andOthers({ count: rest })] : [])].join(' · ') }));
  }
  lines.push(t.outcomes(f.proposals));
  if (f.posts.dryRun.total > 0) lines.push(t.dryRun({ count: f.posts.dryRun.total }));
  return lines;
}

function followupLines(f: Figures, t: ReportTexts): string[] {
  const fu = f.followups;
  const lines = [t.followupCounts(fu), t.stillOpen({ count: fu.openAtEnd, longest: fu.longestOpen === null ? null : t.span(fu.longestOpen) })];
  lines.push(t.followupDurations({ stats: statsText(fu.durations, t, 'followups') }));
  if (fu.buckets.some((b) => b.ended + b.open > 0)) {
    const list = fu.buckets.map((b, i) => {
      // Labels hold < and >, which Slack reads as the start of a link unless escaped.
      const label = escapeForSlack(t.bucket[FOLLOWUP_BUCKETS[i]!.id]);
      return b.open > 0 ? `${label} ${b.ended} (+ ${t.distributionOpen({ count: b.open })})` : `${label} ${b.ended}`;
    });
    lines.push(t.distribution({ list: list.join(' · ') }));
  }
  lines.push(t.reminders({ reminders: fu.reminders, escalations: fu.escalations }));
  return lines;
}

function statsText(s: DurationStats, t: ReportTexts, what: 'proposals' | 'followups'): string {
  return s.count === 0 ? t.nothingToMeasure() : t.statsCount({ ...spans(s, t), count: s.count, what });
}

function spans(s: DurationStats, t: ReportTexts): { median: string; p90: string } {
  return { median: t.span(s.median ?? 0), p90: t.span(s.p90 ?? 0) };
}

function note(f: Figures, t: ReportTexts, view: ReportView): string {
  const moment = (at: Date) => t.moment(DateTime.fromJSDate(at, { zone: view.timeZone }).setLocale(t.localeTag));
  const parts = [t.periodNote({ from: moment(f.period.start), to: moment(f.period.end), zone: view.timeZone })];
  if (f.period.toDate) parts.push(t.toDateNote({ at: moment(f.period.end) }));
  if (view.sharedBy) parts.push(t.sharedBy({ user: view.sharedBy }));
  if (view.filesSentPrivately) parts.push(t.filesSentPrivately());
  return cut(parts.join(' '), SECTION_LIMIT);
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_LIMIT) } };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
