import { DateTime } from 'luxon';
import type { NetworkName } from '../networks/network.js';
import type { Locale } from '../platform/config.js';
import type { BucketId, Figures } from './figures.js';
import type { Period } from './period.js';

/**
 * The words of the reports (message, chart, CSV), in French and English. French typography: a
 * no-break space (U+00A0) before `:` and inside « », a narrow one (U+202F) before `;`, `!` and `?`,
 * and between a number and its unit. Values typed by people are escaped by the caller.
 */
const NB = '\u00A0';
const NN = '\u202F';
const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

export const NETWORK_NAMES: Record<NetworkName, string> = { x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky' };

export const reportFr = {
  localeTag: 'fr-FR',
  /** How long something took: `45 s`, `12 min`, `1 h 05`, `2 j 3 h`. */
  span: (ms: number) => span(ms, { s: `${NB}s`, min: `${NB}min`, h: `${NB}h`, d: `${NB}j`, gap: NB }, (h, m) => `${h}${NB}h${NB}${String(m).padStart(2, '0')}`),
  bucket: {
    under_30m: `<${NB}30${NB}min`,
    '30m_1h': `30–60${NB}min`,
    '1h_2h': `1–2${NB}h`,
    '2h_4h': `2–4${NB}h`,
    '4h_8h': `4–8${NB}h`,
    '8h_24h': `8–24${NB}h`,
    over_24h: `>${NB}24${NB}h`,
  } satisfies Record<BucketId, string>,

  title: (p: { period: string }) => `📊 Rapport de la cellule — ${p.period}`,
  chartTitle: (p: { period: string }) => `Rapport de la cellule — ${p.period}`,
  weekLabel: (p: { from: DateTime; to: DateTime }) =>
    `semaine du ${p.from.year === p.to.year ? p.from.toFormat(p.from.month === p.to.month ? 'd' : 'd LLLL') : p.from.toFormat('d LLLL yyyy')} au ${p.to.toFormat('d LLLL yyyy')}`,
  weekToDateLabel: (p: { from: DateTime }) => `semaine en cours, depuis le lundi ${p.from.toFormat('d LLLL yyyy')}`,
  monthLabel: (p: { month: DateTime; toDate: boolean }) => `${p.month.toFormat('LLLL yyyy')}${p.toDate ? ' (en cours)' : ''}`,
  moment: (at: DateTime) => at.toFormat(`ccc d LLL HH'${NB}h${NB}'mm`),

  keyPosts: () => `*Publications${NB}:*`,
  keyPostsValue: (p: { total: string; split: string }) => (p.split ? `${p.total} (${p.split})` : p.total),
  keyDelay: () => `*Proposition → publication${NB}:*`,
  keyFollowups: () => `*Suivis${NB}:*`,
  keyFollowupsValue: (p: { opened: number; ended: number; open: number }) =>
    `${p.opened} ${plural(p.opened, 'ouvert', 'ouverts')} · ${p.ended} clos · *${p.open} encore ${plural(p.open, 'ouvert', 'ouverts')}*`,
  keyHandovers: () => `*Relèves${NB}:*`,
  keyHandoversValue: (p: { acknowledged: number; recorded: number }) =>
    `${p.acknowledged} ${plural(p.acknowledged, 'accusée', 'accusées')} sur ${p.recorded} ${plural(p.recorded, 'enregistrée', 'enregistrées')}`,
  stats: (p: { median: string; p90: string }) => `médiane ${p.median} · 90${NN}% en moins de ${p.p90}`,
  statsCount: (p: { median: string; p90: string; count: number; what: 'proposals' | 'followups' }) =>
    `médiane ${p.median}, 90${NN}% en moins de ${p.p90} (${p.count} ${p.what === 'proposals' ? plural(p.count, 'proposition', 'propositions') : plural(p.count, 'suivi', 'suivis')})`,
  nothingToMeasure: () => 'rien à mesurer',

  postsHeading: () => '*Publications*',
  perNetwork: (p: { list: string }) => `• Par réseau${NB}: ${p.list}`,
  perTemplate: (p: { list: string }) => `• Par modèle${NB}: ${p.list}`,
  noTemplate: () => 'sans modèle',
  andOthers: (p: { count: number }) => `et ${p.count} ${plural(p.count, 'autre', 'autres')}`,
  outcomes: (p: { rejected: number; failed: number; expired: number; uncertain: number }) =>
    `• Rejetées${NB}: ${p.rejected} · en échec${NB}: ${p.failed} · expirées${NB}: ${p.expired}` +
    (p.uncertain > 0 ? ` · à vérifier (issue incertaine)${NB}: ${p.uncertain}` : ''),
  dryRun: (p: { count: number }) => `• En simulation (sans appel aux réseaux)${NB}: ${p.count}, non comptées ci-dessus`,
  noPosts: () => '• Aucune publication sur la période.',

  delaysHeading: () => '*Délais*',
  toApproval: (p: { stats: string }) => `• Proposition → première validation${NB}: ${p.stats}`,
  toPublication: (p: { stats: string }) => `• Proposition → publication (premier réseau, attente d’un \`--at\` comprise)${NB}: ${p.stats}`,

  followupsHeading: () => '*Suivis d’incident*',
  followupCounts: (p: { opened: number; resolved: number; closed: number }) =>
    `• Ouverts${NB}: ${p.opened} · clos avec une publication${NB}: ${p.resolved} · clos sans publication${NB}: ${p.closed}`,
  stillOpen: (p: { count: number; longest: string | null }) =>
    `• Encore ouverts à la fin de la période${NB}: *${p.count}*` + (p.longest ? ` (le plus ancien depuis ${p.longest})` : ''),
  followupDurations: (p: { stats: string }) => `• Durée d’ouverture des suivis clos${NB}: ${p.stats}`,
  distribution: (p: { list: string }) => `• Répartition${NB}: ${p.list}`,
  distributionOpen: (p: { count: number }) => `${p.count} encore ${plural(p.count, 'ouvert', 'ouverts')}`,
  reminders: (p: { reminders: number; escalations: number }) =>
    `• Rappels${NB}: ${p.reminders} · escalades (@here)${NB}: ${p.escalations}`,

  handoversHeading: () => '*Relèves*',
  handovers: (p: { recorded: number; acknowledged: number }) =>
    `• Enregistrées${NB}: ${p.recorded} · accusées${NB}: ${p.acknowledged}`,
  summaries: (p: { count: number }) => `• Résumés automatiques sans relève${NB}: ${p.count}`,

  periodNote: (p: { from: string; to: string; zone: string }) =>
    `Du ${p.from} au ${p.to} (${p.zone}). Une proposition publiée sur trois réseaux compte pour trois publications.`,
  toDateNote: (p: { at: string }) => `Chiffres arrêtés au ${p.at}${NN}; ils évolueront jusqu’à la fin de la période.`,
  shareButton: () => 'Partager dans le canal',
  sharedBy: (p: { user: string }) => `Partagé par ${p.user}.`,
  filesSentPrivately: () => 'Le graphique et les chiffres (CSV) arrivent dans vos messages avec l’app.',
  shared: () => `Rapport partagé dans le canal.`,
  alreadyShared: (p: { by: string }) => `Ce rapport est déjà dans le canal${NB}: ${p.by} l’a partagé.`,
  staleShare: () => `Ce bouton ne correspond à aucun rapport${NB}: relancez \`/report\`.`,
  reportHelp: () =>
    `\`/report\` ou \`/report semaine\`${NB}: la semaine en cours · \`/report mois\`${NB}: le mois en cours · \`/report 2026-10\`${NB}: un mois donné. ` +
    `Le rapport n’est visible que de vous, avec un bouton pour le partager${NN}; le graphique et le CSV arrivent dans vos messages avec l’app.`,
  fileStem: () => 'rapport',
  chartFileTitle: (p: { period: string }) => `Graphique — ${p.period}`,
  csvFileTitle: (p: { period: string }) => `Chiffres (CSV) — ${p.period}`,
  filesComment: (p: { period: string }) => `Graphique et chiffres du rapport de la cellule — ${p.period}.`,

  unknownPeriod: (p: { value: string }) =>
    `période inconnue${NB}: «${NB}${p.value}${NB}». Écrivez \`semaine\`, \`mois\` ou un mois \`AAAA-MM\` (\`2026-11\`).`,
  badMonth: (p: { value: string }) => `mois impossible${NB}: «${NB}${p.value}${NB}». Écrivez \`AAAA-MM\`, avec un mois de 01 à 12.`,
  futureMonth: (p: { value: string }) => `le mois «${NB}${p.value}${NB}» n’a pas encore commencé${NB}: il n’y a rien à compter.`,
  reportRefused: () => `Rapport impossible${NB}:`,

  chartPosts: () => 'Publications par jour',
  chartFollowups: () => `Suivis${NB}: durée d’ouverture`,
  chartEnded: () => 'clos dans la période',
  chartOpen: () => 'encore ouverts à la fin',
  chartNoPosts: () => 'Aucune publication',
  chartNoFollowups: () => 'Aucun suivi',
  chartWeekDay: (day: DateTime) => day.toFormat('ccc d'),
  chartAlt: (p: { period: string; posts: number; followups: number; open: number }) =>
    `Rapport de la cellule, ${p.period}${NB}: ${p.posts} ${plural(p.posts, 'publication', 'publications')} par jour et par réseau${NN}; ` +
    `${p.followups} ${plural(p.followups, 'suivi', 'suivis')} par durée d’ouverture, dont ${p.open} encore ${plural(p.open, 'ouvert', 'ouverts')}.`,

  csv: {
    figure: 'indicateur',
    label: 'libellé',
    network: 'réseau',
    template: 'modèle',
    day: 'jour',
    bucket: 'tranche',
    value: 'valeur',
    unit: 'unité',
    units: { count: 'nombre', seconds: 'secondes' },
  },
  figure: {
    period_start: 'début de la période',
    period_end: 'fin de la période (exclue)',
    posts: 'publications',
    posts_dry_run: 'publications en simulation',
    posts_by_template: 'publications par modèle',
    posts_per_day: 'publications par jour',
    rejected: 'propositions rejetées',
    failed: 'propositions en échec',
    expired: 'propositions expirées',
    uncertain: 'propositions à l’issue incertaine',
    to_publication_count: 'propositions publiées (délai mesuré)',
    to_publication_median: 'délai proposition → publication, médiane',
    to_publication_p90: 'délai proposition → publication, 90e centile',
    to_approval_count: 'propositions validées (délai mesuré)',
    to_approval_median: 'délai proposition → validation, médiane',
    to_approval_p90: 'délai proposition → validation, 90e centile',
    followups_opened: 'suivis ouverts',
    followups_resolved: 'suivis clos avec une publication',
    followups_closed: 'suivis clos sans publication',
    followups_open_at_end: 'suivis encore ouverts à la fin',
    followups_duration_median: 'durée d’ouverture des suivis clos, médiane',
    followups_duration_p90: 'durée d’ouverture des suivis clos, 90e centile',
    followups_longest_open: 'âge du plus ancien suivi encore ouvert',
    followups_ended_in_bucket: 'suivis clos, par durée',
    followups_open_in_bucket: 'suivis encore ouverts, par âge',
    reminders: 'rappels de suivi',
    escalations: 'escalades (@here)',
    handovers_recorded: 'relèves enregistrées',
    handovers_acknowledged: 'relèves accusées',
    summaries_without_handover: 'résumés automatiques sans relève',
  },
};

export type ReportTexts = typeof reportFr;

export const reportEn: ReportTexts = {
  localeTag: 'en-GB',
  span: (ms) => span(ms, { s: ' s', min: ' min', h: ' h', d: ' d', gap: ' ' }, (h, m) => (m === 0 ? `${h} h` : `${h} h ${m} min`)),
  bucket: {
    under_30m: '< 30 min',
    '30m_1h': '30–60 min',
    '1h_2h': '1–2 h',
    '2h_4h': '2–4 h',
    '4h_8h': '4–8 h',
    '8h_24h': '8–24 h',
    over_24h: '> 24 h',
  },

  title: (p) => `📊 Cell report — ${p.period}`,
  chartTitle: (p) => `Cell report — ${p.period}`,
  weekLabel: (p) =>
    `week of ${p.from.year === p.to.year ? p.from.toFormat(p.from.month === p.to.month ? 'd' : 'd LLLL') : p.from.toFormat('d LLLL yyyy')}–${p.to.toFormat('d LLLL yyyy')}`,
  weekToDateLabel: (p) => `this week, since Monday ${p.from.toFormat('d LLLL yyyy')}`,
  monthLabel: (p) => `${p.month.toFormat('LLLL yyyy')}${p.toDate ? ' (so far)' : ''}`,
  moment: (at) => at.toFormat('ccc d LLL HH:mm'),

  keyPosts: () => '*Posts:*',
  keyPostsValue: (p) => (p.split ? `${p.total} (${p.split})` : p.total),
  keyDelay: () => '*Proposal → post:*',
  keyFollowups: () => '*Follow-ups:*',
  keyFollowupsValue: (p) => `${p.opened} opened · ${p.ended} closed · *${p.open} still open*`,
  keyHandovers: () => '*Handovers:*',
  keyHandoversValue: (p) => `${p.acknowledged} of ${p.recorded} acknowledged`,
  stats: (p) => `median ${p.median} · 90% within ${p.p90}`,
  statsCount: (p) =>
    `median ${p.median}, 90% within ${p.p90} (${p.count} ${p.what === 'proposals' ? plural(p.count, 'proposal', 'proposals') : plural(p.count, 'follow-up', 'follow-ups')})`,
  nothingToMeasure: () => 'nothing to measure',

  postsHeading: () => '*Posts*',
  perNetwork: (p) => `• By network: ${p.list}`,
  perTemplate: (p) => `• By template: ${p.list}`,
  noTemplate: () => 'no template',
  andOthers: (p) => `and ${p.count} more`,
  outcomes: (p) =>
    `• Rejected: ${p.rejected} · failed: ${p.failed} · expired: ${p.expired}` + (p.uncertain > 0 ? ` · to check (uncertain outcome): ${p.uncertain}` : ''),
  dryRun: (p) => `• Dry run: ${p.count}, not counted above`,
  noPosts: () => '• No posts in the period.',

  delaysHeading: () => '*Delays*',
  toApproval: (p) => `• Proposal → first approval: ${p.stats}`,
  toPublication: (p) => `• Proposal → post (first network, \`--at\` waits included): ${p.stats}`,

  followupsHeading: () => '*Incident follow-ups*',
  followupCounts: (p) => `• Opened: ${p.opened} · closed with a post: ${p.resolved} · closed without a post: ${p.closed}`,
  stillOpen: (p) => `• Still open at the end of the period: *${p.count}*` + (p.longest ? ` (the oldest for ${p.longest})` : ''),
  followupDurations: (p) => `• Time open, closed follow-ups: ${p.stats}`,
  distribution: (p) => `• Distribution: ${p.list}`,
  distributionOpen: (p) => `${p.count} still open`,
  reminders: (p) => `• Reminders: ${p.reminders} · escalations (@here): ${p.escalations}`,

  handoversHeading: () => '*Handovers*',
  handovers: (p) => `• Recorded: ${p.recorded} · acknowledged: ${p.acknowledged}`,
  summaries: (p) => `• Automatic summaries with no handover: ${p.count}`,

  periodNote: (p) => `From ${p.from} to ${p.to} (${p.zone}). A proposal published on three networks counts as three posts.`,
  toDateNote: (p) => `Figures as of ${p.at}; they will change until the period ends.`,
  shareButton: () => 'Share in the channel',
  sharedBy: (p) => `Shared by ${p.user}.`,
  filesSentPrivately: () => 'The chart and the figures (CSV) are on their way to your messages with the app.',
  shared: () => 'Report shared in the channel.',
  alreadyShared: (p) => `This report is already in the channel: ${p.by} shared it.`,
  staleShare: () => 'This button matches no report: run `/report` again.',
  reportHelp: () =>
    '`/report` or `/report week`: this week so far · `/report month`: this month so far · `/report 2026-10`: a given month. ' +
    'Only you see the report, with a button to share it; the chart and the CSV come to your messages with the app.',
  fileStem: () => 'report',
  chartFileTitle: (p) => `Chart — ${p.period}`,
  csvFileTitle: (p) => `Figures (CSV) — ${p.period}`,
  filesComment: (p) => `Chart and figures of the cell report — ${p.period}.`,

  unknownPeriod: (p) => `unknown period: “${p.value}”. Write \`week\`, \`month\` or a month \`YYYY-MM\` (\`2026-11\`).`,
  badMonth: (p) => `no such month: “${p.value}”. Write \`YYYY-MM\`, with a month from 01 to 12.`,
  futureMonth: (p) => `the month “${p.value}” has not begun yet: there is nothing to count.`,
  reportRefused: () => 'No report:',

  chartPosts: () => 'Posts per day',
  chartFollowups: () => 'Follow-ups: time open',
  chartEnded: () => 'closed in the period',
  chartOpen: () => 'still open at the end',
  chartNoPosts: () => 'No posts',
  chartNoFollowups: () => 'No follow-ups',
  chartWeekDay: (day) => day.toFormat('ccc d'),
  chartAlt: (p) =>
    `Cell report, ${p.period}: ${p.posts} ${plural(p.posts, 'post', 'posts')} per day and network; ` +
    `${p.followups} ${plural(p.followups, 'follow-up', 'follow-ups')} by time open, ${p.open} still open.`,

  csv: { figure: 'figure', label: 'label', network: 'network', template: 'template', day: 'day', bucket: 'bucket', value: 'value', unit: 'unit', units: { count: 'count', seconds: 'seconds' } },
  figure: {
    period_start: 'start of the period',
    period_end: 'end of the period (excluded)',
    posts: 'posts',
    posts_dry_run: 'dry-run posts',
    posts_by_template: 'posts by template',
    posts_per_day: 'posts per day',
    rejected: 'rejected proposals',
    failed: 'failed proposals',
    expired: 'expired proposals',
    uncertain: 'proposals with an uncertain outcome',
    to_publication_count: 'proposals posted (delay measured)',
    to_publication_median: 'proposal → post, median',
    to_publication_p90: 'proposal → post, 90th percentile',
    to_approval_count: 'proposals approved (delay measured)',
    to_approval_median: 'proposal → approval, median',
    to_approval_p90: 'proposal → approval, 90th percentile',
    followups_opened: 'follow-ups opened',
    followups_resolved: 'follow-ups closed with a post',
    followups_closed: 'follow-ups closed without a post',
    followups_open_at_end: 'follow-ups still open at the end',
    followups_duration_median: 'time open of closed follow-ups, median',
    followups_duration_p90: 'time open of closed follow-ups, 90th percentile',
    followups_longest_open: 'age of the oldest follow-up still open',
    followups_ended_in_bucket: 'closed follow-ups, by time open',
    followups_open_in_bucket: 'follow-ups still open, by age',
    reminders: 'follow-up reminders',
    escalations: 'escalations (@here)',
    handovers_recorded: 'handovers recorded',
    handovers_acknowledged: 'handovers acknowledged',
    summaries_without_handover: 'automatic summaries with no handover',
  },
};

export const reportTexts: Record<Locale, ReportTexts> = { fr: reportFr, en: reportEn };

/** Whole seconds under a minute, whole minutes under an hour, hours and minutes under a day, then days and hours. */
function span(ms: number, unit: { s: string; min: string; h: string; d: string; gap: string }, hoursMinutes: (h: number, m: number) => string): string {
  const seconds = Math.round(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds}${unit.s}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes}${unit.min}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}${unit.h}` : hoursMinutes(hours, minutes % 60);
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}${unit.d}` : `${days}${unit.d}${unit.gap}${hours % 24}${unit.h}`;
}

