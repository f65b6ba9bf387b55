import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeSlack, type FakeMessage, type FakeSlack } from './fakeSlack.js';
import { startFakeX, xKeysFromEnv, type FakeX } from './fakeX.js';
import { ALICE, AUTHOR, BOB, SECRET, TEAM, X_KEYS } from './harness.js';
import { startProgram, type Program } from './program.js';
import { slackSender, type SlackSender } from './slackRequests.js';

/**
 * The real program in child processes on one database, with the fakes of Slack and X in the test's
 * process: for what only a real process shows (SIGKILL at the worst moment, two processes at once).
 */
export interface ProgramRig {
  slack: FakeSlack;
  x: FakeX;
  dir: string;
  /** Starts a program on the rig's database (not waiting for it to be ready). */
  launch(extra?: Record<string, string>): Program;
  /** Starts one and waits until it is ready: its program and a sender of signed requests to it. */
  boot(extra?: Record<string, string>): Promise<{ program: Program; send: SlackSender }>;
  senderOf(ready: Record<string, any>): SlackSender;
  kill(program: Program): Promise<void>;
  /** Reads the database (read-only, a connection of its own). */
  query<T = Record<string, any>>(sql: string, ...params: unknown[]): T[];
  /** The bot's messages in the team channel that are proposals (not thread replies). */
  proposalMessages(): FakeMessage[];
  close(): Promise<void>;
}

export async function startProgramRig(prefix = 'comcell-program-'): Promise<ProgramRig> {
  const slack = await startFakeSlack({ members: [AUTHOR, ALICE, BOB, 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT' });
  const x = await startFakeX({ keys: xKeysFromEnv(X_KEYS) });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const programs: Program[] = [];
  const rig: ProgramRig = {
    slack,
    x,
    dir,
    launch(extra = {}) {
      const program = startProgram({
        SLACK_BOT_TOKEN: 'xoxb-program-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.url,
        PORT: '0',
        TEAM_CHANNEL_ID: TEAM,
        TWITTER_API_URL: x.origin,
        DATABASE_PATH: join(dir, 'comcell.sqlite'),
        LOG_LEVEL: 'debug',
        ...X_KEYS,
        ...extra,
      });
      programs.push(program);
      return program;
    },
    async boot(extra = {}) {
      const program = rig.launch(extra);
      return { program, send: rig.senderOf(await program.ready()) };
    },
    senderOf: (ready) => slackSender({ botUrl: `http://127.0.0.1:${ready.port}/slack/events`, signingSecret: SECRET, responseBase: slack.origin, teamChannelId: TEAM }),
    async kill(program) {
      program.kill('SIGKILL');
      await program.exited;
    },
    query(sql, ...params) {
      const db = new Database(join(dir, 'comcell.sqlite'), { readonly: true });
      try {
        return db.prepare(sql).all(...params) as never[];
      } finally {
        db.close();
      }
    },
    proposalMessages: () => slack.messages.filter((m) => m.channel === TEAM && !m.thread_ts && (m.blocks ?? []).some((b: { type?: string }) => b.type === 'rich_text')),
    async close() {
      for (const p of programs.splice(0)) p.kill('SIGKILL');
      await Promise.all([slack.close(), x.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
