/**
 * The logs of a real run: pino JSON, one event per line, with the proposal reference, and never a
 * secret, including on the paths where libraries like to quote them (errors from Slack and X).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, SECRET, startHarness, TEAM, X_KEYS, type Harness } from '../support/harness.js';
import { waitFor } from '../support/waitFor.js';

function secretsOf(h: Harness): string[] {
  return [h.env.SLACK_BOT_TOKEN!, h.env.SLACK_SIGNING_SECRET!, SECRET, ...Object.values(X_KEYS)];
}

function parsed(h: Harness): Array<Record<string, any>> {
  return h.logs.map((line) => {
    try {
      return JSON.parse(line) as Record<string, any>;
    } catch {
      throw new Error(`a log line is not JSON: ${line}`);
    }
  });
}

function expectNoSecret(h: Harness): void {
  const secrets = secretsOf(h);
  for (const line of h.logs) {
    for (const secret of secrets) {
      if (line.includes(secret)) throw new Error(`a log line contains a secret (${secret.slice(0, 6)}…): ${line}`);
    }
  }
}

describe('logs', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('after a full loop: JSON lines, the ref on publishing lines, and no secret', async () => {
    h = await startHarness();
    const message = await h.propose('Opération anti-cambriolages ce soir à Nîmes.');
    expect(await h.react('added', ALICE, 'white_check_mark', message.ts)).toBe('approval_added');
    const tweet = await waitFor(() => h.x.tweets[0], 'the tweet');
    // The bot published with the X keys (OAuth 1.0a header): they were there to leak.
    expect(String(h.x.requestsTo('POST /2/tweets')[0]!.headers.authorization)).toContain(encodeURIComponent(X_KEYS.TWITTER_API_KEY));
    await waitFor(() => h.threadReplies(message.ts)[0], 'the thread reply saying it is published');
    const published = await waitFor(() => parsed(h).find((l) => l.msg === 'published'), 'the "published" log line');

    const lines = parsed(h);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(typeof line.level).toBe('string');
      expect(typeof line.time).toBe('string');
      expect(typeof line.msg).toBe('string');
    }
    expect(published).toMatchObject({ ref: 1, network: 'x', remoteId: tweet.id, dryRun: false });
    expect(lines.find((l) => l.msg === 'posting to X')).toMatchObject({ ref: 1 });
    expect(lines.find((l) => l.msg === 'proposal posted')).toMatchObject({ ref: 1 });
    expect(lines.find((l) => l.msg === 'approval added')).toMatchObject({ ref: 1, by: ALICE });
    // Every line about publishing says which proposal.
    for (const line of lines.filter((l) => /publish|posting to X/i.test(l.msg) && !/^comcell/.test(l.msg))) {
      expect(line.ref, line.msg).toBe(1);
    }
    expectNoSecret(h);
  });

  it('when X refuses the credentials: the failure is logged with its ref, without the keys', async () => {
    h = await startHarness();
    h.x.script('POST /2/tweets', { kind: 'unauthorized' });
    const message = await h.propose('Contrôles routiers renforcés ce week-end.');
    expect(await h.react('added', ALICE, 'white_check_mark', message.ts)).toBe('approval_added');
    const failed = await waitFor(() => parsed(h).find((l) => l.msg === 'publishing failed'), 'the failure log line');
    expect(failed).toMatchObject({ ref: 1, level: 'warn' });
    // The request X refused carried the keys (OAuth 1.0a header): they were there to leak.
    const refused = h.x.requestsTo('POST /2/tweets')[0]!;
    expect(String(refused.headers.authorization)).toContain(encodeURIComponent(X_KEYS.TWITTER_API_KEY));
    await waitFor(() => h.threadReplies(message.ts)[0], 'the thread reply saying it failed');
    parsed(h);
    expectNoSecret(h);
  });

  it('when Slack refuses a call: the error is logged as JSON, without the token', async () => {
    h = await startHarness();
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const response = await h.send.command(ALICE, '/tweet', 'Un texte que Slack refusera d’afficher');
    expect(response.status).toBe(200);
    const logged = await waitFor(
      () => parsed(h).find((l) => l.msg === 'proposal could not be posted in the team channel'),
      'the error log line',
    );
    expect(logged).toMatchObject({ ref: 1, level: 'error' });
    expect(h.slack.callsTo('chat.postMessage')[0]!.token).toBe(h.env.SLACK_BOT_TOKEN);
    expectNoSecret(h);
  });

  it('when a request is badly signed: nothing is processed and no secret is logged', async () => {
    h = await startHarness();
    const body = new URLSearchParams({ command: '/tweet', text: 'Texte forgé, jamais publié', user_id: ALICE, channel_id: TEAM }).toString();
    const response = await h.send.raw(body, { 'content-type': 'application/x-www-form-urlencoded' }, { badSignature: true });
    expect(response.status).toBe(401);
    expect(h.query('SELECT ref FROM proposals')).toEqual([]);
    // The legitimate command that follows is the only one stored and posted: the forged one left no trace.
    const message = await h.propose('Texte légitime après une requête forgée');
    expect(h.query('SELECT p.ref, v.text FROM proposals p JOIN proposal_versions v ON v.ref = p.ref')).toEqual([
      { ref: 1, text: 'Texte légitime après une requête forgée' },
    ]);
    expect(h.proposalMessages()).toEqual([message]);
    expect(h.slack.messages.some((m) => JSON.stringify(m).includes('jamais publié'))).toBe(false);
    parsed(h);
    expectNoSecret(h);
  });
});
