import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackRoutes } from '../platform/routes.js';
import { ephemeral, privateAnswer } from '../platform/slack.js';
import { escapeForSlack, fromSlack } from '../platform/slackText.js';
import { excerpt, modalLabel, PLAIN_TEXT_INPUT_MAX, plain } from '../platform/blocks.js';
import { glance, type GlanceSource } from '../platform/i18n/glance.js';
import { parseHandoverCommand } from './command.js';
import {
  ACTION_ACKNOWLEDGE,
  ACTION_RECORD_HANDOVER,
  DUTY_COMMAND,
  HANDOVER_COMMAND,
  HANDOVER_MODAL,
  MODAL_NEXT_ACTION,
  MODAL_NEXT_BLOCK,
  MODAL_NOTES_ACTION,
  MODAL_NOTES_BLOCK,
} from './ids.js';
import type { Applier } from '../platform/apply.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { TeamMembers } from '../platform/slack.js';
import type { DutyCapability, HandoversCapability, ShiftsCapability } from './capability.js';
import type { DutyRoster } from './duty.js';
import { SHIFT_CHANGE_JOB, SHIFT_CHANGE_KEY } from './ids.js';
import { nextShiftChange } from './shifts.js';
import type { HandoverStore } from './store.js';

export interface HandoversContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  /** Names and times as the cell reads them (people named without a ping). */
  look: GlanceSource;
  applier: Applier;
  members: TeamMembers;
  roster: DutyRoster;
  handovers: HandoverStore;
  scheduler: Scheduler;
  capabilities: { handovers: HandoversCapability; duty: DutyCapability; shifts: ShiftsCapability };
}

/**
 * Arms the shift-change job. A stored job already due is kept: it is a boundary missed while the bot was
 * down. One still ahead is moved if SHIFT_CHANGES or TEAM_TIMEZONE changed since it was stored.
 */
function registerShiftChanges(ctx: HandoversContext): void {
  const nextBoundary = (at: Date) => nextShiftChange(at, ctx.config.shiftChanges, ctx.config.timeZone);
  ctx.scheduler.handle(SHIFT_CHANGE_JOB, (_job, now) => {
    ctx.applier.within(ctx.capabilities.shifts, null, { type: 'boundary' }, now);
    return { next: nextBoundary(now) };
  });
  const now = ctx.clock.now();
  const stored = ctx.scheduler.get(SHIFT_CHANGE_KEY);
  const next = nextBoundary(now);
  if (!stored || (stored.dueAt > now && stored.dueAt.getTime() !== next.getTime())) ctx.scheduler.schedule(SHIFT_CHANGE_JOB, SHIFT_CHANGE_KEY, next);
}

