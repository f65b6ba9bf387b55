/**
 * `npm run demo`: the cell's main loop, offline, against the same local fakes of Slack and X the tests
 * use. Nothing leaves this machine and nothing needs configuring. A newcomer's first look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startBot } from '../src/main.js';
import { readConfig } from '../src/platform/config.js';
import { startFakeSlack, type FakeMessage } from '../test/support/fakeSlack.js';
import { startFakeX } from '../test/support/fakeX.js';
import { slackSender } from '../test/support/slackRequests.js';
import { waitFor } from '../test/support/waitFor.js';

const TEAM = 'CDEMO';
const [MARIE, KARIM] = ['UMARIE', 'UKARIM'];
const SECRET = 'demo-signing-secret';

const slack = await startFakeSlack({ members: [MARIE, KARIM, 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT' });
const xKeys = { appKey: 'demo', appSecret: 'demo', accessToken: 'demo', accessSecret: 'demo' };
const x = await startFakeX({ keys: xKeys, username: 'PrefetDemo' });
const dir = mkdtempSync(join(tmpdir(), 'comcell-demo-'));
const parsed = readConfig({
  SLACK_BOT_TOKEN: 'xoxb-demo',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.url,
  PORT: '0',
  TEAM_CHANNEL_ID: TEAM,
  TWITTER_API_KEY: 'demo',
  TWITTER_API_SECRET: 'demo',
  TWITTER_ACCESS_TOKEN: 'demo',
  TWITTER_ACCESS_SECRET: 'demo',
  TWITTER_API_URL: x.origin,
  DATABASE_PATH: join(dir, 'demo.sqlite'),
});
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const bot = await startBot(parsed.config, { logDestination: quiet, host: '127.0.0.1', slackRetries: { retries: 0 } });
const send = slackSender({ botUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: SECRET, responseBase: slack.origin, teamChannelId: TEAM, triggerId: slack.newTriggerId });

const say = (line = '') => process.stdout.write(`${line}\n`);
const plain = (mrkdwn: string) =>
  mrkdwn
    .replace(/<@U([A-Z0-9]+)>/g, (_m, id: string) => `@${id.toLowerCase()}`)
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/:white_check_mark:/g, '✅')
    .replace(/:x:/g, '❌')
    .replace(/\*/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** The proposal message's first line: its state, in words. */
const statusOf = (m: FakeMessage | undefined) => plain(String(m?.blocks?.[0]?.text?.text ?? '').split('\n')[0] ?? '');
/** The text of the message's context lines (counts and options, each network, the approval hint). */
const contexts = (m: FakeMessage) => (m.blocks ?? []).filter((b: any) => b.type === 'context').map((b: any) => plain(b.elements.map((e: any) => e.text).join(' ')));

try {
  say('comcell demo: offline, against local fakes of Slack and X. Nothing leaves this machine.\n');
  const text = 'Accident sur l’A9 à hauteur de Montpellier-Est, sens Espagne → Lyon. Évitez le secteur. #A9';
  say(`1. @marie types:  /tweet --followup 2h ${text}`);
  const started = performance.now();
  const ack = await send.command(MARIE, '/tweet', `--followup 2h ${text}`);
  const ackMs = performance.now() - started;
  const proposal = await waitFor(() => slack.messages.find((m) => m.channel === TEAM && !m.thread_ts), 'the proposal');
  say(`   Slack got its acknowledgement in ${ackMs.toFixed(0)} ms (HTTP ${ack.status}); the bot posts in the cell's channel:`);
  for (const line of plain(proposal.blocks?.[0]?.text?.text ?? '').split('\n')) say(`   │ ${line}`);
  say(`   │ « ${text} »`);
  for (const line of contexts(proposal)) say(`   │ ${line}`);
  say('');

  say('2. @marie reacts ✅ on her own proposal:');
  await send.reactionAdded(MARIE, 'white_check_mark', TEAM, proposal.ts);
  const own = await waitFor(() => slack.ephemerals[0], 'the private note');
  say(`   only she sees: ${plain(String(own.text))}\n`);

  say('3. @karim reacts ✅:');
  const approved = performance.now();
  await send.reactionAdded(KARIM, 'white_check_mark', TEAM, proposal.ts);
  const tweet = await waitFor(() => x.tweets[0], 'the tweet');
  const tweetMs = performance.now() - approved;
  const reply = await waitFor(() => slack.messages.find((m) => m.thread_ts === proposal.ts), 'the thread reply');
  await waitFor(() => statusOf(slack.message(TEAM, proposal.ts)).includes('X'), 'the updated status');
  say(`   X received the tweet ${tweetMs.toFixed(0)} ms after the approval event was sent (id ${tweet.id}), once.`);
  say(`   The proposal message now says: ${statusOf(slack.message(TEAM, proposal.ts))}`);
  say(`   In its thread: ${plain(String(reply.text))}\n`);

  say(`Tweets on the fake X account: ${x.tweets.length}. The audit log of this run:`);
  for (const line of bot.db.prepare('SELECT at, actor, action FROM audit_log ORDER BY id').all() as Array<{ at: string; actor: string; action: string }>) {
    say(`   ${line.at}  ${line.actor.padEnd(8)}  ${line.action}`);
  }
} finally {
  await bot.stop();
  await Promise.all([slack.close(), x.close()]);
  rmSync(dir, { recursive: true, force: true });
}
