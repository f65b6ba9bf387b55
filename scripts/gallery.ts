/**
 * `npm run gallery [-- FILE]`: plays a scripted night of the cell against the local fakes of Slack, X,
 * Mastodon and Bluesky, in French and in English, and draws every message, modal and Home view the bot
 * sent into one HTML page (`gallery/index.html` by default), as Slack would show them. Where headless
 * Chromium is installed, also PNGs of the whole page and of each scenario (in `png/` beside the page).
 * `--docs` also renews the README's pictures in `docs/`. Exits 1 when the fake Slack refused something the
 * bot sent, or a step of the night did not play.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildGallery } from './gallery/build.js';
import { findChromium, screenshots, type Shot } from './gallery/chromium.js';
import { docsPictures } from './gallery/docs.js';

const args = process.argv.slice(2);
const docs = args.includes('--docs');
const out = resolve(args.find((a) => !a.startsWith('--')) ?? 'gallery/index.html');
const say = (line: string) => process.stdout.write(`${line}\n`);

const { html, nights } = await buildGallery();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
const scenarios = nights.reduce((n, night) => n + night.scenarios.length, 0);
say(`gallery: ${scenarios} scenarios in ${nights.map((n) => n.locale).join(' and ')} → ${relative(process.cwd(), out)}`);

const chromium = findChromium();
if (!chromium) {
  say('gallery: no Chromium found (/usr/bin/chromium, or CHROMIUM=…): HTML only, no PNG.');
} else {
  const dir = join(dirname(out), 'png');
  mkdirSync(dir, { recursive: true });
  const shots: Shot[] = [
    { name: 'gallery', selector: null },
    ...nights.flatMap((n) => n.scenarios.map((s) => ({ name: `${n.locale}-${s.id}`, selector: `#${n.locale}-${s.id}` }))),
  ];
  const written = await screenshots(chromium, out, dir, shots);
  say(`gallery: ${written.length} PNGs → ${relative(process.cwd(), dir)}/`);
  if (docs) {
    for (const { file, bytes } of await docsPictures(chromium, out, resolve('docs'))) say(`gallery: ${relative(process.cwd(), file)} (${Math.round(bytes / 1024)} kB)`);
  }
}

const refusals = nights.flatMap((n) => n.refusals.map((r) => `${n.locale}: Slack refused ${r.target}: ${r.answer.error}`));
const problems = nights.flatMap((n) => n.problems.map((p) => `${n.locale}: ${p}`));
for (const line of [...refusals, ...problems]) say(`gallery: ⚠ ${line}`);
process.exitCode = refusals.length + problems.length > 0 ? 1 : 0;
