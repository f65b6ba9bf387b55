/**
 * What the cell's members do, as Slack sends it to the bot: commands, reactions, a press on a button or a
 * menu of a message, a modal filled in and submitted, the Home tab opened. Each gesture is narrated, then
 * waits until the bot has shown what it shows (a new Slack output, or the scheduler settled), and the
 * recorder takes it in. Buttons and fields are found in what the bot sent, by kind and by a pattern on
 * their ids: never by position, so a redesigned message still plays.
 */
import type { Harness } from '../../test/support/harness.js';
import type { FakeMessage } from '../../test/support/fakeSlack.js';
import { slackPayloads, type SlackHttpResult } from '../../test/support/slackRequests.js';
import { waitFor } from '../../test/support/waitFor.js';
import type { Recorder } from './recorder.js';

/** Interactive elements a press can target, with the block that holds them. */
interface Found {
  element: any;
  blockId: string;
}

/** How a gesture knows the bot is done: it answered with a body, it showed something new, or it settled. */
type Expect = 'output' | 'settled';

/** Values a modal's fields get, by block id or by element kind; unmatched fields keep their initial value. */
export type Fill = (block: { block_id: string; label: string; element: any }) => unknown;

const INTERACTIVE = new Set([
  'button', 'static_select', 'overflow', 'datepicker', 'timepicker', 'radio_buttons', 'checkboxes', 'users_select', 'external_select',
]);

export class Gestures {
  private readonly payloads;
  /** What has been typed in each open modal, by view and block: Slack sends the whole state with each action. */
  private readonly typed = new Map<string, Record<string, Record<string, unknown>>>();
  /** Views a submission answered with `response_action: update` (Slack shows them in place), with how many stored views came before. */
  private readonly answeredViews = new Map<string, { view: any; after: number }>();

  constructor(
    private readonly h: Harness,
    private readonly rec: Recorder,
    readonly channel: string,
    private readonly nameOf: (user: string) => string,
  ) {
    this.payloads = slackPayloads({ responseBase: h.slack.origin, teamChannelId: channel, now: () => h.clock.now().getTime(), triggerId: h.slack.newTriggerId });
  }

  /** `/command text` typed by `user`; resolves with what the bot answered. */
  async command(user: string, name: string, text: string, expect: Expect = 'output'): Promise<SlackHttpResult> {
    this.rec.note(user, `${name} ${text}`.trim());
    return this.step(user, () => this.h.send.command(user, name, text), expect);
  }

  async react(user: string, emoji: string, message: FakeMessage, change: 'added' | 'removed' = 'added'): Promise<void> {
    this.rec.note(user, `${change === 'added' ? 'reacts' : 'takes back'} :${emoji}:`);
    this.rec.react(message.channel, message.ts, emoji, user, change === 'added');
    await this.h.react(change, user, emoji, message.ts);
    await this.settle();
  }

