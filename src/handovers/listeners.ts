import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackRoutes } from '../platform/routes.js';
import { ephemeral, privateAnswer } from '../platform/slack.js';
import { escapeForSlack, fromSlack } from '../platform/slackText.js';
import { excerpt } from '../followups/messages.js';
import { mention } from '../proposals/messages.js';
import { parseHandoverCommand } from './command.js';
import {
  ACTION_ACKNOWLEDGE,
  DUTY_COMMAND,
  HANDOVER_COMMAND,
  HANDOVER_MODAL,
  MODAL_NEXT_ACTION,
  MODAL_NEXT_BLOCK,
  MODAL_NOTES_ACTION,
  MODAL_NOTES_BLOCK,
} from './ids.js';
import type { HandoversContext, ShiftLog } from './shiftLog.js';

/** Registers `/handover`, its modal, the *Acknowledge* button, and `/duty`. */
export function register(routes: SlackRoutes, ctx: HandoversContext, shifts: ShiftLog): void {
  const { t } = ctx.texts;
  const say = ephemeral;
  const refuse = (line: string) => say(`${t.handoverRefused()}\n• ${line}`);

  /** Why `next` cannot receive a handover from `from`, or null. */
  const nextProblem = async (from: string, next: string | null) => {
    if (!next) return null;
    if (next === from) return t.handoverToSelf();
    return (await ctx.members.isMember(next)) ? null : t.handoverNextNotMember({ user: mention(next) });
  };

  routes.command(HANDOVER_COMMAND, async ({ command, ack, client }) => {
    const user = command.user_id;
    if (!(await ctx.members.isMember(user))) return ack(say(t.notMember()));
    const parsed = parseHandoverCommand(command.text ?? '');
    switch (parsed.kind) {
      case 'help':
        return ack(say(t.handoverHelp()));
      case 'modal':
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: handoverModal(ctx) });
        return;
      case 'invalid':
        return ack(
          refuse(parsed.problem.code === 'notes_missing' ? t.handoverNotesMissing() : t.handoverHistoryBadN({ value: escapeForSlack(parsed.problem.value) })),
        );
      case 'history':
        return ack(say(history(ctx, parsed.count)));
      case 'record': {
        const problem = await nextProblem(user, parsed.next);
        if (problem) return ack(refuse(problem));
        const handover = shifts.store(user, parsed.next, parsed.notes);
        await ack(say(t.handoverRecorded({ to: parsed.next ? mention(parsed.next) : null })));
        await shifts.post(handover);
        return;
      }
    }
  });

  routes.view(HANDOVER_MODAL, async ({ ack, body, view }) => {
    const user = body.user.id;
    const values = view.state.values;
    const next = values[MODAL_NEXT_BLOCK]?.[MODAL_NEXT_ACTION]?.selected_user ?? null;
    const notes = (values[MODAL_NOTES_BLOCK]?.[MODAL_NOTES_ACTION]?.value ?? '').replace(/\r\n?/g, '\n').trim();
    if (!(await ctx.members.isMember(user))) return ack({ response_action: 'errors', errors: { [MODAL_NOTES_BLOCK]: t.notMember() } });
    if (notes === '') return ack({ response_action: 'errors', errors: { [MODAL_NOTES_BLOCK]: t.handoverNotesMissing() } });
    const problem = await nextProblem(user, next);
    if (problem) return ack({ response_action: 'errors', errors: { [MODAL_NEXT_BLOCK]: problem } });
    const handover = shifts.store(user, next, notes);
    await ack();
    await shifts.post(handover);
  });

  routes.action<BlockAction<ButtonAction>>(ACTION_ACKNOWLEDGE, async ({ ack, body, action, client, respond }) => {
    await ack();
    const user = body.user.id;
    const tell = privateAnswer(respond);
    if (!(await ctx.members.isMember(user))) return tell(t.notMember());
    const h = ctx.handovers.get(Number(action.value));
    if (!h) return tell(t.unexpectedError());
    if (h.acknowledged) return tell(t.alreadyAcknowledged({ by: mention(h.acknowledged.by), at: ctx.texts.time(h.acknowledged.at) }));
    if (h.to && h.to !== user) return tell(t.notYourHandover({ to: mention(h.to) }));
    if (h.from === user) return tell(t.ownHandover());
    if (!shifts.acknowledge(h, user)) {
      const now = ctx.handovers.get(h.id)!;
      return tell(t.alreadyAcknowledged({ by: mention(now.acknowledged!.by), at: ctx.texts.time(now.acknowledged!.at) }));
    }
    ctx.log.info({ handover: h.id, by: user }, 'handover acknowledged');
    const updated = ctx.handovers.get(h.id)!;
    if (updated.messageTs) await client.chat.update({ channel: updated.channelId, ts: updated.messageTs, ...shifts.render(updated) });
  });

  routes.command(DUTY_COMMAND, async ({ command, ack }) => {
    const user = command.user_id;
    if (!(await ctx.members.isMember(user))) return ack(say(t.notMember()));
    const word = fromSlack(command.text ?? '').trim();
    const current = ctx.roster.current();
    if (word === '') {
      return ack(say(current ? t.dutyCurrent({ user: mention(current.userId), since: ctx.texts.time(current.since) }) : t.dutyNobody()));
    }
    if (/^(help|aide)$/i.test(word)) return ack(say(t.dutyHelp()));
    if (!/^(take|prendre)$/i.test(word)) return ack(say(t.dutyUnknown({ word: escapeForSlack(word) })));
    if (current?.userId === user) return ack(say(t.dutyAlready({ since: ctx.texts.time(current.since) })));

    ctx.roster.take(user, ctx.clock.now());
    await ack();
    ctx.log.info({ user, previous: current?.userId ?? null }, 'duty taken');
    await ctx.client.chat.postMessage({ channel: ctx.config.teamChannelId, text: t.dutyTaken({ user: mention(user) }) });
  });
}

