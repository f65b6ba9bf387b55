import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackRoutes } from '../platform/routes.js';
import { privateAnswer } from '../platform/slack.js';
import type { ProposalsContext } from './context.js';
import { ACTION_ONLINE, ACTION_RETRY } from './ids.js';
import { mention } from './messages.js';

/**
 * The buttons of a proposal's thread: *Retry* (refused credentials, or "it is not online") and
 * *It is online* (uncertain outcome). Each is a compare-and-set on the proposal's state, so a button
 * pressed twice, or on a stale message, changes nothing and says so.
 */
export function registerButtons(routes: SlackRoutes, ctx: ProposalsContext): void {
  const { t } = ctx.texts;
  routes.action<BlockAction<ButtonAction>>(new RegExp(`^(${ACTION_RETRY}|${ACTION_ONLINE})$`), async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tell = privateAnswer(respond);
    if (!(await ctx.members.isMember(user))) return tell(t.notMember());
    const p = ctx.store.get(Number(action.value));
    if (!p) return tell(t.unexpectedError());
    const stale = () => tell(t.proposalButtonStale({ ref: p.ref, state: t.state[ctx.store.get(p.ref)!.state] }));
    const where = { channel: body.channel?.id ?? ctx.config.teamChannelId, ts: body.message?.ts ?? '' };
    const settle = (note: string) =>
      client.chat
        .update({ ...where, text: body.message?.text ?? note, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${body.message?.text ?? ''}\n_${note}_` } }] })
        .catch(() => undefined);

    if (action.action_id === ACTION_ONLINE) {
      if (!(await ctx.publisher.confirmOnline(p.ref, user))) return stale();
      ctx.log.info({ ref: p.ref, by: user }, 'uncertain proposal confirmed online by a member');
      await settle(t.confirmedOnline({ by: mention(user) }));
      return;
    }
    const retryable = p.state === 'uncertain' || (p.state === 'failed' && p.failureCode === 'refused');
    const now = ctx.clock.now();
    // Like an approval, a retry waits behind what X makes wait after a 429.
    const moved = retryable ? ctx.store.transaction(() => ctx.publisher.moveToPublishing(p, p.state, { actor: user, detail: { retriedBy: user } }, now)) : null;
    if (!moved) return stale();
    ctx.log.info({ ref: p.ref, by: user, from: p.state, state: moved }, 'publication retried by a member');
    await settle(t.retryRequested({ by: mention(user) }));
    if (moved === 'publishing') ctx.publisher.start(p.ref);
    await ctx.board.refresh(p.ref, { announce: moved === 'waiting' });
  });
}
