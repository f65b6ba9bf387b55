/**
 * The baseline: a bare Bolt app of the same Bolt version, HTTP mode, same signing-secret checks, that
 * does the least any implementation of `/tweet` must — acknowledge, and post one plain message to the
 * channel. Configured by the bench through BARE_* variables; prints `{"bareBoltReady":true,"port":N}`.
 *
 * With BARE_TUNED=1 it gets what the bot chose for speed and memory that any app could copy: the Web API
 * client's transport over node:http, no conversation store (and, from the bench, npm start's node flags).
 * The bench checks the target against the plain one and reports the ratio to both.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { slackFetch } from '../src/platform/slackHttp.js';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`bareBolt: ${name} is required`);
  return value;
};
const channel = need('BARE_CHANNEL');
const tuned = process.env.BARE_TUNED === '1';
const slackApiUrl = need('BARE_SLACK_API_URL');

const receiver = new HTTPReceiver({ signingSecret: need('BARE_SIGNING_SECRET'), endpoints: '/slack/events', logLevel: LogLevel.WARN });
const app = new App({
  token: need('BARE_BOT_TOKEN'),
  receiver,
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl: slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`, retryConfig: { retries: 0 }, ...(tuned ? { fetch: slackFetch } : {}) },
  ...(tuned ? { convoStore: false as const } : {}),
});

app.command('/tweet', async ({ ack, client, command }) => {
  await ack();
  await client.chat.postMessage({ channel, text: command.text });
});

const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
process.stdout.write(`${JSON.stringify({ bareBoltReady: true, port: (server.address() as AddressInfo).port })}\n`);

const stop = () => {
  app.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