/** Characters of notes shown per line of `/handover history`. */
const HISTORY_NOTES = 120;

function history(ctx: HandoversContext, count: number): string {
  const { t, time } = ctx.texts;
  const list = ctx.handovers.latest(count);
  if (list.length === 0) return t.handoverHistoryEmpty();
  const lines = list.map((h) =>
    t.handoverHistoryLine({
      at: time(h.at),
      from: mention(h.from),
      to: h.to ? mention(h.to) : h.acknowledged ? mention(h.acknowledged.by) : '…',
      notes: excerpt(h.notes, HISTORY_NOTES),
      link: h.permalink,
      acknowledged: h.acknowledged !== null,
    }),
  );
  return [t.handoverHistoryTitle({ count: list.length }), ...lines].join('\n');
}

function handoverModal(ctx: HandoversContext) {
  const { t } = ctx.texts;
  return {
    type: 'modal' as const,
    callback_id: HANDOVER_MODAL,
    title: { type: 'plain_text' as const, text: t.handoverModalTitle() },
    submit: { type: 'plain_text' as const, text: t.handoverModalSubmit() },
    close: { type: 'plain_text' as const, text: t.composerCancel() },
    blocks: [
      {
        type: 'input' as const,
        block_id: MODAL_NEXT_BLOCK,
        optional: true,
        label: { type: 'plain_text' as const, text: t.handoverModalNext() },
        element: { type: 'users_select' as const, action_id: MODAL_NEXT_ACTION },
      },
      {
        type: 'input' as const,
        block_id: MODAL_NOTES_BLOCK,
        label: { type: 'plain_text' as const, text: t.handoverModalNotes() },
        element: { type: 'plain_text_input' as const, action_id: MODAL_NOTES_ACTION, multiline: true },
      },
    ],
  };
}
