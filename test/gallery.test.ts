/**
 * `npm run gallery` without Chromium, in-process: the scripted night in both locales against the fakes,
 * drawn into one self-contained HTML page. Every scenario is there and shows something the bot sent,
 * every step played as written, and the fake Slack refused nothing the bot sent. The drawing of Slack's
 * formatting is checked on its own, bad input included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { blocksHtml, type BlockContext } from '../scripts/gallery/blocks.js';
import { buildGallery, LOCALES } from '../scripts/gallery/build.js';
import { mrkdwnHtml } from '../scripts/gallery/mrkdwn.js';
import type { Night } from '../scripts/gallery/night.js';

const SCENARIOS = [
  'help', 'duty', 'proposal', 'published', 'options', 'images', 'edited', 'rejected', 'withdrawn', 'scheduled', 'scheduled-unapproved',
  'dry-run', 'credentials', 'retry', 'uncertain', 'online', 'waiting', 'composer', 'handover', 'acknowledged', 'limit-over', 'expired',
  'reminders', 'scheduled-published', 'escalation', 'snoozed', 'followup-list', 'resolved', 'closed', 'handover-modal', 'superseded',
  'automatic', 'history', 'home', 'refusals', 'thread', 'templates', 'template-form', 'template-closing', 'report',
];

describe('the gallery', () => {
  let html = '';
  let nights: Night[] = [];
  beforeAll(async () => {
    ({ html, nights } = await buildGallery());
  }, 120_000);

  /** The HTML of one scenario's section. */
  const section = (locale: string, id: string) => {
    const start = html.indexOf(`<section class="scenario" id="${locale}-${id}"`);
    return start === -1 ? '' : html.slice(start, html.indexOf('</section>', start));
  };

  it('plays every scenario in both locales, each showing something the bot sent', () => {
    expect(nights.map((n) => n.locale)).toEqual([...LOCALES]);
    for (const night of nights) {
      expect(night.scenarios.map((s) => s.id)).toEqual(SCENARIOS);
      for (const scenario of night.scenarios) {
        const shown = scenario.items.filter((i) => i.kind === 'message' || i.kind === 'private' || i.kind === 'view');
        expect(shown.length, `${night.locale}: ${scenario.id}`).toBeGreaterThan(0);
        expect(section(night.locale, scenario.id), `${night.locale}: ${scenario.id}`).toMatch(/class="(msg|view-wrap)/);
      }
    }
  });

  it('every step played as written, and the fake Slack refused nothing the bot sent', () => {
    expect(nights.flatMap((n) => n.problems)).toEqual([]);
    expect(nights.flatMap((n) => n.refusals)).toEqual([]);
    expect(html.includes('class="problem"')).toBe(false);
  });

  it('draws each kind of thing: threads under their parent, ephemerals, modals with their errors, the Home tab', () => {
    expect(section('fr', 'published')).toContain('class="thread"');
    expect(section('fr', 'proposal')).toContain('class="msg private"');
    expect(section('en', 'composer')).toMatch(/class="modal"[\s\S]*class="error"/);
    expect(section('en', 'home')).toContain('class="home"');
    // Alt texts are asked once the images are attached, one field per image, named after it.
    expect(section('fr', 'images')).toMatch(/Texte alternatif de «.carte\.png.»[\s\S]*Texte alternatif de «.controle\.jpg.»/);
    // Mentions are names: Slack's <@U…> never shows as such.
    expect(html.match(/(&lt;|<)@U\w+/)?.[0]).toBeUndefined();
    // The author is named without a mention that pings.
    expect(section('fr', 'proposal')).toContain('<b>Proposition #1</b> de Camille');
    // The morning: the closing form opens with the accident's road and place, the report shares its files.
    expect(section('fr', 'template-closing')).toMatch(/class="modal"[\s\S]*Montpellier-Est/);
    expect(section('fr', 'report')).toMatch(/class="file">🖼 /);
  });

  it('is self-contained: no script, no stylesheet or image to fetch', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html.match(/<script|<link|<img|src=/i)?.[0]).toBeUndefined();
  });
});

