import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../support/fakeSlack.js';
import { startFakeBluesky } from '../support/fakeBluesky.js';
import { startFakeMastodon } from '../support/fakeMastodon.js';
import type { FakeX } from '../support/fakeX.js';
import { ALICE, AUTHOR, TEAM } from '../support/harness.js';
import type { Program } from '../support/program.js';
import { startProgramRig, type ProgramRig } from '../support/programRig.js';
import { waitFor } from '../support/waitFor.js';

/**
 * The real program in child processes on one database: killed at the worst moment (SIGKILL), started twice,
 * killed again and again at random. Nothing twice on X or in the channel, nothing lost.
 */
describe('the program killed, restarted, doubled', () => {
  let rig: ProgramRig;
  afterEach(() => rig?.close());
  let slack: FakeSlack;
  let x: FakeX;
  const setUp = async () => {
    rig = await startProgramRig('comcell-processes-');
    ({ slack, x } = rig);
  };
  const launch = (extra: Record<string, string> = {}) => rig.launch(extra);
  const senderOf = (ready: Record<string, any>) => rig.senderOf(ready);
  const boot = () => rig.boot();
  const kill = (program: Program) => rig.kill(program);
  const query = <T = Record<string, any>>(sql: string, ...params: unknown[]): T[] => rig.query<T>(sql, ...params);
  const proposalMessages = () => rig.proposalMessages();
  /** The outbox key a bot message carries in its metadata: one message per key. */
  const keyOf = (m: { metadata?: any }) => m.metadata?.event_payload?.key as string | undefined;

  it('case 5: killed after Slack created the proposal message but before its ts was stored: adopted at restart, approvable, shown once', async () => {
    await setUp();
    const first = await boot();
    // Slack posts the message, and the answer never comes back: the bot dies waiting for it.
    slack.failNext('chat.postMessage', { hang: true, applied: true });
    await first.send.command(AUTHOR, '/tweet', 'Tuée entre la réponse de Slack et son enregistrement.');
    const m = await waitFor(() => proposalMessages()[0], 'the message Slack created');
    expect(query('SELECT message_ts FROM proposal_versions WHERE ref = 1')).toEqual([{ message_ts: null }]);
    await kill(first.program);

    const second = await boot();
    await waitFor(() => query('SELECT message_ts FROM proposal_versions WHERE ref = 1')[0]?.message_ts === m.ts, 'the message adopted');
    // The approval given on that one message counts.
    slack.addReaction(TEAM, m.ts, 'white_check_mark', ALICE);
    await second.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts);
    await waitFor(() => query('SELECT state FROM proposals WHERE ref = 1')[0]?.state === 'published', 'the publication');
    expect(proposalMessages()).toHaveLength(1);
    expect(x.tweets).toHaveLength(1);
  });

  it('case 2: a second process on the same database waits as a standby while the first runs, then takes over', async () => {
    await setUp();
    const first = await boot();
    x.script('POST /2/tweets', { kind: 'hang' });
    await first.send.command(AUTHOR, '/tweet', 'Deux processus, un seul tweet.');
    const m = await waitFor(() => proposalMessages()[0], 'the proposal');
    slack.addReaction(TEAM, m.ts, 'white_check_mark', ALICE);
    await first.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts);
    await waitFor(() => x.requestsTo('POST /2/tweets').length === 1, 'the first process calling X');

    const second = launch();
    await waitFor(() => second.logs().some((l) => /standby/.test(String(l.msg))), 'the standby line');
    expect(second.logs().some((l) => String(l.msg).startsWith('comcell ready'))).toBe(false);
    expect(x.requestsTo('POST /2/tweets')).toHaveLength(1); // the second never acts while the first runs

    await kill(first.program);
    await second.ready();
    await waitFor(() => query('SELECT state FROM proposals WHERE ref = 1')[0]?.state === 'published', 'the publication by the second');
    // The first attempt created nothing: the second looked, found nothing, and posted once.
    expect(x.tweets.map((t) => t.text)).toEqual(['Deux processus, un seul tweet.']);
    expect(x.requestsTo('GET /2/users/:id/tweets').length).toBeGreaterThanOrEqual(1);
  });

  it('killed after part 2 of a thread was created on each network but before it was stored: one part 2 on each, then part 3', async () => {
    await setUp();
    const mastodon = await startFakeMastodon();
    const bluesky = await startFakeBluesky();
    try {
      const networks = {
        MASTODON_URL: mastodon.origin,
        MASTODON_TOKEN: 'mastodon-token',
        BLUESKY_HANDLE: bluesky.handle,
        BLUESKY_APP_PASSWORD: bluesky.appPassword,
        BLUESKY_SERVICE: bluesky.origin,
      };
      const bootWith = async () => {
        const program = launch(networks);
        return { program, send: senderOf(await program.ready()) };
      };
      // Part 1 answered; part 2 created by each network, and its answer never comes.
      x.script('POST /2/tweets', { kind: 'pass' }, { kind: 'hang', createTweet: true });
      mastodon.script('POST /api/v1/statuses', { kind: 'pass' }, { kind: 'hang', create: true });
      bluesky.script('com.atproto.repo.createRecord', { kind: 'pass' }, { kind: 'hang', create: true });
      const first = await bootWith();
      const parts = ['Fil, partie un.', 'Fil, partie deux.', 'Fil, partie trois.'];
      await first.send.command(AUTHOR, '/tweet', parts.join('\n---\n'));
      const m = await waitFor(() => proposalMessages()[0], 'the proposal');
      slack.addReaction(TEAM, m.ts, 'white_check_mark', ALICE);
      await first.send.reactionAdded(ALICE, 'white_check_mark', TEAM, m.ts);
      await waitFor(() => x.tweets.length === 2 && mastodon.posted().length === 2 && bluesky.posts().length === 2, 'part 2 created everywhere');
      await kill(first.program);

      const second = await bootWith();
      await waitFor(() => query('SELECT state FROM proposals WHERE ref = 1')[0]?.state === 'published', 'the thread finished', 15_000).catch((e) => {
        console.log(JSON.stringify(query('SELECT d.network, d.state, d.lost_answers, d.failure_detail, p.part, p.remote_id FROM deliveries d JOIN delivery_parts p ON p.delivery_id = d.id')));
        console.log(second.program.logs().filter((l) => l.level !== 20).map((l) => JSON.stringify(l)).join('\n'));
        throw e;
      });
      if (process.env.SHOW_LOGS) console.log(second.program.logs().filter((l) => l.level !== 20).map((l) => `${l.time} ${l.msg} ${l.network ?? ''} ${l.part ?? ''}`).join('\n'));
      expect(x.tweets.map((t) => t.text)).toEqual(parts);
      expect(mastodon.posted().map((t) => t.text)).toEqual(parts);
      expect(bluesky.posts().map((r) => r.value.text)).toEqual(parts);
      // Each part replies to the one before, part 3 to the part 2 that was adopted.
      expect(x.tweets[2]!.replyTo).toBe(x.tweets[1]!.id);
      expect(mastodon.posted()[2]!.inReplyToId).toBe(mastodon.posted()[1]!.id);
      expect(bluesky.posts()[2]!.value.reply.parent.uri).toBe(bluesky.posts()[1]!.uri);
    } finally {
      await Promise.all([mastodon.close(), bluesky.close()]);
    }
  });

  it('randomized: a burst of proposals and approvals, killed at random moments many times: each approved one once on X, no message twice', async () => {
    await setUp();
    let seed = Number(process.env.CRASH_SEED ?? 20261201);
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const texts: string[] = [];
    for (let round = 0; round < 6; round++) {
      const { program, send } = await boot();
      // A burst: new proposals, and approvals of the messages already shown (reactions stay on Slack whatever happens).
      const sends: Array<Promise<unknown>> = [];
      for (let i = 0; i < 4; i++) {
        const text = `Rafale ${round}-${i} : message de contrôle.`;
        texts.push(text);
        sends.push(send.command(AUTHOR, '/tweet', text).catch(() => undefined));
      }
      for (const shown of proposalMessages()) {
        if (random() < 0.7 && !slack.message(TEAM, shown.ts)?.reacted) {
          slack.addReaction(TEAM, shown.ts, 'white_check_mark', ALICE);
          shown.reacted = true;
          sends.push(send.reactionAdded(ALICE, 'white_check_mark', TEAM, shown.ts).catch(() => undefined));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 250)));
      await kill(program);
      await Promise.allSettled(sends);
    }
    // A last run, left to finish: once every stored proposal is shown, whatever is left is approved.
    const last = await boot();
    await waitFor(() => query('SELECT COUNT(*) AS n FROM proposal_versions WHERE message_ts IS NULL')[0]!.n === 0, 'every proposal shown');
    for (const shown of proposalMessages()) {
      if (!slack.message(TEAM, shown.ts)?.reacted) {
        slack.addReaction(TEAM, shown.ts, 'white_check_mark', ALICE);
        shown.reacted = true;
        await last.send.reactionAdded(ALICE, 'white_check_mark', TEAM, shown.ts);
      }
    }
    const approvedRefs = () => query<{ ref: number }>('SELECT ref FROM proposals').map((r) => r.ref);
    await waitFor(
      () => query("SELECT COUNT(*) AS n FROM proposals WHERE state <> 'published'")[0]!.n === 0 && approvedRefs().length > 0,
      'every stored proposal published',
      30_000,
    ).catch((e) => {
      console.log(JSON.stringify(query("SELECT p.ref, p.state, v.message_ts FROM proposals p JOIN proposal_versions v ON v.ref=p.ref WHERE p.state <> 'published'")));
      console.log(JSON.stringify(query("SELECT key, state, attempts, last_error FROM inbox WHERE state <> 'done'")));
      console.log(JSON.stringify(query("SELECT * FROM approvals")));
      console.log("OUTBOX", JSON.stringify(query("SELECT key, state, ts, updated_at FROM outbox WHERE key LIKE 'proposal:2%'")));
      console.log(JSON.stringify(query("SELECT ref, action, actor, detail FROM audit_log WHERE ref IN (SELECT ref FROM proposals WHERE state <> 'published')")));
      console.log(JSON.stringify(proposalMessages().map((m) => [m.ts, keyOf(m), m.reacted])));
      console.log(last.program.logs().filter((l) => /reaction|resync|brought/.test(String(l.msg))).map((l) => JSON.stringify(l)).join('\n'));
      throw e;
    });
    const stored = query<{ ref: number; text: string }>('SELECT p.ref, v.text FROM proposals p JOIN proposal_versions v ON v.ref = p.ref ORDER BY p.ref');
    // References are unique and without gaps; each stored text was sent once (a command killed before its
    // commit was never acknowledged: Slack would show its author an error, and it is simply absent).
    expect(stored.map((r) => r.ref)).toEqual(stored.map((_, i) => i + 1));
    expect(new Set(stored.map((r) => r.text)).size).toBe(stored.length);
    for (const r of stored) expect(texts).toContain(r.text);
    // Every one on X exactly once.
    expect(x.tweets.map((t) => t.text).sort()).toEqual(stored.map((r) => r.text).sort());
    // One proposal message per proposal, whatever the kills did to the answers.
    const keys = proposalMessages().map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    expect(proposalMessages()).toHaveLength(stored.length);
  }, 120_000);
});
