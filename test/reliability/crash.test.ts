import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';
import { startFakeX, xKeysFromEnv, type FakeX } from '../support/fakeX.js';
import { ALICE, AUTHOR, BOB, SECRET, TEAM, X_KEYS } from '../support/harness.js';
import { startProgram, type Program } from '../support/program.js';
import { slackSender } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The real program in a child process, killed with SIGKILL at each step of a publication and started
 * again on the same database: exactly one tweet, the truth in Slack, nothing lost.
 */
describe('killed mid-publication (SIGKILL) and restarted', () => {
  let slack: FakeSlack;
  let x: FakeX;
  let dir: string;
  const programs: Program[] = [];
  afterEach(async () => {
    for (const p of programs.splice(0)) p.kill('SIGKILL');
    await Promise.all([slack?.close(), x?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const setUp = async () => {
    slack = await startFakeSlack({ members: [AUTHOR, ALICE, BOB, 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT' });
    x = await startFakeX({ keys: xKeysFromEnv(X_KEYS) });
    dir = mkdtempSync(join(tmpdir(), 'comcell-crash-'));
  };
  const boot = async () => {
    const program = startProgram({
      SLACK_BOT_TOKEN: 'xoxb-crash-test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      PORT: '0',
      TEAM_CHANNEL_ID: TEAM,
      TWITTER_API_URL: x.origin,
      DATABASE_PATH: join(dir, 'comcell.sqlite'),
      LOG_LEVEL: 'debug',
      ...X_KEYS,
    });
    programs.push(program);
    const ready = await program.ready();
    const send = slackSender({ botUrl: `http://127.0.0.1:${ready.port}/slack/events`, signingSecret: SECRET, responseBase: slack.origin, teamChannelId: TEAM });
    return { program, send };
  };
  const kill = async (program: Program) => {
    program.kill('SIGKILL');
    await program.exited;
  };
  const state = (ref: number) => {
    const db = new Database(join(dir, 'comcell.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT state FROM proposals WHERE ref = ?').get(ref) as { state: string } | undefined)?.state;
    } finally {
      db.close();
    }
  };
  const messageTsStored = (ref: number) => {
    const db = new Database(join(dir, 'comcell.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT message_ts FROM proposal_versions WHERE ref = ?').get(ref) as { message_ts: string | null } | undefined)?.message_ts;
    } finally {
      db.close();
    }
  };
  const proposalMessage = () => waitFor(() => slack.messages.find((m) => m.channel === TEAM && !m.thread_ts), 'the proposal message');
  const posts = () => x.requestsTo('POST /2/tweets').length;

  it.each([
    ['before X created the tweet: posted again once', false],
    ['after X created the tweet, its answer lost: found, never posted again', true],
  ])('while the POST to X is in flight, %s', async (_name, created) => {
    await setUp();
    x.script('POST /2/tweets', { kind: 'hang', createTweet: created });
    const first = await boot();
    await first.send.command(AUTHOR, '/tweet', 'Tué pendant la publication.');
    const m = await proposalMessage();
    await first.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts);
    await waitFor(() => posts() === 1, 'the POST to X');
    expect(state(1)).toBe('publishing'); // stored before X was called
    await kill(first.program);

    await boot();
    await waitFor(() => state(1) === 'published', 'the publication after restart', 15_000);
    expect(x.tweets).toHaveLength(1);
    expect(posts()).toBe(created ? 1 : 2);
    await waitFor(() => JSON.stringify(slack.message(TEAM, m.ts)?.blocks).includes(x.tweets[0]!.id), 'the link in Slack');
  });

  it('right after the approval event was acknowledged: the approval is not lost', async () => {
    await setUp();
    const first = await boot();
    await first.send.command(AUTHOR, '/tweet', 'Tué juste après la validation.');
    const m = await proposalMessage();
    // Slack holds the reaction whatever becomes of the event: the fake shows it to reactions.get.
    slack.setReactions(TEAM, m.ts, [{ name: 'white_check_mark', users: [ALICE] }]);
    await first.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts);
    await kill(first.program);

    // Whether the first process got to publish before it died or not, the restart ends with one tweet.
    await boot();
    await waitFor(() => state(1) === 'published', 'the publication after restart', 15_000);
    expect(x.tweets).toHaveLength(1);
  });

  it('after the proposal was stored: still approvable after the restart, with the same reference', async () => {
    await setUp();
    const first = await boot();
    await first.send.command(AUTHOR, '/tweet', 'Tué après enregistrement.');
    const m = await proposalMessage();
    await waitFor(() => messageTsStored(1), 'the message ts stored');
    await kill(first.program);

    const second = await boot();
    await second.send.command(AUTHOR, '/tweet', 'La suivante.');
    const second2 = await waitFor(() => slack.messages.filter((msg) => msg.channel === TEAM && !msg.thread_ts)[1], 'the second proposal');
    expect(second2.text).toContain('#2');
    await second.send.reactionAdded(BOB, 'white_check_mark', TEAM, m.ts);
    await waitFor(() => state(1) === 'published', 'the publication');
    expect(x.tweets.map((t) => t.text)).toEqual(['Tué après enregistrement.']);
  });
});
