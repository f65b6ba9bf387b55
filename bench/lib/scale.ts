/**
 * Function-level timings of the real code paths on the seeded database, in the bench process: the same
 * classes and renderers the bot uses (imported from src/), on the same file, with the same pragmas
 * (`openDatabase`), put together as `src/main.ts` does. Used where going through HTTP would not isolate
 * the work (a handover summary over a busy 8-hour shift can only be recorded once; a scheduler firing
 * cannot be triggered from outside).
 */
import { register as registerFollowups } from '../../src/followups/listeners.js';
import { FollowupsCapability } from '../../src/followups/capability.js';
import { followupList, followupNote } from '../../src/followups/messages.js';
import { defineMessages as defineFollowupMessages } from '../../src/followups/notify.js';
import { FollowupStore } from '../../src/followups/store.js';
import { DutyRoster } from '../../src/handovers/duty.js';
import { ShiftFactsReader } from '../../src/handovers/facts.js';
import { summaryMessage } from '../../src/handovers/summary.js';
import { DashboardReader, dashboardView } from '../../src/home/dashboard.js';
import { Applier } from '../../src/platform/apply.js';
import { systemClock } from '../../src/platform/clock.js';
import { readConfig } from '../../src/platform/config.js';
import { GroupCommit, openDatabase } from '../../src/platform/database.js';
import { glance } from '../../src/platform/i18n/glance.js';
import { texts } from '../../src/platform/i18n/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { Inbox } from '../../src/platform/inbox.js';
import { Outbox, type Render } from '../../src/platform/outbox.js';
import { SlackRoutes } from '../../src/platform/routes.js';
import { Scheduler } from '../../src/platform/scheduler.js';
import type { SlackApp, SlackClient } from '../../src/platform/slack.js';
import { ProposalsCapability } from '../../src/proposals/capability.js';
import type { ProposalsContext } from '../../src/proposals/context.js';
import { defineMessages as defineProposalMessages } from '../../src/proposals/notify.js';
import { ProposalStore } from '../../src/proposals/store.js';
import { weightedLength } from '../../src/proposals/tweetText.js';
import type { SeedInfo } from './seed.js';
import { summarize, type Summary } from './stats.js';

export interface ScaleTimings {
  followupList: Summary;
  handoverSummary: Summary;
  appHome: Summary;
  /** `Scheduler.tick()` firing one due reminder, until the outbox has handed it (and the earlier reminders' updates) to Slack. */
  schedulerFiring: Summary;
  /** The firing alone: `tick()` resolves once the reminder's outbox row is committed, before it is sent. */
  schedulerTick: Summary;
  /** The outbox's `proposal` renderer (store.get + render with the follow-up note): every post and update of a proposal message. */
  proposalRender: Summary;
  /** What each measure returned once, to show it did the real work (sizes, counts). */
  checks: Record<string, unknown>;
}

