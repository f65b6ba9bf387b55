import type { SlackRoutes } from '../platform/routes.js';
import { ephemeral } from '../platform/slack.js';
import { parseTweetCommand } from './command.js';
import { registerButtons } from './buttons.js';
import { composerView, registerComposer } from './composer.js';
import type { ProposalsContext } from './context.js';
import { COMMAND } from './ids.js';
import { refusal, type Problem } from './messages.js';
import { draftProblems, propose } from './propose.js';
import { registerReactions } from './reactions.js';
import { registerScheduledPublication } from './schedule.js';

export type { ProposalsContext };

/** Registers `/tweet`, the composer, the reactions on proposal messages and the scheduled publications. */
export function register(routes: SlackRoutes, ctx: ProposalsContext): void {
  const { t } = ctx.texts;
  const help = () =>
    t.tweetHelp({
      approve: ctx.texts.list(ctx.config.approveReactions.map((e) => `:${e}:`)),
      reject: ctx.texts.list(ctx.config.rejectReactions.map((e) => `:${e}:`)),
      required: ctx.config.approvalsRequired,
      max: ctx.config.tweetMaxLength,
    });

  routes.command(COMMAND, async ({ command, ack, client, respond }) => {
    if (!(await ctx.members.isMember(command.user_id))) return ack(ephemeral(t.notMember()));
    const parsed = parseTweetCommand(command.text ?? '', {
      maxLength: ctx.config.tweetMaxLength,
      timeZone: ctx.config.timeZone,
      now: ctx.clock.now(),
    });
    if (parsed.kind === 'help') return ack(ephemeral(help()));
    if (parsed.kind === 'composer') {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: composerView(ctx) });
      return;
    }
    const problems: Problem[] =
      parsed.kind === 'invalid' ? [...parsed.problems, ...draftProblems(ctx, parsed.options)] : draftProblems(ctx, parsed.draft);
    if (problems.length > 0 || parsed.kind !== 'draft') return ack(ephemeral(refusal(problems, ctx.texts)));

    // Committed before the acknowledgement (what Slack hears as accepted survives a crash), and synced to
    // disk before it is shown (what people see survives a power cut).
    const stored = await propose(ctx, { ...parsed.draft, authorId: command.user_id });
    await ack();
    const proposed = await stored.show();
    if (!proposed.ok) await respond(ephemeral(t.postFailed({ reason: proposed.reason })));
  });

  registerComposer(routes, ctx);
  registerReactions(routes, ctx);
  registerButtons(routes, ctx);
  registerScheduledPublication(ctx);

  routes.event('member_joined_channel', async ({ event }) => {
    if (event.channel !== ctx.config.teamChannelId) return;
    ctx.members.joined(event.user);
    ctx.log.info({ user: event.user }, 'member joined the team channel');
  });
  routes.event('member_left_channel', async ({ event }) => {
    if (event.channel !== ctx.config.teamChannelId) return;
    ctx.members.left(event.user);
    ctx.log.info({ user: event.user }, 'member left the team channel');
  });
}
