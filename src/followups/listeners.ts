import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackRoutes } from '../platform/routes.js';
import { ephemeral, privateAnswer } from '../platform/slack.js';
import { escapeForSlack } from '../platform/slackText.js';
import { composerView } from '../proposals/composer.js';
import { mention, refusal } from '../proposals/messages.js';
import { draftProblems, propose } from '../proposals/propose.js';
import { ACTION_CLOSE, ACTION_PROPOSE_CLOSING, ACTION_SNOOZE, COMMAND, snoozeActionId, snoozeMinutes } from './ids.js';
import type { FollowupLifecycle, FollowupsContext } from './lifecycle.js';
import { followupList, followupProblemText, handledReminder, type ButtonValue } from './messages.js';
import { parseFollowupCommand } from './rules.js';

/** Lines of `/followup list`: past that, the count says how many more (Slack messages have a size limit). */
const LIST_SHOWN = 30;

/** Registers `/followup` and the buttons of reminders. */
export function register(routes: SlackRoutes, ctx: FollowupsContext, lifecycle: FollowupLifecycle): void {
  const { t } = ctx.texts;
  const say = ephemeral;
  const refuse = (line: string) => say(`${t.followupRefused()}\n• ${line}`);

  routes.command(COMMAND, async ({ command, ack, respond }) => {
    if (!(await ctx.proposals.members.isMember(command.user_id))) return ack(say(t.notMember()));
    const parsed = parseFollowupCommand(command.text ?? '', ctx.config.tweetMaxLength);
    const now = ctx.clock.now();
    const user = command.user_id;

    switch (parsed.kind) {
      case 'help':
        return ack(say(t.followupHelp()));
      case 'invalid':
        return ack(refuse(followupProblemText(parsed.problem, ctx.texts)));
      case 'list': {
        const open = ctx.followups.listOpen(LIST_SHOWN).map((f) => ({ f, p: ctx.proposals.store.get(f.ref) }));
        return ack(say(followupList(open, ctx.followups.countOpen(now), now, ctx.texts)));
      }
      case 'propose': {
        const problems = draftProblems(ctx.proposals, { replyToRef: parsed.ref });
        if (problems.length > 0) return ack(say(refusal(problems, ctx.texts)));
        const stored = await propose(ctx.proposals, {
          text: parsed.text,
          weightedLength: parsed.weightedLength,
          followupSeconds: null,
          publishAt: null,
          replyToRef: parsed.ref,
          authorId: user,
        });
        await ack();
        const proposed = await stored.show();
        if (!proposed.ok) await respond(say(t.postFailed({ reason: proposed.reason })));
        return;
      }
      case 'open': {
        const p = ctx.proposals.store.get(parsed.ref);
        if (!p) return ack(refuse(t.unknownRef({ ref: parsed.ref })));
        if (p.state !== 'published') return ack(refuse(t.followupNotPublished({ ref: p.ref, state: t.state[p.state] })));
        const already = ctx.followups.openFor(p.ref);
        if (already) return ack(refuse(t.followupAlreadyOpen({ ref: p.ref, due: ctx.texts.time(already.dueAt) })));
        const f = ctx.followups.transaction(() => lifecycle.open(p, parsed.seconds, user, now));
        await ack(say(t.followupOpened({ ref: p.ref, due: ctx.texts.time(f.dueAt), overdue: f.dueAt <= now })));
        // Already due: scheduling armed a 0 ms timer, so the first reminder goes at once.
        await ctx.proposals.board.refresh(p.ref);
        return;
      }
      case 'snooze':
      case 'done': {
        const f = ctx.followups.openFor(parsed.ref);
        if (!f) return ack(refuse(ctx.proposals.store.get(parsed.ref) ? t.noOpenFollowup({ ref: parsed.ref }) : t.unknownRef({ ref: parsed.ref })));
        if (parsed.kind === 'snooze') {
          const until = ctx.followups.transaction(() => lifecycle.snooze(f, parsed.seconds, user, now));
          await ack(say(t.followupSnoozed({ ref: f.ref, until: ctx.texts.time(until) })));
          await lifecycle.announce(f.ref, t.followupSnoozedThread({ by: mention(user), until: ctx.texts.time(until) }));
          return;
        }
        ctx.followups.transaction(() => lifecycle.close(f, parsed.reason, user, now));
        await ack(say(t.followupClosed({ ref: f.ref })));
        await lifecycle.announce(f.ref, t.followupClosedThread({ by: mention(user), reason: parsed.reason ? escapeForSlack(parsed.reason) : null }));
        return;
      }
    }
  });

  const buttons = new RegExp(`^(${ACTION_PROPOSE_CLOSING}|${ACTION_SNOOZE}_\\d+|${ACTION_CLOSE})$`);
  routes.action<BlockAction<ButtonAction>>(buttons, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tell = privateAnswer(respond);
    if (!(await ctx.proposals.members.isMember(user))) return tell(t.notMember());
    const value = readButton(action.value);
    const f = value ? ctx.followups.get(value.followup) : null;
    if (!value || !f) return tell(t.unexpectedError());
    // A snooze takes its minutes from the value only: they must be one of the buttons' and the pressed button's.
    const minutes = snoozeMinutes(value.minutes);
    const snoozing = action.action_id.startsWith(`${ACTION_SNOOZE}_`);
    if (snoozing && (minutes === null || action.action_id !== snoozeActionId(minutes))) return tell(t.unexpectedError());
    // A button of an older reminder, or of one somebody already answered, changes nothing.
    const current = f.state === 'open' && f.remindersSent === value.reminder && f.unanswered > 0;

    if (action.action_id === ACTION_PROPOSE_CLOSING) {
      if (f.state !== 'open') return tell(t.staleButton({ ref: f.ref }));
      await client.views.open({ trigger_id: body.trigger_id, view: composerView(ctx.proposals, { replyToRef: f.ref }) });
      return;
    }
    if (!current) return tell(t.staleButton({ ref: f.ref }));
    const now = ctx.clock.now();
    const original = body.message?.text ?? '';
    const where = { channel: body.channel?.id ?? ctx.config.teamChannelId, ts: body.message?.ts ?? '' };
    if (action.action_id === ACTION_CLOSE) {
      if (!ctx.followups.transaction(() => lifecycle.close(f, null, user, now))) return tell(t.staleButton({ ref: f.ref }));
      await client.chat.update({ ...where, ...handledReminder(original, t.followupClosed({ ref: f.ref }), user, ctx.texts) }).catch(() => {});
      await lifecycle.announce(f.ref, t.followupClosedThread({ by: mention(user), reason: null }));
      return;
    }
    const until = ctx.followups.transaction(() => lifecycle.snooze(f, minutes! * 60, user, now));
    const what = t.followupSnoozed({ ref: f.ref, until: ctx.texts.time(until) });
    await client.chat.update({ ...where, ...handledReminder(original, what, user, ctx.texts) }).catch(() => {});
    await lifecycle.announce(f.ref, t.followupSnoozedThread({ by: mention(user), until: ctx.texts.time(until) }));
  });
}

function readButton(value: string | undefined): ButtonValue | null {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<ButtonValue>;
    return Number.isSafeInteger(parsed.followup) && Number.isSafeInteger(parsed.reminder) ? (parsed as ButtonValue) : null;
  } catch {
    return null;
  }
}
