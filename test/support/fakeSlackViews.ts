/**
 * Views in the fake Slack: trigger ids, and views.open / views.push / views.update / views.publish with
 * their views checked as Slack checks them (`blockKit.ts`).
 *
 * Trigger ids: Slack hands one out with each command or interaction; it "can only be used once" and
 * expires "3 seconds after it's been sent to your app" (https://docs.slack.dev/interactivity/handling-user-interaction,
 * "Using trigger_id"). views.open answers `invalid_trigger_id` for one it did not issue ("The expected format
 * ... is 132456.7890123.abcd000ef..."), `exchanged_trigger_id` for one already used, `expired_trigger_id` for
 * one too old (views.open errors). Tests take their trigger ids from the fake (`fake.newTriggerId()`).
 */
import { isRefusal, viewRefusal } from './slackMessageRules.js';

export const TRIGGER_ID_LIFETIME_MS = 3_000;

export interface TriggerBook {
  issue(): string;
  /** Uses the trigger: the error Slack answers, or undefined when it is good. */
  exchange(id: unknown): string | undefined;
  clear(): void;
}

export function triggerBook(now: () => number): TriggerBook {
  const issued = new Map<string, { at: number; used: boolean }>();
  let counter = 0;
  return {
    issue() {
      const at = now();
      const id = `${++counter}${String(at % 1e6).padStart(6, '0')}.${Math.floor(at / 1000)}.${Math.random().toString(16).slice(2).padEnd(13, '0')}`;
      issued.set(id, { at, used: false });
      return id;
    },
    exchange(id) {
      const entry = typeof id === 'string' ? issued.get(id) : undefined;
      if (!entry) return 'invalid_trigger_id';
      if (entry.used) return 'exchanged_trigger_id';
      // Strict: a trigger is spent by the attempt, even one refused later for its view.
      entry.used = true;
      if (now() - entry.at > TRIGGER_ID_LIFETIME_MS) return 'expired_trigger_id';
      return undefined;
    },
    clear() {
      issued.clear();
    },
  };
}

export interface StoredView {
  method: string;
  id: string;
  /** The view as the app sent it (no-break spaces as ordinary ones; `sent`, not enumerable, keeps the bytes). */
  view: any;
  sent?: any;
  args: Record<string, any>;
  /** The hash Slack gave this version: interaction payloads carry it, views.update may send it back. */
  hash: string;
}

type Handler = (args: Record<string, any>) => Record<string, any>;

export function viewHandlers(opts: { triggers: TriggerBook; record: (v: StoredView) => void }): {
  handlers: Record<string, Handler>;
  clear(): void;
} {
  const byId = new Map<string, Record<string, any>>();
  const homeIds = new Map<string, string>();
  let viewCounter = 0;
  let hashCounter = 0;
  const newId = () => `V${String(++viewCounter).padStart(8, '0')}`;

  function store(method: string, id: string, view: Record<string, any>, args: Record<string, any>) {
    const stored = {
      ...view, id, team_id: 'T1', app_id: 'A1', bot_id: 'BBOT', root_view_id: id, previous_view_id: null,
      state: { values: {} }, hash: `${1_700_000_000 + ++hashCounter}.${id}`,
    };
    byId.set(id, stored);
    opts.record({ method, id, view, args, hash: stored.hash });
    return { ok: true, view: stored };
  }

  const missing = (field: string) => ({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] missing required field: ${field}`] } });

  /** views.open and views.push: a trigger (or interactivity pointer) to exchange, and a modal. */
  const opening = (method: string): Handler => (args) => {
    const pointer = args.trigger_id ?? args.interactivity_pointer;
    if (pointer === undefined || pointer === '') return missing('trigger_id');
    const refused = opts.triggers.exchange(pointer);
    if (refused) return { ok: false, error: refused };
    const checked = viewRefusal(args.view, 'modal');
    if (isRefusal(checked)) return checked;
    return store(method, newId(), checked.view, args);
  };

  /** "hash_conflict: Error returned when the provided `hash` doesn't match the current stored value." */
  const conflicts = (args: Record<string, any>, id: string) =>
    args.hash !== undefined && args.hash !== '' && byId.get(id)?.hash !== String(args.hash);

  const handlers: Record<string, Handler> = {
    'views.open': opening('views.open'),
    'views.push': opening('views.push'),
    'views.update': (args) => {
      const id = args.view_id
        ? String(args.view_id)
        : [...byId.values()].find((v) => args.external_id !== undefined && v.external_id === args.external_id)?.id;
      if (!id || !byId.has(id)) return { ok: false, error: 'not_found' };
      if (conflicts(args, id)) return { ok: false, error: 'hash_conflict' };
      const checked = viewRefusal(args.view, byId.get(id)!.type === 'home' ? 'home' : 'modal');
      if (isRefusal(checked)) return checked;
      return store('views.update', id, checked.view, args);
    },
    'views.publish': (args) => {
      if (!args.user_id) return missing('user_id');
      const user = String(args.user_id);
      const id = homeIds.get(user) ?? newId();
      if (homeIds.has(user) && conflicts(args, id)) return { ok: false, error: 'hash_conflict' };
      const checked = viewRefusal(args.view, 'home');
      if (isRefusal(checked)) return checked;
      homeIds.set(user, id);
      return store('views.publish', id, checked.view, args);
    },
  };
  return {
    handlers,
    clear() {
      byId.clear();
      homeIds.clear();
    },
  };
}
