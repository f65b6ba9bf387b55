import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { SlackApp, SlackClient, TeamMembers } from '../platform/slack.js';
import { fromSlack } from '../platform/slackText.js';
import { mention } from '../proposals/messages.js';
import type { DutyRoster } from './duty.js';

export interface DutyContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  client: SlackClient;
  members: TeamMembers;
  roster: DutyRoster;
}

/** `/duty`: who is on duty (ephemeral); `/duty take`: the caller takes duty, and the channel is told. */
export function registerDuty(app: SlackApp, ctx: DutyContext): void {
  const { t } = ctx.texts;
  const say = (text: string) => ({ response_type: 'ephemeral' as const, text });
  app.command('/duty', async ({ command, ack }) => {
    const user = command.user_id;
    if (!(await ctx.members.isMember(user))) return ack(say(t.notMember()));
    const word = fromSlack(command.text ?? '').trim().toLowerCase();
    const current = ctx.roster.current();
    if (word === '') {
      return ack(say(current ? t.dutyCurrent({ user: mention(current.userId), since: ctx.texts.time(current.since) }) : t.dutyNobody()));
    }
    if (word === 'help' || word === 'aide') return ack(say(t.dutyHelp()));
    if (word !== 'take' && word !== 'prendre') return ack(say(t.dutyUnknown({ word: fromSlack(command.text ?? '').trim() })));
    if (current?.userId === user) return ack(say(t.dutyAlready({ since: ctx.texts.time(current.since) })));

    ctx.roster.take(user, ctx.clock.now());
    await ack();
    ctx.log.info({ user, previous: current?.userId ?? null }, 'duty taken');
    await ctx.client.chat.postMessage({ channel: ctx.config.teamChannelId, text: t.dutyTaken({ user: mention(user) }) });
  });
}
