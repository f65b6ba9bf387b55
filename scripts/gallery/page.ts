/**
 * The gallery's one HTML page: for each locale, each scenario with its caption, and what the cell saw in
 * it drawn as Slack draws it (messages with their threads, what only one person sees, modals, the Home
 * tab). Self-contained: the CSS is inline and nothing is fetched.
 */
import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE } from '../../src/platform/config.js';
import type { FakeMessage } from '../../test/support/fakeSlack.js';
import { blocksHtml, textHtml, type BlockContext } from './blocks.js';
import { escapeHtml, mrkdwnHtml, plainHtml } from './mrkdwn.js';
import type { Night } from './night.js';
import type { Item, MessageItem, PrivateItem, Scenario, ViewItem } from './recorder.js';
import { STYLE } from './style.js';
import { WORDS, type Words } from './words.js';

export interface PageOptions {
  /** Display names by user id. */
  people: Record<string, string>;
  /** Channel names by id. */
  channels: Record<string, string>;
  zone?: string;
}

const LANGUAGE = { fr: 'Français', en: 'English' } as const;

export function galleryHtml(nights: readonly Night[], options: PageOptions): string {
  const contents = nights
    .map((n) => `<li><b>${LANGUAGE[n.locale]}</b> (LOCALE=${n.locale}) — ${n.scenarios.map((s) => `<a href="#${n.locale}-${s.id}">${escapeHtml(s.title)}</a>`).join(' · ')}</li>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    '<title>comcell — what the cell sees</title>',
    `<style>${STYLE}</style></head><body>`,
    '<header class="page-header"><h1>comcell — what the cell sees</h1>',
    '<p>Every kind of message, modal and Home view the bot sends, from a scripted night against the local fakes of Slack, X, Mastodon and Bluesky (<code>npm run gallery</code>). Grey lines say what a person did; the rest is what the bot sent, as it stood at the end of each scenario. Images are boxes with their alt text.</p>',
    `<ul class="contents">${contents}</ul></header>`,
    ...nights.map((n) => nightHtml(n, options)),
    '</body></html>',
  ].join('\n');
}

function nightHtml(night: Night, options: PageOptions): string {
  const words = WORDS[night.locale];
  return [
    `<section class="night" id="${night.locale}" lang="${night.locale}">`,
    `<h1 class="night-title">${LANGUAGE[night.locale]} <span>LOCALE=${night.locale}</span></h1>`,
    ...night.scenarios.map((s) => scenarioHtml(s, night, options, words)),
    '</section>',
  ].join('\n');
}

function scenarioHtml(scenario: Scenario, night: Night, options: PageOptions, words: Words): string {
  const zone = options.zone ?? DEFAULT_TIME_ZONE;
  const ctx: BlockContext = {
    name: (id) => options.people[id] ?? id,
    channel: (id) => options.channels[id] ?? id,
    locale: night.locale,
    zone,
    now: scenario.endedAt,
    optional: words.slack.optional,
    dropFiles: words.slack.dropFiles,
  };
  const draw = new Drawing(ctx, words, zone);
  return [
    `<section class="scenario" id="${night.locale}-${scenario.id}" data-scenario="${scenario.id}">`,
    `<h2>${escapeHtml(scenario.title)}</h2><p class="caption">${escapeHtml(scenario.caption)}</p>`,
    `<div class="channel">${scenario.items.some((i) => i.kind === 'message' || i.kind === 'private') ? `<div class="channel-bar"># ${escapeHtml(ctx.channel(night.channel))}</div>` : ''}`,
    ...scenario.items.map((item) => draw.item(item)),
    '</div></section>',
  ].join('\n');
}

class Drawing {
  constructor(
    private readonly ctx: BlockContext,
    private readonly words: Words,
    private readonly zone: string,
  ) {}

  item(item: Item): string {
    switch (item.kind) {
      case 'note':
        return this.note(item.actor, item.text);
      case 'message':
        return this.message(item);
      case 'private':
        return this.private(item);
      case 'view':
        return item.surface === 'home' ? this.home(item) : this.modal(item);
      case 'problem':
        return `<div class="problem">⚠ ${escapeHtml(item.text)}</div>`;
    }
  }

  private note(actor: string | null, text: string): string {
    // A command names people as Slack sends them (`<@U…|name>`); the person typed @name.
    const typed = text.replace(/<@(\w+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${this.ctx.name(id)}`);
    const what = text.startsWith('/') ? `<code class="typed">${escapeHtml(typed)}</code>` : plainHtml(text);
    return actor ? `<div class="note"><b>${escapeHtml(this.ctx.name(actor))}</b> ${what}</div>` : `<div class="note clock">⏱ ${what}</div>`;
  }

  private time(ts: string): string {
    const at = DateTime.fromSeconds(Number(ts), { zone: this.zone }).setLocale(this.ctx.locale);
    return at.toFormat(this.ctx.locale === 'en' ? 'h:mm a' : 'HH:mm');
  }

  private head(ts: string | null, edited: boolean): string {
    return `<div class="msg-head"><b>comcell</b><span class="app">${this.words.slack.app}</span>${ts ? `<span class="time">${this.time(ts)}</span>` : ''}${edited ? `<span class="edited">${escapeHtml(this.words.slack.edited)}</span>` : ''}</div>`;
  }

  /** What a message shows: its blocks when it has some (the text is then only the notification), else its text. */
  private body(message: { text?: string; blocks?: any[]; attachments?: any[]; sent?: { text?: string; blocks?: any; attachments?: any } }): string {
    // The bytes the bot sent, where the fake kept them: French no-break spaces change where lines break.
    const m = message.sent ?? message;
    const main = m.blocks && m.blocks.length > 0 ? blocksHtml(m.blocks, this.ctx) : `<div class="text">${mrkdwnHtml(m.text ?? '', this.ctx)}</div>`;
    const attachments = (m.attachments ?? [])
      .map((a: any) => `<div class="attachment" style="border-color:${escapeHtml(String(a.color ?? '#ddd'))}">${a.blocks ? blocksHtml(a.blocks, this.ctx) : mrkdwnHtml(String(a.text ?? a.fallback ?? ''), this.ctx)}</div>`)
      .join('');
    // Files shared with the message (a report's chart and CSV): a box with the file's title, as Slack lists them.
    const files = ((message as { files?: any[] }).files ?? []).map((f: any) => `<span class="file">${/^image\//.test(String(f.mimetype)) ? '🖼' : '📎'} ${escapeHtml(String(f.title ?? f.name))}</span>`).join('');
    return `<div class="msg-body">${main}${attachments}${files ? `<div class="files">${files}</div>` : ''}</div>`;
  }

  private one(m: FakeMessage, extra = ''): string {
    const broadcast = m.reply_broadcast ? `<div class="also-sent">↪ ${escapeHtml(this.words.slack.alsoSent)}</div>` : '';
    return `<div class="msg${m.thread_ts && m.thread_ts !== m.ts ? ' reply' : ''}"><div class="avatar">cc</div><div class="msg-main">${this.head(m.ts, Boolean(m.edited))}${broadcast}${this.body(m)}${extra}</div></div>`;
  }

  private message(item: MessageItem): string {
    const reactions = item.reactions.length
      ? `<div class="reactions">${item.reactions.map((r) => `<span class="reaction" title="${escapeHtml(r.users.map((u) => this.ctx.name(u)).join(', '))}">${plainHtml(`:${r.name}:`)} ${r.users.length}</span>`).join('')}</div>`
      : '';
    const total = item.replies.length + item.earlierReplies;
    const thread = total
      ? `<div class="thread"><div class="thread-count">${escapeHtml(this.words.slack.replies(total))}</div>${item.earlierReplies ? `<div class="earlier">… ${escapeHtml(this.words.slack.earlierReplies(item.earlierReplies))}</div>` : ''}${item.replies.map((r) => this.one(r)).join('')}</div>`
      : '';
    const again = item.earlier ? `<div class="shown-again">${escapeHtml(this.words.slack.shownAgain)}</div>` : '';
    return `${again}${this.one(item.message, reactions + thread)}`;
  }

  private private(item: PrivateItem): string {
    const via = item.via === 'answer' ? this.words.slack.answer : item.via === 'response' ? this.words.slack.viaResponse : '';
    const replaced = item.message.replace_original ? ' · replace_original' : '';
    return `<div class="msg private"><div class="avatar">cc</div><div class="msg-main">${this.head(null, false)}<div class="only-you">👁 ${escapeHtml(this.words.slack.onlyYou)} — ${escapeHtml(this.ctx.name(item.to))}${via ? ` · ${escapeHtml(via)}` : ''}${replaced}</div>${this.body(item.message)}</div></div>`;
  }

  private modal(item: ViewItem): string {
    const v = item.view;
    const ctx = { ...this.ctx, ...(item.errors ? { errors: item.errors } : {}), ...(item.submitted ? { values: item.submitted } : {}) };
    const unknownErrors = Object.entries(item.errors ?? {}).filter(([block]) => !(v.blocks ?? []).some((b: any) => b.block_id === block));
    return [
      `<div class="view-wrap"><div class="view-caption">${escapeHtml([item.to ? this.ctx.name(item.to) : '', item.versions > 1 ? this.words.slack.versions(item.versions) : '', item.submitted ? this.words.slack.submitted : ''].filter(Boolean).join(' · '))}</div>`,
      '<div class="modal">',
      `<div class="modal-head"><span class="avatar small">cc</span><span class="modal-title">${textHtml(v.title, this.ctx)}</span><span class="close">✕</span></div>`,
      `<div class="modal-body">${blocksHtml(v.blocks ?? [], ctx)}${unknownErrors.map(([block, text]) => `<div class="error">⚠ ${escapeHtml(block)}: ${escapeHtml(text)}</div>`).join('')}</div>`,
      `<div class="modal-foot">${v.close ? `<span class="btn">${textHtml(v.close, this.ctx)}</span>` : ''}${v.submit ? `<span class="btn primary">${textHtml(v.submit, this.ctx)}</span>` : ''}</div>`,
      '</div></div>',
    ].join('');
  }

  private home(item: ViewItem): string {
    const s = this.words.slack;
    return [
      `<div class="view-wrap"><div class="view-caption">${escapeHtml(item.to ? this.ctx.name(item.to) : '')}</div><div class="home">`,
      `<div class="home-head"><span class="avatar">cc</span><b>comcell</b><span class="tabs"><span class="tab on">${escapeHtml(s.home)}</span><span class="tab">${escapeHtml(s.messages)}</span><span class="tab">${escapeHtml(s.about)}</span></span></div>`,
      `<div class="home-body">${blocksHtml(item.view.blocks ?? [], this.ctx)}</div>`,
      '</div></div>',
    ].join('');
  }
}
