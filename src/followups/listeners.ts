import type { BlockAction } from '@slack/bolt';
import type { Applier } from '../platform/apply.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import { glance, type GlanceSource } from '../platform/i18n/glance.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { SlackRoutes } from '../platform/routes.js';
import type { Scheduler } from '../platform/scheduler.js';
import { ephemeral, privateAnswer } from '../platform/slack.js';
import { composerView } from '../proposals/composer.js';
import type { ProposalsContext } from '../proposals/context.js';
import { refusal } from '../proposals/messages.js';
import { draftProblems, propose, targets } from '../proposals/propose.js';
import { closingComposer } from '../templates/composer.js';
import type { FollowupsCapability } from './capability.js';
import type { FollowupAnswer } from './decide.js';
import { ACTION_CLOSE, ACTION_PROPOSE_CLOSING, ACTION_SNOOZE, COMMAND, REMINDER_JOB, snoozeButtonId, snoozeMinutes } from './ids.js';
import { followupList, followupProblemText, LIST_SHOWN, type ReminderValue } from './messages.js';
import { parseFollowupCommand } from './rules.js';
import type { FollowupStore } from './store.js';

export interface FollowupsContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  /** Names and times as the cell reads them (people named without a ping). */
  look: GlanceSource;
  applier: Applier;
  capability: FollowupsCapability;
  followups: FollowupStore;
  scheduler: Scheduler;
  proposals: ProposalsContext;
}

/** Registers `/followup`, the buttons and snooze menu of reminders, and the reminder job. */
export function register(routes: SlackRoutes, ctx: FollowupsContext): void {
  const { t } = ctx.texts;
  const at = () => glance(ctx.look, ctx.clock.now());
  const say = ephemeral;
  const refuse = (line: string) => say(`${t.followupRefused()}\n• ${line}`);
  /** Why a follow-up command changed nothing, in words. */
  const whyNot = (answer: Extract<FollowupAnswer, { ok: false }>, ref: number) => {
    const p = ctx.proposals.store.get(ref);
    switch (answer.why) {
      case 'unknown_ref':
        return t.unknownRef({ ref });
      case 'not_published':
        return t.followupNotPublished({ ref, state: t.state[p?.state ?? 'pending'] });
      case 'already_open':
        return t.followupAlreadyOpen({ ref, due: at().whenPhrase(answer.dueAt!) });
      case 'no_open':
      case 'stale':
        return t.noOpenFollowup({ ref });
    }
  };

  ctx.scheduler.handle(REMINDER_JOB, (job, now) => {
    // Jobs stored before follow-ups were keyed by proposal carry the follow-up's id.
    const ref = job.payload.ref !== undefined ? Number(job.payload.ref) : (ctx.followups.get(Number(job.payload.followup))?.ref ?? 0);
    const { answer } = ctx.applier.within(ctx.capability, ref, { type: 'remind' }, now);
    return { next: answer?.ok ? (answer.next ?? null) : null };
  });

  routes.command(COMMAND, async ({ command, ack }) => {
    const parsed = parseFollowupCommand(command.text ?? '', ctx.config.tweetMaxLength, targets(ctx.proposals));
    const now = ctx.clock.now();
    const user = command.user_id;
    switch (parsed.kind) {
      case 'help':
        return ack(say(t.followupHelp()));
      case 'invalid':
        return ack(refuse(followupProblemText(parsed.problem, ctx.texts)));
      case 'list': {
        const open = ctx.followups.listOpen(LIST_SHOWN).map((f) => ({ f, p: ctx.proposals.store.get(f.ref) }));
        return ack(say(followupList(open, ctx.followups.countOpen(now), glance(ctx.look, now))));
      }
      case 'propose': {
        const problems = draftProblems(ctx.proposals, { replyToRef: parsed.ref });
        if (problems.length > 0) return ack(say(refusal(problems, ctx.texts)));
        await propose(ctx.proposals, { text: parsed.text, parts: [parsed.text], numbered: false, weightedLength: parsed.weightedLength, followupSeconds: null, publishAt: null, replyToRef: parsed.ref, authorId: user }, command.response_url);
        return ack();
      }
      case 'open':
      case 'snooze':
      case 'done': {
        const event =
          parsed.kind === 'open'
            ? { type: 'open' as const, seconds: parsed.seconds, by: user }
            : parsed.kind === 'snooze'
              ? { type: 'snooze' as const, seconds: parsed.seconds, by: user }
              : { type: 'close' as const, reason: parsed.reason, by: user };
        // What the person is told follows from what was committed, never from a later Slack call.
        const { answer } = ctx.applier.apply(ctx.capability, parsed.ref, event);
        if (!answer || !answer.ok) return ack(refuse(whyNot(answer as Extract<FollowupAnswer, { ok: false }>, parsed.ref)));
        const g = glance(ctx.look, now);
        if (answer.effect === 'opened') return ack(say(t.followupOpened({ ref: parsed.ref, due: g.whenPhrase(answer.dueAt!), overdue: answer.dueAt! <= now })));
        if (answer.effect === 'snoozed') return ack(say(t.followupSnoozed({ ref: parsed.ref, until: g.whenPhrase(answer.until!) })));
        return ack(say(t.followupClosed({ ref: parsed.ref })));
      }
    }
  });

  // The snooze menu, and the snooze buttons of reminders posted before it (`followup_snooze_15` …).
  const actions = new RegExp(`^(${ACTION_PROPOSE_CLOSING}|${ACTION_SNOOZE}(_\\d+)?|${ACTION_CLOSE})$`);
  routes.action<BlockAction>(actions, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tell = privateAnswer(respond);
    const value = readValue(action.type === 'static_select' ? action.selected_option?.value : action.type === 'button' ? action.value : undefined);
    const f = value ? ctx.followups.get(value.followup) : null;
    if (!value || !f) return tell(t.unexpectedError());
    // A snooze takes its minutes from the value only: one of the menu's, and for an old button, that button's.
    const snoozing = action.action_id.startsWith(ACTION_SNOOZE);
    const minutes = snoozeMinutes(value.minutes);
    if (snoozing && (minutes === null || (action.action_id !== ACTION_SNOOZE && action.action_id !== snoozeButtonId(minutes)))) {
      return tell(t.snoozeChoiceRefused());
    }
    if (action.action_id === ACTION_PROPOSE_CLOSING) {
      if (f.state !== 'open') return tell(t.staleButton({ ref: f.ref }));
      // Made from a template with a closing one: that template's form, filled with the original's values.
      const view = closingComposer(ctx.proposals, f.ref) ?? composerView(ctx.proposals, { replyToRef: f.ref });
      await client.views.open({ trigger_id: body.trigger_id, view });
      return;
    }
    // A menu or button of an older reminder, or of one somebody already answered, changes nothing.
    const event = snoozing ? { type: 'snooze' as const, seconds: minutes! * 60, by: user, reminder: value.reminder } : { type: 'close' as const, reason: null, by: user, reminder: value.reminder };
    const { answer } = ctx.applier.apply(ctx.capability, f.ref, event);
    if (!answer?.ok) return tell(t.staleButton({ ref: f.ref }));
  });
}

function readValue(value: string | undefined): ReminderValue | null {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<ReminderValue>;
    return Number.isSafeInteger(parsed.followup) && Number.isSafeInteger(parsed.reminder) ? (parsed as ReminderValue) : null;
  } catch {
    return null;
  }
}
