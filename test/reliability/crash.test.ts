import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../support/fakeSlack.js';
import type { FakeX } from '../support/fakeX.js';
import { ALICE, AUTHOR, BOB, TEAM } from '../support/harness.js';
import type { Program } from '../support/program.js';
import { startProgramRig, type ProgramRig } from '../support/programRig.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The real program in a child process, killed with SIGKILL at each step of a publication and started
 * again on the same database: exactly one tweet, the truth in Slack, nothing lost.
 */
describe('killed mid-publication (SIGKILL) and restarted', () => {
  let rig: ProgramRig;
  afterEach(() => rig?.close());
  let slack: FakeSlack;
  let x: FakeX;
  const setUp = async () => {
    rig = await startProgramRig('comcell-crash-');
    ({ slack, x } = rig);
  };
  const boot = () => rig.boot();
  const kill = (program: Program) => rig.kill(program);
  const state = (ref: number) => rig.query<{ state: string }>('SELECT state FROM proposals WHERE ref = ?', ref)[0]?.state;
  const messageTsStored = (ref: number) => rig.query<{ message_ts: string | null }>('SELECT message_ts FROM proposal_versions WHERE ref = ?', ref)[0]?.message_ts;
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
