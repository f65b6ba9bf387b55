/**
 * Function-level timings of the real code paths on the seeded database, in the bench process: the same
 * classes and renderers the bot uses (imported from src/), on the same file, with the same pragmas
 * (`openDatabase`). Used where going through HTTP would not isolate the work (a handover summary over a
 * busy 8-hour shift can only be recorded once; a scheduler firing cannot be triggered from outside).
 */
import type { Logger } from 'pino';
import { readConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/database.js';
import { texts } from '../../src/platform/i18n/index.js';
import { createLogger } from '../../src/platform/logger.js';
import { Scheduler } from '../../src/platform/scheduler.js';
import { FollowupLifecycle, type FollowupsContext } from '../../src/followups/lifecycle.js';
import { followupList } from '../../src/followups/messages.js';
import { FollowupStore } from '../../src/followups/store.js';
import { DutyRoster } from '../../src/handovers/duty.js';
import { ShiftFactsReader } from '../../src/handovers/facts.js';
import { summaryMessage } from '../../src/handovers/summary.js';
import { DashboardReader, dashboardView } from '../../src/home/dashboard.js';
import type { ProposalNote } from '../../src/proposals/board.js';
import type { ProposalsContext } from '../../src/proposals/context.js';
import { proposalMessage } from '../../src/proposals/messages.js';
import { ProposalStore } from '../../src/proposals/store.js';
import type { SeedInfo } from './seed.js';
import { summarize, type Summary } from './stats.js';

export interface ScaleTimings {
  followupList: Summary;
  handoverSummary: Summary;
  appHome: Summary;
  schedulerFiring: Summary;
  /** The synchronous part of ProposalBoard.refresh (store.get + render with the follow-up note): every post and update of a proposal message. */
  proposalRender: Summary;
  /** What each measure returned once, to show it did the real work (sizes, counts). */
  checks: Record<string, unknown>;
}

/** `before` runs outside the measure (set-up of one repetition); rep is negative for warm-up runs. */
async function timeIt(
  reps: number,
  warmup: number,
  work: (rep: number) => unknown | Promise<unknown>,
  before?: (rep: number) => void,
): Promise<Summary> {
  for (let w = 0; w < warmup; w++) {
    before?.(-1 - w);
    await work(-1 - w);
  }
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    before?.(r);
    const t0 = performance.now();
    await work(r);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}

export async function timeScaleFunctions(dbPath: string, seed: SeedInfo, reps = 20): Promise<ScaleTimings> {
  const parsed = readConfig({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench', TEAM_CHANNEL_ID: 'CTEAM', DATABASE_PATH: dbPath, LOG_LEVEL: 'silent' });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const config = parsed.config;
  const db = openDatabase(dbPath);
  const t = texts(config.locale, config.timeZone);
  const log: Logger = createLogger('silent');
  const clock = { now: () => new Date() };
  const store = new ProposalStore(db);
  const followups = new FollowupStore(db);
  const facts = new ShiftFactsReader(db);
  const dashboard = new DashboardReader(db, (channel, ts) => (ts ? `https://comcell.slack.example/archives/${channel}/p${ts.replace('.', '')}` : null));
  const checks: Record<string, unknown> = {};

  try {
    // `/followup list`, as its listener does it: the first 30 open ones with their proposals, the counts, the text.
    const followupListTiming = await timeIt(reps, 2, () => {
      const now = new Date();
      const open = followups.listOpen(30).map((f) => ({ f, p: store.get(f.ref) }));
      const text = followupList(open, followups.countOpen(now), now, t);
      checks.followupListChars = text.length;
      return text;
    });

    // A handover summary over the busy 8-hour shift since the latest handover: the facts, then the message.
    const handoverSummary = await timeIt(reps, 2, () => {
      const now = new Date();
      const f = facts.read(new Date(seed.shiftStart), now);
      const message = summaryMessage({ kind: 'handover', id: 1, from: 'UALICE', to: 'UBOB', at: now, notes: 'RAS', facts: f, acknowledged: null }, t);
      checks.summary = { proposed: f.proposed.length, published: f.published.length, openFollowups: f.openFollowupsTotal, blocks: message.blocks.length };
      return message;
    });

    // The App Home view: the dashboard's facts and the view.
    const appHome = await timeIt(reps, 2, () => {
      const now = new Date();
      const view = dashboardView(dashboard.read(now, config.timeZone), now, t);
      checks.appHomeBlocks = view.blocks.length;
      return view;
    });

    // One scheduler firing: one follow-up reminder made due among the 10,000 pending jobs, fired by tick() with
    // the real reminder handler (FollowupLifecycle); Slack is a stub that answers at once.
    const scheduler = new Scheduler(db, clock, log);
    const posted: unknown[] = [];
    const client = { chat: { postMessage: async (args: unknown) => (posted.push(args), { ok: true, ts: '1.000100' }) } };
    const notes: ProposalNote[] = [];
    const proposals = {
      config, clock, log, texts: t, store, scheduler,
      publisher: { onPublished: () => undefined },
      board: { addNote: (note: ProposalNote) => notes.push(note) },
    } as unknown as ProposalsContext;
    const ctx: FollowupsContext = { config, clock, log, texts: t, client: client as unknown as FollowupsContext['client'], followups, roster: new DutyRoster(db), proposals };
    new FollowupLifecycle(ctx).register();
    scheduler.start(); // arms its timer like the bot's (nothing is due: the seed keeps every job at least 15 minutes away)
    await scheduler.tick();
    const makeDue = db.prepare(`UPDATE scheduled_jobs SET due_at = ?, version = version + 1 WHERE key = ? AND state = 'pending'`);
    const candidates = seed.overdue.slice(0, reps + 2);
    if (candidates.length < reps + 2) throw new Error('not enough overdue follow-ups in the seed');
    let fired = 0;
    const schedulerFiring = await timeIt(
      reps,
      2,
      async () => {
        fired += await scheduler.tick();
      },
      (rep) => {
        const job = candidates[rep < 0 ? -rep - 1 : rep + 2]!;
        makeDue.run(new Date(Date.now() - 1_000).toISOString(), job.key);
      },
    );
    checks.schedulerFired = fired;
    checks.reminderPosted = posted.length;
    await scheduler.stop(1_000);

    // A proposal message as ProposalBoard renders it before each chat.postMessage / chat.update: the stored
    // proposal, then the message with the notes other capabilities add (the follow-up note reads the
    // proposal's latest follow-up).
    const settings = { texts: t, maxLength: config.tweetMaxLength, approvalsRequired: config.approvalsRequired, approveReactions: config.approveReactions, rejectReactions: config.rejectReactions };
    const refs = seed.overdue.map((o) => o.ref);
    const proposalRender = await timeIt(reps, 2, (rep) => {
      const p = store.get(refs[(rep + 2 + refs.length) % refs.length]!)!;
      const message = proposalMessage(p, settings, notes.map((note) => note(p)).filter((line): line is string => line !== null));
      checks.proposalRenderBlocks = message.blocks.length;
      return message;
    });
    return { followupList: followupListTiming, handoverSummary, appHome, schedulerFiring, proposalRender, checks };
  } finally {
    db.close();
  }
}
