/**
 * `npm run bench:ab -- NAME=ENTRY[|flag|flag…] …`: two (or more) builds of the bot side by side, in
 * alternating rounds of 1,000 /tweet at c=32 through the same fakes, after a warm-up of 1,500 each. This is
 * how each change in bench/README.md ("Findings, second pass") was measured: on a machine whose speed
 * drifts by ±20 % within a minute, only side-by-side figures can be compared.
 *
 *   cp -r dist /tmp/before && (change, npm run build) && npm run bench:ab -- before=/tmp/before/src/start.js after=dist/src/start.js
 *   npm run bench:ab -- plain=dist/src/start.js "capped=dist/src/start.js|--max-old-space-size=64"
 *
 * A build copied elsewhere must still find node_modules and migrations/ above it (keep it in the project).
 * ROUNDS=n changes the number of rounds (8).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startFakeSlack } from '../test/support/fakeSlack.js';
import { startFakeX } from '../test/support/fakeX.js';
import { startBotChild, type Child } from './lib/children.js';
import { SlackClient, runConcurrently } from './lib/slackClient.js';
import { median, round, summarize, until } from './lib/stats.js';

const SECRET = 'bench-signing-secret-0123456789';
const TEAM = 'CTEAM';
const AUTHORS = ['UAUTHOR', 'UALICE', 'UBOB', 'UCAROL'];
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const variants = process.argv.slice(2).map((arg) => {
  const [name, spec] = arg.split('=', 2) as [string, string | undefined];
  const [entry, ...flags] = (spec ?? '').split('|');
  if (!entry) throw new Error(`expected NAME=ENTRY[|flag…], got ${arg}`);
  return { name, entry, flags };
});
if (variants.length < 2) throw new Error('give at least two builds: NAME=ENTRY[|flag…] NAME=ENTRY[|flag…]');

const slack = await startFakeSlack({ members: [...AUTHORS, 'UBOT'], teamChannelId: TEAM, botUserId: 'UBOT' });
const x = await startFakeX({ keys: { appKey: 'k', appSecret: 's', accessToken: 't', accessSecret: 'a' }, rejectDuplicates: false });
const tmp = mkdtempSync(join(os.tmpdir(), 'comcell-ab-'));
const text = (tag: string) =>
  `\u26a0\ufe0f Accident sur l\u2019A9 à hauteur de Montpellier, sens Nîmes vers Perpignan : circulation très ralentie, évitez le secteur. Infos : https://www.example.gouv.fr/a9 ${tag}`;
const apps: Array<{ name: string; child: Child; client: SlackClient; rates: number[]; posted: number[]; latencies: number[]; cpu: number[] }> = [];
try {
  for (const v of variants) {
    const vars = {
      SLACK_BOT_TOKEN: 'xoxb-bench-bot-token-0001', SLACK_SIGNING_SECRET: SECRET, SLACK_MODE: 'http', PORT: '0', SLACK_API_URL: slack.url,
      TEAM_CHANNEL_ID: TEAM, TWITTER_API_URL: x.origin, TWITTER_API_KEY: 'k', TWITTER_API_SECRET: 's', TWITTER_ACCESS_TOKEN: 't',
      TWITTER_ACCESS_SECRET: 'a', DATABASE_PATH: join(tmp, v.name, 'comcell.sqlite'), LOG_LEVEL: 'info',
    };
    const child = await startBotChild(v.name, vars, { entry: v.entry, nodeArgs: v.flags });
    apps.push({ name: v.name, child, client: new SlackClient(child.port, SECRET, { channel: TEAM, responseBase: slack.origin, maxSockets: 64 }), rates: [], posted: [], latencies: [], cpu: [] });
  }
  const roundOf = async (app: (typeof apps)[number], requests: number, tag: string, record: boolean) => {
    const from = slack.calls.length;
    const cpu0 = app.child.cpuMs() ?? NaN;
    const t0 = performance.now();
    const run = await runConcurrently(requests, 32, (i) => app.client.command(AUTHORS[i % AUTHORS.length]!, '/tweet', text(`[${tag} ${i}]`)));
    const posts = await until(() => {
      const p = slack.calls.slice(from).filter((c) => c.method === 'chat.postMessage');
      return p.length >= run.answers.length ? p : null;
    }, 'the posts', 60_000, 2);
    const lastPost = Math.max(...posts.map((p) => p.receivedAt ?? NaN));
    slack.reset();
    if (!record) return;
    app.rates.push((run.answers.length / run.wallMs) * 1000);
    // The bot's channel messages go through its outbox and trail its acks: posted/s counts the whole work.
    app.posted.push((run.answers.length / (lastPost - t0)) * 1000);
    app.latencies.push(...run.answers.map((a) => a.end - a.start));
    app.cpu.push(((app.child.cpuMs() ?? NaN) - cpu0) / requests);
  };
  for (const app of apps) await roundOf(app, 1500, 'warm', false);
  for (let r = 0; r < ROUNDS; r++) for (const app of r % 2 ? [...apps].reverse() : apps) await roundOf(app, 1000, `r${r}`, true);
  for (const app of apps) {
    const s = summarize(app.latencies);
    process.stdout.write(
      `${app.name.padEnd(12)} acks/s median ${round(median(app.rates))} (rounds ${app.rates.map((v) => Math.round(v)).join(' ')}), posted/s median ${round(median(app.posted))}, ` +
        `p50 ${s.p50} ms, p99 ${s.p99} ms, cpu ${round(median(app.cpu), 3)} ms/request, RSS ${app.child.memory()?.rss} MiB\n`,
    );
  }
} finally {
  for (const app of apps) await app.child.stop();
  await Promise.allSettled([slack.close(), x.close()]);
  rmSync(tmp, { recursive: true, force: true });
}
