/**
 * The HTTP door: only requests signed by Slack, recently, are processed; the health route answers
 * once the bot is ready; a malformed payload never takes the process down.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, BOB, shown, startHarness, TEAM, type Harness } from '../support/harness.js';
import { slackPayloads } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

const FORM = 'application/x-www-form-urlencoded';

function proposalCount(h: Harness): number {
  return h.query<{ n: number }>('SELECT count(*) AS n FROM proposals')[0]!.n;
}

/** What Slack sends, built by the same helper as `h.send`, with `response_url`s on the fake Slack. */
const payloadsFor = (h: Harness) => slackPayloads({ responseBase: h.slack.origin, teamChannelId: TEAM, triggerId: h.slack.newTriggerId });

/** A `/tweet` slash command body, byte for byte as Slack sends it. */
function tweetCommandBody(h: Harness, text: string, user = AUTHOR): string {
  return new URLSearchParams(payloadsFor(h).command(user, '/tweet', text).fields).toString();
}

/** An Events API envelope around `event` (none at all when `undefined`), as JSON. */
function eventBody(h: Harness, event: Record<string, unknown> | undefined, eventId: string): string {
  const body = payloadsFor(h).event(event ?? {}, { eventId });
  if (!event) delete body.event;
  return JSON.stringify(body);
}

describe('Slack request signatures', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('refuses a badly signed, a stale or an unsigned command with 401, and processes none of them', async () => {
    const body = tweetCommandBody(h, 'Texte forgé, à ne jamais publier');
    const headers = { 'content-type': FORM };
    const bad = await h.send.raw(body, headers, { badSignature: true });
    expect(bad.status).toBe(401);
    const stale = await h.send.raw(body, headers, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const unsigned = await h.send.raw(body, headers, { unsigned: true });
    expect(unsigned.status).toBe(401);
    for (const response of [bad, stale, unsigned]) expect(response.text).not.toContain('Proposition');

    // The same command, properly signed, goes through: the only proposal and the only Slack post are its own.
    const message = await h.propose('Texte légitime');
    expect(shown(message)).toContain('Proposition #1');
    expect(h.proposalMessages()).toEqual([message]);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    // Reads aside (the member list, and their names learned with it), the only call is that post.
    expect(h.slack.calls.map((c) => c.method).filter((m) => !['auth.test', 'conversations.members', 'users.info'].includes(m))).toEqual(['chat.postMessage']);
    expect(h.slack.responses).toEqual([]);
    expect(proposalCount(h)).toBe(1);
  });

  it('accepts a signature a few seconds old (clock skew), but not one older than 5 minutes', async () => {
    const ok = await h.send.raw(tweetCommandBody(h, 'Texte signé il y a peu'), { 'content-type': FORM }, { timestamp: Math.floor(Date.now() / 1000) - 60 });
    expect(ok.status).toBe(200);
    await waitFor(() => h.proposalMessages()[0], 'the proposal of the recently signed command');
    const old = await h.send.raw(tweetCommandBody(h, 'Texte signé il y a longtemps'), { 'content-type': FORM }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(old.status).toBe(401);
    await h.propose('Texte suivant');
    expect(h.proposalMessages().map((m) => m.text)).toEqual([
      expect.stringContaining('Texte signé il y a peu'),
      expect.stringContaining('Texte suivant'),
    ]);
  });

  it('does not count a reaction event whose signature is wrong', async () => {
    await h.restart({ APPROVALS_REQUIRED: '2' });
    const message = await h.propose('Appel à témoins : disparition inquiétante à Sète.');
    const forged = eventBody(h, payloadsFor(h).reactionAdded(ALICE, 'white_check_mark', TEAM, message.ts), 'EvFORGED001');
    expect((await h.send.raw(forged, { 'content-type': 'application/json' }, { badSignature: true })).status).toBe(401);
    expect((await h.send.raw(forged, { 'content-type': 'application/json' }, { unsigned: true })).status).toBe(401);

    // BOB's real approval is the first one: 1/2, nothing published.
    expect((await h.send.reactionAdded(BOB, 'white_check_mark', TEAM, message.ts)).status).toBe(200);
    await waitFor(() => JSON.stringify(h.slack.message(TEAM, message.ts)?.blocks).includes('1/2 validations'), 'the message showing 1/2');
    expect(h.x.tweets).toEqual([]);
    // ALICE's real approval is the second.
    await h.send.reactionAdded(ALICE, 'white_check_mark', TEAM, message.ts);
    await waitFor(() => h.x.tweets[0], 'the tweet after two real approvals');
  });
});

describe('GET /healthz', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('answers 200 once the bot is ready', async () => {
    h = await startHarness();
    const response = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true });
  });
});

describe('malformed payloads', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** After the bad request, a good one still works: the process and the app are alive. */
  async function stillWorks(n: number) {
    const message = await h.propose(`Message ${n} après une requête malformée`);
    expect(shown(message)).toContain(`Proposition #${n}`);
    expect((await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status).toBe(200);
  }

  it('survives an interactivity payload that is not JSON', async () => {
    const response = await h.send.raw('payload=not-json', { 'content-type': FORM });
    expect(response.status).toBe(400);
    await stillWorks(1);
  });

  it('survives a JSON body that does not parse', async () => {
    const response = await h.send.raw('{"type": "event_callback", "event": ', { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    await stillWorks(1);
  });

  it('survives an event envelope without `event`', async () => {
    // Bolt finds no listener, waits for an ack that never comes (its 3 s limit), then answers 404.
    const response = await h.send.raw(eventBody(h, undefined, 'EvNOEVENT01'), { 'content-type': 'application/json' });
    expect(response.status).toBe(404);
    await stillWorks(1);
  });

  it('survives an unknown event type, and reaction events missing their fields', async () => {
    expect((await h.send.event({ type: 'pin_added', user: ALICE, channel_id: TEAM, event_ts: '1.1' })).status).toBe(200);
    expect((await h.send.event({ type: 'reaction_added', user: ALICE, reaction: 'white_check_mark', event_ts: '1.2' })).status).toBe(200);
    expect((await h.send.event({ type: 'reaction_added', user: ALICE, reaction: 'white_check_mark', item: {}, event_ts: '1.3' })).status).toBe(200);
    expect(
      (await h.send.event({ type: 'reaction_added', user: ALICE, reaction: 'white_check_mark', item: { type: 'message', channel: TEAM }, event_ts: '1.4' })).status,
    ).toBe(200);
    await stillWorks(1);
  });

  it('survives a command without text, and a composer submission without its field', async () => {
    const body = new URLSearchParams(tweetCommandBody(h, 'x'));
    body.delete('text');
    const noText = await h.send.raw(body.toString(), { 'content-type': FORM });
    expect(noText.status).toBe(200);
    const noField = await h.send.viewSubmission(AUTHOR, { callback_id: 'proposal_composer', state: { values: {} } });
    expect(noField.status).toBe(200);
    expect(noField.json).toMatchObject({ response_action: 'errors', errors: { part_0_1: expect.stringContaining('vide') } });
    await stillWorks(1);
  });
});
