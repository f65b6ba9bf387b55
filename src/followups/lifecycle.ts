import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { SlackClient } from '../platform/slack.js';
import type { ProposalsContext } from '../proposals/context.js';
import type { Proposal } from '../proposals/store.js';
import type { DutyRoster } from '../handovers/duty.js';
import { REMINDER_JOB, reminderKey } from './ids.js';
import { followupNote, reminderMessage } from './messages.js';
import { dueAt, escalates, reminderTarget } from './rules.js';
import type { Followup, FollowupStore } from './store.js';

export interface FollowupsContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  client: SlackClient;
  followups: FollowupStore;
  roster: DutyRoster;
  proposals: ProposalsContext;
}

/**
 * What happens to a follow-up, from its opening to its end. Each change is stored with its audit line
 * and its reminder job in one transaction; Slack is told after.
 */
export class FollowupLifecycle {
  constructor(private readonly ctx: FollowupsContext) {}

  /** Wires follow-ups into publishing and the scheduler. */
  register(): void {
    const { proposals } = this.ctx;
    proposals.publisher.onPublished((p, now) => this.onPublished(p, now));
    proposals.scheduler.handle(REMINDER_JOB, (job, now) => this.remind(Number(job.payload.followup), now));
    // Only a published proposal can have a follow-up: the others (every new one) skip the query.
    proposals.board.addNote((p) =>
      p.state === 'published' ? followupNote(this.ctx.followups.latestFor(p.ref), this.ctx.clock.now(), this.ctx.texts) : null,
    );
  }

  /** Opens a follow-up due at publication + `seconds`. Call inside a transaction. */
  open(p: Proposal, seconds: number, by: string, now: Date): Followup {
    const due = dueAt(p.publishedAt ?? now, seconds);
    const f = this.ctx.followups.open(p.ref, due, by, now, p.text);
    this.ctx.proposals.scheduler.schedule(REMINDER_JOB, reminderKey(f.id), due, { followup: f.id });
    return f;
  }

  /**
   * Moves the pending reminder to `seconds` after the due time (before it) or after now (once it is due),
   * and counts the reminders as answered. It replaces whatever reminder was pending, so once due it can come
   * sooner than the cadence's next one; the due time itself stays, so a second snooze before it also counts
   * from the due time.
   */
  snooze(f: Followup, seconds: number, by: string, now: Date): Date {
    const until = new Date(Math.max(now.getTime(), f.dueAt.getTime()) + seconds * 1000);
    this.ctx.followups.snooze(f, until, by, now, this.textOf(f.ref));
    this.ctx.proposals.scheduler.schedule(REMINDER_JOB, reminderKey(f.id), until, { followup: f.id });
    return until;
  }

  close(f: Followup, reason: string | null, by: string, now: Date): boolean {
    const done = this.ctx.followups.finish(f, { state: 'closed', reason }, by, now, this.textOf(f.ref));
    if (done) this.ctx.proposals.scheduler.cancel(reminderKey(f.id));
    return done;
  }

  /** Tells the thread of the proposal, and refreshes its message so it shows where the follow-up stands. */
  async announce(ref: number, text: string): Promise<void> {
    const p = this.ctx.proposals.store.get(ref);
    if (!p) return;
    await this.ctx.proposals.board.refresh(ref);
    await this.ctx.proposals.board.reply(p, text);
  }

  /**
   * In the publication's transaction: opens the follow-up asked with `--followup` (the publisher refreshes
   * the proposal message once this is committed, so its note shows it), and resolves the follow-up of the
   * proposal this one replies to.
   */
  private onPublished(p: Proposal, now: Date): (() => Promise<void>) | void {
    if (p.followupSeconds) this.open(p, p.followupSeconds, p.authorId, now);
    // Any published reply to a proposal with an open follow-up is its closing tweet.
    const original = p.replyToRef ? this.ctx.followups.openFor(p.replyToRef) : null;
    if (!original || !this.ctx.followups.finish(original, { state: 'resolved', closingRef: p.ref }, p.authorId, now, p.text)) return;
    this.ctx.proposals.scheduler.cancel(reminderKey(original.id));
    return () => this.announce(original.ref, this.ctx.texts.t.followupResolvedThread({ closingRef: p.ref }));
  }

  /**
   * A reminder, decided in the scheduler's transaction: who is mentioned, whether `@here` is added, and the
   * next one at now + FOLLOWUP_REMIND_EVERY (after a long stop: one reminder now, then the cadence).
   */
  private remind(followupId: number, now: Date) {
    const f = this.ctx.followups.get(followupId);
    const p = f ? this.ctx.proposals.store.get(f.ref) : null;
    if (!f || f.state !== 'open' || !p) return { next: null };
    const mentioned = reminderTarget(this.ctx.roster.current()?.userId ?? null, p.authorId);
    const number = f.remindersSent + 1;
    const escalated = escalates(f.unanswered + 1, this.ctx.config.followupEscalateAfter);
    this.ctx.followups.recordReminder(f, now, mentioned, escalated, p.text);
    const message = reminderMessage(f, p, { texts: this.ctx.texts, mentioned, number, escalated });
    return {
      next: new Date(now.getTime() + this.ctx.config.followupRemindEverySeconds * 1000),
      after: async () => {
        // In the proposal's thread, and shown in the channel too, so that it is seen.
        const where = p.messageTs ? { channel: p.channelId, thread_ts: p.messageTs, reply_broadcast: true as const } : { channel: p.channelId };
        await this.ctx.client.chat.postMessage({ ...where, ...message, unfurl_links: false });
        this.ctx.log.info({ ref: p.ref, followup: f.id, reminder: number, mentioned, escalated }, 'follow-up reminder sent');
      },
    };
  }

  private textOf(ref: number): string {
    return this.ctx.proposals.store.get(ref)?.text ?? '';
  }
}

