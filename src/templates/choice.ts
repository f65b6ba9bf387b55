/**
 * A template chosen in the /tweet composer: a menu of the cell's templates at the top of the form, which
 * turns the composer into that template's form (views.update, same modal).
 */
import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import type { Texts } from '../platform/i18n/index.js';
import type { SlackRoutes } from '../platform/routes.js';
import type { ProposalsContext } from '../proposals/context.js';
import { templateComposer } from './composer.js';
import { CHOOSE_ACTION, CHOOSE_BLOCK } from './ids.js';
import type { Template } from './store.js';

/** Slack: a static_select holds at most 100 options, an option's text at most 75 characters. */
const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;

const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** The menu's block, or null when the cell has no template. */
export function templateChoiceBlock(templates: readonly Pick<Template, 'name' | 'text'>[], texts: Texts) {
  if (templates.length === 0) return null;
  const { t } = texts;
  return {
    type: 'section',
    block_id: CHOOSE_BLOCK,
    text: { type: 'mrkdwn', text: t.templates.choiceLabel() },
    accessory: {
      type: 'static_select',
      action_id: CHOOSE_ACTION,
      placeholder: { type: 'plain_text', text: t.templates.choicePlaceholder() },
      // Names are at most 40 characters (templates/decide.ts), so a value always fits Slack's 150.
      options: templates.slice(0, MAX_OPTIONS).map((tp) => ({ text: { type: 'plain_text', text: cut(tp.name, OPTION_TEXT) }, value: tp.name })),
    },
  };
}

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
