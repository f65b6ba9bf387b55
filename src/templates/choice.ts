/**
 * A template chosen in the /tweet composer's menu (menu.ts) turns the composer into that template's form
 * (views.update, same modal).
 */
import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import type { SlackRoutes } from '../platform/routes.js';
import { readPreset } from '../proposals/composer.js';
import type { ProposalsContext } from '../proposals/context.js';
import { templateComposer } from './composer.js';
import { CHOOSE_ACTION } from './ids.js';

export function registerChoice(routes: SlackRoutes, ctx: ProposalsContext): void {
  routes.action<BlockAction<StaticSelectAction>>(CHOOSE_ACTION, async ({ ack, body, client, action }) => {
    await ack();
    const name = action.selected_option?.value;
    if (!body.view || !name) return;
    // A composer opened as a reply (a reminder's closing post) stays one: the follow-up closes on it.
    const { replyToRef } = readPreset(body.view.private_metadata);
    const view = templateComposer(ctx, name, replyToRef ? { replyToRef } : {});
    if (!view) return;
    // A pick always applies, like any click in the composer (typing meanwhile would only have changed the hash).
    await client.views.update({ view_id: body.view.id, view }).catch((error: unknown) => ctx.log.warn({ err: error }, 'the template form could not replace the composer'));
  });
}
