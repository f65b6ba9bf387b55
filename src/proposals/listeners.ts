import type { BlockAction, ButtonAction } from '@slack/bolt';
import { NETWORKS, type NetworkName } from '../networks/network.js';
import type { SlackRoutes } from '../platform/routes.js';
import { ephemeral, privateAnswer } from '../platform/slack.js';
import { parseTweetCommand } from './command.js';
import { composerView, registerComposer } from './composer.js';
import type { ProposalsContext } from './context.js';
import { ACTION_ONLINE, ACTION_RETRY, COMMAND } from './ids.js';
import { registerJobs } from './jobs.js';
import { refusal, refusalMessage, type Problem } from './refusals.js';
import { registerReactions } from './reactions.js';
import { draftProblems, propose, targets } from './propose.js';
import { templateComposer } from '../templates/composer.js';

export type { ProposalsContext };

/** Registers `/tweet`, the composer, the reactions on proposal messages, the buttons and the scheduled work. */
export function register(routes: SlackRoutes, ctx: ProposalsContext): void {
  const { t } = ctx.texts;
  const help = () =>
    t.tweetHelp({
      approve: ctx.texts.list(ctx.config.approveReactions.map((e) => `:${e}:`)),
      reject: ctx.texts.list(ctx.config.rejectReactions.map((e) => `:${e}:`)),
      required: ctx.config.approvalsRequired,
      max: ctx.config.tweetMaxLength,
    });

  routes.command(COMMAND, async ({ command, ack, client }) => {
    const templates = ctx.templates ? () => ctx.templates!.all().map((tp) => tp.name) : undefined;
    const parsed = parseTweetCommand(command.text ?? '', { maxLength: ctx.config.tweetMaxLength, timeZone: ctx.config.timeZone, now: ctx.clock.now(), networks: targets(ctx), numbering: ctx.config.threadNumbering, templates });
    if (parsed.kind === 'help') return ack(ephemeral(help()));
    if (parsed.kind === 'composer') {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: composerView(ctx) });
      return;
    }
    const problems: Problem[] = parsed.kind === 'invalid' ? [...parsed.problems, ...draftProblems(ctx, parsed.options)] : draftProblems(ctx, parsed.kind === 'draft' ? parsed.draft : parsed.options);
    if (parsed.kind === 'template' && problems.length === 0) {
      // Removed between the check and now: the same refusal as an unknown name.
      const view = templateComposer(ctx, parsed.name, parsed.options);
      if (!view) return ack(ephemeral(refusal([{ code: 'unknown_template', name: parsed.name, known: [] }], ctx.texts)));
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view });
      return;
    }
    if (problems.length > 0 || parsed.kind !== 'draft') {
      // What was typed comes back with the reasons, and a button to take it up in the composer.
      const typed = parsed.kind === 'invalid' ? { ...parsed.options, parts: parsed.parts } : parsed.kind === 'template' ? { ...parsed.options, parts: [] } : { ...parsed.draft };
      return ack({ response_type: 'ephemeral', ...refusalMessage(problems, typed, ctx.texts) });
    }
    // Committed before the acknowledgement: what Slack hears as accepted survives a crash.
    await propose(ctx, { ...parsed.draft, authorId: command.user_id }, command.response_url);
    await ack();
  });

  // *Retry* (refused credentials, or "it is not online") and *It is online* (uncertain outcome), per network.
  routes.action<BlockAction<ButtonAction>>(new RegExp(`^(${ACTION_RETRY}|${ACTION_ONLINE})$`), async ({ ack, body, action, respond }) => {
    await ack();
    const target = readTarget(action.value);
    const p = target ? ctx.store.get(target.ref) : null;
    const tell = privateAnswer(respond);
    if (!target || !p) return tell(t.unexpectedError());
    const by = body.user.id;
    const event = action.action_id === ACTION_ONLINE ? { type: 'online' as const, network: target.network, by } : { type: 'retry' as const, network: target.network, by };
    const { answer } = ctx.applier.apply(ctx.capability, p.ref, event);
    if (!answer?.ok) return tell(t.proposalButtonStale({ ref: p.ref, state: t.state[ctx.store.get(p.ref)!.state] }));
    ctx.log.info({ ref: p.ref, by, network: target.network, effect: answer.effect }, action.action_id === ACTION_ONLINE ? 'confirmed online by a member' : 'publication retried by a member');
  });

  registerComposer(routes, ctx);
  registerReactions(routes, ctx);
  registerJobs(ctx);

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

/** A button's proposal and network; buttons posted before networks were per proposal carry the reference alone (X). */
function readTarget(value: string | undefined): { ref: number; network: NetworkName } | null {
  if (value && /^\d+$/.test(value)) return { ref: Number(value), network: 'x' };
  try {
    const parsed = JSON.parse(value ?? '') as { ref?: unknown; network?: unknown };
    if (!Number.isSafeInteger(parsed.ref) || !NETWORKS.includes(parsed.network as NetworkName)) return null;
    return { ref: parsed.ref as number, network: parsed.network as NetworkName };
  } catch {
    return null;
  }
}
