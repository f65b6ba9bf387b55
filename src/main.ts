import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { FollowupsCapability } from './followups/capability.js';
import { register as registerFollowups } from './followups/listeners.js';
import { followupNote } from './followups/messages.js';
import { defineMessages as defineFollowupMessages } from './followups/notify.js';
import { FollowupStore } from './followups/store.js';
import { DutyCapability, HandoversCapability, ShiftsCapability } from './handovers/capability.js';
import { DutyRoster } from './handovers/duty.js';
import { ShiftFactsReader } from './handovers/facts.js';
import { register as registerHandovers } from './handovers/listeners.js';
import { defineMessages as defineHandoverMessages } from './handovers/notify.js';
import { HandoverStore } from './handovers/store.js';
import { DashboardReader } from './home/dashboard.js';
import { register as registerHome } from './home/listeners.js';
import { createNetworks } from './networks/index.js';
import { Applier } from './platform/apply.js';
import { systemClock, type Clock } from './platform/clock.js';
import { secretsOf, type Config } from './platform/config.js';
import { GroupCommit, openDatabase, type DB } from './platform/database.js';
import { glance } from './platform/i18n/glance.js';
import { texts } from './platform/i18n/index.js';
import { Inbox } from './platform/inbox.js';
import { lockDatabase } from './platform/lock.js';
import { createLogger, type Logger } from './platform/logger.js';
import { Metrics, slackErrorLabel } from './platform/metrics.js';
import { startMetricsServer } from './platform/metricsHttp.js';
import { Outbox } from './platform/outbox.js';
import { People } from './platform/people.js';
import { SlackRoutes } from './platform/routes.js';
import { Scheduler } from './platform/scheduler.js';
import { createOutboxClient, createSlackApp, downloadSlackFile, SLACK_RETRIES, TeamMembers, withTrailingSlash, type SlackApp } from './platform/slack.js';
import { ProposalsCapability } from './proposals/capability.js';
import { DeliveryRunner } from './proposals/deliveries.js';
import { recoverProposals } from './proposals/jobs.js';
import { register as registerProposals } from './proposals/listeners.js';
import { targets } from './proposals/propose.js';
import { defineMessages as defineProposalMessages } from './proposals/notify.js';
import { ProposalStore } from './proposals/store.js';
import { TemplatesCapability } from './templates/capability.js';
import { register as registerTemplates } from './templates/listeners.js';
import { TemplateStore } from './templates/store.js';
import { ReportsCapability } from './reports/capability.js';
import { register as registerReports } from './reports/listeners.js';
import { defineMessages as defineReportMessages } from './reports/notify.js';
import { ReportStore } from './reports/store.js';

export interface BotOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
  /** Tests turn Slack's retries off so a scripted failure is seen at once. */
  slackRetries?: typeof SLACK_RETRIES;
  /** HTTP mode: the interface to listen on (all of them by default). */
  host?: string;
  /** How long a stop waits for work under way (a post to a network, a Slack message) before leaving it to the next start. */
  stopGraceMs?: number;
  /** Jitter of retries (tests fix it). */
  random?: () => number;
}