  /** The element of `message` whose action id matches, as the person sees it now (null when there is none). */
  find(message: FakeMessage | undefined, actionId: RegExp, choice?: RegExp): Found | null {
    const current = message ? (this.h.slack.message(message.channel, message.ts) ?? message) : undefined;
    const found: Found[] = [];
    for (const block of current?.blocks ?? []) {
      const elements = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])];
      for (const element of elements) {
        if (INTERACTIVE.has(element?.type) && typeof element.action_id === 'string' && actionId.test(element.action_id)) found.push({ element, blockId: block.block_id ?? 'actions' });
      }
    }
    // Among buttons, the one whose id, value or label matches the choice (a snooze of 30 minutes).
    const chosen = choice && found.find(({ element }) => element.type === 'button' && [element.action_id, element.value, element.text?.text].some((s) => choice.test(String(s))));
    return chosen || found[0] || null;
  }

  /**
   * Presses the button (or picks in the menu: the option whose value or label matches `choice`) of `message`
   * whose action id matches. Null, with a problem recorded, when the message has no such element.
   */
  async press(user: string, message: FakeMessage | undefined, actionId: RegExp, choice?: RegExp): Promise<SlackHttpResult | null> {
    const found = this.find(message, actionId, choice);
    if (!message || !found) {
      this.rec.problem(`no element ${actionId} to press on ${message ? `message ${message.ts}` : 'a message not found'}`);
      return null;
    }
    const { element, blockId } = found;
    const label = element.text?.text ?? element.placeholder?.text ?? element.action_id;
    const options: any[] = element.options ?? element.option_groups?.flatMap((g: any) => g.options) ?? [];
    const option = options.find((o) => !choice || choice.test(String(o.value)) || choice.test(String(o.text?.text))) ?? options[0];
    this.rec.note(user, option ? `chooses “${option.text?.text}” in “${label}”` : `presses “${label}”`);
    const current = this.h.slack.message(message.channel, message.ts) ?? message;
    const payload = this.payloads.blockAction(user, { action_id: element.action_id, block_id: blockId }, {
      channel: message.channel,
      messageTs: message.ts,
      message: JSON.parse(JSON.stringify({ type: 'message', user: 'UBOT', ...current })),
    });
    const action: Record<string, unknown> = { type: element.type, block_id: blockId, action_id: element.action_id, action_ts: payload.actions[0]!.action_ts };
    if (element.type === 'button') Object.assign(action, { text: element.text, ...(element.value !== undefined ? { value: element.value } : {}) });
    else if (element.type === 'checkboxes') action.selected_options = option ? [option] : [];
    else if (element.type === 'users_select') action.selected_user = user;
    else action.selected_option = option ?? null;
    payload.actions = [action as never];
    if (message.thread_ts) (payload.container as Record<string, unknown>).thread_ts = message.thread_ts;
    return this.step(user, () => this.h.send.interaction(payload), 'output');
  }

  /** Types `text` into the modal's field whose block id matches: a `dispatch_action` input tells the bot at once. */
  async type(user: string, viewId: string, blockId: RegExp, text: string): Promise<void> {
    const stored = this.view(viewId);
    const block = stored?.view.blocks?.find((b: any) => b.type === 'input' && blockId.test(b.block_id ?? ''));
    if (!stored || !block) return this.rec.problem(`no field ${blockId} to type in`);
    this.rec.note(user, `types “${text}”`);
    const values = { ...this.typed.get(viewId), [block.block_id]: { [block.element.action_id]: { type: block.element.type, value: text } } };
    this.typed.set(viewId, values);
    const view = { id: viewId, hash: stored.hash, type: 'modal', callback_id: stored.view.callback_id, private_metadata: stored.view.private_metadata ?? '', state: { values } };
    const payload = {
      type: 'block_actions', user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T1' }, api_app_id: 'A1', token: 'legacy-verification-token',
      trigger_id: this.h.slack.newTriggerId(), team: { id: 'T1', domain: 'comcell-test' }, container: { type: 'view', view_id: viewId }, view,
      actions: [{ type: block.element.type, block_id: block.block_id, action_id: block.element.action_id, value: text, action_ts: String(this.h.clock.now().getTime() / 1000) }],
    };
    await this.step(user, () => this.h.send.interaction(payload), block.dispatch_action ? 'output' : 'settled');
  }

  /** Submits the modal as it now stands, its fields filled by `fill` (or left as they were opened). */
  async submit(user: string, viewId: string, fill: Fill, caption: string): Promise<SlackHttpResult | null> {
    const stored = this.view(viewId);
    if (!stored) {
      this.rec.problem(`no modal ${viewId} to submit`);
      return null;
    }
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of stored.view.blocks ?? []) {
      if (block.type !== 'input' || !block.element?.action_id) continue;
      const chosen = fill({ block_id: block.block_id ?? '', label: block.label?.text ?? '', element: block.element });
      values[block.block_id] = { [block.element.action_id]: { type: block.element.type, ...stateOf(block.element, chosen) } };
    }
    this.rec.note(user, caption);
    this.rec.submitted(viewId, values);
    const payload = this.payloads.viewSubmission(user, {
      id: viewId, hash: stored.hash, callback_id: stored.view.callback_id, private_metadata: stored.view.private_metadata ?? '', title: stored.view.title, blocks: stored.view.blocks, state: { values },
    });
    return this.step(user, () => this.h.send.interaction(payload), 'settled', viewId);
  }

  async openHome(user: string): Promise<void> {
    this.rec.note(user, 'opens the App Home');
    await this.step(user, () => this.h.send.appHomeOpened(user), 'output');
  }

  /** The clock moves: whatever fell due is done before the next gesture. */
  async advance(ms: number, why: string): Promise<void> {
    this.rec.note(null, why);
    await this.h.advance(ms);
    await this.settle();
  }

  /** The modal most recently opened or updated for anyone, as the fake Slack stores it. */
  lastModal(): { id: string; view: any; hash: string } | undefined {
    return this.h.slack.views.filter((v) => v.method !== 'views.publish').at(-1);
  }

  private view(id: string) {
    const stored = this.h.slack.views.filter((v) => v.id === id).at(-1);
    const answered = this.answeredViews.get(id);
    // The view a submission's answer put in place, unless the bot updated the modal since.
    if (answered && (!stored || this.h.slack.views.lastIndexOf(stored) < answered.after)) return { id, view: answered.view, hash: stored?.hash ?? '' };
    return stored;
  }

  private async step(user: string, send: () => Promise<SlackHttpResult>, expect: Expect, viewId?: string): Promise<SlackHttpResult> {
    const before = this.rec.outputs();
    const result = await send();
    if (result.status !== 200) this.rec.problem(`the bot answered HTTP ${result.status}: ${result.text.slice(0, 200)}`);
    // What the bot answered, byte for byte (the readable copy has ordinary spaces for no-break ones).
    const body = result.json === undefined ? undefined : JSON.parse(result.raw ?? result.text);
    const answered = body && typeof body === 'object' && Object.keys(body).length > 0;
    this.rec.answered(user, body, viewId);
    if (viewId && body?.response_action === 'update') this.answeredViews.set(viewId, { view: body.view, after: this.h.slack.views.length });
    // Work after the acknowledgement (a modal opened, an answer by response URL) shows up as a Slack call.
    if (!answered && expect === 'output') {
      await waitFor(() => this.rec.outputs() > before, `the bot to show something after ${this.nameOf(user)}’s gesture`, 5_000).catch((error: Error) => this.rec.problem(error.message));
    }
    await this.settle();
    return result;
  }

  /** Everything due is done: deliveries, the outbox, the inbox. */
  async settle(): Promise<void> {
    await this.h.bot.scheduler.tick();
    await this.h.bot.scheduler.settle();
    this.rec.observe();
  }
}