describe('drawing Slack’s formatting', () => {
  const ctx: BlockContext = {
    name: (id) => ({ UALICE: 'Alice' })[id] ?? id,
    channel: (id) => ({ CTEAM: 'cellule-com' })[id] ?? id,
    locale: 'fr',
    zone: 'Europe/Paris',
    now: new Date('2026-11-21T21:00:00Z'),
    optional: '(facultatif)',
    dropFiles: 'Glissez-déposez',
  };

  it.each([
    ['bold, italic, strike', '*gras* _penché_ ~barré~', '<b>gras</b> <i>penché</i> <s>barré</s>'],
    ['not inside words', 'snake_case_name 2*3*4', 'snake_case_name 2*3*4'],
    ['code keeps its content as typed', '`*pas gras*`', '<code>*pas gras*</code>'],
    ['a link with a label', '<https://x.com/a?b=1&amp;c=2|voir le tweet>', '<a href="https://x.com/a?b=1&amp;c=2">voir le tweet</a>'],
    ['a bare URL, the full stop left out', 'Publiée : https://x.com/s/1.', 'Publiée : <a href="https://x.com/s/1">https://x.com/s/1</a>.'],
    ['a mention as a name', '<@UALICE> et <@UBOB|bob>', '<span class="mention">@Alice</span> et <span class="mention">@bob</span>'],
    ['a channel and @here', '<#CTEAM> <!here>', '<span class="mention">#cellule-com</span> <span class="mention broadcast">@here</span>'],
    ['known and unknown emoji, and a time that is not one', ':white_check_mark: :inconnu: 12:30:45', '<span class="emoji">✅</span> <span class="emoji-code">:inconnu:</span> 12:30:45'],
    ['a quote', 'avant\n> cité\n&gt; encore', 'avant<blockquote>cité<br>encore</blockquote>'],
    ['a date token in the reader’s zone', '<!date^1795294500^{date_short_pretty} {time}|samedi>', 'Aujourd’hui 21:55'],
    ['escaped entities stay escaped', 'Vols &amp; cambriolages &lt;b&gt;', 'Vols &amp; cambriolages &lt;b&gt;'],
  ])('%s', (_name, text, expected) => {
    expect(mrkdwnHtml(text, ctx)).toBe(expected);
  });

  it('never lets text become markup, whatever arrives: only its own tags, only web and mail links', () => {
    const own = new Set(['a', 'b', 'i', 's', 'code', 'pre', 'blockquote', 'br', 'span']);
    for (const bad of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '<javascript:alert(1)|clic>', '*<b>*', '```<i>```', '& < > "', '<https://x.fr/"onmouseover="x|a>']) {
      const out = mrkdwnHtml(bad, ctx);
      const tags = [...out.matchAll(/<\/?([a-z]+)/gi)].map((m) => m[1]!.toLowerCase());
      expect(tags.filter((t) => !own.has(t)), bad).toEqual([]);
      expect([...out.matchAll(/ (\w+)="([^"]*)"/g)].every(([, name, value]) => (name === 'href' && /^(https?|mailto):/.test(value!)) || name === 'class'), bad).toBe(true);
    }
  });

  it('shows a field’s error as plain text, as Slack does, and an unknown block as unknown', () => {
    const html = blocksHtml(
      [
        { type: 'input', block_id: 'text', label: { type: 'plain_text', text: 'Texte' }, element: { type: 'plain_text_input', action_id: 'text' } },
        { type: 'brand_new_block' },
      ],
      { ...ctx, errors: { text: 'trop long : `--on x`' } },
    );
    expect(html).toContain('⚠ trop long : `--on x`');
    expect(html).toContain('brand_new_block block');
  });
});
