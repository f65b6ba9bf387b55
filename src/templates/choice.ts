/**
 * A template chosen in the /tweet composer's menu (menu.ts) turns the composer into that template's form
 * (views.update, same modal).
 */
import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import type { SlackRoutes } from '../platform/routes.js';
import type { ProposalsContext } from '../proposals/context.js';
import { templateComposer } from './composer.js';
import { CHOOSE_ACTION } from './ids.js';

export function registerChoice(routes: SlackRoutes, ctx: ProposalsContext): void {
  routes.action<BlockAction<StaticSelectAction>>(CHOOSE_ACTION, async ({ ack, body, client, action }) => {
    await ack();
    const name = action.selected_option?.value;
    const view = name ? templateComposer(ctx, name) : null;
    if (!body.view || !view) return;
    // The hash: a composer changed meanwhile (typing) is not overwritten blindly; the person picks again.
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view }).catch(() => undefined);
  });
}
