import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/platform/config.js';
import { createSlackApp } from '../../src/platform/slack.js';
import { startFakeSlack, type FakeSlack } from '../support/fakeSlack.js';

/** GET /healthz says 200 only once the bot says it is ready (database migrated, token verified). */
describe('the health route', () => {
  let slack: FakeSlack | undefined;
  let stop: (() => Promise<unknown>) | undefined;
  afterEach(async () => {
    await stop?.();
    await slack?.close();
  });

  it('answers 503 until the bot is ready, then 200, then 503 again while stopping', async () => {
    slack = await startFakeSlack({ teamChannelId: 'CTEAM' });
    const parsed = readConfig({ SLACK_BOT_TOKEN: 'xoxb-health', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.url, PORT: '0', TEAM_CHANNEL_ID: 'CTEAM' });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const { app, setReady } = await createSlackApp(parsed.config, pino({ level: 'silent' }), { retries: 0 });
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    stop = () => app.stop();
    const health = async () => (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`)).status;
    expect(await health()).toBe(503);
    setReady(true);
    expect(await health()).toBe(200);
    setReady(false);
    expect(await health()).toBe(503);
  });
});
