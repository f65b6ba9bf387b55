import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Applier } from '../platform/apply.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Logger } from '../platform/logger.js';
import type { SlackRoutes } from '../platform/routes.js';
import type { Scheduler } from '../platform/scheduler.js';
import { ephemeral, privateAnswer } from '../platform/slack.js';
import { fromSlack } from '../platform/slackText.js';
import type { ReportsCapability } from './capability.js';
import type { ReportEvent } from './decide.js';
import { ACTION_SHARE_REPORT, COMMAND, periodFromShareValue, WEEKLY_REPORT_JOB, WEEKLY_REPORT_KEY } from './ids.js';
import { periodProblemText, reportMessage } from './messages.js';
import { figuresFor, named } from './notify.js';
import { nextReportAt, parsePeriod, previousWeek } from './period.js';
import type { ReportStore } from './store.js';
import { reportTexts } from './texts.js';

export interface ReportsContext {
  config: Config;
  clock: Clock;
  log: Logger;
  applier: Applier;
  capability: ReportsCapability;
  store: ReportStore;
  scheduler: Scheduler;
  /** A member's name, to say who shared a report without a mention that pings (people.ts). */
  name: (userId: string) => string;
}

/**
 * Arms the weekly report at REPORT_AT (or cancels it when REPORT_AT is empty). A stored job already due
 * is kept: it is a report missed while the bot was down, sent once now. One still ahead is moved if
 * REPORT_AT or TEAM_TIMEZONE changed since it was stored.
 */
function registerWeeklyReport(ctx: ReportsContext): void {
  const { reportAt, timeZone } = ctx.config;
  ctx.scheduler.handle(WEEKLY_REPORT_JOB, (_job, now) => {
    if (!reportAt) return { next: null };
    const event: ReportEvent = { type: 'weekly', period: previousWeek(now, timeZone) };
    ctx.applier.within(ctx.capability, event, event, now);
    return { next: nextReportAt(reportAt, now, timeZone) };
  });
  if (!reportAt) {
    ctx.scheduler.cancel(WEEKLY_REPORT_KEY);
    return;
  }
  const now = ctx.clock.now();
  const stored = ctx.scheduler.get(WEEKLY_REPORT_KEY);
  const next = nextReportAt(reportAt, now, timeZone);
  if (!stored || (stored.dueAt > now && stored.dueAt.getTime() !== next.getTime())) ctx.scheduler.schedule(WEEKLY_REPORT_JOB, WEEKLY_REPORT_KEY, next);
}

/** Registers `/report`, its *Share in the channel* button, and the weekly report. */
export function register(routes: SlackRoutes, ctx: ReportsContext): void {
  const { locale, timeZone } = ctx.config;
  const t = reportTexts[locale];
  registerWeeklyReport(ctx);

  routes.command(COMMAND, async ({ command, ack }) => {
    const user = command.user_id;
    const text = fromSlack(command.text ?? '').trim();
    if (/^(help|aide)$/i.test(text)) return ack(ephemeral(t.reportHelp()));
    const now = ctx.clock.now();
    const parsed = parsePeriod(text, now, timeZone);
    if (!parsed.ok) return ack(ephemeral(`${t.reportRefused()}\n• ${periodProblemText(parsed.problem, locale)}`));
    // The figures are a few indexed queries: they are the answer. The chart is drawn after it, by the outbox.
    const message = reportMessage(figuresFor(ctx.store, parsed.period, timeZone), { locale, timeZone, share: true, filesSentPrivately: true });
    await ack({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    const event: ReportEvent = { type: 'private', period: parsed.period, user };
    ctx.applier.apply(ctx.capability, event, event);
    ctx.log.info({ user, period: parsed.period.word, start: parsed.period.start, end: parsed.period.end }, 'report asked');
  });

  routes.action<BlockAction<ButtonAction>>(ACTION_SHARE_REPORT, async ({ ack, body, action, respond }) => {
    await ack();
    const tell = privateAnswer(respond);
    const period = periodFromShareValue(action.value);
    if (!period) return tell(t.staleShare());
    const by = body.user.id;
    const event: ReportEvent = { type: 'share', period, by };
    const { answer } = ctx.applier.apply(ctx.capability, event, event);
    if (!answer) return tell(t.staleShare());
    if (!answer.ok) return tell(t.alreadyShared({ by: answer.by ? named(ctx.name(answer.by)) : '…' }));
    ctx.log.info({ by, report: answer.key }, 'report shared in the channel');
    return tell(t.shared());
  });
}
