import type { Config } from '../platform/config.js';
import type { Clock } from '../platform/clock.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { SlackApp, TeamMembers } from '../platform/slack.js';
import type { XClient } from '../platform/x.js';
import { parseTweetCommand, type TweetOptions } from './command.js';
import { checkTweetText } from './tweetText.js';
import type { ProposalBoard } from './board.js';
import { COMMAND, COMPOSER_CALLBACK, COMPOSER_TEXT_ACTION, COMPOSER_TEXT_BLOCK } from './ids.js';
import { problemText, refusal, type Problem } from './messages.js';
import type { Publisher } from './publish.js';
import { decideReaction, replyTargetProblem } from './rules.js';
import type { ProposalStore } from './store.js';

export interface ProposalsContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  store: ProposalStore;
  board: ProposalBoard;
  publisher: Publisher;
  members: TeamMembers;
  x: XClient;
}

/** Registers `/tweet`, the composer and the reactions on proposal messages. */
export function register(app: SlackApp, ctx: ProposalsContext): void {
  const { t } = ctx.texts;
  const help = () =>
    t.tweetHelp({
      approve: ctx.texts.list(ctx.config.approveReactions.map((e) => `:${e}:`)),
      reject: ctx.texts.list(ctx.config.rejectReactions.map((e) => `:${e}:`)),
      required: ctx.config.approvalsRequired,
      max: ctx.config.tweetMaxLength,
    });

  app.command(COMMAND, async ({ command, ack, client, respond }) => {
    if (!(await isMember(ctx, command.user_id))) return ack({ response_type: 'ephemeral', text: t.notMember() });
    const parsed = parseTweetCommand(command.text ?? '', {
      maxLength: ctx.config.tweetMaxLength,
      timeZone: ctx.config.timeZone,
      now: ctx.clock.now(),
    });
    if (parsed.kind === 'help') return ack({ response_type: 'ephemeral', text: help() });
    if (parsed.kind === 'composer') {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: composerView(ctx) });
      return;
    }
    const problems: Problem[] =
      parsed.kind === 'invalid' ? [...parsed.problems, ...draftProblems(ctx, parsed.options)] : draftProblems(ctx, parsed.draft);
    if (problems.length > 0) return ack({ response_type: 'ephemeral', text: refusal(problems, ctx.texts) });
    if (parsed.kind !== 'draft') return;

    const proposal = ctx.store.create({ ...parsed.draft, authorId: command.user_id, channelId: ctx.config.teamChannelId }, ctx.clock.now());
    await ack();
    const posted = await postProposal(ctx, proposal.ref);
    if (!posted.ok) await respond({ response_type: 'ephemeral', text: t.postFailed({ reason: posted.reason }) });
  });

  app.view(COMPOSER_CALLBACK, async ({ ack, body, view }) => {
    const userId = body.user.id;
    if (!(await isMember(ctx, userId))) {
      return ack({ response_action: 'errors', errors: { [COMPOSER_TEXT_BLOCK]: t.notMember() } });
    }
    const text = (view.state.values[COMPOSER_TEXT_BLOCK]?.[COMPOSER_TEXT_ACTION]?.value ?? '').replace(/\r\n?/g, '\n').trim();
    const checked = checkTweetText(text, ctx.config.tweetMaxLength);
    if (!checked.ok) {
      return ack({ response_action: 'errors', errors: { [COMPOSER_TEXT_BLOCK]: problemText(checked.problem, ctx.texts) } });
    }
    const proposal = ctx.store.create(
      {
        text,
        weightedLength: checked.weightedLength,
        followupSeconds: null,
        publishAt: null,
        replyToRef: null,
        authorId: userId,
        channelId: ctx.config.teamChannelId,
      },
      ctx.clock.now(),
    );
    await ack();
    const posted = await postProposal(ctx, proposal.ref);
    if (!posted.ok) await ctx.board.tellPrivately(ctx.config.teamChannelId, userId, t.postFailed({ reason: posted.reason })).catch(() => {});
  });

  const onReaction = (change: 'added' | 'removed') =>
    async ({ event, body }: { event: ReactionEvent; body: { event_id?: string } }) => {
      const eventId = body.event_id ?? `${event.user}:${event.reaction}:${event.item.ts}:${event.event_ts}`;
      const effect = await handleReaction(ctx, change, event, eventId);
      // One line per reaction event, whatever it did: the trace of what became of each one.
      ctx.log.debug({ eventId, effect, user: event.user, emoji: event.reaction }, 'reaction handled');
    };
  app.event('reaction_added', onReaction('added'));
  app.event('reaction_removed', onReaction('removed'));

  app.event('member_joined_channel', async ({ event }) => {
    if (event.channel !== ctx.config.teamChannelId) return;
    ctx.members.joined(event.user);
    ctx.log.info({ user: event.user }, 'member joined the team channel');
  });
  app.event('member_left_channel', async ({ event }) => {
    if (event.channel !== ctx.config.teamChannelId) return;
    ctx.members.left(event.user);
    ctx.log.info({ user: event.user }, 'member left the team channel');
  });
}

interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts: string;
}