/** `before` runs outside the measure (set-up of one repetition); rep is negative for warm-up runs. */
async function timeIt(
  reps: number,
  warmup: number,
  work: (rep: number) => unknown | Promise<unknown>,
  before?: (rep: number) => void | Promise<void>,
): Promise<Summary> {
  for (let w = 0; w < warmup; w++) {
    await before?.(-1 - w);
    await work(-1 - w);
  }
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    await before?.(r);
    const t0 = performance.now();
    await work(r);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

/** Slack as the outbox sees it, answering at once: what the bench counts is the bot's own work. */
function stubSlack() {
  const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
  let ts = 0;
  const client = {
    chat: {
      postMessage: async (args: Record<string, unknown>) => (calls.push({ method: 'chat.postMessage', args }), { ok: true, ts: `1900000000.${String(++ts).padStart(6, '0')}` }),
      update: async (args: Record<string, unknown>) => (calls.push({ method: 'chat.update', args }), { ok: true, ts: args.ts }),
      postEphemeral: async (args: Record<string, unknown>) => (calls.push({ method: 'chat.postEphemeral', args }), { ok: true }),
    },
  };
  return { client: client as unknown as SlackClient, calls };
}

export async function timeScaleFunctions(dbPath: string, seed: SeedInfo, reps = 20): Promise<ScaleTimings> {
  const parsed = readConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', TEAM_CHANNEL_ID: 'CTEAM', DATABASE_PATH: dbPath, LOG_LEVEL: 'silent' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config = parsed.config;
  const db = openDatabase(dbPath);
  const t = texts(config.locale, config.timeZone);
  const look = { texts: t, locale: config.locale, timeZone: config.timeZone };
  const log = createLogger('silent');
  const clock = systemClock;
  const channel = config.teamChannelId;
  // The pieces as src/main.ts builds them: one group commit, the scheduler, the outbox (Slack stubbed), the applier.
  const commits = new GroupCommit(db);
  const scheduler = new Scheduler(db, clock, log);
  const slack = stubSlack();
  const outbox = new Outbox(db, commits, slack.client, clock, log);
  const applier = new Applier(db, commits, clock, outbox, scheduler);
  const inbox = new Inbox(db, commits, clock, log);
  // X chooses no key of ours (src/networks/x.ts); nothing here creates a delivery anyway.
  const store = new ProposalStore(db, () => '');
  const followups = new FollowupStore(db);
  const roster = new DutyRoster(db);
  const facts = new ShiftFactsReader(db, followups);
  const dashboard = new DashboardReader(db, (to, ts) => (ts ? `https://comcell.slack.example/archives/${to}/p${ts.replace('.', '')}` : null), roster);
  const { approvalsRequired, approveReactions, rejectReactions } = config;
  const proposalsCapability = new ProposalsCapability(store, { channel, approvalsRequired, approveReactions, rejectReactions, networks: { x: { dryRun: false } }, runId: 'bench' });
  const followupsCapability = new FollowupsCapability(followups, store, roster, { channel, remindEverySeconds: config.followupRemindEverySeconds, escalateAfter: config.followupEscalateAfter });
  applier.register(proposalsCapability);
  applier.register(followupsCapability);
  const checks: Record<string, unknown> = {};

  try {
    // `/followup list`, as its listener does it: the first 30 open ones with their proposals, the counts, the text.
    const followupListTiming = await timeIt(reps, 2, () => {
      const now = new Date();
      const open = followups.listOpen(30).map((f) => ({ f, p: store.get(f.ref) }));
      const text = followupList(open, followups.countOpen(now), glance(look, now));
      checks.followupListChars = text.length;
      return text;
    });

    // A handover summary over the busy 8-hour shift since the latest handover: the facts, then the message.
    const handoverSummary = await timeIt(reps, 2, () => {
      const now = new Date();
      const f = facts.read(new Date(seed.shiftStart), now);
      const message = summaryMessage({ kind: 'handover', id: 1, from: 'UALICE', to: 'UBOB', at: now, notes: 'RAS', facts: f, acknowledged: null }, look);
      checks.summary = { proposed: f.proposed.length, published: f.published.length, withUrl: f.published.filter((p) => p.url).length, openFollowups: f.openFollowupsTotal, blocks: message.blocks.length };
      return message;
    });

    // The App Home view: the dashboard's facts and the view.
    const appHome = await timeIt(reps, 2, () => {
      const now = new Date();
      const view = dashboardView(dashboard.read(now, config.timeZone), glance(look, now));
      checks.appHomeBlocks = view.blocks.length;
      return view;
    });

    // One scheduler firing: a follow-up reminder made due among the 10,000 pending jobs. The real REMINDER_JOB
    // handler (registered by the follow-ups' listeners, on a routing table whose app never sees a request)
    // applies `remind` in the firing's transaction, which writes the reminder's outbox row (and refreshes of the
    // earlier reminders); the outbox, woken by the tick as in the bot, renders and sends them to the stub.
    const routes = new SlackRoutes({ use: () => undefined } as unknown as SlackApp, log, { unexpectedError: t.t.unexpectedError, notMember: t.t.notMember, malformed: t.t.malformedRequest }, async () => true);
    // The reminder job reads the follow-ups' own pieces only; the proposals' context serves the /followup commands.
    const proposals = { config, clock, log, texts: t, store, capability: proposalsCapability, applier, scheduler } as unknown as ProposalsContext;
    registerFollowups(routes, { config, clock, log, texts: t, look, applier, capability: followupsCapability, followups, scheduler, proposals });
    defineFollowupMessages(outbox, { db, store: followups, proposals: store, look, clock });
    scheduler.addRunner(outbox);
    scheduler.start(); // arms its timer like the bot's (nothing is due: the seed keeps every job at least 15 minutes away)
    await scheduler.settle();
    const makeDue = db.prepare(`UPDATE scheduled_jobs SET due_at = ?, version = version + 1 WHERE key = ? AND state = 'pending'`);
    const reminderRows = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE key LIKE 'followup:%:reminder:%' AND state = 'done'`);
    // Two sets of jobs: one for the firing through to Slack, one for the tick alone.
    const candidates = seed.overdue.slice(0, 2 * (reps + 2));
    if (candidates.length < 2 * (reps + 2)) throw new Error('not enough overdue follow-ups in the seed');
    const due = (offset: number) => (rep: number) => {
      const job = candidates[offset + (rep < 0 ? -rep - 1 : rep + 2)]!;
      makeDue.run(new Date(Date.now() - 1_000).toISOString(), job.key);
    };
    let fired = 0;
    const shownBefore = (reminderRows.get() as { n: number }).n;
    const schedulerFiring = await timeIt(
      reps,
      2,
      async () => {
        fired += await scheduler.tick();
        await scheduler.settle(); // until the outbox has sent what the firing wrote, and recorded it as shown
      },
      due(0),
    );
    const posts = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    const updates = slack.calls.filter((c) => c.method === 'chat.update').length;
    const schedulerTick = await timeIt(
      reps,
      2,
      async () => {
        fired += await scheduler.tick();
      },
      async (rep) => {
        await scheduler.settle(); // the previous repetition's sends finish outside the measure
        due(reps + 2)(rep);
      },
    );
    await scheduler.settle();
    checks.schedulerFired = fired;
    checks.reminderPosts = posts;
    checks.reminderUpdates = updates;
    checks.remindersShown = (reminderRows.get() as { n: number }).n - shownBefore;
    await scheduler.stop(1_000);
    await outbox.stop(1_000);

    // A proposal message as the outbox renders it before each chat.postMessage / chat.update: the `proposal`
    // renderer the bot defines, with the follow-up note src/main.ts gives it (the proposal's latest follow-up).
    const renders = new Map<string, Render>();
    const settings = { texts: t, targets: [{ name: 'x' as const, length: { max: config.tweetMaxLength, count: weightedLength } }], maxLength: config.tweetMaxLength, approvalsRequired, approveReactions, rejectReactions };
    const followupLine = (p: { ref: number; publishedAt: Date | null }) => (p.publishedAt ? followupNote(followups.latestFor(p.ref), glance(look, clock.now())) : null);
    defineProposalMessages({ define: (name: string, fn: Render) => renders.set(name, fn) } as unknown as Outbox, { store, settings, notes: [followupLine], applier, capability: proposalsCapability, log, inbox });
    const render = renders.get('proposal')!;
    const rows = seed.overdue.map((o) => ({ ref: o.ref, version: store.get(o.ref)!.version }));
    const proposalRender = await timeIt(reps, 2, (rep) => {
      const message = render(rows[(rep + 2 + rows.length) % rows.length]!);
      checks.proposalRenderBlocks = message?.blocks?.length ?? 0;
      return message;
    });
    return { followupList: followupListTiming, handoverSummary, appHome, schedulerFiring, schedulerTick, proposalRender, checks };
  } finally {
    commits.close();
    db.close();
  }
}
