/** The menu of the cell's templates at the top of the /tweet composer (its listener is in choice.ts). */
import type { types } from '@slack/bolt';
import { option, plain, SELECT_OPTIONS_MAX } from '../platform/blocks.js';
import type { Texts } from '../platform/i18n/index.js';
import { CHOOSE_ACTION, CHOOSE_BLOCK } from './ids.js';
import type { Template } from './store.js';

/** The menu's block, or null when the cell has no template. */
export function templateChoiceBlock(templates: readonly Pick<Template, 'name' | 'text'>[], texts: Texts): types.SectionBlock | null {
  if (templates.length === 0) return null;
  const { t } = texts;
  return {
    type: 'section',
    block_id: CHOOSE_BLOCK,
    text: { type: 'mrkdwn', text: t.templates.choiceLabel() },
    accessory: {
      type: 'static_select',
      action_id: CHOOSE_ACTION,
      placeholder: plain(t.templates.choicePlaceholder()),
      // Names are at most 40 characters (templates/command.ts), so a value always fits Slack's 150.
      options: templates.slice(0, SELECT_OPTIONS_MAX).map((tp) => option(tp.name, tp.name)),
    },
  };
}
