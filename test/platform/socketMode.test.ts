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
    const second = await waitFor(() => h.slack.socket.connections[1], 'a second connection');
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

/**
 * Socket Mode without gaps: Slack's `disconnect` (and a connection that drops) never leaves the bot
 * without a connection for the client's reconnection delay. The fake Slack sends each envelope on its
 * newest open connection and fails it at once when none is open, as Slack fails a command then.
 */
describe('Socket Mode without gaps', () => {
  let h: Harness;
  let slack: ReturnType<typeof slackPayloads>;

  beforeEach(async () => {
    h = await startHarness({}, { socket: true });
    slack = slackPayloads({ responseBase: h.slack.origin, teamChannelId: TEAM });
  });
  afterEach(async () => {
    await h.close();
  });

  const logLines = () => h.logs.map((line) => JSON.parse(line) as Record<string, any>);
  const said = (start: string) => logLines().filter((l) => String(l.msg ?? '').startsWith(start));

  async function command(text: string) {
    const { fields } = slack.command(AUTHOR, '/tweet', text);
    return h.slack.socket.send('slash_commands', fields);
  }

  /** No line of the client's with undici's empty error, at any level. */
  function expectNoEmptyErrorLines() {
    expect(h.logs.filter((l) => /WebSocket error (occurred|!)/.test(l))).toEqual([]);
  }

  it.each(['refresh_requested', 'warning', 'link_disabled'])(
    'on disconnect (%s), opens the next connection before closing the old one: a command sent right away is acknowledged',
    async (reason) => {
      expect(h.slack.socket.openCount()).toBe(1);
      h.slack.socket.disconnect(reason);
      // Right away: as soon as the bot has asked for its next connection, before that one is open.
      await waitFor(() => h.slack.callsTo('apps.connections.open').length === 2, 'the bot to ask for its next connection');
      const during = await command('Accident sur la RN113 à Lunel : circulation alternée.');
      expect(during.payload).toEqual({});

      await waitFor(() => h.slack.socket.connections[1]?.open && !h.slack.socket.connections[0]!.open, 'the next connection open, the old one closed');
      // The bot closed the old one itself, normally, once the next one was open.
      expect(h.slack.socket.connections[0]!.closeCode).toBe(1000);
      const after = await command('RN113 à Lunel : circulation rétablie.');
      expect(after.payload).toEqual({});
      await waitFor(() => h.proposalMessages().length === 2, 'both proposals');

      // Never a moment without a connection: two open at once, then one.
      expect(h.slack.socket.gaps).toEqual([]);
      expect(h.slack.socket.maxOpen).toBe(2);
      expect(h.slack.socket.openCount()).toBe(1);

      expect(said('Slack asked for a new Socket Mode connection')).toEqual([expect.objectContaining({ level: 'info', reason })]);
      expect(said('Socket Mode connection replaced')).toEqual([expect.objectContaining({ level: 'info', reason, downMs: 0, attempts: 1 })]);
      expect(said('Socket Mode connection lost')).toEqual([]);
      const warnings = logLines().filter((l) => l.level === 'warn' || l.level === 'error');
      expect(warnings.map((l) => l.msg)).toEqual(reason === 'link_disabled' ? [expect.stringMatching(/turned off in the app settings/)] : []);
      expectNoEmptyErrorLines();
    },
  );

  it('keeps a replaced connection open until the envelope it carries is acknowledged on it', async () => {
    // The bot is handling a command from the old connection, waiting on Slack, when the next one opens.
    const release = h.slack.holdNext('conversations.members');
    const acknowledged = command('Appel à témoins : vol à l’arraché à Béziers.');
    await waitFor(() => h.slack.callsTo('conversations.members').length === 1, 'the command to be under way');
    h.slack.socket.disconnect('refresh_requested');
    await waitFor(() => said('Socket Mode connection replaced')[0], 'the next connection to be ready');
    expect(h.slack.socket.connections.map((c) => c.open)).toEqual([true, true]);

    release();
    const ack = await acknowledged;
    expect(ack.payload).toEqual({});
    // Acknowledged on the connection that carried it, which closes then.
    await waitFor(() => !h.slack.socket.connections[0]!.open, 'the old connection to close');
    expect(h.slack.socket.connections[0]!.closeCode).toBe(1000);
    expect(h.slack.socket.gaps).toEqual([]);
    await waitFor(() => h.proposalMessages()[0], 'the proposal');
    expect(logLines().filter((l) => l.level === 'error')).toEqual([]);
  });

  it('reconnects at once when the connection is cut, and says why and for how long it was down', async () => {
    h.slack.socket.cut();
    // A bound well under the client's own reconnection delay (5 s), not a measure.
    const second = await waitFor(() => h.slack.socket.connections[1]?.open && h.slack.socket.connections[1], 'a new connection', 3_000);
    expect(second.open).toBe(true);
    const { payload } = await command('Après coupure : appel à témoins à Sète.');
    expect(payload).toEqual({});
    await waitFor(() => h.proposalMessages()[0], 'the proposal after the cut');

    // One stretch without a connection, over.
    expect(h.slack.socket.gaps).toHaveLength(1);
    expect(h.slack.socket.gaps[0]!.to).toBeDefined();
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    const lost = said('Socket Mode connection lost');
    expect(lost).toEqual([expect.objectContaining({ level: 'warn', reason: 'the connection was cut (code 1006, no closing handshake)' })]);
    expect(lost[0]!.msg).toContain('reconnecting at once');
    const back = await waitFor(() => said('Socket Mode connection back')[0], 'the "back" line');
    expect(back).toMatchObject({ level: 'info', reason: lost[0]!.reason, attempts: 1, downMs: expect.any(Number) });
    expect(back.msg).toMatch(/^Socket Mode connection back after \d+(\.\d)? m?s without one/);
    expectNoEmptyErrorLines();
  });

  it('when Slack closes the old connection right after its disconnect, reconnects at once', async () => {
    h.slack.socket.disconnect('refresh_requested', { close: true });
    await waitFor(() => h.slack.socket.connections[1]?.open, 'a new connection', 3_000);
    const { payload } = await command('Fermeture de l’A75 entre Pézenas et Clermont-l’Hérault.');
    expect(payload).toEqual({});
    // The bot had asked for its next connection; Slack closed the old one before it was ready: one gap.
    expect(h.slack.socket.gaps.length).toBeLessThanOrEqual(1);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(2);
    await waitFor(() => said('Socket Mode connection back')[0] ?? said('Socket Mode connection replaced')[0], 'the "back" line');
    if (h.slack.socket.gaps.length === 1) {
      expect(said('Socket Mode connection lost')).toEqual([expect.objectContaining({ reason: 'closed with code 1001 (going away)' })]);
    }
    expectNoEmptyErrorLines();
  });

  it('a refused reconnection is logged with its reason, and retried', async () => {
    h.slack.socket.refuseNextHandshakes(1, 401);
    h.slack.socket.cut();
    const failed = await waitFor(() => said('Socket Mode: no new connection')[0], 'the failed attempt');
    expect(failed).toMatchObject({ level: 'warn', reason: 'Slack answered HTTP 401 to the WebSocket handshake', attempt: 1, retryInMs: 1_000 });
    // The retry waits its second: a bound, not a measure.
    await waitFor(() => h.slack.socket.openCount() === 1, 'the retried connection', 5_000);
    expect(h.slack.callsTo('apps.connections.open')).toHaveLength(3);
    const back = await waitFor(() => said('Socket Mode connection back')[0], 'the "back" line');
    expect(back).toMatchObject({ attempts: 2 });
    const { payload } = await command('Retour à la normale après la coupure.');
    expect(payload).toEqual({});
    expectNoEmptyErrorLines();
  });

  it('stopping during a refresh closes every connection and opens none', async () => {
    h.slack.socket.disconnect('warning');
    await waitFor(() => h.slack.socket.connections[1]?.open, 'the next connection');
    await h.bot.stop();
    await waitFor(() => h.slack.socket.connections.every((c) => !c.open), 'every connection closed');
    expect(h.slack.socket.connections).toHaveLength(2);
    expect(h.slack.socket.openCount()).toBe(0);
  });
});
