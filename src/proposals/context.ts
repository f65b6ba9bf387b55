import type { Config } from '../platform/config.js';
import type { Clock } from '../platform/clock.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Logger } from '../platform/logger.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { SlackClient, TeamMembers } from '../platform/slack.js';
import type { XClient } from '../platform/x.js';
import type { ProposalBoard } from './board.js';
import type { Publisher } from './publish.js';
import type { ProposalStore } from './store.js';

/** Everything the proposals capability works with, built once by the composition root. */
export interface ProposalsContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  store: ProposalStore;
  board: ProposalBoard;
  publisher: Publisher;
  members: TeamMembers;
  client: SlackClient;
  scheduler: Scheduler;
  x: XClient;
}
