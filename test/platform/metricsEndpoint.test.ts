/**
 * `GET /metrics` served by the real bot — on PORT in HTTP mode, on METRICS_PORT in Socket Mode — read
 * over HTTP through the strict Prometheus text-format parser, its counters moving with the cell's work.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, AUTHOR, startHarness, TEAM, type Harness } from '../support/harness.js';
import { parseExposition, type Exposition } from '../support/prometheus.js';
import { slackPayloads } from '../support/slackRequests.js';
import { waitFor } from '../support/waitFor.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function scrape(port: number): Promise<{ exposition: Exposition; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  const body = await response.text();
  return { exposition: parseExposition(body), body };
}

describe('GET /metrics in HTTP mode (on PORT, beside /healthz)', () => {
  it('counts publications, latency, proposals by state, reminders, scheduler lag and Slack errors', async () => {
    h = await startHarness({ SHIFT_CHANGES: '', REPORT_AT: '' });
    const port = h.bot.port!;
    const before = (await scrape(port)).exposition;
    expect(before.value('comcell_deliveries_total', { network: 'x', outcome: 'published' })).toBe(0);
    expect(before.value('comcell_proposals', { state: 'published' })).toBe(0);
    expect(before.value('comcell_process_resident_memory_bytes')).toBeGreaterThan(0);

    const text = 'Accident sur l’A9 à Montpellier, évitez le secteur.';
    const message = await h.propose(`--followup 30m ${text}`);
    expect((await scrape(port)).exposition.value('comcell_proposals', { state: 'pending' })).toBe(1);
    h.clock.advance(4_000); // approved four seconds after it was shown
    await h.react('added', ALICE, 'white_check_mark', message.ts);
    await waitFor(() => h.delivery(1)?.state === 'published' || undefined, 'the publication');

    const after = await scrape(port);
    const e = after.exposition;
    expect(e.value('comcell_deliveries_total', { network: 'x', outcome: 'published' })).toBe(1);
    expect(e.value('comcell_deliveries_total', { network: 'x', outcome: 'failed' })).toBe(0);
    expect(e.value('comcell_publication_latency_seconds_count', { network: 'x' })).toBe(1);
    expect(e.value('comcell_proposals', { state: 'published' })).toBe(1);
    expect(e.value('comcell_proposals', { state: 'pending' })).toBe(0);
    // No message text, no secret in what is served.
    expect(after.body).not.toContain('Montpellier');
    expect(after.body).not.toContain('xoxb');

    // The follow-up's reminder, due 30 minutes after the publication: fired by the scheduler, sent by the outbox,
    // whose first post Slack rate-limits once.
    h.slack.failNext('chat.postMessage', { retryAfter: 1 });
    await h.advance(30 * 60_000);
    await h.advance(2_000);
    const later = (await scrape(port)).exposition;
    expect(later.value('comcell_followup_reminders_total', { escalated: 'false' })).toBe(1);
    expect(later.value('comcell_followup_reminders_total', { escalated: 'true' })).toBe(0);
    expect(later.value('comcell_scheduler_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(later.value('comcell_slack_api_errors_total', { method: 'chat.postMessage', error: 'ratelimited' })).toBe(1);
  });

  it('counts a network’s refusals and rate limits by kind', async () => {
    h = await startHarness({ SHIFT_CHANGES: '', REPORT_AT: '' });
    h.x.script('POST /2/tweets', { kind: 'rateLimited', resetEpochSeconds: Math.floor(h.clock.now().getTime() / 1000) + 60 });
    const message = await h.propose('Prévention : fermez vos portes et fenêtres.');
    await h.react('added', ALICE, 'white_check_mark', message.ts);
    await waitFor(() => h.delivery(1)?.state === 'waiting' || undefined, 'the wait');
    let e = (await scrape(h.bot.port!)).exposition;
    expect(e.value('comcell_network_errors_total', { network: 'x', kind: 'rate_limited' })).toBe(1);
    expect(e.value('comcell_rate_limit_waits_total', { network: 'x' })).toBe(1);
    expect(e.value('comcell_deliveries_waiting', { network: 'x' })).toBe(1);

    h.x.script('POST /2/tweets', { kind: 'duplicate' });
    await h.advance(61_000);
    await waitFor(() => h.delivery(1)?.state === 'failed' || undefined, 'the failure');
    e = (await scrape(h.bot.port!)).exposition;
    expect(e.value('comcell_network_errors_total', { network: 'x', kind: 'duplicate' })).toBe(1);
    expect(e.value('comcell_deliveries_total', { network: 'x', outcome: 'failed' })).toBe(1);
    expect(e.value('comcell_deliveries_waiting', { network: 'x' })).toBe(0);
  });
});

describe('GET /metrics in Socket Mode (on METRICS_PORT)', () => {
  it('is served on a port of its own, counts a publication, and closes with the bot', async () => {
    h = await startHarness({ METRICS_PORT: '0', SHIFT_CHANGES: '', REPORT_AT: '' }, { socket: true });
    expect(h.bot.port).toBeNull();
    const port = h.bot.metricsPort!;
    expect(port).toBeGreaterThan(0);
    expect((await scrape(port)).exposition.value('comcell_deliveries_total', { network: 'x', outcome: 'published' })).toBe(0);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status).toBe(405);

    const slack = slackPayloads({ responseBase: h.slack.origin, teamChannelId: TEAM, triggerId: h.slack.newTriggerId });
    await h.slack.socket.send('slash_commands', slack.command(AUTHOR, '/tweet', 'Intervention terminée, circulation rétablie.').fields);
    const proposal = await waitFor(() => h.proposalMessages()[0], 'the proposal message');
    h.slack.addReaction(TEAM, proposal.ts, 'white_check_mark', ALICE);
    await h.slack.socket.send('events_api', slack.event(slack.reactionAdded(ALICE, 'white_check_mark', TEAM, proposal.ts)));
    await waitFor(() => h.x.tweets[0], 'the tweet');
    await waitFor(() => h.delivery(1)?.state === 'published' || undefined, 'the publication stored');
    expect((await scrape(port)).exposition.value('comcell_deliveries_total', { network: 'x', outcome: 'published' })).toBe(1);

    await h.stop();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
    await h.start();
  });

  it('is not served when METRICS_PORT is unset', async () => {
    h = await startHarness({ SHIFT_CHANGES: '', REPORT_AT: '' }, { socket: true });
    expect(h.bot.metricsPort).toBeNull();
  });
});
