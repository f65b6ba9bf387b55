import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { Logger } from './logger.js';
import { privateAnswer, type SlackApp } from './slack.js';

type Handler = (args: never) => Promise<unknown>;
type RequestArgs = AnyMiddlewareArgs & AllMiddlewareArgs;

/** What the routing layer says itself, in the cell's language. */
export interface RouteTexts {
  unexpectedError(): string;
  notMember(): string;
  /** A request Slack should never send (a payload with missing parts): nothing was changed. */
  malformed(): string;
}

/** Options of a route: team members only (the default), or anyone (events check for themselves). */
interface RouteOptions {
  membersOnly?: boolean;
  /**
   * A modal: the block whose field shows a refusal (a non-member), as its own errors are shown. A form whose
   * blocks change (the composer's parts) may not hold it any more: its first input then shows the refusal.
   */
  errorBlock?: string;
}

interface Route {
  handler: Handler;
  membersOnly: boolean;
  errorBlock?: string;
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Where each Slack request goes: slash commands by name, block actions by action_id, view submissions by
 * callback_id, events by type. The capabilities register here as they would on the Bolt app, and the whole
 * table is one global middleware of that app.
 *
 * Why not one Bolt listener each: Bolt runs the matchers of every listener on every request, each with a
 * copy of the request's arguments; with sixteen listeners that was about 100 µs per request, a tenth of
 * what a /tweet costs. Here a request costs one look-up.
 *
 * The guards every handler would otherwise repeat live here, once: a payload missing what Slack always
 * sends gets a clear answer and reaches no handler; a person outside the team channel is refused before
 * any handler runs; whatever a handler throws, the request is acknowledged and the person told, instead
 * of being left with Slack's own timeout error. A request nobody handles is acknowledged and logged.
 */
export class SlackRoutes {
  private readonly commands = new Map<string, Route>();
  private readonly actions = new Map<string, Route>();
  private readonly actionPatterns: Array<[RegExp, Route]> = [];
  private readonly views = new Map<string, Route>();
  private readonly events = new Map<string, Route>();

  constructor(
    app: SlackApp,
    private readonly log: Logger,
    private readonly texts: RouteTexts,
    private readonly isMember: (userId: string) => Promise<boolean>,
  ) {
    app.use((args) => this.dispatch(args));
  }

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>, options: RouteOptions = {}): void {
    add(this.commands, name, handler, options);
  }

  action<A extends BlockAction = BlockAction>(actionId: string | RegExp, handler: Middleware<SlackActionMiddlewareArgs<A>>, options: RouteOptions = {}): void {
    if (typeof actionId === 'string') add(this.actions, actionId, handler, options);
    else this.actionPatterns.push([actionId, { handler: handler as Handler, membersOnly: options.membersOnly ?? true }]);
  }

  view(callbackId: string, handler: Middleware<SlackViewMiddlewareArgs>, options: RouteOptions = {}): void {
    add(this.views, callbackId, handler, options);
  }

  /** Events check membership themselves (a reaction from a non-member is simply not counted). */
  event<T extends string>(type: T, handler: Middleware<SlackEventMiddlewareArgs<T>>): void {
    add(this.events, type, handler, { membersOnly: false });
  }

  private find(args: RequestArgs): Route | undefined {
    if ('command' in args) return this.commands.get(args.command.command);
    if ('event' in args) return this.events.get(args.event.type);
    if (args.body.type === 'block_actions' && 'action' in args) {
      const id = (args.action as { action_id?: string }).action_id ?? '';
      return this.actions.get(id) ?? this.actionPatterns.find(([pattern]) => pattern.test(id))?.[1];
    }
    if (args.body.type === 'view_submission' && 'view' in args) return this.views.get(args.view.callback_id);
    return undefined;
  }

