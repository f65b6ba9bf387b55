/**
 * Block Kit as HTML, approximating Slack's look (docs.slack.dev/reference/block-kit/blocks and
 * …/block-elements): sections with fields and accessories, context, header, divider, actions, images (a
 * box with the alt text), rich text, and a modal's inputs with their label, hint, placeholder and error.
 * Whatever is unknown is shown as such rather than dropped, so a new kind of block is seen.
 */
import { emoji, escapeHtml, mrkdwnHtml, plainHtml, type TextContext } from './mrkdwn.js';

export interface BlockContext extends TextContext {
  /** Field errors of a modal, by block id. */
  errors?: Record<string, string>;
  /** What a person entered in a modal's fields (its `state.values`), shown instead of their initial values. */
  values?: Record<string, Record<string, Any>>;
  /** "(optional)" as Slack writes it in this language. */
  optional: string;
  /** What Slack writes in an empty file input. */
  dropFiles: string;
}

type Any = Record<string, any>;

export function blocksHtml(blocks: readonly Any[], ctx: BlockContext): string {
  return blocks.map((b) => blockHtml(b, ctx)).join('');
}

/** A text object: mrkdwn or plain text. */
export function textHtml(text: Any | undefined, ctx: TextContext): string {
  if (!text || typeof text.text !== 'string') return '';
  return text.type === 'mrkdwn' ? mrkdwnHtml(text.text, ctx) : plainHtml(text.text, text.emoji !== false);
}

