import type { SlackApp } from '../platform/slack.js';
import type { ProposalsContext } from './context.js';
import { COMPOSER_CALLBACK, COMPOSER_TEXT_ACTION, COMPOSER_TEXT_BLOCK } from './ids.js';
import { problemText } from './messages.js';
import { draftProblems, propose } from './propose.js';
import { checkTweetText } from './tweetText.js';

/** What the composer was opened for, carried in the modal's private_metadata. */
export interface ComposerPreset {
  replyToRef?: number;
}

/** The composer modal: `/tweet` with no text, or *Propose the closing tweet* from a reminder. */
export function composerView(ctx: ProposalsContext, preset: ComposerPreset = {}) {
  const { t } = ctx.texts;
  return {
    type: 'modal' as const,
    callback_id: COMPOSER_CALLBACK,
    private_metadata: JSON.stringify(preset),
    title: { type: 'plain_text' as const, text: t.composerTitle() },
    submit: { type: 'plain_text' as const, text: t.composerSubmit() },
    close: { type: 'plain_text' as const, text: t.composerCancel() },
    blocks: [
      ...(preset.replyToRef
        ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: t.optionReply({ ref: preset.replyToRef }) }] }]
        : []),
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

export function registerComposer(app: SlackApp, ctx: ProposalsContext): void {
  const { t } = ctx.texts;
  app.view(COMPOSER_CALLBACK, async ({ ack, body, view }) => {
    const userId = body.user.id;
    const refuse = (message: string) => ack({ response_action: 'errors', errors: { [COMPOSER_TEXT_BLOCK]: message } });
    if (!(await ctx.members.isMember(userId))) return refuse(t.notMember());
    const preset = readPreset(view.private_metadata);
    const text = (view.state.values[COMPOSER_TEXT_BLOCK]?.[COMPOSER_TEXT_ACTION]?.value ?? '').replace(/\r\n?/g, '\n').trim();
    const checked = checkTweetText(text, ctx.config.tweetMaxLength);
    if (!checked.ok) return refuse(problemText(checked.problem, ctx.texts));
    const replyToRef = preset.replyToRef ?? null;
    const [problem] = draftProblems(ctx, { replyToRef });
    if (problem) return refuse(problemText(problem, ctx.texts));

    await ack();
    const proposed = await propose(ctx, { text, weightedLength: checked.weightedLength, followupSeconds: null, publishAt: null, replyToRef, authorId: userId });
    if (!proposed.ok) {
      await ctx.board.tellPrivately(ctx.config.teamChannelId, userId, t.postFailed({ reason: proposed.reason })).catch(() => {});
    }
  });
}

function readPreset(metadata: string | undefined): ComposerPreset {
  try {
    const value = JSON.parse(metadata || '{}') as { replyToRef?: unknown };
    return Number.isSafeInteger(value.replyToRef) ? { replyToRef: value.replyToRef as number } : {};
  } catch {
    return {};
  }
}
