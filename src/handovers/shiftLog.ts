import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { SlackClient, TeamMembers } from '../platform/slack.js';
import type { DutyRoster } from './duty.js';
import type { ShiftFactsReader } from './facts.js';
import { RECENT_HANDOVER_MS, SHIFT_CHANGE_JOB, SHIFT_CHANGE_KEY } from './ids.js';
import { lastShiftChange, nextShiftChange, previousShiftChange } from './shifts.js';
import type { Handover, HandoverStore } from './store.js';
import { summaryMessage } from './summary.js';

export interface HandoversContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  client: SlackClient;
  members: TeamMembers;
  roster: DutyRoster;
  handovers: HandoverStore;
  facts: ShiftFactsReader;
  scheduler: Scheduler;
}

/**
 * The cell's record of shifts: handovers (typed or from the modal) and the automatic summaries at shift
 * boundaries. Both are composed by the same function from facts stored with them.
 */
export class ShiftLog {
  constructor(private readonly ctx: HandoversContext) {}

  /**
   * Arms the shift-change job. A stored job already due is kept: it is a boundary missed while the bot
   * was down. One still ahead is moved if SHIFT_CHANGES or TEAM_TIMEZONE changed since it was stored.
   */
  register(): void {
    this.ctx.scheduler.handle(SHIFT_CHANGE_JOB, (_job, now) => this.atShiftChange(now));
    const now = this.ctx.clock.now();
    const stored = this.ctx.scheduler.get(SHIFT_CHANGE_KEY);
    const next = this.nextBoundary(now);
    if (!stored || (stored.dueAt > now && stored.dueAt.getTime() !== next.getTime())) {
      this.ctx.scheduler.schedule(SHIFT_CHANGE_JOB, SHIFT_CHANGE_KEY, next);
    }
  }

  /**
   * Records a handover from `from` to `to` (null: whoever acknowledges) and puts `to` on duty, in one
   * transaction: synchronous, so the handover is stored before anyone is told it was recorded.
   */
  store(from: string, to: string | null, notes: string): Handover {
    const now = this.ctx.clock.now();
    const h = this.ctx.handovers.transaction(() => {
      const previous = this.ctx.handovers.latest(1)[0];
      const since = previous?.at ?? lastShiftChange(now, this.ctx.config.shiftChanges, this.ctx.config.timeZone);
      const recorded = this.ctx.handovers.record({ from, to, notes, at: now, periodStart: since, facts: this.ctx.facts.read(since, now), channelId: this.ctx.config.teamChannelId });
      if (to) this.ctx.roster.take(to, now, 'handover', recorded.id);
      return recorded;
    });
    this.ctx.log.info({ handover: h.id, from, to }, 'handover recorded');
    return h;
  }

  /** Posts the summary of a stored handover in the team channel and links it to the handover. */
  async post(h: Handover): Promise<void> {
    try {
      const posted = await this.ctx.client.chat.postMessage({ channel: h.channelId, ...this.render(h), unfurl_links: false });
      const link = await this.ctx.client.chat.getPermalink({ channel: h.channelId, message_ts: posted.ts! }).catch(() => null);
      this.ctx.handovers.attachMessage(h.id, posted.ts!, link?.permalink ?? null);
    } catch (error) {
      // The handover is recorded (and in the history) even when Slack cannot show its summary now.
      this.ctx.log.error({ err: error, handover: h.id }, 'handover summary could not be posted');
    }
  }

  /** The incoming member acknowledges; the first acknowledgement wins and puts them on duty. */
  acknowledge(h: Handover, by: string): boolean {
    const now = this.ctx.clock.now();
    return this.ctx.handovers.transaction(() => {
      if (!this.ctx.handovers.acknowledge(h, by, now)) return false;
      if (!h.to) this.ctx.roster.take(by, now, 'handover', h.id);
      return true;
    });
  }

  render(h: Handover) {
    return summaryMessage({ kind: 'handover', id: h.id, from: h.from, to: h.to, at: h.at, notes: h.notes, facts: h.facts, acknowledged: h.acknowledged }, this.ctx.texts);
  }

  /**
   * At a shift boundary (or at the first start after one was missed): unless a handover was recorded in
   * the 30 minutes before, the summary of the shift that ended, and a request to record the handover.
   */
  private atShiftChange(now: Date) {
    const { shiftChanges, timeZone, teamChannelId } = this.ctx.config;
    const boundary = lastShiftChange(now, shiftChanges, timeZone);
    const next = this.nextBoundary(now);
    if (this.ctx.handovers.hasSummaryFor(boundary)) return { next };
    const lastHandover = this.ctx.handovers.latest(1)[0];
    const shiftStart = previousShiftChange(boundary, shiftChanges, timeZone);
    if (lastHandover && lastHandover.at.getTime() >= boundary.getTime() - RECENT_HANDOVER_MS) {
      this.ctx.handovers.recordShiftSummary(boundary, shiftStart, null, teamChannelId, now);
      return { next };
    }
    const since = lastHandover && lastHandover.at > shiftStart ? lastHandover.at : shiftStart;
    const facts = this.ctx.facts.read(since, boundary);
    this.ctx.handovers.recordShiftSummary(boundary, since, facts, teamChannelId, now);
    const onDuty = this.ctx.roster.current()?.userId ?? null;
    const message = summaryMessage({ kind: 'automatic', boundary, onDuty, facts }, this.ctx.texts);
    return {
      next,
      after: async () => {
        const posted = await this.ctx.client.chat.postMessage({ channel: teamChannelId, ...message, unfurl_links: false });
        this.ctx.handovers.attachShiftSummary(boundary, posted.ts!);
        this.ctx.log.info({ boundary, onDuty }, 'automatic shift summary posted');
      },
    };
  }

  private nextBoundary(at: Date): Date {
    return nextShiftChange(at, this.ctx.config.shiftChanges, this.ctx.config.timeZone);
  }
}
