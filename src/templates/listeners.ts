import type { BlockAction, PlainTextInputAction } from '@slack/bolt';
import type { Applier } from '../platform/apply.js';
import type { Logger } from '../platform/logger.js';
import type { SlackRoutes } from '../platform/routes.js';
import { ephemeral } from '../platform/slack.js';
import type { ProposalsContext } from '../proposals/context.js';
import { targets } from '../proposals/propose.js';
import type { TemplatesCapability } from './capability.js';
import { registerChoice } from './choice.js';
import { parseTemplateCommand } from './command.js';
import { formTemplate, readPreset, readState, submitTemplateForm, templateView } from './composer.js';
import type { TemplateEvent } from './decide.js';
import { COMMAND, COMPOSER_CALLBACK, FIELD_ACTION, OPTION_BLOCK } from './ids.js';
import { answerText, listText, problemText, refusal, showText, unknownText } from './messages.js';
import type { TemplateStore } from './store.js';

export interface TemplatesContext {
  log: Logger;
  applier: Applier;
  capability: TemplatesCapability;
  store: TemplateStore;
  /** The template form makes proposals, checked against the networks the cell publishes on. */
  proposals: ProposalsContext;
}

/** Registers `/template` and the template form (`/tweet --template`, a closing post from a reminder). */
export function register(routes: SlackRoutes, ctx: TemplatesContext): void {
  const { texts } = ctx.proposals;
  const { t } = texts;
  const names = () => ctx.store.all().map((tp) => tp.name);

  routes.command(COMMAND, async ({ command, ack }) => {
    const parsed = parseTemplateCommand(command.text ?? '', targets(ctx.proposals));
    const user = command.user_id;
    switch (parsed.kind) {
      case 'help':
        return ack(ephemeral(t.templates.help()));
      case 'invalid':
        return ack(ephemeral(refusal(parsed.problems.map((p) => problemText(p, texts)), texts)));
      case 'list':
        return ack(ephemeral(listText(ctx.store.all(), texts)));
      case 'show': {
        const template = ctx.store.get(parsed.name);
        return ack(ephemeral(template ? showText(template, texts) : refusal([unknownText(parsed.name, names(), texts)], texts)));
      }
      case 'add':
      case 'change':
      case 'remove': {
        const { kind, name, ...rest } = parsed;
        const event = { type: kind, ...rest, by: user } as TemplateEvent;
        // What the person is told follows from what was committed.
        const { answer } = ctx.applier.apply(ctx.capability, name, event);
        if (answer?.ok && answer.effect !== 'unchanged') ctx.log.info({ template: name, by: user, effect: answer.effect }, 'template changed');
        return ack(ephemeral(answer ? answerText(answer, name, texts, names) : t.unexpectedError()));
      }
    }
  });

  // The text and its counts, refreshed as the person types a field. The inputs keep their block and action
  // ids, so Slack keeps what was typed in them (views.update, "Preserving input entry").
  routes.action<BlockAction<PlainTextInputAction>>(FIELD_ACTION, async ({ ack, body, client }) => {
    await ack();
    const preset = body.view ? readPreset(body.view.private_metadata) : null;
    const template = preset ? formTemplate(ctx.proposals, preset) : null;
    if (!body.view || !preset || !template) return;
    const typed = readState(body.view.state, template.fields);
    const view = templateView(ctx.proposals, template, preset, {}, typed);
    await client.views.update({ view_id: body.view.id, hash: body.view.hash, view }).catch(() => undefined);
  });

  registerChoice(routes, ctx.proposals);

  routes.view(
    COMPOSER_CALLBACK,
    async ({ ack, body, view }) => {
      const preset = readPreset(view.private_metadata);
      if (!preset) return ack({ response_action: 'errors', errors: { [OPTION_BLOCK.followup]: t.unexpectedError() } });
      const errors = await submitTemplateForm(ctx.proposals, preset, view.state, body.user.id);
      if (errors) return ack({ response_action: 'errors', errors });
      await ack();
    },
    // Every form has this block, whatever its fields.
    { errorBlock: OPTION_BLOCK.followup },
  );
}
