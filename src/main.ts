import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { systemClock, type Clock } from './platform/clock.js';
import { secretsOf, type Config } from './platform/config.js';
import { GroupCommit, openDatabase, type DB } from './platform/database.js';
import { texts } from './platform/i18n/index.js';
import { createLogger, type Logger } from './platform/logger.js';
import { SlackRoutes } from './platform/routes.js';
import { createSlackApp, downloadSlackFile, SLACK_RETRIES, TeamMembers, withTrailingSlash, type SlackApp } from './platform/slack.js';
import { Scheduler } from './platform/scheduler.js';
import { createXClient } from './platform/x.js';
import { FollowupLifecycle } from './followups/lifecycle.js';
import { DashboardReader } from './home/dashboard.js';
import { register as registerHome } from './home/listeners.js';
import { register as registerFollowups } from './followups/listeners.js';
import { FollowupStore } from './followups/store.js';
import { DutyRoster } from './handovers/duty.js';
import { ShiftFactsReader } from './handovers/facts.js';
import { register as registerHandovers } from './handovers/listeners.js';
import { ShiftLog } from './handovers/shiftLog.js';
import { HandoverStore } from './handovers/store.js';
import { ProposalBoard } from './proposals/board.js';
import { register as registerProposals } from './proposals/listeners.js';
import { Publisher } from './proposals/publish.js';
import { recoverProposals } from './proposals/recovery.js';
import { ProposalStore } from './proposals/store.js';

export interface BotOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
  /** Tests turn Slack's retries off so a scripted failure is seen at once. */
  slackRetries?: typeof SLACK_RETRIES;
  /** HTTP mode: the interface to listen on (all of them by default). */
  host?: string;
  /** How long a stop waits for a publication under way before parking it for the next start. */
  stopGraceMs?: number;
}

export interface Bot {
  app: SlackApp;
  db: DB;
  log: Logger;
  scheduler: Scheduler;
  /** The HTTP port, in HTTP mode. */
  port: number | null;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** The composition root: config → logger → database → Slack app → capabilities → start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const clock = options.clock ?? systemClock;
  const log = createLogger(config.logLevel, { destination: options.logDestination, secrets: secretsOf(config) });
  const db = openDatabase(config.databasePath);
  try {
    const { app, setReady, auth } = await createSlackApp(config, log, options.slackRetries ?? SLACK_RETRIES);
    const botUserId = auth.user_id!;
    const x = createXClient(config.x, config.xApiUrl);
    const commits = new GroupCommit(db);
    const store = new ProposalStore(db, commits);
    const t = texts(config.locale, config.timeZone);
    const { approvalsRequired, approveReactions, rejectReactions } = config;
    const board = new ProposalBoard(app.client, store, { texts: t, maxLength: config.tweetMaxLength, approvalsRequired, approveReactions, rejectReactions }, log);
    const scheduler = new Scheduler(db, clock, log);
    const publisher = new Publisher(store, x, board, scheduler, clock, log, (fileId) => downloadSlackFile(app.client, config.slack.botToken, fileId));
    const members = new TeamMembers(app.client, config.teamChannelId, clock, log, botUserId);

    const roster = new DutyRoster(db);
    const followupStore = new FollowupStore(db);

    const routes = new SlackRoutes(app, log, t.t.unexpectedError);
    const proposals = { config, clock, log, texts: t, store, board, publisher, members, scheduler, x, client: app.client };
    registerProposals(routes, proposals);
    const followups = { config, clock, log, texts: t, client: app.client, followups: followupStore, roster, proposals };
    const lifecycle = new FollowupLifecycle(followups);
    lifecycle.register();
    registerFollowups(routes, followups, lifecycle);
    const handovers = {
      config,
      clock,
      log,
      texts: t,
      client: app.client,
      members,
      roster,
      handovers: new HandoverStore(db),
      facts: new ShiftFactsReader(db, followupStore),
      scheduler,
    };
    const shifts = new ShiftLog(handovers);
    shifts.register();
    registerHandovers(routes, handovers, shifts);
    // Links to messages are built from the workspace's URL, not asked of Slack one by one.
    const workspace = withTrailingSlash(auth.url ?? 'https://slack.com/');
    const messageLink = (channel: string, ts: string | null) => (ts ? `${workspace}archives/${channel}/p${ts.replace('.', '')}` : null);
    registerHome(routes, { config, clock, log, texts: t, members, dashboard: new DashboardReader(db, messageLink, roster) });
    app.error(async (error) => {
      log.error({ err: error }, 'a Slack request could not be handled');
    });

    // What a stop or a crash left "publishing", taken before anything can start a new publication: a
    // proposal that a live approval moves to "publishing" after this line is not an interrupted one.
    const interrupted = store.inState(['publishing']).map((p) => p.ref);
    const started = config.slack.mode === 'http' ? await app.start({ port: config.slack.port, ...(options.host ? { host: options.host } : {}) }) : await app.start();
    const server = config.slack.mode === 'http' ? (started as Server) : null;
    const port = server ? (server.address() as AddressInfo).port : null;

    scheduler.start();
    setReady(true);
    // After "ready": re-reading reactions of open proposals is one Slack call each, and must not delay start-up.
    const recovering = recoverProposals(proposals, interrupted).catch((error: unknown) => log.error({ err: error }, 'start-up recovery failed'));
    if (!x.dryRun) void x.account(); // learn the account's username for tweet links, off the request path
    log.info({ mode: config.slack.mode, port, dryRun: x.dryRun, botUserId }, x.dryRun ? 'comcell ready (dry run: no X credentials, nothing will be sent to X)' : 'comcell ready');

    let stopped = false;
    return {
      app,
      db,
      log,
      scheduler,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        setReady(false);
        await recovering;
        // A request Bolt never answers (it happens with some malformed bodies) must not hold the stop.
        const closing = app.stop().catch((error: unknown) => log.warn({ err: error }, 'Slack app did not stop cleanly'));
        let forced: NodeJS.Timeout | undefined;
        await Promise.race([closing, new Promise((resolve) => (forced = setTimeout(resolve, 2_000)))]);
        clearTimeout(forced);
        server?.closeAllConnections();
        const grace = options.stopGraceMs ?? STOP_GRACE_MS;
        await scheduler.stop(grace);
        await publisher.drain(grace);
        await board.idle();
        commits.close();
        db.close();
        log.info('comcell stopped');
        log.flush();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