/** Registers `/handover`, its modal, the *Acknowledge* and *Record the handover* buttons, `/duty`, and the shift boundaries. */
export function register(routes: SlackRoutes, ctx: HandoversContext): void {
  const { t } = ctx.texts;
  const at = () => glance(ctx.look, ctx.clock.now());
  registerShiftChanges(ctx);
  /** Records a handover (stored, the incoming member on duty) before anyone is told it is recorded. */
  const record = (from: string, to: string | null, notes: string) => {
    const { answer } = ctx.applier.apply(ctx.capabilities.handovers, null, { type: 'record', from, to, notes });
    ctx.log.info({ handover: answer?.ok ? answer.id : null, from, to }, 'handover recorded');
  };
  const say = ephemeral;
  const refuse = (line: string) => say(`${t.handoverRefused()}\n• ${line}`);

  /** Why `next` cannot receive a handover from `from`, or null. */
  const nextProblem = async (from: string, next: string | null) => {
    if (!next) return null;
    if (next === from) return t.handoverToSelf();
    return (await ctx.members.isMember(next)) ? null : t.handoverNextNotMember({ user: at().name(next) });
  };

  routes.command(HANDOVER_COMMAND, async ({ command, ack, client }) => {
    const user = command.user_id;
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
        record(user, parsed.next, parsed.notes);
        return ack(say(t.handoverRecorded({ to: parsed.next ? at().name(parsed.next) : null })));
      }
    }
  });

  routes.view(HANDOVER_MODAL, async ({ ack, body, view }) => {
    const user = body.user.id;
    const values = view.state.values;
    const next = values[MODAL_NEXT_BLOCK]?.[MODAL_NEXT_ACTION]?.selected_user ?? null;
    const notes = (values[MODAL_NOTES_BLOCK]?.[MODAL_NOTES_ACTION]?.value ?? '').replace(/\r\n?/g, '\n').trim();
    if (notes === '') return ack({ response_action: 'errors', errors: { [MODAL_NOTES_BLOCK]: t.handoverNotesMissing() } });
    const problem = await nextProblem(user, next);
    if (problem) return ack({ response_action: 'errors', errors: { [MODAL_NEXT_BLOCK]: problem } });
    record(user, next, notes);
    await ack();
  }, { errorBlock: MODAL_NOTES_BLOCK });

  // From an automatic summary: the modal, as `/handover` alone opens it.
  routes.action<BlockAction<ButtonAction>>(ACTION_RECORD_HANDOVER, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: handoverModal(ctx) });
  });

  routes.action<BlockAction<ButtonAction>>(ACTION_ACKNOWLEDGE, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const tell = privateAnswer(respond);
    const { answer } = ctx.applier.apply(ctx.capabilities.handovers, Number(action.value) || 0, { type: 'acknowledge', by: user });
    if (!answer) return tell(t.unexpectedError());
    if (answer.ok) return void ctx.log.info({ handover: answer.id, by: user }, 'handover acknowledged');
    switch (answer.why) {
      case 'unknown':
        return tell(t.unexpectedError());
      case 'already_acknowledged':
        return tell(t.alreadyAcknowledged({ by: at().name(answer.by!), at: at().when(answer.at!) }));
      case 'not_yours':
        return tell(t.notYourHandover({ to: at().name(answer.to!) }));
      case 'own_handover':
        return tell(t.ownHandover());
      case 'superseded':
        return tell(t.handoverWasSuperseded());
    }
  });

  routes.command(DUTY_COMMAND, async ({ command, ack }) => {
    const user = command.user_id;
    const word = fromSlack(command.text ?? '').trim();
    const current = ctx.roster.current();
    const g = at();
    if (word === '') {
      const since = current ? { user: g.name(current.userId), since: g.when(current.since), span: g.duration((g.now.getTime() - current.since.getTime()) / 1000) } : null;
      return ack(say(since ? t.dutyCurrent(since) : t.dutyNobody()));
    }
    if (/^(help|aide)$/i.test(word)) return ack(say(t.dutyHelp()));
    if (!/^(take|prendre)$/i.test(word)) return ack(say(t.dutyUnknown({ word: escapeForSlack(word) })));
    const { answer } = ctx.applier.apply(ctx.capabilities.duty, null, { type: 'take', user, source: 'take' });
    if (answer && !answer.ok) return ack(say(t.dutyAlready({ since: g.when(answer.since) })));
    await ack();
    ctx.log.info({ user, previous: current?.userId ?? null }, 'duty taken');
  });
}

/** Characters of notes shown per line of `/handover history`. */
const HISTORY_NOTES = 120;

function history(ctx: HandoversContext, count: number): string {
  const { t } = ctx.texts;
  const g = glance(ctx.look, ctx.clock.now());
  const list = ctx.handovers.latest(count);
  if (list.length === 0) return t.handoverHistoryEmpty();
  const lines = list.map((h) =>
    t.handoverHistoryLine({
      at: g.when(h.at),
      from: g.name(h.from),
      to: h.to ? g.name(h.to) : h.acknowledged ? g.name(h.acknowledged.by) : '…',
      notes: excerpt(h.notes, HISTORY_NOTES),
      link: h.permalink,
      acknowledged: h.acknowledged !== null,
    }),
  );
  return [t.handoverHistoryTitle({ count: list.length }), ...lines].join('\n');
}

export function handoverModal(ctx: { texts: Texts }) {
  const { t } = ctx.texts;
  return {
    type: 'modal' as const,
    callback_id: HANDOVER_MODAL,
    title: modalLabel(t.handoverModalTitle()),
    submit: modalLabel(t.handoverModalSubmit()),
    close: modalLabel(t.composerCancel()),
    blocks: [
      {
        type: 'input' as const,
        block_id: MODAL_NEXT_BLOCK,
        optional: true,
        label: plain(t.handoverModalNext(), 2000),
        hint: plain(t.handoverModalNextHint(), 2000),
        element: { type: 'users_select' as const, action_id: MODAL_NEXT_ACTION },
      },
      {
        type: 'input' as const,
        block_id: MODAL_NOTES_BLOCK,
        label: plain(t.handoverModalNotes(), 2000),
        // The most a plain-text input holds (Block Kit, plain-text-input-element): longer notes go through `/handover`.
        element: { type: 'plain_text_input' as const, action_id: MODAL_NOTES_ACTION, multiline: true, max_length: PLAIN_TEXT_INPUT_MAX },
      },
    ],
  };
}
