import type { Network, NetworkName } from '../networks/network.js';
import type { Applier } from '../platform/apply.js';
import type { Clock } from '../platform/clock.js';
import type { Config } from '../platform/config.js';
import type { Texts } from '../platform/i18n/index.js';
import type { Inbox } from '../platform/inbox.js';
import type { Logger } from '../platform/logger.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { SlackClient, TeamMembers } from '../platform/slack.js';
import type { ProposalsCapability } from './capability.js';
import type { ProposalStore } from './store.js';
import type { TemplateStore } from '../templates/store.js';

/** What the proposals capability works with, built once by the composition root. */
export interface ProposalsContext {
  config: Config;
  clock: Clock;
  log: Logger;
  texts: Texts;
  store: ProposalStore;
  capability: ProposalsCapability;
  applier: Applier;
  inbox: Inbox;
  scheduler: Scheduler;
  members: TeamMembers;
  /** For what answers a request at once (views.open) and for reads (reactions.get); messages go through the outbox. */
  client: SlackClient;
  networks: ReadonlyMap<NetworkName, Network>;
  /** The cell's templates (`/tweet --template`, a closing post from a template), when wired. */
  templates?: TemplateStore;
}
