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

/**
 * Where each Slack request goes: slash commands by name, block actions by action_id, view submissions by
 * callback_id, events by type. The capabilities register here as they would on the Bolt app, and the whole
 * table is one global middleware of that app.
 *
 * Why not one Bolt listener each: Bolt runs the matchers of every listener on every request, each with a
 * copy of the request's arguments; with sixteen listeners that was about 100 µs per request, a tenth of
 * what a /tweet costs. Here a request costs one look-up.
 *
 * Whatever a handler throws (Slack or the database unavailable, a bug), the request is acknowledged and
 * the person who clicked or typed is told, through the request's response_url where it has one, instead
 * of being left with Slack's own timeout error. A request nobody handles is acknowledged and logged.
 */
export class SlackRoutes {
  private readonly commands = new Map<string, Handler>();
  private readonly actions = new Map<string, Handler>();
  private readonly actionPatterns: Array<[RegExp, Handler]> = [];
  private readonly views = new Map<string, Handler>();
  private readonly events = new Map<string, Handler>();

  constructor(
    app: SlackApp,
    private readonly log: Logger,
    private readonly unexpectedError: () => string,
  ) {
    app.use((args) => this.dispatch(args));
  }

  command(name: string, handler: Middleware<SlackCommandMiddlewareArgs>): void {
    add(this.commands, name, handler);
  }

  action<A extends BlockAction = BlockAction>(actionId: string | RegExp, handler: Middleware<SlackActionMiddlewareArgs<A>>): void {
    if (typeof actionId === 'string') add(this.actions, actionId, handler);
    else this.actionPatterns.push([actionId, handler as Handler]);
  }

  view(callbackId: string, handler: Middleware<SlackViewMiddlewareArgs>): void {
    add(this.views, callbackId, handler);
  }

  event<T extends string>(type: T, handler: Middleware<SlackEventMiddlewareArgs<T>>): void {
    add(this.events, type, handler);
  }

  private find(args: RequestArgs): Handler | undefined {
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
    const { ack, respond } = args as { ack?: () => Promise<void>; respond?: (m: object) => Promise<unknown> };
    const kind = (args.body as { type?: string }).type ?? ('command' in args ? 'command' : 'unknown');
    const handler = this.find(args);
    if (!handler) {
      this.log.warn({ kind }, 'a Slack request no handler takes');
      await ack?.().catch(() => undefined);
      return;
    }
    try {
      await handler(args as never);
    } catch (error) {
      this.log.error({ err: error, kind }, 'a Slack request failed');
      // Already acknowledged by the handler, or not: a second acknowledgement is refused, and ignored here.
      await ack?.().catch(() => undefined);
      if (respond) await privateAnswer(respond)(this.unexpectedError());
    }
  }
}

function add(table: Map<string, Handler>, key: string, handler: unknown): void {
  if (table.has(key)) throw new Error(`two Slack handlers for ${key}`);
  table.set(key, handler as Handler);
}