async function isMember(ctx: ProposalsContext, userId: string): Promise<boolean> {
  return ctx.members.isMember(userId);
}

/** What the stored state says against the options of a draft. */
function draftProblems(ctx: ProposalsContext, draft: TweetOptions): Problem[] {
  const problems: Problem[] = [];
  if (draft.replyToRef !== null) {
    const problem = replyTargetProblem(draft.replyToRef, ctx.store.get(draft.replyToRef), !ctx.x.dryRun);
    if (problem) problems.push(problem);
  }
  // --at is parsed and checked already; it is refused until the scheduler can keep its promise.
  if (draft.publishAt !== null) problems.push({ code: 'at_not_yet' });
  return problems;
}

/** Shows a stored proposal in the channel; when Slack refuses, the proposal is closed as failed, never left invisible. */
async function postProposal(ctx: ProposalsContext, ref: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  const proposal = ctx.store.get(ref)!;
  try {
    await ctx.board.post(proposal);
    ctx.log.info({ ref, author: proposal.authorId }, 'proposal posted');
    return { ok: true };
  } catch (error) {
    const reason = slackErrorCode(error);
    ctx.log.error({ err: error, ref }, 'proposal could not be posted in the team channel');
    ctx.store.transition(proposal, 'pending', { to: 'failed', failureCode: 'slack_post_failed', failureDetail: reason }, ctx.clock.now());
    return { ok: false, reason };
  }
}

export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } })?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

async function handleReaction(ctx: ProposalsContext, change: 'added' | 'removed', event: ReactionEvent, eventId: string): Promise<string> {
  if (event.item.type !== 'message' || event.item.channel !== ctx.config.teamChannelId) return 'not_a_proposal';
  const found = ctx.store.findByMessage(event.item.channel, event.item.ts ?? '');
  if (!found) return 'not_a_proposal';
  const userIsMember = await ctx.members.isMember(event.user);
  const now = ctx.clock.now();

  // The event id, the approval and the state change land together: a retried event finds its id and does nothing.
  const outcome = ctx.store.transaction(() => {
    if (!ctx.store.firstDelivery(eventId, now)) return null;
    const p = ctx.store.get(found.ref);
    if (!p || p.version !== found.version) return { p: null, decision: null }; // a replaced version: its reactions no longer count
    const decision = decideReaction(p, { change, userId: event.user, emoji: event.reaction, userIsMember }, ctx.config, now);
    switch (decision.effect) {
      case 'approval_added':
        ctx.store.addApproval(p, event.user, now);
        break;
      case 'approval_withdrawn':
        ctx.store.withdrawApproval(p, event.user, now);
        break;
      case 'rejected':
        ctx.store.transition(p, p.state, { to: 'rejected', rejectedBy: decision.by, actor: decision.by }, now);
        return { p, decision };
      default:
        return { p, decision };
    }
    if (decision.next !== p.state) {
      ctx.store.transition(
        p,
        p.state,
        {
          to: decision.next,
          actor: event.user,
          ...(decision.next === 'publishing' ? { approvedAt: now, publishStartedAt: now } : {}),
          ...(decision.next === 'scheduled' ? { approvedAt: now } : {}),
        },
        now,
      );
    }
    return { p, decision };
  });
  if (!outcome) return 'already_processed';
  if (!outcome.p) return 'old_version';

  const { p, decision } = outcome;
  const log = ctx.log.child({ ref: p.ref });
  switch (decision.effect) {
    case 'own_approval':
      await ctx.board.tellPrivately(p.channelId, event.user, ctx.texts.t.ownApproval({ ref: p.ref }));
      return decision.effect;
    case 'rejected':
      log.info({ by: decision.by }, 'proposal rejected');
      await ctx.board.refresh(p.ref, { announce: true });
      return decision.effect;
    case 'approval_added':
    case 'approval_withdrawn':
      log.info({ by: event.user, approvals: decision.approvals.length, state: decision.next }, decision.effect.replace('_', ' '));
      if (decision.next === 'publishing') ctx.publisher.start(p.ref);
      await ctx.board.refresh(p.ref, { announce: decision.next !== p.state && decision.next !== 'publishing' && decision.next !== 'pending' });
      return decision.effect;
    default:
      return decision.why;
  }
}

function composerView(ctx: ProposalsContext) {
  const { t } = ctx.texts;
  return {
    type: 'modal' as const,
    callback_id: COMPOSER_CALLBACK,
    title: { type: 'plain_text' as const, text: t.composerTitle() },
    submit: { type: 'plain_text' as const, text: t.composerSubmit() },
    close: { type: 'plain_text' as const, text: t.composerCancel() },
    blocks: [
      {
        type: 'input' as const,
        block_id: COMPOSER_TEXT_BLOCK,
        label: { type: 'plain_text' as const, text: t.composerTextLabel() },
        hint: { type: 'plain_text' as const, text: t.composerTextHint({ max: ctx.config.tweetMaxLength }) },
        element: { type: 'plain_text_input' as const, action_id: COMPOSER_TEXT_ACTION, multiline: true },
      },
    ],
  };
}