/** The state Slack sends for an input element, from the value chosen (or the element's initial one). */
function stateOf(element: any, chosen: unknown): Record<string, unknown> {
  switch (element.type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { value: chosen ?? element.initial_value ?? null };
    case 'file_input':
      return { files: chosen ?? [] };
    case 'checkboxes':
    case 'multi_static_select':
      return { selected_options: chosen ?? element.initial_options ?? [] };
    case 'static_select':
    case 'radio_buttons': {
      const options: any[] = element.options ?? element.option_groups?.flatMap((g: any) => g.options) ?? [];
      const picked = typeof chosen === 'string' ? options.find((o) => o.value === chosen) : chosen;
      return { selected_option: picked ?? element.initial_option ?? null };
    }
    case 'users_select':
      return { selected_user: chosen ?? element.initial_user ?? null };
    case 'multi_users_select':
      return { selected_users: chosen ?? element.initial_users ?? [] };
    case 'datepicker':
      return { selected_date: chosen ?? element.initial_date ?? null };
    case 'timepicker':
      return { selected_time: chosen ?? element.initial_time ?? null };
    case 'datetimepicker':
      return { selected_date_time: chosen ?? element.initial_date_time ?? null };
    default:
      return chosen === undefined ? {} : { value: chosen };
  }
}
