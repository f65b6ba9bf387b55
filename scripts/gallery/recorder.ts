/**
 * What the cell saw during each scenario of the night, collected from the fake Slack, as the bot sent it
 * (byte for byte: French no-break spaces kept): messages (as they
 * stood at the scenario's end, with the thread replies of the scenario under their parent), ephemerals,
 * answers through response URLs, answers to commands and modals, and views (modals, App Home).
 * Nothing here knows what a message says: it records whatever the bot sent.
 */
import type { FakeMessage, FakeSlack } from '../../test/support/fakeSlack.js';

export interface Reaction {
  name: string;
  users: string[];
}

/** A channel message (never a thread reply) and the replies of its thread posted or changed in the scenario. */
export interface MessageItem {
  kind: 'message';
  message: FakeMessage;
  replies: FakeMessage[];
  /** Replies of its thread not shown here: posted in an earlier scenario and not changed since. */
  earlierReplies: number;
  reactions: Reaction[];
  /** Posted in an earlier scenario: shown again because it changed or its thread grew. */
  earlier: boolean;
}

/** Something only one person sees: an ephemeral, an answer through a response URL, or the answer to their command. */
export interface PrivateItem {
  kind: 'private';
  to: string;
  via: 'ephemeral' | 'response' | 'answer';
  message: { text?: string; blocks?: any[]; replace_original?: boolean; response_type?: string };
}

export interface ViewItem {
  kind: 'view';
  surface: 'modal' | 'home';
  /** Slack's view id: later versions of the same view replace this one. */
  id: string;
  to: string | null;
  view: any;
  versions: number;
  /** The field errors of the last submission (`response_action: errors`), by block id. */
  errors?: Record<string, string>;
  /** What the person had entered when they submitted it (`state.values`). */
  submitted?: Record<string, Record<string, any>>;
}

/** What a person did, or the clock moving: the caption of what follows. */
export interface NoteItem {
  kind: 'note';
  actor: string | null;
  text: string;
  at: Date;
}

/** A step of the script that did not go as written (the bot changed, or broke): shown, and reported. */
export interface ProblemItem {
  kind: 'problem';
  text: string;
}

export type Item = MessageItem | PrivateItem | ViewItem | NoteItem | ProblemItem;