/** The period as a title says it, in the team's zone: `semaine du 16 au 22 novembre 2026`, `November 2026 (so far)`. */
export function periodLabel(period: Pick<Period, 'kind' | 'start' | 'end' | 'toDate'>, texts: ReportTexts, timeZone: string): string {
  const from = DateTime.fromJSDate(period.start, { zone: timeZone }).setLocale(texts.localeTag);
  if (period.kind === 'month') return texts.monthLabel({ month: from, toDate: period.toDate });
  if (period.toDate) return texts.weekToDateLabel({ from });
  // The last day is the one holding the last instant: `end` itself is the next Monday, 00:00.
  const to = DateTime.fromMillis(period.end.getTime() - 1, { zone: timeZone }).setLocale(texts.localeTag);
  return texts.weekLabel({ from, to });
}

/** What the chart shows, in words, for people who cannot see it (Slack's `alt_txt`). */
export function chartAlt(f: Figures, view: { locale: Locale; timeZone: string }): string {
  const t = reportTexts[view.locale];
  return t.chartAlt({
    period: periodLabel(f.period, t, view.timeZone),
    posts: f.posts.total,
    followups: f.followups.buckets.reduce((sum, b) => sum + b.ended + b.open, 0),
    open: f.followups.openAtEnd,
  });
}