  private async dispatch(args: RequestArgs): Promise<void> {
    const { ack, respond } = args as { ack?: (response?: object) => Promise<void>; respond?: (m: object) => Promise<unknown> };
    const kind = (args.body as { type?: string }).type ?? ('command' in args ? 'command' : 'unknown');
    const problem = malformed(args);
    if (problem) {
      this.log.warn({ kind, problem, eventId: (args.body as { event_id?: unknown }).event_id }, 'a malformed Slack request: answered, nothing done');
      await this.refuse(args, ack, respond, this.texts.malformed());
      return;
    }
    const route = this.find(args);
    if (!route) {
      this.log.warn({ kind }, 'a Slack request no handler takes');
      await ack?.().catch(() => undefined);
      return;
    }
    try {
      if (route.membersOnly && !(await this.isMember(userOf(args)!))) {
        if (route.errorBlock) return void (await ack?.({ response_action: 'errors', errors: { [errorBlockOf(args, route.errorBlock)]: this.texts.notMember() } }));
        await this.refuse(args, ack, respond, this.texts.notMember());
        return;
      }
      await route.handler(args as never);
    } catch (error) {
      this.log.error({ err: error, kind }, 'a Slack request failed');
      // Already acknowledged by the handler, or not: a second acknowledgement is refused, and ignored here.
      await ack?.().catch(() => undefined);
      if (respond) await privateAnswer(respond)(this.texts.unexpectedError());
    }
  }

  /** Answers a request that reaches no handler with `text`: as the command's reply, the modal's error, or privately. */
  private async refuse(args: RequestArgs, ack: ((r?: object) => Promise<void>) | undefined, respond: ((m: object) => Promise<unknown>) | undefined, text: string): Promise<void> {
    if ('command' in args) return void (await ack?.({ response_type: 'ephemeral', text }).catch(() => undefined));
    if (args.body.type === 'view_submission') {
      // The modal stays open and says why; its blocks may be unknown, so the whole view says it.
      const view = { type: 'modal', title: { type: 'plain_text', text: 'comcell' }, close: { type: 'plain_text', text: 'OK' }, blocks: [{ type: 'section', text: { type: 'plain_text', text } }] };
      return void (await ack?.({ response_action: 'update', view }).catch(() => undefined));
    }
    await ack?.().catch(() => undefined);
    if (respond) await privateAnswer(respond)(text);
  }
}

/** Slack refuses errors on a block the view does not have: the wanted one if it is there, else the first input. */
function errorBlockOf(args: RequestArgs, wanted: string): string {
  const blocks = ((args.body as { view?: { blocks?: unknown } }).view?.blocks ?? []) as Array<{ type?: unknown; block_id?: unknown }>;
  const inputs = blocks.filter((b) => b?.type === 'input' && typeof b.block_id === 'string').map((b) => b.block_id as string);
  return inputs.length === 0 || inputs.includes(wanted) ? wanted : inputs[0]!;
}

/** The acting person of a request, when it has one. */
function userOf(args: RequestArgs): string | undefined {
  if ('command' in args) return args.command.user_id;
  return (args.body as { user?: { id?: unknown } }).user?.id as string | undefined;
}

/** What a request must hold before any handler reads it; null when it does. */
function malformed(args: RequestArgs): string | null {
  const body = args.body as Record<string, any>;
  if ('command' in args) {
    const c = args.command as unknown as Record<string, unknown>;
    if (typeof c.user_id !== 'string' || !USER_ID.test(c.user_id)) return 'command without a user';
    if (c.text !== undefined && typeof c.text !== 'string') return 'command text not a string';
    return null;
  }
  if ('event' in args) {
    const e = args.event as unknown as Record<string, any>;
    if (e.type === 'reaction_added' || e.type === 'reaction_removed') {
      if (typeof e.user !== 'string' || typeof e.reaction !== 'string' || typeof e.item !== 'object' || e.item === null) return 'reaction without a user, a name or an item';
    }
    return null;
  }
  if (body.type === 'block_actions') {
    if (typeof body.user?.id !== 'string' || !USER_ID.test(body.user.id)) return 'button without a user';
    if (!Array.isArray(body.actions) || body.actions.length === 0 || typeof body.actions[0]?.action_id !== 'string') return 'button without an action';
    return null;
  }
  if (body.type === 'view_submission') {
    if (typeof body.user?.id !== 'string' || !USER_ID.test(body.user.id)) return 'modal without a user';
    if (typeof body.view?.state?.values !== 'object' || body.view.state.values === null) return 'modal without its values';
    return null;
  }
  return null;
}

function add(table: Map<string, Route>, key: string, handler: unknown, options: RouteOptions): void {
  if (table.has(key)) throw new Error(`two Slack handlers for ${key}`);
  table.set(key, { handler: handler as Handler, membersOnly: options.membersOnly ?? true, ...(options.errorBlock ? { errorBlock: options.errorBlock } : {}) });
}
