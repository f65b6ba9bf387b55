/**
 * `npm run demo`: the cell's main loop, offline, against the same local fakes of Slack, X, Mastodon and
 * Bluesky the tests use. Nothing leaves this machine and nothing needs configuring. A newcomer's first look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startBot } from '../src/main.js';
import { readConfig } from '../src/platform/config.js';
import { startFakeBluesky } from '../test/support/fakeBluesky.js';
import { startFakeMastodon } from '../test/support/fakeMastodon.js';
import { startFakeSlack, type FakeMessage } from '../test/support/fakeSlack.js';
import { startFakeX } from '../test/support/fakeX.js';
import { slackSender } from '../test/support/slackRequests.js';
import { waitFor } from '../test/support/waitFor.js';

const TEAM = 'CDEMO';
const [MARIE, KARIM] = ['UMARIE', 'UKARIM'];
const SECRET = 'demo-signing-secret';

const slack = await startFakeSlack({ members: [MARIE, KARIM, 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT', names: { [MARIE]: 'Marie', [KARIM]: 'Karim' } });
const xKeys = { appKey: 'demo', appSecret: 'demo', accessToken: 'demo', accessSecret: 'demo' };
const x = await startFakeX({ keys: xKeys, username: 'PrefetDemo' });
const mastodon = await startFakeMastodon({ username: 'prefetdemo', token: 'demo-mastodon-token' });
const bluesky = await startFakeBluesky({ handle: 'prefetdemo.bsky.social' });
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
  MASTODON_URL: mastodon.origin,
  MASTODON_TOKEN: 'demo-mastodon-token',
  BLUESKY_HANDLE: bluesky.handle,
  BLUESKY_APP_PASSWORD: bluesky.appPassword,
  BLUESKY_SERVICE: bluesky.origin,
  DATABASE_PATH: join(dir, 'demo.sqlite'),
  REPORT_AT: '',
});
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const bot = await startBot(parsed.config, { logDestination: quiet, host: '127.0.0.1', slackRetries: { retries: 0 } });
const send = slackSender({ botUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: SECRET, responseBase: slack.origin, teamChannelId: TEAM, triggerId: slack.newTriggerId });

const say = (line = '') => process.stdout.write(`${line}\n`);
const names: Record<string, string> = { [MARIE]: 'marie', [KARIM]: 'karim' };
/** Slack's mrkdwn as a terminal shows it: names for mentions, labels with their links, no stars. */
const plain = (mrkdwn: string) =>
  mrkdwn
    .replace(/<@(U[A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${names[id] ?? id.toLowerCase()}`)
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/:white_check_mark:/g, '✅')
    .replace(/:x:/g, '❌')
    .replace(/\*/g, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** Every line a message's blocks show, in order (headers, sections, fields, context, buttons). */
function lines(m: FakeMessage | undefined): string[] {
  const out: string[] = [];
  for (const b of m?.blocks ?? []) {
    if (b.text?.text) out.push(...String(b.text.text).split('\n'));
    // A quote in rich text: the proposal's text as typed.
    if (b.type === 'rich_text') out.push(JSON.stringify(b.elements).match(/"text":"((?:[^"\\]|\\.)*)"/g)?.map((t: string) => JSON.parse(t.slice(7))).join('') ?? '');
    for (const f of b.fields ?? []) out.push(String(f.text));
    for (const e of b.elements ?? []) {
      if (b.type === 'context' && e.text) out.push(String(e.text));
      if (b.type === 'actions' && e.type === 'button') out.push(`[ ${String(e.text?.text)} ]`);
    }
  }
  return out.map(plain).filter((l) => l.trim() !== '');
}
const show = (m: FakeMessage | undefined) => lines(m).map((l) => `   │ ${l}`).join('\n');

try {
  say('comcell demo: offline, against local fakes of Slack, X, Mastodon and Bluesky. Nothing leaves this machine.\n');
  const text = 'Accident sur l’A9 à hauteur de Montpellier-Est, sens Espagne → Lyon. Évitez le secteur. #A9';
  say(`1. @marie types:  /tweet --followup 2h ${text}`);
  const started = performance.now();
  const ack = await send.command(MARIE, '/tweet', `--followup 2h ${text}`);
  const ackMs = performance.now() - started;
  const proposal = await waitFor(() => slack.messages.find((m) => m.channel === TEAM && !m.thread_ts), 'the proposal');
  say(`   Slack got its acknowledgement in ${ackMs.toFixed(0)} ms (HTTP ${ack.status}); the bot posts in the cell's channel:`);
  say(`${show(proposal)}\n`);

  say('2. @marie reacts ✅ on her own proposal:');
  await send.reactionAdded(MARIE, 'white_check_mark', TEAM, proposal.ts);
  const own = await waitFor(() => slack.ephemerals[0], 'the private note');
  say(`   only she sees: ${plain(String(own.text))}\n`);

  say('3. @karim reacts ✅:');
  const approved = performance.now();
  await send.reactionAdded(KARIM, 'white_check_mark', TEAM, proposal.ts);
  await waitFor(() => x.tweets.length > 0 && mastodon.posted().length > 0 && bluesky.posts().length > 0, 'a post on each network');
  const postedMs = performance.now() - approved;
  // The message shows what was stored once every delivery is published and the outbox has sent its update.
  const settled = () =>
    (bot.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE state <> 'published'").get() as { n: number }).n === 0 &&
    (bot.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n === 0;
  await waitFor(settled, 'every delivery published and the outbox empty', 5_000);
  await bot.scheduler.settle();
  say(`   X, Mastodon and Bluesky each received the post within ${postedMs.toFixed(0)} ms of the approval event, once each`);
  say(`   (X ${x.tweets.length}, Mastodon ${mastodon.posted().length}, Bluesky ${bluesky.posts().length}). The proposal message now reads:`);
  say(`${show(slack.message(TEAM, proposal.ts))}\n`);

  say('The audit log of this run:');
  for (const line of bot.db.prepare('SELECT at, actor, action, network FROM audit_log ORDER BY id').all() as Array<{ at: string; actor: string; action: string; network: string | null }>) {
    say(`   ${line.at}  ${line.actor.padEnd(8)}  ${line.action}${line.network ? ` (${line.network})` : ''}`);
  }
} finally {
  await bot.stop();
  await Promise.all([slack.close(), x.close(), mastodon.close(), bluesky.close()]);
  rmSync(dir, { recursive: true, force: true });
}