export interface Bot {
  app: SlackApp;
  db: DB;
  log: Logger;
  scheduler: Scheduler;
  /** The HTTP port, in HTTP mode. */
  port: number | null;
  /** Socket Mode: the port of GET /metrics (METRICS_PORT), when set. */
  metricsPort: number | null;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/** The composition root: config → logger → database → Slack app → networks → capabilities → start. */
export async function startBot(config: Config, options: BotOptions = {}): Promise<Bot> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const log = createLogger(config.logLevel, { destination: options.logDestination, secrets: secretsOf(config) });
  // One process per database: a second one waits as a standby until the first has stopped.
  const lock = await lockDatabase(config.databasePath, () =>
    log.warn({ database: config.databasePath }, 'another comcell process runs on this database: waiting as a standby until it stops'),
  );
  let db: DB;
  try {
    db = openDatabase(config.databasePath);
  } catch (error) {
    lock.release();
    throw error;
  }
  try {
    // This run of the bot: an attempt to publish made by another run may have been cut short.
    const runId = randomUUID();
    const reportStore = new ReportStore(db);
    const metrics = new Metrics({
      proposalsByState: () => reportStore.proposalsByState(),
      waitingDeliveries: () => reportStore.waitingDeliveries(),
      onSourceError: (error) => log.warn({ err: error }, 'a metric could not be read from the database'),
    });
    const metricsPage = () => metrics.render();
    const { app, setReady, auth } = await createSlackApp(config, log, options.slackRetries ?? SLACK_RETRIES, metricsPage);
    const botUserId = auth.user_id!;
    const t = texts(config.locale, config.timeZone);
    const channel = config.teamChannelId;

    const commits = new GroupCommit(db);
    const scheduler = new Scheduler(db, clock, log, (ms) => metrics.schedulerLagged(ms));
    const outbox = new Outbox(db, commits, createOutboxClient(config), clock, log, random, (method, error) => metrics.slackError(method, slackErrorLabel(error)));
    const inbox = new Inbox(db, commits, clock, log, random);
    inbox.onReceived(() => scheduler.wake());
    const applier = new Applier(db, commits, clock, outbox, scheduler);
    const people = new People(db, app.client, clock, log);
    const members = new TeamMembers(app.client, channel, clock, log, botUserId, (ids) => people.learn(ids));
    const networks = await createNetworks(config, { clock, log });

    const proposalStore = new ProposalStore(db, (network) => networks.get(network)!.newKey());
    const networkSettings = Object.fromEntries([...networks].map(([name, n]) => [name, { dryRun: n.dryRun }]));
    const { approvalsRequired, approveReactions, rejectReactions } = config;
    const proposalsCapability = new ProposalsCapability(proposalStore, { channel, approvalsRequired, approveReactions, rejectReactions, networks: networkSettings, runId });
    const followupStore = new FollowupStore(db);
    const roster = new DutyRoster(db);
    const handoverStore = new HandoverStore(db);
    // Links to messages are built from the workspace's URL, not asked of Slack one by one.
    const workspace = withTrailingSlash(auth.url ?? 'https://slack.com/');
    const messageLink = (to: string, ts: string) => `${workspace}archives/${to}/p${ts.replace('.', '')}`;
    const linkOrNull = (to: string, ts: string | null) => (ts ? messageLink(to, ts) : null);
    const facts = new ShiftFactsReader(db, followupStore, linkOrNull);
    const templateStore = new TemplateStore(db);
    const handoverSettings = { channel, shiftChanges: config.shiftChanges, timeZone: config.timeZone };
    const capabilities = {
      proposals: proposalsCapability,
      followups: new FollowupsCapability(followupStore, proposalStore, roster, {
        channel,
        remindEverySeconds: config.followupRemindEverySeconds,
        escalateAfter: config.followupEscalateAfter,
      }),
      handovers: new HandoversCapability(handoverStore, facts, handoverSettings),
      duty: new DutyCapability(roster, channel),
      shifts: new ShiftsCapability(handoverStore, facts, roster, handoverSettings),
      templates: new TemplatesCapability(templateStore),
      reports: new ReportsCapability(outbox, channel),
    };
    for (const capability of Object.values(capabilities)) applier.register(capability);

    // How follow-ups, handovers and the Home tab write times and name people (without pinging them).
    const look = { texts: t, locale: config.locale, timeZone: config.timeZone, name: (userId: string) => people.name(userId) };
    const routes = new SlackRoutes(app, log, { unexpectedError: t.t.unexpectedError, notMember: t.t.notMember, malformed: t.t.malformedRequest }, (user) => members.isMember(user));
    const proposals = { config, clock, log, texts: t, store: proposalStore, capability: proposalsCapability, applier, inbox, scheduler, members, client: app.client, networks, templates: templateStore };
    registerProposals(routes, proposals);
    registerTemplates(routes, { log, applier, capability: capabilities.templates, store: templateStore, proposals });
    const boardSettings = {
      texts: t, targets: targets(proposals), maxLength: config.tweetMaxLength, approvalsRequired, approveReactions, rejectReactions,
      // Who acted is named, not pinged; times are said relative to now, in the cell's zone.
      name: (userId: string) => people.name(userId), now: () => clock.now(), timeZone: config.timeZone, locale: config.locale,
    };
    // Only a published proposal can have a follow-up: the others (every new one) skip the query.
    const followupLine = (p: { ref: number; publishedAt: Date | null }) => (p.publishedAt ? followupNote(followupStore.latestFor(p.ref), glance(look, clock.now())) : null);
    defineProposalMessages(outbox, { store: proposalStore, settings: boardSettings, notes: [followupLine], applier, capability: proposalsCapability, log, inbox });
    registerFollowups(routes, { config, clock, log, texts: t, look, applier, capability: capabilities.followups, followups: followupStore, scheduler, proposals });
    defineFollowupMessages(outbox, { db, store: followupStore, proposals: proposalStore, look, clock, metrics });
    registerHandovers(routes, { config, clock, log, texts: t, look, applier, members, roster, handovers: handoverStore, scheduler, capabilities });
    defineHandoverMessages(outbox, { db, store: handoverStore, look, clock, messageLink });
    registerHome(routes, { config, clock, log, texts: t, look, members, dashboard: new DashboardReader(db, linkOrNull, roster) });
    const name = (userId: string) => people.name(userId);
    registerReports(routes, { config, clock, log, applier, capability: capabilities.reports, store: reportStore, scheduler, name });
    defineReportMessages(outbox, { store: reportStore, view: { locale: config.locale, timeZone: config.timeZone }, log, name });
    app.error(async (error) => {
      log.error({ err: error }, 'a Slack request could not be handled');
    });

    const fetchImage = (fileId: string) => downloadSlackFile(app.client, config.slack.botToken, fileId);
    const deliveries = new DeliveryRunner(proposalStore, networks, applier, proposalsCapability, clock, log, fetchImage, random, metrics);
    scheduler.addRunner(outbox);
    scheduler.addRunner(inbox);
    scheduler.addRunner(deliveries);
    // Continue from what is stored: messages maybe posted before a crash are looked for before being posted.
    outbox.recover();
    inbox.forgetOld();
    recoverProposals(proposals);

    // Socket Mode: Bolt has no HTTP server, GET /metrics gets its own (HTTP mode serves it on PORT).
    const metricsServer = config.metricsPort !== null ? await startMetricsServer(config.metricsPort, options.host, metricsPage, log) : null;
    const metricsPort = metricsServer ? (metricsServer.address() as AddressInfo).port : null;
    const started = await (config.slack.mode === 'http' ? app.start({ port: config.slack.port, ...(options.host ? { host: options.host } : {}) }) : app.start()).catch(
      (error: unknown) => {
        metricsServer?.close();
        throw error;
      },
    );
    const server = config.slack.mode === 'http' ? (started as Server) : null;
    const port = server ? (server.address() as AddressInfo).port : null;

    scheduler.start();
    setReady(true);
    // What a network must tell before the first post (an account, limits, a session), off the request path.
    void Promise.all([...networks.values()].map((n) => n.start()));
    const dryRun = [...networks.values()].filter((n) => n.dryRun).map((n) => n.name);
    log.info({ mode: config.slack.mode, port, metricsPort, dryRun, networks: [...networks.keys()], botUserId, run: runId }, dryRun.length > 0 ? `comcell ready (dry run on ${dryRun.join(', ')}: nothing will be sent there)` : 'comcell ready');

    let stopped = false;
    return {
      app,
      db,
      log,
      scheduler,
      port,
      metricsPort,
      async stop() {
        if (stopped) return;
        stopped = true;
        setReady(false);
        // A request Bolt never answers (it happens with some malformed bodies) must not hold the stop.
        const closing = app.stop().catch((error: unknown) => log.warn({ err: error }, 'Slack app did not stop cleanly'));
        let forced: NodeJS.Timeout | undefined;
        await Promise.race([closing, new Promise((resolve) => (forced = setTimeout(resolve, 2_000)))]);
        clearTimeout(forced);
        server?.closeAllConnections();
        metricsServer?.closeAllConnections();
        metricsServer?.close();
        const grace = options.stopGraceMs ?? STOP_GRACE_MS;
        await Promise.all([scheduler.stop(grace), deliveries.stop(grace), inbox.stop(grace), outbox.stop(grace)]);
        commits.close();
        db.close();
        lock.release();
        log.info('comcell stopped');
        log.flush();
      },
    };
  } catch (error) {
    db.close();
    lock.release();
    throw error;
  }
}