function blockHtml(block: Any, ctx: BlockContext): string {
  switch (block.type) {
    case 'section': {
      const fields = Array.isArray(block.fields) ? `<div class="fields">${block.fields.map((f: Any) => `<div>${textHtml(f, ctx)}</div>`).join('')}</div>` : '';
      const accessory = block.accessory ? `<div class="accessory">${elementHtml(block.accessory, ctx)}</div>` : '';
      return `<div class="block section"><div class="section-body">${block.text ? `<div class="text">${textHtml(block.text, ctx)}</div>` : ''}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="block context">${(block.elements ?? []).map((e: Any) => (e.type === 'image' ? imageBox(e, 'tiny') : `<span>${textHtml(e, ctx)}</span>`)).join('')}</div>`;
    case 'header':
      return `<div class="block header">${textHtml(block.text, ctx)}</div>`;
    case 'divider':
      return '<hr class="block divider">';
    case 'actions':
      return `<div class="block actions">${(block.elements ?? []).map((e: Any) => elementHtml(e, ctx)).join('')}</div>`;
    case 'image':
      return `<div class="block image">${block.title ? `<div class="image-title">${textHtml(block.title, ctx)}</div>` : ''}${imageBox(block, 'large')}</div>`;
    case 'rich_text':
      return `<div class="block rich">${(block.elements ?? []).map((e: Any) => richHtml(e, ctx)).join('')}</div>`;
    case 'input':
      return inputHtml(block, ctx);
    case 'markdown':
      return `<div class="block section"><div class="text">${mrkdwnHtml(String(block.text ?? ''), ctx)}</div></div>`;
    default:
      return `<div class="block unknown">${escapeHtml(String(block.type))} block</div>`;
  }
}

/** An image is not fetched: a grey box with its alt text, as a screen reader would say it. */
function imageBox(image: Any, size: 'tiny' | 'large'): string {
  const alt = String(image.alt_text ?? '');
  return size === 'tiny'
    ? `<span class="image-box tiny" title="${escapeHtml(alt)}">🖼</span>`
    : `<div class="image-box large"><span class="image-icon">🖼</span><span class="alt">${escapeHtml(alt)}</span></div>`;
}

const option = (o: Any | undefined, ctx: TextContext) => (o ? textHtml(o.text, ctx) : '');

/** Interactive elements, as they are drawn before anyone touches them. */
function elementHtml(e: Any, ctx: BlockContext): string {
  const placeholder = (fallback = '') => (e.placeholder ? `<span class="placeholder">${textHtml(e.placeholder, ctx)}</span>` : `<span class="placeholder">${fallback}</span>`);
  switch (e.type) {
    case 'button':
      return `<span class="btn${e.style ? ` ${escapeHtml(e.style)}` : ''}">${textHtml(e.text, ctx)}${e.url ? ' <span class="ext">↗</span>' : ''}</span>`;
    case 'static_select':
    case 'external_select':
      return `<span class="select">${e.initial_option ? option(e.initial_option, ctx) : placeholder('…')}<span class="caret">▾</span></span>${e.options ? `<span class="options" title="options">${e.options.map((o: Any) => option(o, ctx)).join(' · ')}</span>` : ''}`;
    case 'users_select':
      return `<span class="select">${e.initial_user ? `@${escapeHtml(ctx.name(e.initial_user))}` : placeholder('@…')}<span class="caret">▾</span></span>`;
    case 'conversations_select':
    case 'channels_select':
      return `<span class="select">${e.initial_conversation ?? e.initial_channel ? `#${escapeHtml(ctx.channel(e.initial_conversation ?? e.initial_channel))}` : placeholder('#…')}<span class="caret">▾</span></span>`;
    case 'multi_static_select':
    case 'multi_users_select':
    case 'multi_external_select':
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const chosen = [...(e.initial_options ?? []).map((o: Any) => option(o, ctx)), ...(e.initial_users ?? []).map((u: string) => `@${escapeHtml(ctx.name(u))}`)];
      return `<span class="select multi">${chosen.length > 0 ? chosen.map((c) => `<span class="chip">${c}</span>`).join('') : placeholder('…')}<span class="caret">▾</span></span>`;
    }
    case 'overflow':
      return `<span class="btn overflow" title="${escapeHtml((e.options ?? []).map((o: Any) => o.text?.text).join(' · '))}">⋯</span>`;
    case 'datepicker':
      return `<span class="select picker">📅 ${e.initial_date ? escapeHtml(e.initial_date) : placeholder()}</span>`;
    case 'timepicker':
      return `<span class="select picker">🕐 ${e.initial_time ? escapeHtml(e.initial_time) : placeholder()}</span>`;
    case 'datetimepicker':
      return `<span class="select picker">📅 ${e.initial_date_time ? escapeHtml(new Date(e.initial_date_time * 1000).toISOString().slice(0, 16).replace('T', ' ')) : placeholder()}</span>`;
    case 'checkboxes':
    case 'radio_buttons': {
      const chosen = new Set(((e.type === 'checkboxes' ? e.initial_options : [e.initial_option]) ?? []).filter(Boolean).map((o: Any) => o.value));
      const mark = (on: boolean) => (e.type === 'checkboxes' ? (on ? '☑' : '☐') : on ? '◉' : '○');
      return `<div class="choices">${(e.options ?? [])
        .map((o: Any) => `<div class="choice"><span class="mark${chosen.has(o.value) ? ' on' : ''}">${mark(chosen.has(o.value))}</span><span>${option(o, ctx)}${o.description ? `<div class="choice-description">${textHtml(o.description, ctx)}</div>` : ''}</span></div>`)
        .join('')}</div>`;
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'rich_text_input': {
      const value = e.initial_value;
      const shown =
        typeof value === 'string' && value !== ''
          ? `<span class="value">${escapeHtml(value)}</span>`
          : value && typeof value === 'object'
            ? `<span class="value">${(value.elements ?? []).map((r: Any) => richHtml(r, ctx)).join('')}</span>`
            : placeholder();
      const limits = [e.min_length ? `≥ ${e.min_length}` : '', e.max_length ? `≤ ${e.max_length}` : ''].filter(Boolean).join(' ');
      return `<div class="text-input${e.multiline ? ' multiline' : ''}">${shown}${limits ? `<span class="limits">${escapeHtml(limits)}</span>` : ''}</div>`;
    }
    case 'file_input':
      if (Array.isArray(e.files) && e.files.length > 0) return `<div class="files">${e.files.map((f: Any) => `<span class="file">📎 ${escapeHtml(String(f.name ?? f.id))}</span>`).join('')}</div>`;
      return `<div class="file-input">⇪ ${escapeHtml(ctx.dropFiles)}<div class="file-rules">${escapeHtml([(e.filetypes ?? []).join(', '), e.max_files ? `max ${e.max_files}` : ''].filter(Boolean).join(' · '))}</div></div>`;
    case 'image':
      return imageBox(e, 'tiny');
    default:
      return `<span class="unknown">${escapeHtml(String(e.type))}</span>`;
  }
}

/** An input element as it stands once a person filled it in: their entry as its initial value. */
function entered(e: Any, state: Any | undefined): Any {
  if (!state) return e;
  switch (e.type) {
    case 'checkboxes':
    case 'multi_static_select':
      return { ...e, initial_options: state.selected_options ?? [] };
    case 'static_select':
    case 'radio_buttons':
      return { ...e, initial_option: state.selected_option ?? undefined };
    case 'users_select':
      return { ...e, initial_user: state.selected_user ?? undefined };
    case 'multi_users_select':
      return { ...e, initial_users: state.selected_users ?? [] };
    case 'datepicker':
      return { ...e, initial_date: state.selected_date ?? undefined };
    case 'timepicker':
      return { ...e, initial_time: state.selected_time ?? undefined };
    case 'file_input':
      return { ...e, files: state.files ?? [] };
    default:
      return { ...e, initial_value: state.value ?? undefined };
  }
}

function inputHtml(block: Any, ctx: BlockContext): string {
  const error = ctx.errors?.[block.block_id];
  const element = entered(block.element ?? {}, ctx.values?.[block.block_id]?.[block.element?.action_id]);
  const optional = block.optional ? ` <span class="optional">${escapeHtml(ctx.optional)}</span>` : '';
  return [
    `<div class="block input${error ? ' has-error' : ''}">`,
    `<div class="label">${textHtml(block.label, ctx)}${optional}</div>`,
    elementHtml(element, ctx),
    // Slack shows a field's error as plain text: no mrkdwn there.
    error ? `<div class="error">⚠ ${plainHtml(error)}</div>` : '',
    block.hint ? `<div class="hint">${textHtml(block.hint, ctx)}</div>` : '',
    '</div>',
  ].join('');
}

/** rich_text: sections, quotes, lists and preformatted blocks of styled elements. */
function richHtml(e: Any, ctx: TextContext): string {
  const runs = (elements: Any[] = []) => elements.map((x) => richElement(x, ctx)).join('');
  switch (e.type) {
    case 'rich_text_section':
      return `<div class="rich-section">${runs(e.elements)}</div>`;
    case 'rich_text_quote':
      return `<blockquote>${runs(e.elements)}</blockquote>`;
    case 'rich_text_preformatted':
      return `<pre class="pre">${runs(e.elements)}</pre>`;
    case 'rich_text_list': {
      const tag = e.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag} class="rich-list" style="margin-left:${(e.indent ?? 0) * 18}px">${(e.elements ?? []).map((item: Any) => `<li>${runs(item.elements)}</li>`).join('')}</${tag}>`;
    }
    default:
      return `<span class="unknown">${escapeHtml(String(e.type))}</span>`;
  }
}

function richElement(x: Any, ctx: TextContext): string {
  let html: string;
  switch (x.type) {
    case 'text':
      html = escapeHtml(String(x.text ?? '')).replace(/\n/g, '<br>');
      break;
    case 'link':
      html = `<a href="${escapeHtml(String(x.url ?? ''))}">${escapeHtml(String(x.text ?? x.url ?? ''))}</a>`;
      break;
    case 'emoji':
      html = x.unicode ? String.fromCodePoint(...String(x.unicode).split('-').map((h) => parseInt(h, 16))) : (emoji(String(x.name)) ?? `:${escapeHtml(String(x.name))}:`);
      html = `<span class="emoji">${html}</span>`;
      break;
    case 'user':
      html = `<span class="mention">@${escapeHtml(ctx.name(String(x.user_id)))}</span>`;
      break;
    case 'usergroup':
      html = `<span class="mention">@${escapeHtml(String(x.usergroup_id))}</span>`;
      break;
    case 'channel':
      html = `<span class="mention">#${escapeHtml(ctx.channel(String(x.channel_id)))}</span>`;
      break;
    case 'broadcast':
      html = `<span class="mention broadcast">@${escapeHtml(String(x.range))}</span>`;
      break;
    case 'date':
      html = escapeHtml(String(x.fallback ?? new Date(Number(x.timestamp) * 1000).toISOString()));
      break;
    default:
      html = `<span class="unknown">${escapeHtml(String(x.type))}</span>`;
  }
  const style = x.style ?? {};
  if (style.code) html = `<code>${html}</code>`;
  if (style.bold) html = `<b>${html}</b>`;
  if (style.italic) html = `<i>${html}</i>`;
  if (style.strike) html = `<s>${html}</s>`;
  return html;
}