export interface Scenario {
  id: string;
  title: string;
  caption: string;
  items: Item[];
  /** The clock at the scenario's end: times are read relative to it. */
  endedAt: Date;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** A message as it stands, with the bytes the bot sent (the fake keeps them out of enumeration). */
const copyMessage = (m: FakeMessage): FakeMessage => ({ ...copy(m), ...(m.sent ? { sent: copy(m.sent) } : {}) });
const keyOf = (m: { channel: string; ts: string }) => `${m.channel}/${m.ts}`;
/** Slack timestamps in order: seconds, then microseconds (too many digits for a float). */
const byTs = (a: string, b: string) => {
  const [as = '', au = ''] = a.split('.');
  const [bs = '', bu = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(au) - Number(bu);
};

export class Recorder {
  readonly scenarios: Scenario[] = [];
  private current: Scenario | null = null;
  private seen = { messages: 0, calls: 0, ephemerals: 0, responses: 0, views: 0 };
  /** This scenario's message items, by channel/ts of the parent, and the replies touched in each. */
  private messages = new Map<string, { item: MessageItem; replies: Set<string> }>();
  private views = new Map<string, ViewItem>();
  private reactions = new Map<string, Reaction[]>();
  /** Messages shown in a scenario before the current one. */
  private shownBefore = new Set<string>();
  private actor: string | null = null;

  constructor(
    private readonly slack: FakeSlack,
    private readonly now: () => Date,
  ) {}

  get problems(): string[] {
    return this.scenarios.flatMap((s) => s.items.filter((i): i is ProblemItem => i.kind === 'problem').map((i) => `${s.id}: ${i.text}`));
  }

  async scenario(id: string, title: string, caption: string, run: () => Promise<void>): Promise<void> {
    this.observe();
    this.current = { id, title, caption, items: [], endedAt: this.now() };
    this.messages.clear();
    this.views.clear();
    try {
      await run();
    } catch (error) {
      this.problem(error instanceof Error ? error.message : String(error));
    }
    this.observe();
    this.close(this.current);
    this.scenarios.push(this.current);
    this.current = null;
  }

  note(actor: string | null, text: string): void {
    this.observe();
    this.actor = actor;
    this.push({ kind: 'note', actor, text, at: this.now() });
  }

  problem(text: string): void {
    this.push({ kind: 'problem', text });
  }

  /** What a person entered in a modal when they submitted it. */
  submitted(viewId: string, values: Record<string, Record<string, any>>): void {
    this.observe();
    const item = this.views.get(viewId);
    if (!item) return;
    item.submitted = copy(values);
    this.moveLast(item);
  }

  /** The body the bot answered a command or a modal with, when it holds something to show. */
  answered(user: string, body: any, viewId?: string): void {
    this.observe();
    if (!body || typeof body !== 'object') return;
    if (body.response_action === 'errors' && viewId) {
      const item = this.views.get(viewId);
      if (item) item.errors = body.errors as Record<string, string>;
      else this.problem(`errors for a modal not seen: ${JSON.stringify(body.errors)}`);
      return;
    }
    if ((body.response_action === 'update' || body.response_action === 'push') && body.view) {
      this.showView('modal', viewId && body.response_action === 'update' ? viewId : `answer-${this.seen.views}-${Date.now()}`, user, body.view);
      return;
    }
    if (typeof body.text === 'string' || Array.isArray(body.blocks)) this.push({ kind: 'private', to: user, via: 'answer', message: copy(body) });
  }

  react(channel: string, ts: string, name: string, user: string, added: boolean): void {
    const list = this.reactions.get(`${channel}/${ts}`) ?? [];
    const entry = list.find((r) => r.name === name);
    if (added && !entry) list.push({ name, users: [user] });
    else if (added && entry && !entry.users.includes(user)) entry.users.push(user);
    else if (!added && entry) entry.users = entry.users.filter((u) => u !== user);
    this.reactions.set(`${channel}/${ts}`, list.filter((r) => r.users.length > 0));
  }

  /** How many things the fake Slack has shown so far: a step waits for this to grow. */
  outputs(): number {
    const s = this.slack;
    return s.messages.length + s.callsTo('chat.update').length + s.ephemerals.length + s.responses.length + s.views.length;
  }

  /** Takes in what the fake Slack showed since the last look, in order of kind. */
  observe(): void {
    const s = this.slack;
    for (; this.seen.messages < s.messages.length; this.seen.messages++) this.touch(s.messages[this.seen.messages]!);
    for (; this.seen.calls < s.calls.length; this.seen.calls++) {
      const call = s.calls[this.seen.calls]!;
      if (call.method !== 'chat.update') continue;
      const message = s.message(String(call.args.channel), String(call.args.ts));
      if (message) this.touch(message);
    }
    for (; this.seen.ephemerals < s.ephemerals.length; this.seen.ephemerals++) {
      const e = s.ephemerals[this.seen.ephemerals]!;
      this.push({ kind: 'private', to: String(e.user), via: 'ephemeral', message: copy(e.sent ?? { text: e.text, blocks: e.blocks }) });
    }
    for (; this.seen.responses < s.responses.length; this.seen.responses++) {
      const r = s.responses[this.seen.responses]!;
      // A response URL belongs to the request of the person who acted last.
      this.push({ kind: 'private', to: this.actor ?? '', via: 'response', message: copy(r.raw ?? r.body) });
    }
    for (; this.seen.views < s.views.length; this.seen.views++) {
      const v = s.views[this.seen.views]!;
      const home = v.method === 'views.publish';
      this.showView(home ? 'home' : 'modal', v.id, home ? String(v.args.user_id) : this.actor, v.sent ?? v.view);
    }
  }

  private showView(surface: 'modal' | 'home', id: string, to: string | null, view: any): void {
    const item = this.views.get(id);
    if (item) {
      item.view = copy(view);
      item.versions += 1;
      delete item.errors;
      delete item.submitted;
      return this.moveLast(item);
    }
    const added: ViewItem = { kind: 'view', surface, id, to, view: copy(view), versions: 1 };
    this.views.set(id, added);
    this.push(added);
  }

  /** An item is shown where it last changed: after the gestures that made it what it is. */
  private moveLast(item: Item): void {
    const items = this.current?.items;
    if (!items) return;
    const at = items.indexOf(item);
    if (at !== -1) items.splice(at, 1);
    items.push(item);
  }

  /** A message posted or changed: its parent's item in this scenario, with the reply marked. */
  private touch(message: FakeMessage): void {
    if (!this.current) return;
    const parentTs = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : message.ts;
    const parentKey = `${message.channel}/${parentTs}`;
    let entry = this.messages.get(parentKey);
    if (!entry) {
      const parent = this.slack.message(message.channel, parentTs);
      if (!parent) return this.problem(`a reply to a message not in the channel: ${keyOf(message)}`);
      entry = {
        item: { kind: 'message', message: parent, replies: [], earlierReplies: 0, reactions: [], earlier: this.shownBefore.has(parentKey) },
        replies: new Set(),
      };
      this.messages.set(parentKey, entry);
    }
    this.moveLast(entry.item);
    if (parentTs !== message.ts) entry.replies.add(message.ts);
  }

  private push(item: Item): void {
    this.current?.items.push(item);
  }

  /** Every message as it stands at the scenario's end, its replies in the order they were posted. */
  private close(scenario: Scenario): void {
    scenario.endedAt = this.now();
    for (const [key, { item, replies }] of this.messages) {
      const thread = this.slack.messages.filter((m) => m.channel === item.message.channel && m.thread_ts === item.message.ts && m.ts !== item.message.ts);
      item.message = copyMessage(this.slack.message(item.message.channel, item.message.ts) ?? item.message);
      item.replies = thread.filter((m) => replies.has(m.ts)).map(copyMessage);
      item.earlierReplies = thread.length - item.replies.length;
      item.reactions = copy(this.reactions.get(key) ?? []);
      this.shownBefore.add(key);
    }
    // Messages shown one after the other keep the channel's order (a version 2 below its version 1).
    const items = scenario.items;
    for (let i = 0; i < items.length; i++) {
      let end = i;
      while (end < items.length && items[end]!.kind === 'message') end++;
      if (end - i > 1) items.splice(i, end - i, ...(items.slice(i, end) as MessageItem[]).sort((a, b) => byTs(a.message.ts, b.message.ts)));
      i = end;
    }
  }
}
