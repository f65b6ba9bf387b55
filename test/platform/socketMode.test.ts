/**
 * Socket Mode, end to end through the real Bolt app and its real Socket Mode client (undici's
 * WebSocket): the bot asks the fake Slack for a connection with its app-level token, connects to the
 * fake's WebSocket server, and receives commands, events and interactions as envelopes it
 * acknowledges on the socket. Web API calls go to the fake Slack, tweets to the fake X.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE, APP_TOKEN, AUTHOR, OUTSIDER, startHarness, TEAM, type Harness } from '../support/harness.js';
import { slackPayloads } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

const BOT_TOKEN = 'xoxb-test-bot-token-123';
const NOT_MEMBER = 'comcell est réservé aux membres du canal de la cellule';

describe('Socket Mode', () => {
  let h: Harness;
  let slack: ReturnType<typeof slackPayloads>;

  beforeEach(async () => {
    h = await startHarness({}, { socket: true });
    slack = slackPayloads({ responseBase: h.slack.origin, teamChannelId: TEAM, triggerId: h.slack.newTriggerId });
  });
  afterEach(async () => {
    await h.close();
  });

  /** The bot's log lines, parsed. */
  const logLines = () => h.logs.map((line) => JSON.parse(line) as Record<string, any>);

  /** `/tweet text` as an envelope; resolves with the acknowledgement and the command's ids. */
  async function command(user: string, text: string) {
    const { fields, triggerId, responseUrl } = slack.command(user, '/tweet', text);
    const ack = await h.slack.socket.send('slash_commands', fields);
    return { ack, triggerId, responseUrl };
  }

  it('connects with the app-level token to the URL apps.connections.open gave, with no HTTP listener', async () => {
    expect(h.bot.port).toBeNull();
    const opens = h.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    // The bot's own identity was asked of the same fake, with the bot token.
    expect(h.slack.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
    // One connection, opened with the one-use ticket of that answer, still open.
    expect(h.slack.socket.connections).toHaveLength(1);
    expect(h.slack.socket.connections[0]).toMatchObject({ open: true });
    expect(h.slack.socket.connections[0]!.ticket).toMatch(/^[0-9a-f-]{36}$/);
    const ready = logLines().find((l) => l.msg?.startsWith('comcell ready'));
    expect(ready).toMatchObject({ mode: 'socket', port: null });
    // HTTP mode's sender has nothing to talk to: it says so instead of failing obscurely.
    await expect(h.send.command(AUTHOR, '/tweet', 'x')).rejects.toThrow(/HTTP-only/);
  });

  it('proposes on /tweet, publishes on an approval, and ignores the redelivery of that event', async () => {
    const text = 'Accident sur l’A9 à Montpellier, évitez le secteur.';
    const { ack } = await command(AUTHOR, text);
    // A bare ack(): Bolt answers with an empty payload for the envelope Slack sent.
    expect(ack).toEqual({ envelope_id: h.slack.socket.envelopes[0]!.envelope_id, payload: {} });
    const proposal = await waitFor(() => h.proposalMessages()[0], 'the proposal message');
    expect(proposal.text).toContain('#1');
    const posted = h.slack.callsTo('chat.postMessage').find((c) => c.args.channel === TEAM);
    expect(posted?.token).toBe(BOT_TOKEN);

    h.slack.addReaction(TEAM, proposal.ts, 'white_check_mark', ALICE);
    const reaction = slack.event(slack.reactionAdded(ALICE, 'white_check_mark', TEAM, proposal.ts), { eventId: 'EvSOCKET1' });
    const eventAck = await h.slack.socket.send('events_api', reaction);
    expect(eventAck.envelope_id).toBe(h.slack.socket.envelopes[1]!.envelope_id);
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet on X');
    expect(tweet.text).toBe(text);
    await waitFor(
      () => JSON.stringify(h.slack.message(TEAM, proposal.ts)?.blocks).includes(`/status/${tweet.id}`),
      'the tweet link in the proposal message',
    );

    // Slack redelivers an envelope it thinks unacknowledged: same event_id, a retry_attempt.
    const already = h.logs.length;
    await h.slack.socket.send('events_api', reaction, { retryAttempt: 1, retryReason: 'timeout' });
    const handled = await waitFor(
      () => h.logs.slice(already).map((l) => JSON.parse(l)).find((l) => l.msg === 'reaction handled' && l.eventId === 'EvSOCKET1'),
      'the redelivered reaction to be handled',
    );
    expect(handled.effect).toBe('already_processed');
    expect(h.x.tweets).toHaveLength(1);
  });

  it('carries acknowledgements with content back on the socket, and runs the composer', async () => {
    // A refusal is the ack itself: it travels in the ack's payload.
    const refused = await command(OUTSIDER, 'Bonjour');
    expect(refused.ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(refused.ack.payload.text).toContain(NOT_MEMBER);

    // `/tweet` alone opens the composer with the trigger_id of the envelope's command.
    const opened = await command(AUTHOR, '');
    expect(opened.ack.payload).toEqual({});
    const open = await waitFor(() => h.slack.callsTo('views.open')[0], 'views.open');
    expect(open.args.trigger_id).toBe(opened.triggerId);
    expect(open.args.view).toMatchObject({ type: 'modal', callback_id: 'proposal_composer' });

    const viewId = h.slack.views[0]!.id;
    const submission = (value: string) =>
      slack.viewSubmission(AUTHOR, {
        id: viewId,
        callback_id: 'proposal_composer',
        state: { values: { text: { text: { type: 'plain_text_input', value } } } },
      });
    // An invalid text: the modal's errors are the ack's payload.
    const invalid = await h.slack.socket.send('interactive', submission('x'.repeat(300)));
    expect(invalid.payload).toMatchObject({ response_action: 'errors' });
    expect(invalid.payload.errors.text).toEqual(expect.any(String));
    expect(invalid.payload.errors.text.length).toBeGreaterThan(0);

    const valid = await h.slack.socket.send('interactive', submission('Route de Lodève rouverte dans les deux sens.'));
    expect(valid.payload).toEqual({});
    const proposal = await waitFor(() => h.proposalMessages()[0], 'the proposal from the composer');
    expect(JSON.stringify(proposal.blocks)).toContain('Route de Lodève rouverte dans les deux sens.');
    // The refused and the invalid attempts proposed nothing.
    expect(h.proposalMessages()).toHaveLength(1);
  });

  it('reconnects when Slack asks it to, through a new apps.connections.open', async () => {
    h.slack.socket.disconnect('refresh_requested');
    // The client waits its reconnection delay (a few seconds) before asking for a new URL.
    const second = await waitFor(() => h.slack.socket.connections[1], 'a second connection', 15_000);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    expect(h.slack.callsTo('apps.connections.open').every((c) => c.token === APP_TOKEN)).toBe(true);
    await waitFor(() => !h.slack.socket.connections[0]!.open, 'the first connection to close');
    expect(second.open).toBe(true);
    expect(second.ticket).not.toBe(h.slack.socket.connections[0]!.ticket);

    const { ack } = await command(AUTHOR, 'Après reconnexion : circulation rétablie.');
    expect(ack.payload).toEqual({});
    const proposal = await waitFor(() => h.proposalMessages()[0], 'the proposal after reconnecting');
    expect(proposal.text).toContain('#1');
  });

  it('stops cleanly, closing its connection, and never logs a token', async () => {
    await command(AUTHOR, 'Un texte pour que le bot travaille avant de s’arrêter.');
    await waitFor(() => h.proposalMessages()[0], 'the proposal message');

    await expect(h.bot.stop()).resolves.toBeUndefined();
    // The client closed the WebSocket itself, normally (1000), and did not come back.
    const closed = await waitFor(() => h.slack.socket.connections[0]?.closeCode, 'the connection to close');
    expect(closed).toBe(1000);
    expect(h.slack.socket.connections).toHaveLength(1);
    await expect(h.slack.socket.send('events_api', slack.event(slack.memberJoined(ALICE, TEAM)), { timeoutMs: 1_000 }))
      .rejects.toThrow(/no Socket Mode connection is open/);

    expect(logLines().some((l) => l.msg === 'comcell stopped')).toBe(true);
    // Debug level: the Socket Mode client's own lines (messages received, acks sent) are in the log.
    expect(h.logs.some((l) => l.includes('Received a message on the WebSocket'))).toBe(true);
    expect(h.logs.filter((l) => l.includes(APP_TOKEN))).toEqual([]);
    expect(h.logs.filter((l) => l.includes(BOT_TOKEN))).toEqual([]);
  });
});
